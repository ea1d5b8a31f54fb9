// Conditional GETs for what the SPA polls (the calendar, a post, the dashboard): the
// server answers 304 with no body while the ETag we hold is current, and we reuse
// the answer we kept. The same object comes back, so nothing re-renders.
import { http } from './http'

// Answers kept per URL and query; the oldest goes beyond this many (a month per view visited).
const KEPT = 30
const kept = new Map()

const keyOf = (url, params) => `${url}?${new URLSearchParams(params || {}).toString()}`

export async function getFresh(url, params) {
  const key = keyOf(url, params)
  const held = kept.get(key)
  const response = await http.get(url, {
    params,
    headers: held ? { 'If-None-Match': held.etag } : {},
    validateStatus: (status) => (status >= 200 && status < 300) || (status === 304 && Boolean(held)),
  })
  if (response.status === 304) return held.data
  const etag = response.headers?.etag
  kept.delete(key)
  if (etag) {
    kept.set(key, { etag, data: response.data })
    if (kept.size > KEPT) kept.delete(kept.keys().next().value)
  }
  return response.data
}

// Logging out must not leave one user's answers for the next.
export function forgetKept() {
  kept.clear()
}
