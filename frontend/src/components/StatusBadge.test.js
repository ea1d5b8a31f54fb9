import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import StatusBadge from './StatusBadge.vue'
import { ACCOUNT_STATUS, POST_STATUS } from '../lib/status'

describe('StatusBadge', () => {
  it('shows the label and carries the status symbol', () => {
    const badge = mount(StatusBadge, { props: { status: 'partially_failed', table: POST_STATUS } })
    expect(badge.text()).toBe('Partially failed')
    expect(badge.attributes('data-symbol')).toBe('◐')
    expect(badge.classes()).toContain('bg-amber-100')
  })

  it('shows the label alone for a table without symbols', () => {
    const badge = mount(StatusBadge, { props: { status: 'expired', table: ACCOUNT_STATUS } })
    expect(badge.text()).toBe('Expired: reconnect')
    expect(badge.attributes('data-symbol')).toBeUndefined()
  })
})
