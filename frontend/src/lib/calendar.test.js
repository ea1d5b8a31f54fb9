import { describe, expect, it } from 'vitest'
import { CALENDAR_VIEWS, calendarViewOptions, gridDateToInstant, postToEvent } from './calendar'

describe('calendar helpers', () => {
  it('places a post at its wall time in the user timezone', () => {
    const event = postToEvent({ id: 7, first_line: 'Launch day', status: 'scheduled', scheduled_at: '2026-06-01T08:00:00Z' }, 'Asia/Tokyo')
    expect(event).toMatchObject({ id: '7', title: '◷ Launch day', start: '2026-06-01T17:00:00', editable: true })
    expect(event.extendedProps).toEqual({ status: 'scheduled', caption: 'Launch day' })
  })
  it('does not let a published post be dragged', () => {
    expect(postToEvent({ id: 1, first_line: '', status: 'published', scheduled_at: '2026-06-01T08:00:00Z' }, 'UTC')).toMatchObject({
      title: '✓ Post #1',
      editable: false,
      textColor: '#0f172a',
    })
  })
  it('turns a grid date back into the real instant', () => {
    // The grid shows Tokyo wall time as if it were UTC.
    expect(gridDateToInstant(new Date('2026-06-02T17:00:00Z'), 'Asia/Tokyo')).toBe('2026-06-02T08:00:00.000Z')
  })
  it('offers month, week and day on desktop and phone', () => {
    expect(CALENDAR_VIEWS).toEqual(['dayGridMonth', 'timeGridWeek', 'timeGridDay'])
    for (const phone of [false, true]) {
      const options = calendarViewOptions(phone)
      const toolbars = Object.values(options.headerToolbar) // above the grid, not below a long day
      const buttons = toolbars.join(',').split(/[ ,]/).filter(Boolean)
      for (const view of CALENDAR_VIEWS) expect(buttons, `${view} on ${phone ? 'phone' : 'desktop'}`).toContain(view)
      expect(buttons).toContain('title')
      expect(CALENDAR_VIEWS).toContain(options.initialView)
    }
    expect(calendarViewOptions(true).initialView).toBe('timeGridDay')
    expect(calendarViewOptions(false).initialView).toBe('dayGridMonth')
    expect(calendarViewOptions(false).buttonText).toMatchObject({ month: 'Month', week: 'Week', day: 'Day' })
  })
})
