import { describe, expect, it } from 'vitest'
import { createdMessage } from './messages'
import { formatDateTime } from './datetime'

describe('createdMessage', () => {
  it('says publishing, not scheduled, for "Publish now"', () => {
    const post = { status: 'scheduled', scheduled_at: '2026-12-01T10:00:00Z' }
    expect(createdMessage(post, { publishNow: true })).toMatch(/^Publishing now/)
    expect(createdMessage(post, { publishNow: true })).not.toContain('scheduled')
  })

  it('says published when the post already is', () => {
    expect(createdMessage({ status: 'published', scheduled_at: '2026-12-01T10:00:00Z' }, { publishNow: true })).toBe('Post published.')
  })

  it('says when a scheduled post goes out, in the user\'s timezone', () => {
    const at = '2026-12-01T10:00:00Z'
    const message = createdMessage({ status: 'scheduled', scheduled_at: at }, { timeZone: 'Asia/Jakarta' })
    expect(message).toBe(`Post scheduled for ${formatDateTime(at, 'Asia/Jakarta')}.`)
    expect(message).toMatch(/\b(17:00|5:00\sPM)\b/)
    expect(message).not.toContain('T10:00')
  })

  it('says that an edit was saved', () => {
    const at = '2026-12-01T10:00:00Z'
    expect(createdMessage({ status: 'scheduled', scheduled_at: at }, { edited: true, timeZone: 'UTC' })).toBe(`Changes saved: post scheduled for ${formatDateTime(at, 'UTC')}.`)
    expect(createdMessage({ status: 'draft', scheduled_at: null }, { edited: true })).toBe('Draft saved.')
  })

  it('calls a post without a time a draft', () => {
    expect(createdMessage({ status: 'draft', scheduled_at: null })).toBe('Draft saved.')
  })
})
