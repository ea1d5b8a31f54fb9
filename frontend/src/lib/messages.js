// Words a person reads after an action, shared by the pages that perform it.
import { formatDateTime } from './datetime'

/** The toast after the composer created `post`: published/publishing when sent now, else when. */
export function createdMessage(post, { publishNow = false, timeZone } = {}) {
  if (publishNow) return post?.status === 'published' ? 'Post published.' : 'Publishing now: the status updates as each network answers.'
  if (post?.scheduled_at) return `Post scheduled for ${formatDateTime(post.scheduled_at, timeZone)}.`
  return 'Draft saved.'
}
