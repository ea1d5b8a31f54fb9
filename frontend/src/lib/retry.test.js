import { describe, expect, it } from 'vitest'
import { retryConfirmation, retrySuccess, retrySummary } from './retry'

const now = new Date('2030-12-01T10:00:00Z')

describe('retry wording', () => {
  it('says a retry keeps a time still ahead, and publish now goes at once', () => {
    const scheduledAt = '2030-12-10T09:00:00Z'
    expect(retrySuccess({ scheduledAt, timezone: 'UTC', now })).toMatch(/^It will be published at its time, Dec 10, 2030/)
    expect(retrySuccess({ scheduledAt, timezone: 'UTC', now, publishNow: true })).toBe('Publishing now.')
    expect(retrySuccess({ scheduledAt: '2030-11-30T09:00:00Z', timezone: 'UTC', now })).toBe('Publishing now.')
  })

  it('warns that an unknown outcome may publish twice', () => {
    expect(retryConfirmation('X')).toContain('may already be live on X, and retrying may publish it twice')
  })

  it('counts a bulk retry truthfully', () => {
    const report = { retried: [1, 2], needs_confirm: [3], account_inactive: [4], not_retryable: [] }
    expect(retrySummary(report, { scheduledAt: '2030-11-01T00:00:00Z', timezone: 'UTC', now })).toBe(
      '2 retried, 1 with an unknown outcome left for you to check, 1 waiting for an account to be reconnected. Publishing now.',
    )
  })
})

describe('an account-wide retry', () => {
  it('says each post keeps its own time', () => {
    const report = { retried: [1], needs_confirm: [], account_inactive: [], not_retryable: [] }
    expect(retrySummary(report, {})).toBe('1 retried. Each goes out at its time, or now if that has passed.')
    expect(retrySummary({ ...report, retried: [] }, {})).toBe('0 retried.')
  })
})
