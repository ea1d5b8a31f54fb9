import { describe, expect, it } from 'vitest'
import { gridDateToInstant, postToEvent } from './calendar'

describe('calendar helpers', () => {
  it('places a post at its wall time in the user timezone', () => {
    const event = postToEvent({ id: 7, caption: 'Launch day\nmore', status: 'scheduled', scheduled_at: '2026-06-01T08:00:00Z' }, 'Asia/Tokyo')
    expect(event).toMatchObject({ id: '7', title: 'Launch day', start: '2026-06-01T17:00:00', editable: true })
  })
  it('does not let a published post be dragged', () => {
    expect(postToEvent({ id: 1, caption: '', status: 'published', scheduled_at: '2026-06-01T08:00:00Z' }, 'UTC')).toMatchObject({
      title: 'Post #1',
      editable: false,
    })
  })
  it('turns a grid date back into the real instant', () => {
    // The grid shows Tokyo wall time as if it were UTC.
    expect(gridDateToInstant(new Date('2026-06-02T17:00:00Z'), 'Asia/Tokyo')).toBe('2026-06-02T08:00:00.000Z')
  })
})
