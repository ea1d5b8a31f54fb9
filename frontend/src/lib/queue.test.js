import { describe, expect, it } from 'vitest'
import { firstLine, moved, slotsByDay, withSlot, withoutSlot } from './queue'

describe('queue helpers', () => {
  it('groups slots by weekday, sorted, Monday first', () => {
    const days = slotsByDay([
      { weekday: 0, time: '17:00' },
      { weekday: 0, time: '09:00' },
      { weekday: 6, time: '11:30' },
    ])
    expect(days).toHaveLength(7)
    expect(days[0]).toEqual(['09:00', '17:00'])
    expect(days[6]).toEqual(['11:30'])
    expect(days[3]).toEqual([])
  })

  it('adds a slot once, and only a real time', () => {
    const one = withSlot([], 2, '08:15')
    expect(one).toEqual([{ weekday: 2, time: '08:15' }])
    expect(withSlot(one, 2, '08:15')).toBe(one)
    expect(withSlot(one, 2, '24:00')).toBe(one)
    expect(withSlot(one, 2, '')).toBe(one)
    expect(withoutSlot(one, 2, '08:15')).toEqual([])
  })

  it('moves an entry up or down, and ignores moves out of range', () => {
    expect(moved(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b'])
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
    const same = ['a']
    expect(moved(same, 0, 1)).toBe(same)
  })

  it('shows the first non-empty line, cut with an ellipsis', () => {
    expect(firstLine('\n  \nHello\nworld')).toBe('Hello')
    expect(firstLine('x'.repeat(100), 10)).toBe('xxxxxxxxx…')
    expect(firstLine('')).toBe('')
  })
})
