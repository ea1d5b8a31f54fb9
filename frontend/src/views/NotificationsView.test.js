import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import NotificationsView from './NotificationsView.vue'
import { mountWith, serve } from '../test/harness'

afterEach(() => (document.body.innerHTML = ''))

const failed = { id: 7, kind: 'delivery_failed', title: 'A post to X failed', body: '“Hi”\n\n503', link: '/post', created_at: '2030-01-01T10:00:00Z', read_at: null }
const old = { id: 6, kind: 'weekly_summary', title: 'Your week: 2 published', body: '', link: '', created_at: '2029-12-30T10:00:00Z', read_at: '2029-12-31T10:00:00Z' }

describe('NotificationsView', () => {
  it('lists notifications, marks one read when opened and goes where it leads', async () => {
    const calls = serve({
      'GET /notifications/': [200, { count: 2, next: null, results: [failed, old] }],
      'POST /notifications/7/read/': [200, { ...failed, read_at: '2030-01-01T11:00:00Z' }],
      'GET /notifications/unread-count/': [200, { unread: 0 }],
    })
    const { wrapper, router } = await mountWith(NotificationsView)

    const rows = wrapper.findAll('[data-notification]')
    expect(rows.map((row) => row.attributes('data-kind'))).toEqual(['delivery_failed', 'weekly_summary'])
    expect(rows[0].text()).toContain('Unread:')
    expect(rows[1].text()).not.toContain('Unread:')
    await rows[0].find('button').trigger('click')
    await flushPromises()

    expect(calls.map((call) => call.key)).toContain('POST /notifications/7/read/')
    expect(router.currentRoute.value.path).toBe('/post')
  })

  it('marks everything read at once', async () => {
    const calls = serve({
      'GET /notifications/': [200, { count: 1, next: null, results: [failed] }],
      'POST /notifications/read-all/': [200, { marked: 1 }],
      'GET /notifications/unread-count/': [200, { unread: 0 }],
    })
    const { wrapper } = await mountWith(NotificationsView)

    await wrapper.findAll('button').find((b) => b.text().includes('Mark all read')).trigger('click')
    await flushPromises()

    expect(calls.map((call) => call.key)).toContain('POST /notifications/read-all/')
  })

  it('says when nothing needs the person', async () => {
    serve({ 'GET /notifications/': [200, { count: 0, next: null, results: [] }] })
    const { wrapper } = await mountWith(NotificationsView)

    expect(wrapper.text()).toContain('Nothing needs you.')
  })
})
