import { afterEach, describe, expect, it, vi } from 'vitest'
import { fadeUp } from './motion'

const prefers = (reduce) => vi.stubGlobal('matchMedia', (query) => ({ matches: reduce && query.includes('reduce') }))

describe('fadeUp', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('animates a short fade and rise by default', () => {
    prefers(false)
    expect(fadeUp(8)).toMatchObject({ initial: { opacity: 0, y: 8 }, animate: { opacity: 1, y: 0 } })
  })
  it('does not move anything when the user prefers reduced motion', () => {
    prefers(true)
    expect(fadeUp(8)).toEqual({ initial: false, animate: { opacity: 1 }, transition: { duration: 0 } })
  })
})
