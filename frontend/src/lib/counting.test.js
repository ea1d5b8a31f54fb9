import { describe, expect, it } from 'vitest'
import cases from './counting-cases.json'
import specs from '../test/networks-fixture.json'
import { CODE_POINTS, GRAPHEMES, GRAPHEMES_LINKS_23, WEIGHTED, extractHashtags, limitStatus, textLength } from './counting'

// counting-cases.json (shared with the server's test) records each case's length
// for the networks named by its keys ("x", "bluesky", "mastodon" where it differs)
// and for every "other" network; the
// fixture of GET /api/v1/networks/ says which counting method each network uses.
const counted = specs.filter((spec) => spec.text)
const spec = (name) => specs.find((candidate) => candidate.name === name)
const expected = (c, network) => (network in c ? c[network] : c.other)

describe('textLength matches the server (counting-cases.json)', () => {
  it('covers every counting method through the fixture', () => {
    expect(new Set(counted.map((network) => network.text.counting))).toEqual(new Set([WEIGHTED, GRAPHEMES, CODE_POINTS, GRAPHEMES_LINKS_23]))
    const named = new Set(cases.length.flatMap((c) => Object.keys(c)))
    expect(counted.filter((network) => named.has(network.name)).map((network) => network.text.counting)).toEqual([WEIGHTED, GRAPHEMES, GRAPHEMES_LINKS_23])
  })
  it.each(cases.length.map((c) => [c.text.slice(0, 30), c]))('every network counts %j as recorded', (_, c) => {
    for (const network of counted) expect([network.name, textLength(network.text.counting, c.text)]).toEqual([network.name, expected(c, network.name)])
  })
  it('counts code points for an unknown method', () => {
    expect(textLength('something-new', '日本 😀')).toBe(4)
    expect(textLength(undefined, 'abc')).toBe(3)
  })
})

describe('extractHashtags matches the server', () => {
  it.each(cases.hashtags.map((c) => [c.text, c]))('%j', (_, c) => {
    expect(extractHashtags(c.text)).toEqual(c.tags)
  })
})

describe('limitStatus', () => {
  it('flags text over a weighted limit', () => {
    expect(limitStatus(spec('x'), 'x'.repeat(280))).toMatchObject({ length: 280, limit: 280, remaining: 0, ok: true })
    expect(limitStatus(spec('x'), '日'.repeat(141))).toMatchObject({ length: 282, remaining: -2, ok: false })
  })
  it('counts Bluesky text in graphemes: 300 thumbs with a skin tone fit, 301 do not', () => {
    expect(limitStatus(spec('bluesky'), '👍🏽'.repeat(300))).toMatchObject({ length: 300, limit: 300, ok: true })
    expect(limitStatus(spec('bluesky'), '👍🏽'.repeat(301))).toMatchObject({ length: 301, remaining: -1, ok: false })
  })
  it('flags captions with more hashtags than the network takes', () => {
    const text = Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' ')
    expect(limitStatus(spec('instagram'), text)).toMatchObject({ hashtags: 31, maxHashtags: 30, ok: false })
    expect(limitStatus(spec('linkedin'), text)).toMatchObject({ hashtags: 31, maxHashtags: null, ok: true })
  })
  it('sets no limit without a spec or text rules', () => {
    expect(limitStatus(null, 'hello')).toEqual({ length: 5, limit: null, remaining: null, hashtags: 0, maxHashtags: null, ok: true })
    expect(limitStatus(spec('google'), 'hello')).toMatchObject({ limit: null, ok: true })
  })
})
