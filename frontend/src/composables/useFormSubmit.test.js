import { describe, expect, it } from 'vitest'
import { useFormSubmit } from './useFormSubmit'

const apiError = (status, data) => ({ response: { status, data } })

describe('useFormSubmit', () => {
  it('puts field errors under their fields and leaves the form message empty', async () => {
    const form = useFormSubmit(() => Promise.reject(apiError(400, { detail: 'email: taken', errors: { email: ['Taken.'] } })), 'Could not save.')

    await form.submit()

    expect(form.errors.value).toEqual({ email: 'Taken.' })
    expect(form.formError.value).toBe('')
    expect(form.busy.value).toBe(false)
  })

  it('turns a failure without fields into one message for the form', async () => {
    const form = useFormSubmit(() => Promise.reject(apiError(401, { detail: 'No active account found with the given credentials' })), 'Could not log in.')

    await form.submit()

    expect(form.errors.value).toEqual({})
    expect(form.formError.value).toBe('No active account found with the given credentials')
  })

  it('clears the last errors and returns the answer when it succeeds', async () => {
    let fail = true
    const form = useFormSubmit(() => (fail ? Promise.reject(apiError(400, { errors: { email: ['Taken.'] } })) : Promise.resolve('ok')), 'x')
    await form.submit()
    fail = false

    expect(await form.submit()).toBe('ok')
    expect(form.errors.value).toEqual({})
    expect(form.formError.value).toBe('')
  })
})
