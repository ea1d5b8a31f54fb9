// FullCalendar runs in 'UTC' mode fed with the user's wall-clock times, so that
// the grid shows the profile's timezone whatever the browser's is (without a
// timezone plugin). These helpers cross between that grid and real instants.
import { fromWallTime, toWallTime } from './datetime'
import { POST_STATUS } from './status'

/** A Date from the grid (a wall time disguised as UTC) -> the real instant, ISO in UTC. */
export function gridDateToInstant(gridDate, timeZone) {
  return fromWallTime(gridDate.toISOString().slice(0, 19), timeZone).toISOString()
}

/** A post -> a FullCalendar event placed at its wall time; only scheduled posts can be dragged. */
export function postToEvent(post, timeZone) {
  const status = POST_STATUS[post.status] || POST_STATUS.draft
  const title = (post.caption || '').trim().split('\n')[0].slice(0, 60) || `Post #${post.id}`
  return {
    id: String(post.id),
    title,
    start: toWallTime(post.scheduled_at, timeZone),
    allDay: false,
    backgroundColor: status.color,
    borderColor: status.color,
    editable: post.status === 'scheduled',
    classNames: [`post-${post.status}`],
    extendedProps: { status: post.status },
  }
}
