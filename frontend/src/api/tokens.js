// The access token lives only in memory; the refresh token survives a reload
// in localStorage so that a returning user need not log in again.
const REFRESH_KEY = 'socialtrend.refresh'

let accessToken = null

export const tokens = {
  get access() {
    return accessToken
  },
  get refresh() {
    return localStorage.getItem(REFRESH_KEY)
  },
  set({ access, refresh }) {
    accessToken = access
    if (refresh) localStorage.setItem(REFRESH_KEY, refresh)
  },
  clear() {
    accessToken = null
    localStorage.removeItem(REFRESH_KEY)
  },
}
