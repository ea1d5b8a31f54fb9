// Words a person reads after an action, shared by the pages that perform it.
import { formatDateTime } from './datetime'

/** The toast after the composer saved `post`: published/publishing when sent now, else when (or a draft). */
export function createdMessage(post, { publishNow = false, edited = false, timeZone } = {}) {
  if (publishNow) return post?.status === 'published' ? 'Post published.' : 'Publishing now: the status updates as each network answers.'
  const saved = edited ? 'Changes saved: post' : 'Post'
  if (post?.scheduled_at) return `${saved} scheduled for ${formatDateTime(post.scheduled_at, timeZone)}.`
  return 'Draft saved.'
}
