// The composer's checks before anything is sent, keyed by the API's own field names
// (caption, variants.<id>, media_ids, account_ids, options.<id>.<name>, scheduled_at)
// plus `date` and `time` for the two halves of the time, so each message shows next
// to its control. The server checks everything again; these only spare a round trip
// and say what is missing in words. Rules come from the networks' specs.
import { limitStatus } from './counting'
import { optionLength, optionLimit } from './options'
import { fromWallTime } from './datetime'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^\d{2}:\d{2}(:\d{2})?$/

/**
 * @param form     { caption, mediaIds, accountIds, variants: {id: text}, options: {id: {name: value}}, when, date, time }
 *                 `when` is 'schedule', 'now' or 'draft'.
 * @param accounts the selected accounts ({ id, handle, network })
 * @param specOf   account -> its network's spec
 * @param media    the selected media in order ({ kind })
 * @returns {Record<string, string>} one message per field at fault; empty when all is well
 */
export function validatePost({ form, accounts, specOf, media, timeZone, now = new Date() }) {
  const errors = {}
  const add = (field, message) => {
    if (!errors[field]) errors[field] = message
    else if (!errors[field].includes(message)) errors[field] += ` ${message}`
  }
  if (!accounts.length) add('account_ids', 'Choose at least one account.')
  for (const account of accounts) {
    const spec = specOf(account)
    if (!spec) continue
    const variant = form.variants[account.id]?.trim() ? form.variants[account.id] : ''
    const text = variant || form.caption
    const field = variant ? `variants.${account.id}` : 'caption'
    const status = limitStatus(spec, text)
    if (status.limit != null && status.length > status.limit) add(field, `${spec.label} allows ${status.limit} characters; this text counts ${status.length}.`)
    if (status.maxHashtags != null && status.hashtags > status.maxHashtags) add(field, `${spec.label} allows ${status.maxHashtags} hashtags; this text has ${status.hashtags}.`)
    if (!text.trim() && !media.length) add(field, 'Write a caption or attach at least one media item.')
    checkMedia(spec, media, add)
    checkOptions(spec, account, form.options[account.id] || {}, add)
  }
  if (form.when === 'schedule') checkTime(form, timeZone, now, add)
  return errors
}

function checkMedia(spec, media, add) {
  const rules = spec.media || {}
  if (rules.required && !media.length) add('media_ids', `${spec.label} needs at least one media item.`)
  if (rules.max_items != null && media.length > rules.max_items) add('media_ids', `${spec.label} allows ${rules.max_items} media items; this post has ${media.length}.`)
  const videos = media.filter((item) => item.kind === 'video').length
  if (rules.video_alone && videos && (videos > 1 || media.length > videos)) add('media_ids', `${spec.label} takes images or one video, not both.`)
}

function checkOptions(spec, account, values, add) {
  for (const option of spec.options || []) {
    const value = values[option.name] ?? ''
    const field = `options.${account.id}.${option.name}`
    if (option.required && !String(value).trim()) add(field, `${label(option)} is required for @${account.handle}.`)
    const limit = optionLimit(spec, option)
    if (limit != null && optionLength(value) > limit) add(field, `${label(option)} allows ${limit} characters; this one has ${optionLength(value)}.`)
    if (option.kind === 'url' && value && !/^https?:\/\/\S+$/i.test(value)) add(field, 'Enter a full link starting with http:// or https://.')
  }
}

const label = (option) => option.label.replace(/\s*\(optional\)$/i, '')

function checkTime(form, timeZone, now, add) {
  const hasDate = DATE.test(form.date || '')
  const hasTime = TIME.test(form.time || '')
  if (!hasDate) add('date', 'Choose a date, or save the post as a draft.')
  if (!hasTime) add('time', 'Choose a time.')
  if (!hasDate || !hasTime) return
  // A date input only ever holds a real date (or nothing).
  if (fromWallTime(`${form.date}T${form.time}`, timeZone) <= now) add('scheduled_at', 'This time has passed: choose a later time, or publish now.')
}
