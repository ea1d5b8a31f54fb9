import { describe, expect, it } from 'vitest'
import { buildRule, describeRule } from './recurrence'

describe('recurrence rules', () => {
  it('builds daily, weekly and monthly rules with their ends', () => {
    expect(buildRule({ frequency: 'DAILY', interval: 1, end: 'never' }, 'UTC')).toBe('FREQ=DAILY')
    expect(buildRule({ frequency: 'DAILY', interval: 3, end: 'after', count: 5 }, 'UTC')).toBe('FREQ=DAILY;INTERVAL=3;COUNT=5')
    expect(buildRule({ frequency: 'WEEKLY', interval: 1, days: [3, 0], end: 'never' }, 'UTC')).toBe('FREQ=WEEKLY;BYDAY=MO,TH')
    expect(buildRule({ frequency: 'MONTHLY', interval: 1, end: 'never' }, 'UTC')).toBe('FREQ=MONTHLY')
  })

  it('ends on the last minute of the chosen local day, in UTC', () => {
    // 31 January 2027 23:59:59 in Paris (CET, +1) is 22:59:59 UTC.
    expect(buildRule({ frequency: 'DAILY', end: 'on', until: '2027-01-31' }, 'Europe/Paris')).toBe(
      'FREQ=DAILY;UNTIL=20270131T225959Z',
    )
  })

  it('reads a rule back as a sentence', () => {
    expect(describeRule('FREQ=DAILY')).toBe('Every day')
    expect(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=5')).toBe('Every 2 weeks on Monday and Thursday, 5 times')
    expect(describeRule('FREQ=WEEKLY;BYDAY=MO,WE,FR')).toBe('Every week on Monday, Wednesday and Friday')
    expect(describeRule('FREQ=DAILY;UNTIL=20270131T225959Z')).toBe('Every day, until 2027-01-31')
    expect(describeRule('FREQ=SECONDLY')).toBe('FREQ=SECONDLY')
  })
})
