// Thin wrappers over the REST endpoints; pages never build URLs themselves.
import { http } from './http'
import { getFresh } from './conditional'

const get = (url, params) => http.get(url, { params }).then((r) => r.data)
const post = (url, body, config) => http.post(url, body, config).then((r) => r.data)
const patch = (url, body) => http.patch(url, body).then((r) => r.data)
const del = (url) => http.delete(url).then((r) => r.data)

export const trendsApi = {
  list: (params) => get('/trends/', params),
  detail: (id, params) => get(`/trends/${id}/`, params),
  sources: () => get('/trends/sources/'),
}

export const networksApi = {
  list: () => get('/networks/'),
}

export const accountsApi = {
  list: () => get('/social-accounts/'),
  // A network whose spec says `connect: "direct"`: the account is added by its handle and
  // the spec's `connect_fields` (`credentials`: an app password, a server's URL, ...).
  connectDirect: (network, handle, credentials = {}) =>
    post('/social-accounts/', Object.keys(credentials).length ? { network, handle, credentials } : { network, handle }),
  // `fields`: what an OAuth network's `connect_fields` asked the person (e.g. their Mastodon instance).
  authorizeUrl: (network, fields = {}) => get(`/social-accounts/connect/${network}/`, fields),
  disconnect: (id) => del(`/social-accounts/${id}/`),
  // A sign-in that offered several identities (pages, organizations) waits for the person's pick.
  pending: (id) => get(`/social-accounts/pending/${id}/`),
  choose: (id, remoteIds) => post(`/social-accounts/pending/${id}/`, { remote_ids: remoteIds }),
  cancelChoice: (id) => del(`/social-accounts/pending/${id}/`),
}

export const mediaApi = {
  list: (params) => get('/media/', params),
  describe: (id, altText) => patch(`/media/${id}/`, { alt_text: altText }),
  upload: (file, onProgress) => {
    const form = new FormData()
    form.append('file', file)
    return post('/media/', form, {
      timeout: 0,
      onUploadProgress: (event) => event.total && onProgress?.(Math.round((event.loaded / event.total) * 100)),
    })
  },
  remove: (id) => del(`/media/${id}/`),
}

export const postsApi = {
  list: (params) => get('/posts/', params),
  // What the calendar shows of each post in [from, to) (at most 62 days), in one answer.
  // These three are polled: an unchanged answer costs the server almost nothing (304).
  calendar: (params) => getFresh('/posts/calendar/', params).then((data) => data.posts),
  detail: (id) => getFresh(`/posts/${id}/`),
  create: (body) => post('/posts/', body),
  update: (id, body) => patch(`/posts/${id}/`, body),
  publishNow: (id) => post(`/posts/${id}/publish-now/`),
  cancel: (id) => post(`/posts/${id}/cancel/`),
  // A new draft from any post; deleting is for drafts and cancelled posts only (else 409).
  duplicate: (id) => post(`/posts/${id}/duplicate/`),
  remove: (id) => del(`/posts/${id}/`),
  // body: {publish_now?, at?, confirm?}: without publish_now it goes out at the post's time (or now if past).
  retryDelivery: (id, body = {}) => post(`/deliveries/${id}/retry/`, body),
  // body: {post | account, publish_now?, confirm?}; answers which were retried and why the others were not.
  retryDeliveries: (body) => post('/deliveries/retry/', body),
  cancelDelivery: (id) => post(`/deliveries/${id}/cancel/`),
  dashboard: () => getFresh('/dashboard/'),
}

export const notificationsApi = {
  list: (params) => get('/notifications/', params),
  unreadCount: () => get('/notifications/unread-count/'),
  markRead: (id) => post(`/notifications/${id}/read/`),
  markAllRead: () => post('/notifications/read-all/'),
  preferences: () => get('/notifications/preferences/'),
  savePreferences: (body) => http.put('/notifications/preferences/', body).then((r) => r.data),
}

export const queueApi = {
  detail: (accountId) => get(`/queue/${accountId}/`),
  saveSlots: (accountId, slots) => http.put(`/queue/${accountId}/slots/`, { slots }).then((r) => r.data),
  add: (postId) => post('/queue/', { post_id: postId }),
  reorder: (accountId, postIds) => post(`/queue/${accountId}/order/`, { post_ids: postIds }),
  // shuffle, pause, resume, reslot: each answers { moved: n }.
  act: (accountId, action) => post(`/queue/${accountId}/${action}/`),
}

export const csvApi = {
  // { lines, imported, problems: [{ line, field, message }], post_ids, dry_run }
  upload: (file, dryRun) => {
    const form = new FormData()
    form.append('file', file)
    form.append('dry_run', dryRun ? 'true' : 'false')
    return post('/csv/import/', form, { timeout: 120000 })
  },
  // The filtered posts as a CSV Blob (the request carries the session's token, so no plain link).
  export: (params) => http.get('/csv/export/', { params, responseType: 'blob' }).then((r) => r.data),
}

export const bulkApi = {
  run: (body) => post('/posts/bulk/', body),
}

export const seriesApi = {
  ofPost: (postId) => get('/series/', { post: postId }),
  create: (postId, rule) => post('/series/', { post_id: postId, rule }),
  update: (id, body) => patch(`/series/${id}/`, body),
  stop: (id) => post(`/series/${id}/stop/`),
}

export const captionsApi = {
  // Queues the request (202): a worker asks the model; follow it with `get` until it is no longer pending.
  generate: (body) => post('/captions/', body),
  get: (id) => get(`/captions/${id}/`),
  history: (params) => get('/captions/', params),
}

export const webhooksApi = {
  list: () => get('/webhooks/'),
  create: (body) => post('/webhooks/', body),
  update: (id, body) => patch(`/webhooks/${id}/`, body),
  remove: (id) => del(`/webhooks/${id}/`),
  // Queues a test event (202): a worker sends it; poll the delivery for its first attempt.
  test: (id) => post(`/webhooks/${id}/test/`),
  delivery: (id, deliveryId) => get(`/webhooks/${id}/deliveries/${deliveryId}/`),
}

/** Every page of a paginated list, for pickers that need the whole set. */
export async function allPages(loader, params = {}) {
  const items = []
  for (let page = 1; ; page++) {
    const data = await loader({ ...params, page, page_size: 100 })
    if (Array.isArray(data)) return data
    items.push(...data.results)
    if (!data.next) return items
  }
}
