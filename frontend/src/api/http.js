import axios from 'axios'
import { tokens } from './tokens'

// The one Axios instance of the SPA. Its single response interceptor refreshes
// the access token once on a 401 and replays the request; if the refresh fails
// (or the replay is refused again) the session ends through `onSessionEnded`.
export const http = axios.create({ baseURL: '/api/v1', timeout: 30000 })

const AUTH_PATHS = ['/auth/token/', '/auth/token/refresh/', '/auth/register/']

let onSessionEnded = () => {}
let refreshing = null

export function setSessionEndedHandler(handler) {
  onSessionEnded = handler
}

// Concurrent 401s share one refresh: refresh tokens rotate, so a second
// refresh with the same token would be refused and log the user out.
export function refreshAccess() {
  if (!refreshing) {
    const refresh = tokens.refresh
    refreshing = (refresh ? axios.post('/api/v1/auth/token/refresh/', { refresh }) : Promise.reject(new Error('no refresh token')))
      .then(({ data }) => {
        tokens.set(data)
        return data.access
      })
      .finally(() => {
        refreshing = null
      })
  }
  return refreshing
}

http.interceptors.request.use((config) => {
  if (tokens.access) config.headers.Authorization = `Bearer ${tokens.access}`
  return config
})

http.interceptors.response.use(
  (response) => response,
  async (error) => {
    const { config, response } = error
    const isAuthCall = config && AUTH_PATHS.includes(config.url)
    if (response?.status !== 401 || !config || isAuthCall || config.skipAuthRefresh) throw error
    if (config._retried) {
      tokens.clear()
      onSessionEnded()
      throw error
    }
    try {
      await refreshAccess()
    } catch {
      tokens.clear()
      onSessionEnded()
      throw error
    }
    config._retried = true
    return http(config)
  },
)
