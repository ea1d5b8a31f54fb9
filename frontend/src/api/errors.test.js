import { AxiosError } from 'axios'
import { describe, expect, it } from 'vitest'
import { errorMessage, fieldErrors, firstMessage } from './errors'

const apiError = (status, data) => ({ response: { status, data } })

describe('fieldErrors', () => {
  it('joins each field\'s messages', () => {
    const error = apiError(400, { detail: 'x', errors: { password: ['Too short.', 'Too common.'], email: ['Taken.'] } })
    expect(fieldErrors(error)).toEqual({ password: 'Too short. Too common.', email: 'Taken.' })
  })
  it('is empty without field errors', () => {
    expect(fieldErrors(apiError(401, { detail: 'No active account' }))).toEqual({})
    expect(fieldErrors(new Error('network'))).toEqual({})
  })
})

describe('errorMessage', () => {
  it('prefers the API detail', () => {
    expect(errorMessage(apiError(409, { detail: 'Already publishing.' }))).toBe('Already publishing.')
  })
  it('explains statuses without a detail', () => {
    expect(errorMessage(apiError(413, ''))).toMatch(/too large/)
    expect(errorMessage(apiError(502, ''))).toMatch(/server had a problem/)
  })
  it('blames the network only for a request that got no answer', () => {
    expect(errorMessage(new AxiosError('Network Error', 'ERR_NETWORK', {}, {}))).toBe('Cannot reach the server.')
    expect(errorMessage(new AxiosError('timeout', 'ECONNABORTED', {}, {}))).toBe('The server took too long to answer.')
  })
  it('never says the server is unreachable for an error of the page itself', () => {
    // What the composer met with no date: new Date(NaN).toISOString() throws a RangeError.
    const pageError = (() => { try { new Date(Number.NaN).toISOString() } catch (error) { return error } })()
    expect(errorMessage(pageError, 'Could not save the post.')).toBe('Could not save the post.')
    expect(errorMessage(new TypeError('x is undefined'))).toBe('Something went wrong. Please try again.')
  })
})

describe('firstMessage', () => {
  it('reads the field message without the field name', () => {
    const error = apiError(400, { detail: 'scheduled_at: Is in the past.', errors: { scheduled_at: ['Is in the past.'] } })
    expect(firstMessage(error)).toBe('Is in the past.')
  })
  it('falls back to the detail', () => {
    expect(firstMessage(apiError(409, { detail: 'Already publishing.' }))).toBe('Already publishing.')
  })
})
