// FullCalendar runs in 'UTC' mode fed with the user's wall-clock times, so that
// the grid shows the profile's timezone whatever the browser's is (without a
// timezone plugin). These helpers cross between that grid and real instants.
import { fromWallTime, toWallTime } from './datetime'
import { POST_STATUS, readableTextOn } from './status'

/** A Date from the grid (a wall time disguised as UTC) -> the real instant, ISO in UTC. */
export function gridDateToInstant(gridDate, timeZone) {
  return fromWallTime(gridDate.toISOString().slice(0, 19), timeZone).toISOString()
}

/** A calendar entry (GET /posts/calendar/) -> a FullCalendar event placed at its wall time;
 * only scheduled posts can be dragged. */
export function postToEvent(post, timeZone) {
  const status = POST_STATUS[post.status] || POST_STATUS.draft
  const title = (post.first_line || '').slice(0, 60) || `Post #${post.id}`
  return {
    id: String(post.id),
    // The symbol says the status without its colour (the aria-label says it in words).
    title: `${status.symbol} ${title}`,
    start: toWallTime(post.scheduled_at, timeZone),
    allDay: false,
    backgroundColor: status.color,
    borderColor: status.color,
    textColor: readableTextOn(status.color),
    editable: post.status === 'scheduled',
    classNames: [`post-${post.status}`],
    extendedProps: { status: post.status, caption: title },
  }
}

// Month, week and day on every screen; a phone opens on the day (a month's cells are narrow there).
export const CALENDAR_VIEWS = ['dayGridMonth', 'timeGridWeek', 'timeGridDay']

export function calendarViewOptions(phone) {
  return {
    initialView: phone ? 'timeGridDay' : 'dayGridMonth',
    // On a phone the toolbar wraps (ScheduleView's style): the title on its own row, then the
    // arrows and the view buttons, all above the grid.
    headerToolbar: phone
      ? { left: 'title', center: 'prev,next today', right: CALENDAR_VIEWS.join(',') }
      : { left: 'prev,next today', center: 'title', right: CALENDAR_VIEWS.join(',') },
    buttonText: { today: 'Today', month: 'Month', week: 'Week', day: 'Day' },
  }
}
