import { describe, expect, it, vi } from 'vitest'
import { pollUntil } from './poll'

describe('pollUntil', () => {
  it('loads again until the work is done', async () => {
    const load = vi.fn().mockResolvedValueOnce({ status: 'pending' }).mockResolvedValueOnce({ status: 'succeeded' })

    const result = await pollUntil(load, (r) => r.status !== 'pending', { first: { status: 'pending' }, intervalMs: 1 })

    expect(result).toEqual({ status: 'succeeded' })
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('does not load when the first answer is already final', async () => {
    const load = vi.fn()

    expect(await pollUntil(load, () => true, { first: { status: 'failed' } })).toEqual({ status: 'failed' })
    expect(load).not.toHaveBeenCalled()
  })

  it('gives up at the deadline with the last answer', async () => {
    const load = vi.fn().mockResolvedValue({ status: 'pending' })

    const result = await pollUntil(load, () => false, { intervalMs: 5, timeoutMs: 20 })

    expect(result).toEqual({ status: 'pending' })
    expect(load.mock.calls.length).toBeGreaterThan(1)
  })
})
