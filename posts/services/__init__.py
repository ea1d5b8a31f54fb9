"""Use cases for media, posts and deliveries: the only code that changes their state.

- `media`: upload (content sniffing, limits, dimensions) and deletion (kept while a post that is not a draft uses it).
- `posts`: create, edit, reschedule, publish now, cancel (validated per network).
- `drafts`: duplicate a post into a draft; delete a draft or a cancelled post.
- `deliveries`: the delivery state machine (claim, outcome, retry, reap, account events).
- `dispatch`: the dispatcher tick that claims due deliveries and enqueues them.
- `publishing`: publish attempts for a message's deliveries, from claim to recorded outcome.
"""
