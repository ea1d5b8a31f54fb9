import { defineStore } from 'pinia'
import { http, refreshAccess } from '../api/http'
import { forgetKept } from '../api/conditional'
import { tokens } from '../api/tokens'
import { browserTimezone } from '../lib/datetime'

export const useAuth = defineStore('auth', {
  state: () => ({ user: null, ready: false }),
  getters: {
    isAuthenticated: (state) => state.user !== null,
    timezone: (state) => state.user?.timezone || browserTimezone(),
  },
  actions: {
    // Runs once before the first route: a stored refresh token restores the session.
    async bootstrap() {
      if (this.ready) return
      try {
        if (tokens.refresh) {
          await refreshAccess()
          await this.fetchMe()
        }
      } catch {
        tokens.clear()
        this.user = null
      } finally {
        this.ready = true
      }
    },
    async fetchMe() {
      const { data } = await http.get('/auth/me/')
      this.user = data
      return data
    },
    async login({ email, password }) {
      const { data } = await http.post('/auth/token/', { email, password })
      tokens.set(data)
      await this.fetchMe()
    },
    async register({ email, password, name, timezone }) {
      await http.post('/auth/register/', { email, password, name, timezone })
      await this.login({ email, password })
    },
    async logout() {
      const refresh = tokens.refresh
      if (refresh && tokens.access) {
        // Revoke the refresh token server-side; a failure must not keep the user logged in.
        await http.post('/auth/logout/', { refresh }, { skipAuthRefresh: true }).catch(() => {})
      }
      tokens.clear()
      forgetKept()
      this.user = null
    },
    // Called by the HTTP layer when a refresh is refused: the tokens are already gone.
    sessionEnded() {
      forgetKept()
      this.user = null
    },
    async updateProfile(changes) {
      const { data } = await http.patch('/auth/me/', changes)
      this.user = data
      return data
    },
    // The server revokes every token of the user on a password change and answers
    // with a new pair for this session: keep it, or the next request would log us out.
    async changePassword({ oldPassword, newPassword }) {
      const { data } = await http.post('/auth/password/', { old_password: oldPassword, new_password: newPassword })
      tokens.set(data)
    },
  },
})
