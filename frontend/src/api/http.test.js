import axios from 'axios'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { http, setSessionEndedHandler } from './http'
import { tokens } from './tokens'

// A fake server behind Axios' adapter: `valid` is the access token it accepts,
// `refreshes` counts calls to the refresh endpoint.
function fakeServer({ refreshSucceeds = true } = {}) {
  const server = { valid: 'access-2', refreshes: 0, seen: [] }
  const adapter = async (config) => {
    const reply = (status, data) => {
      const response = { status, data, headers: {}, config, statusText: String(status) }
      if (status >= 400) throw new axios.AxiosError(`status ${status}`, 'ERR_BAD_REQUEST', config, null, response)
      return response
    }
    const url = config.url.replace(/^\/api\/v1/, '')
    server.seen.push([url, config.headers.Authorization])
    if (url === '/auth/token/refresh/') {
      server.refreshes += 1
      await new Promise((resolve) => setTimeout(resolve, 5))
      return refreshSucceeds ? reply(200, { access: 'access-2', refresh: 'refresh-2' }) : reply(401, { detail: 'Token is blacklisted' })
    }
    return config.headers.Authorization === `Bearer ${server.valid}` ? reply(200, { ok: url }) : reply(401, { detail: 'expired' })
  }
  http.defaults.adapter = adapter
  axios.defaults.adapter = adapter
  return server
}

describe('the refresh interceptor', () => {
  let ended
  beforeEach(() => {
    localStorage.clear()
    tokens.set({ access: 'access-1', refresh: 'refresh-1' })
    ended = vi.fn()
    setSessionEndedHandler(ended)
  })

  it('refreshes once for concurrent 401s and replays each request', async () => {
    const server = fakeServer()

    const answers = await Promise.all([http.get('/a/'), http.get('/b/'), http.get('/c/')])

    expect(answers.map((r) => r.data.ok)).toEqual(['/a/', '/b/', '/c/'])
    expect(server.refreshes).toBe(1)
    expect(tokens.access).toBe('access-2')
    expect(tokens.refresh).toBe('refresh-2')
    expect(ended).not.toHaveBeenCalled()
  })

  it('ends the session when the refresh is refused', async () => {
    const server = fakeServer({ refreshSucceeds: false })

    await expect(http.get('/a/')).rejects.toMatchObject({ response: { status: 401 } })

    expect(server.refreshes).toBe(1)
    expect(ended).toHaveBeenCalledTimes(1)
    expect(tokens.access).toBeNull()
    expect(tokens.refresh).toBeNull()
  })

  it('ends the session, without a second refresh, when the replay is refused too', async () => {
    const server = fakeServer()
    server.valid = 'never-valid'

    await expect(http.get('/a/')).rejects.toMatchObject({ response: { status: 401 } })

    expect(server.refreshes).toBe(1)
    expect(ended).toHaveBeenCalledTimes(1)
  })

  it('leaves a 401 from the login endpoint to the login form', async () => {
    const server = fakeServer()
    tokens.clear()

    await expect(http.post('/auth/token/', { email: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      response: { status: 401 },
    })

    expect(server.refreshes).toBe(0)
    expect(ended).not.toHaveBeenCalled()
  })
})
