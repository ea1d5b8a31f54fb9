import axios from 'axios'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { http } from '../api/http'
import { tokens } from '../api/tokens'
import specs from '../test/networks-fixture.json'
import { useNetworks } from './networks'

// Answers GET /networks/ from `answers`, one per call (the last one repeats).
function serve(answers) {
  const calls = []
  http.defaults.adapter = async (config) => {
    calls.push(`${config.method.toUpperCase()} ${config.url} ${config.headers.Authorization || ''}`.trim())
    const [status, data] = answers[Math.min(calls.length - 1, answers.length - 1)]
    const response = { status, data, headers: {}, config }
    if (status >= 400) throw new axios.AxiosError('error', 'ERR_BAD_RESPONSE', config, null, response)
    return response
  }
  return calls
}

const names = (list) => list.map((network) => network.name)

describe('networks store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    tokens.clear()
  })

  it('loads the specs once, with the access token, and shares one request between callers', async () => {
    tokens.set({ access: 'acc', refresh: 'ref' })
    const calls = serve([[200, specs]])
    const networks = useNetworks()

    const first = networks.load()
    expect(networks.loading).toBe(true)
    await Promise.all([first, networks.load(), networks.ready()])
    await networks.load()

    expect(calls).toEqual(['GET /networks/ Bearer acc'])
    expect(networks).toMatchObject({ loaded: true, loading: false, error: '' })
    expect(names(networks.list)).toEqual(['sandbox', 'instagram', 'facebook', 'threads', 'linkedin', 'x', 'reddit', 'bluesky', 'mastodon', 'google'])
  })

  it('sorts the networks by what the pages need, keeping the server order', async () => {
    serve([[200, specs]])
    const networks = useNetworks()
    await networks.load()

    expect(names(networks.oauth)).toEqual(['instagram', 'facebook', 'threads', 'linkedin', 'x', 'reddit', 'mastodon'])
    expect(names(networks.direct)).toEqual(['sandbox', 'bluesky'])
    expect(names(networks.captionTargets)).toEqual(['instagram', 'facebook', 'threads', 'linkedin', 'x', 'reddit', 'bluesky', 'mastodon'])
    expect(names(networks.publishing)).toContain('sandbox')
    expect(names(networks.publishing)).not.toContain('google') // trends only
    expect(networks.trendSources.map((network) => [network.name, network.trends.label])).toEqual([
      ['sandbox', 'Sandbox (demo data)'],
      ['x', 'X'],
      ['reddit', 'Reddit'],
      ['mastodon', 'Mastodon'],
      ['google', 'Google Trends'],
    ])
    expect(networks.label('x')).toBe('X (Twitter)')
    expect(networks.trendLabel('google')).toBe('Google Trends')
    expect(networks.spec('reddit').title).toEqual({ max_length: 300 })
    expect(networks.label('myspace')).toBe('myspace')
    expect(networks.spec('myspace')).toBeNull()
  })

  it('keeps the error for a retry, which loads again', async () => {
    const calls = serve([[500, { detail: 'Boom.' }], [200, specs]])
    const networks = useNetworks()

    await expect(networks.load()).rejects.toBeTruthy()
    expect(networks).toMatchObject({ loaded: false, loading: false, error: 'Boom.' })
    expect(networks.label('x')).toBe('x')

    await networks.load({ force: true })
    expect(calls).toHaveLength(2)
    expect(networks).toMatchObject({ loaded: true, error: '' })
  })

  it('refuses an answer that is not a list (e.g. a paginated page)', async () => {
    serve([[200, { count: 6, results: specs }]])
    const networks = useNetworks()

    expect(await networks.ready()).toBe(false)
    expect(networks.loaded).toBe(false)
    expect(networks.error).toMatch(/unexpected shape/)
  })

  it('forgets the specs on reset (logout), and ignores an answer that arrives after it', async () => {
    serve([[200, specs]])
    const networks = useNetworks()
    await networks.load()
    networks.reset()
    expect(networks).toMatchObject({ loaded: false, list: [] })

    const late = networks.load()
    networks.reset()
    await late
    expect(networks).toMatchObject({ loaded: false, loading: false, list: [] })
  })
})
