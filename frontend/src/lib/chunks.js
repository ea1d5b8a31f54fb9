// A route's code is a separate file (a chunk) loaded on first visit; after a deploy
// or on a flaky connection that load can fail. The router reports it (router.onError)
// and App.vue says so with a reload button, instead of a click that does nothing.
import { ref } from 'vue'

// Chromium, Firefox and Safari word a failed dynamic import differently.
const CHUNK_FAILURES = [
  /Failed to fetch dynamically imported module/i,
  /error loading dynamically imported module/i,
  /Importing a module script failed/i,
  /Unable to preload CSS/i,
  /Loading (CSS )?chunk .* failed/i,
]

export function isChunkLoadError(error) {
  const message = String(error?.message ?? error ?? '')
  return CHUNK_FAILURES.some((pattern) => pattern.test(message))
}

/** The path whose page could not be loaded, or '' (shown by App.vue). */
export const failedRoute = ref('')

export function reportChunkError(error, to) {
  if (!isChunkLoadError(error)) return false
  failedRoute.value = to?.fullPath || window.location.pathname
  return true
}

/** Reload at the page that failed: the new load fetches the current chunks. */
export function reloadFailedRoute(location = window.location) {
  location.assign(failedRoute.value || location.pathname)
}
