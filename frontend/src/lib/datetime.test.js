import { describe, expect, it } from 'vitest'
import { fromWallTime, toWallTime } from './datetime'

describe('toWallTime', () => {
  it('shows an instant in the given timezone', () => {
    expect(toWallTime('2026-07-01T12:00:00Z', 'Europe/Paris')).toBe('2026-07-01T14:00:00')
    expect(toWallTime('2026-01-01T00:30:00Z', 'America/New_York')).toBe('2025-12-31T19:30:00')
    expect(toWallTime('2026-01-01T00:30:00Z', 'UTC')).toBe('2026-01-01T00:30:00')
  })
})

describe('fromWallTime', () => {
  it('reads a wall time in the given timezone', () => {
    expect(fromWallTime('2026-07-01T14:00:00', 'Europe/Paris').toISOString()).toBe('2026-07-01T12:00:00.000Z')
    expect(fromWallTime('2026-12-01T09:15', 'Asia/Kolkata').toISOString()).toBe('2026-12-01T03:45:00.000Z')
  })
  it('round-trips through toWallTime', () => {
    const wall = '2026-03-29T12:34:56'
    expect(toWallTime(fromWallTime(wall, 'Europe/Berlin'), 'Europe/Berlin')).toBe(wall)
  })
  it('moves a time skipped by the spring DST jump forward', () => {
    // 02:30 does not exist in Paris on 2026-03-29 (02:00 -> 03:00).
    expect(fromWallTime('2026-03-29T02:30', 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z')
  })
  it('takes the first of the two 01:30s of the autumn DST change', () => {
    expect(fromWallTime('2026-11-01T01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z')
  })
})
