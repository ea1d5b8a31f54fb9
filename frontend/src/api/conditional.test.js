import axios from 'axios'
import { beforeEach, describe, expect, it } from 'vitest'
import { forgetKept, getFresh } from './conditional'
import { http } from './http'

// A server that answers with an ETag, and 304 when If-None-Match holds the current one.
function fakeServer() {
  const server = { version: 1, seen: [] }
  http.defaults.adapter = async (config) => {
    const asked = config.headers['If-None-Match']
    server.seen.push(asked ?? null)
    const etag = `"v${server.version}"`
    const status = asked === etag ? 304 : 200
    const response = { status, data: status === 304 ? '' : { version: server.version }, headers: { etag }, config }
    if (!config.validateStatus(status)) throw new axios.AxiosError(`status ${status}`, 'ERR_BAD_RESPONSE', config, null, response)
    return response
  }
  return server
}

describe('conditional GETs', () => {
  beforeEach(() => forgetKept())

  it('sends the ETag it holds and reuses the same answer on a 304', async () => {
    const server = fakeServer()

    const first = await getFresh('/posts/calendar/', { from: 'a', to: 'b' })
    const again = await getFresh('/posts/calendar/', { from: 'a', to: 'b' })

    expect(server.seen).toEqual([null, '"v1"'])
    expect(again).toBe(first) // the same object: nothing re-renders
  })

  it('takes the new answer once the server has one', async () => {
    const server = fakeServer()
    await getFresh('/dashboard/')
    server.version = 2

    expect(await getFresh('/dashboard/')).toEqual({ version: 2 })
    expect(server.seen).toEqual([null, '"v1"'])
  })

  it('keeps an answer per URL and query', async () => {
    const server = fakeServer()
    await getFresh('/posts/calendar/', { from: 'a' })
    await getFresh('/posts/calendar/', { from: 'b' })

    expect(server.seen).toEqual([null, null])
  })

  it('forgets every answer at logout', async () => {
    const server = fakeServer()
    await getFresh('/posts/1/')
    forgetKept()
    await getFresh('/posts/1/')

    expect(server.seen).toEqual([null, null])
  })
})
