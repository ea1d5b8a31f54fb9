// Times travel as UTC ISO strings; the user sees and types them in their
// profile's IANA timezone, which need not be the browser's.

const partsCache = new Map()

function formatter(timeZone) {
  if (!partsCache.has(timeZone)) {
    partsCache.set(
      timeZone,
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
    )
  }
  return partsCache.get(timeZone)
}

/** The wall-clock time in `timeZone` of an instant, as naive 'YYYY-MM-DDTHH:mm:ss'. */
export function toWallTime(instant, timeZone) {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`
}

function wallAsUtcMs(wall) {
  const [date, time = '00:00:00'] = wall.split('T')
  const [y, m, d] = date.split('-').map(Number)
  const [hh, mm, ss = 0] = time.split(':').map(Number)
  return Date.UTC(y, m - 1, d, hh, mm, ss)
}

function offsetAt(instantMs, timeZone) {
  return wallAsUtcMs(toWallTime(instantMs, timeZone)) - instantMs
}

/**
 * The instant whose wall-clock time in `timeZone` is `wall` ('YYYY-MM-DDTHH:mm[:ss]'),
 * resolved as the server (Python zoneinfo, fold=0) does: a repeated time is its first
 * occurrence; a time skipped by a DST jump takes the offset from before the jump.
 */
export function fromWallTime(wall, timeZone) {
  const target = wallAsUtcMs(wall)
  const day = 24 * 3600 * 1000
  const before = offsetAt(target - day, timeZone)
  const after = offsetAt(target + day, timeZone)
  const matches = [target - before, target - after].filter((ms) => offsetAt(ms, timeZone) === target - ms)
  return new Date(matches.length ? Math.min(...matches) : target - before)
}

export function formatDateTime(instant, timeZone, options = {}) {
  if (!instant) return ''
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone, ...options }).format(
    new Date(instant),
  )
}

export function browserTimezone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

export function timezones() {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return zones.includes('UTC') ? zones : ['UTC', ...zones]
}
