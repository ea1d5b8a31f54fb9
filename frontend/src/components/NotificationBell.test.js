import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import NotificationBell from './NotificationBell.vue'
import { POLL_MS } from '../stores/notifications'
import { mountWith, serve } from '../test/harness'

beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }))
afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

describe('NotificationBell', () => {
  it('shows the unread count and follows it as it changes', async () => {
    let unread = 0
    serve({ 'GET /notifications/unread-count/': () => [200, { unread }] })
    const { wrapper } = await mountWith(NotificationBell)
    expect(wrapper.find('[data-testid="unread-count"]').exists()).toBe(false)
    expect(wrapper.text()).toBe('Notifications')

    unread = 3
    await vi.advanceTimersByTimeAsync(POLL_MS)
    await flushPromises()

    expect(wrapper.find('[data-testid="unread-count"]').text()).toBe('3')
    expect(wrapper.text()).toContain('3 unread')
    expect(wrapper.attributes('href')).toBe('/notifications')
  })

  it('keeps its count when the server cannot be reached', async () => {
    let answer = [200, { unread: 2 }]
    serve({ 'GET /notifications/unread-count/': () => answer })
    const { wrapper } = await mountWith(NotificationBell)

    answer = [503, { detail: 'down' }]
    await vi.advanceTimersByTimeAsync(POLL_MS)
    await flushPromises()

    expect(wrapper.find('[data-testid="unread-count"]').text()).toBe('2')
  })
})
