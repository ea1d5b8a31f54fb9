// Recurrence rules (RFC 5545 RRULE text, as the series API takes) built from the repeat form,
// and read back as a sentence.
import { fromWallTime } from './datetime'
import { WEEKDAYS } from './queue'

const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']
const UNITS = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }

/**
 * form: { frequency: 'DAILY' | 'WEEKLY' | 'MONTHLY', interval, days: [0..6] (weekly),
 *         end: 'never' | 'on' | 'after', until: 'YYYY-MM-DD' (its last minute, local), count }
 */
export function buildRule(form, timeZone) {
  const parts = [`FREQ=${form.frequency}`]
  const interval = Number(form.interval) || 1
  if (interval > 1) parts.push(`INTERVAL=${interval}`)
  if (form.frequency === 'WEEKLY' && form.days?.length) {
    parts.push(`BYDAY=${[...form.days].sort().map((day) => CODES[day]).join(',')}`)
  }
  if (form.end === 'after') parts.push(`COUNT=${Number(form.count)}`)
  if (form.end === 'on' && form.until) {
    const last = fromWallTime(`${form.until}T23:59:59`, timeZone)
    parts.push(`UNTIL=${last.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`)
  }
  return parts.join(';')
}

function listed(names) {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]
}

/** "Every 2 weeks on Monday and Thursday, 5 times" from the rule text; the text itself if unknown. */
export function describeRule(rule, formatDate = (date) => date.toISOString().slice(0, 10)) {
  const parts = Object.fromEntries(rule.split(';').map((part) => part.split('=')))
  const unit = UNITS[parts.FREQ]
  if (!unit) return rule
  const interval = Number(parts.INTERVAL || 1)
  let text = interval > 1 ? `Every ${interval} ${unit}s` : `Every ${unit}`
  if (parts.BYDAY) text += ` on ${listed(parts.BYDAY.split(',').map((code) => WEEKDAYS[CODES.indexOf(code)] || code))}`
  if (parts.COUNT) text += `, ${parts.COUNT} times`
  if (parts.UNTIL) {
    const u = parts.UNTIL
    text += `, until ${formatDate(new Date(`${u.slice(0, 4)}-${u.slice(4, 6)}-${u.slice(6, 8)}T${u.slice(9, 11)}:${u.slice(11, 13)}:${u.slice(13, 15)}Z`))}`
  }
  return text
}
