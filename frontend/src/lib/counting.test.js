import { describe, expect, it } from 'vitest'
import cases from './counting-cases.json'
import { extractHashtags, limitStatus, textLength } from './counting'

describe('textLength matches the server (counting-cases.json)', () => {
  it.each(cases.length.map((c) => [c.text.slice(0, 30), c]))('X weighted length of %j', (_, c) => {
    expect(textLength('x', c.text)).toBe(c.x)
  })
  it.each(cases.length.map((c) => [c.text.slice(0, 30), c]))('code points elsewhere for %j', (_, c) => {
    expect(textLength('linkedin', c.text)).toBe(c.other)
    expect(textLength('instagram', c.text)).toBe(c.other)
  })
})

describe('extractHashtags matches the server', () => {
  it.each(cases.hashtags.map((c) => [c.text, c]))('%j', (_, c) => {
    expect(extractHashtags(c.text)).toEqual(c.tags)
  })
})

describe('limitStatus', () => {
  it('flags X text over 280 weighted characters', () => {
    expect(limitStatus('x', 'x'.repeat(280))).toMatchObject({ length: 280, remaining: 0, ok: true })
    expect(limitStatus('x', '日'.repeat(141))).toMatchObject({ length: 282, remaining: -2, ok: false })
  })
  it('flags Instagram captions with more than 30 hashtags', () => {
    const text = Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' ')
    expect(limitStatus('instagram', text)).toMatchObject({ hashtags: 31, maxHashtags: 30, ok: false })
  })
})
