import { describe, expect, it } from 'vitest'
import { useAsync } from './useAsync'

const deferred = () => {
  let resolve
  const promise = new Promise((r) => (resolve = r))
  return { promise, resolve }
}

describe('useAsync', () => {
  it('keeps only the newest answer when calls overlap', async () => {
    const slow = deferred()
    const fast = deferred()
    const answers = [slow, fast]
    const state = useAsync(() => answers.shift().promise, { immediate: false })

    const first = state.run()
    const second = state.run()
    fast.resolve('new')
    await second
    slow.resolve('old')
    await first

    expect(state.data.value).toBe('new')
    expect(state.loading.value).toBe(false)
  })

  it('turns a failure into a message', async () => {
    const state = useAsync(() => Promise.reject({ response: { status: 404, data: { detail: 'Not found.' } } }), { immediate: false })
    await state.run()
    expect(state.error.value).toBe('Not found.')
    expect(state.status.value).toBe(404)
    expect(state.data.value).toBeNull()
  })

  it('forgets the last failure\'s status on the next run', async () => {
    let fail = true
    const state = useAsync(() => (fail ? Promise.reject({ response: { status: 503, data: {} } }) : Promise.resolve(1)), { immediate: false })
    await state.run()
    expect(state.status.value).toBe(503)
    fail = false
    await state.run()
    expect(state.status.value).toBe(0)
  })
})
