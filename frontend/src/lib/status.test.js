import { describe, expect, it } from 'vitest'
import { DELIVERY_STATUS, POST_STATUS, readableTextOn } from './status'
import { difference, VISIONS } from '../test/colourVision'

const pairs = (keys) => keys.flatMap((a, i) => keys.slice(i + 1).map((b) => [a, b]))

describe('post status colours', () => {
  // CIE76 ΔE: about 2 is barely noticeable; 15 and more reads as a different colour at a glance.
  const MIN_DIFFERENCE = 15

  it.each(VISIONS)('keep every pair of statuses apart for %s', (vision) => {
    for (const [a, b] of pairs(Object.keys(POST_STATUS))) {
      const delta = difference(POST_STATUS[a].color, POST_STATUS[b].color, vision)
      expect(delta, `${a} vs ${b} (${vision})`).toBeGreaterThanOrEqual(MIN_DIFFERENCE)
    }
  })

  it('tells publishing from partially failed, which were two oranges', () => {
    // The former colours: indistinguishable for deuteranopia.
    expect(difference('#d97706', '#ea580c', 'deuteranopia')).toBeLessThan(5)
    expect(difference(POST_STATUS.publishing.color, POST_STATUS.partially_failed.color, 'deuteranopia')).toBeGreaterThan(30)
  })

  it('gives each post and delivery status its own symbol, besides its label', () => {
    for (const table of [POST_STATUS, DELIVERY_STATUS]) {
      const symbols = Object.values(table).map((status) => status.symbol)
      expect(symbols.every(Boolean)).toBe(true)
      expect(new Set(Object.values(table).map((status) => status.label)).size).toBe(symbols.length)
    }
    const postSymbols = Object.values(POST_STATUS).map((status) => status.symbol)
    expect(new Set(postSymbols).size).toBe(postSymbols.length)
  })

  it('picks readable text on each colour', () => {
    expect(readableTextOn('#ffffff')).toBe('#0f172a')
    expect(readableTextOn('#000000')).toBe('#ffffff')
    expect(readableTextOn(POST_STATUS.publishing.color)).toBe('#0f172a')
    expect(readableTextOn(POST_STATUS.scheduled.color)).toBe('#ffffff')
  })
})
