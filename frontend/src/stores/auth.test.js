import axios from 'axios'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { http } from '../api/http'
import { tokens } from '../api/tokens'
import { useAuth } from './auth'

function serve(routes) {
  const calls = []
  const adapter = async (config) => {
    const url = config.url.replace(/^\/api\/v1/, '')
    calls.push(`${config.method.toUpperCase()} ${url}`)
    const [status, data] = routes[`${config.method.toUpperCase()} ${url}`] || [404, { detail: 'not found' }]
    const response = { status, data, headers: {}, config }
    if (status >= 400) throw new axios.AxiosError('error', 'ERR_BAD_REQUEST', config, null, response)
    return response
  }
  http.defaults.adapter = adapter
  axios.defaults.adapter = adapter
  return calls
}

const ME = { id: 1, email: 'a@example.com', name: 'A', timezone: 'Europe/Paris', role: 'user' }

describe('auth store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
    tokens.clear()
  })

  it('logs in: keeps the access token in memory and the refresh token for reloads', async () => {
    serve({ 'POST /auth/token/': [200, { access: 'acc', refresh: 'ref' }], 'GET /auth/me/': [200, ME] })
    const auth = useAuth()

    await auth.login({ email: 'a@example.com', password: 'pw' })

    expect(auth.user).toEqual(ME)
    expect(auth.timezone).toBe('Europe/Paris')
    expect(tokens.access).toBe('acc')
    expect(localStorage.getItem('socialtrend.refresh')).toBe('ref')
    expect(JSON.stringify(localStorage)).not.toContain('acc')
  })

  it('restores a session from the stored refresh token', async () => {
    localStorage.setItem('socialtrend.refresh', 'stored')
    const calls = serve({ 'POST /auth/token/refresh/': [200, { access: 'acc', refresh: 'rotated' }], 'GET /auth/me/': [200, ME] })
    const auth = useAuth()

    await auth.bootstrap()

    expect(calls).toEqual(['POST /auth/token/refresh/', 'GET /auth/me/'])
    expect(auth.isAuthenticated).toBe(true)
    expect(tokens.refresh).toBe('rotated')
  })

  it('starts logged out when the stored refresh token is refused', async () => {
    localStorage.setItem('socialtrend.refresh', 'revoked')
    serve({ 'POST /auth/token/refresh/': [401, { detail: 'Token is blacklisted' }] })
    const auth = useAuth()

    await auth.bootstrap()

    expect(auth.ready).toBe(true)
    expect(auth.isAuthenticated).toBe(false)
    expect(tokens.refresh).toBeNull()
  })

  it('revokes the refresh token on logout and forgets both tokens', async () => {
    const calls = serve({
      'POST /auth/token/': [200, { access: 'acc', refresh: 'ref' }],
      'GET /auth/me/': [200, ME],
      'POST /auth/logout/': [204, ''],
    })
    const auth = useAuth()
    await auth.login({ email: 'a@example.com', password: 'pw' })

    await auth.logout()

    expect(calls.at(-1)).toBe('POST /auth/logout/')
    expect(auth.user).toBeNull()
    expect(tokens.access).toBeNull()
    expect(tokens.refresh).toBeNull()
  })

  it('keeps the new pair a password change answers with (every older token is revoked)', async () => {
    serve({
      'POST /auth/token/': [200, { access: 'acc', refresh: 'ref' }],
      'GET /auth/me/': [200, ME],
      'POST /auth/password/': [200, { access: 'acc2', refresh: 'ref2' }],
    })
    const auth = useAuth()
    await auth.login({ email: 'a@example.com', password: 'pw' })

    await auth.changePassword({ oldPassword: 'pw', newPassword: 'a-new-long-password' })

    expect(tokens.access).toBe('acc2')
    expect(tokens.refresh).toBe('ref2')
  })
})
