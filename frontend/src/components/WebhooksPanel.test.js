// The test button: the API queues the event (202) and a worker sends it, so the
// panel polls the delivery until its first attempt is recorded.
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import WebhooksPanel from './WebhooksPanel.vue'
import { useToasts } from '../stores/toasts'
import { mountWith, serve } from '../test/harness'

const ENDPOINT = { id: 5, url: 'https://example.com/hook', events: ['delivery.published'], description: '', is_active: true }
const pending = { id: 9, event: 'webhook.test', status: 'pending', attempt_count: 0, attempts: [] }
const attempt = { id: 1, attempted_at: '2030-01-01T10:00:00Z', succeeded: true, response_status: 200, error: '' }

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] }))
afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

const testButton = (wrapper) => wrapper.findAll('button').find((b) => b.text().trim() === 'Test')

describe('WebhooksPanel', () => {
  it('polls the queued test delivery until its first attempt and shows its outcome', async () => {
    let polls = 0
    const calls = serve({
      'GET /webhooks/': [200, { count: 1, next: null, results: [ENDPOINT] }],
      'POST /webhooks/5/test/': [202, pending],
      'GET /webhooks/5/deliveries/9/': () => (++polls < 3 ? [200, pending] : [200, { ...pending, status: 'succeeded', attempt_count: 1, attempts: [attempt] }]),
    })
    const { wrapper } = await mountWith(WebhooksPanel)

    await testButton(wrapper).trigger('click')
    await flushPromises()
    expect(testButton(wrapper).attributes('disabled')).toBeDefined()
    await vi.advanceTimersByTimeAsync(3 * 500)
    await flushPromises()

    expect(calls.map((call) => call.key).filter((key) => key !== 'GET /webhooks/')).toEqual([
      'POST /webhooks/5/test/',
      'GET /webhooks/5/deliveries/9/',
      'GET /webhooks/5/deliveries/9/',
      'GET /webhooks/5/deliveries/9/',
    ])
    expect(useToasts().items.map((toast) => toast.message)).toEqual(['Test delivered: HTTP 200.'])
    expect(wrapper.find('[data-webhook="https://example.com/hook"]').text()).toContain('HTTP 200')
    expect(testButton(wrapper).attributes('disabled')).toBeUndefined()
  })

  it('says so when no worker has sent the test before the deadline', async () => {
    serve({
      'GET /webhooks/': [200, { count: 1, next: null, results: [ENDPOINT] }],
      'POST /webhooks/5/test/': [202, pending],
      'GET /webhooks/5/deliveries/9/': [200, pending],
    })
    const { wrapper } = await mountWith(WebhooksPanel)

    await testButton(wrapper).trigger('click')
    await vi.advanceTimersByTimeAsync(31000)
    await flushPromises()

    expect(useToasts().items.map((toast) => toast.message)).toEqual(['The test is still queued: no worker has sent it yet.'])
  })

  it('shows the limit when test sends are throttled', async () => {
    serve({
      'GET /webhooks/': [200, { count: 1, next: null, results: [ENDPOINT] }],
      'POST /webhooks/5/test/': [429, { detail: 'Request was throttled. Expected available in 40 seconds.', errors: {} }],
    })
    const { wrapper } = await mountWith(WebhooksPanel)

    await testButton(wrapper).trigger('click')
    await flushPromises()

    expect(useToasts().items.map((toast) => toast.message)).toEqual(['Request was throttled. Expected available in 40 seconds.'])
  })
})
