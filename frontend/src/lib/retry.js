// What a retry says: it keeps the post's time unless the person chose "Publish now",
// and retrying an unknown outcome may publish twice.
import { formatDateTime } from './datetime'

export function retryConfirmation(network) {
  return (
    `Its outcome is unknown: it may already be live on ${network}, and retrying may publish it twice. ` +
    'Check the account first. Retry anyway?'
  )
}

/** The toast after a retry: at the post's time when that is still ahead, else now. */
export function retrySuccess({ publishNow = false, scheduledAt, timezone, now = new Date() }) {
  if (publishNow || !scheduledAt || new Date(scheduledAt) <= now) return 'Publishing now.'
  return `It will be published at its time, ${formatDateTime(scheduledAt, timezone, { dateStyle: 'medium', timeStyle: 'short' })}.`
}

/** A bulk retry's report in words: how many went back in line, and why the others did not. */
export function retrySummary(report, { scheduledAt, timezone, now = new Date() }) {
  const parts = [`${report.retried.length} retried`]
  if (report.needs_confirm.length) parts.push(`${report.needs_confirm.length} with an unknown outcome left for you to check`)
  if (report.account_inactive.length) parts.push(`${report.account_inactive.length} waiting for an account to be reconnected`)
  // One post's retry says when it goes out; an account's posts each keep their own time.
  const when = !report.retried.length ? '' : scheduledAt ? ` ${retrySuccess({ scheduledAt, timezone, now })}` : ' Each goes out at its time, or now if that has passed.'
  return `${parts.join(', ')}.${when}`
}
