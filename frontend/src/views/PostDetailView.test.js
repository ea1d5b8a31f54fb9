// Retrying from the post page: a retry keeps the post's time, "Publish now" is its own
// button, and an unknown outcome is retried only after the person accepts a second publication.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import PostDetailView from './PostDetailView.vue'
import { useToasts } from '../stores/toasts'
import { mountWith, serve } from '../test/harness'

afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const delivery = (id, status, extra = {}) => ({
  id,
  status,
  account: { id, handle: `acct${id}`, network: 'x' },
  attempts: 1,
  caption: '',
  remote_url: '',
  last_error: status === 'published' ? '' : 'boom',
  published_at: null,
  verification: '',
  verified_at: null,
  ...extra,
})
const postWith = (...deliveries) => ({ id: 4, status: 'failed', scheduled_at: '2099-12-10T09:00:00Z', caption: 'Hi', media: [], deliveries })

async function page(routes) {
  const calls = serve({ 'GET /posts/4/': [200, postWith(delivery(1, 'failed'), delivery(2, 'unknown'))], ...routes })
  const { wrapper } = await mountWith(PostDetailView, { path: '/page' })
  return { calls, wrapper }
}

const row = (wrapper, id) => wrapper.find(`[data-delivery="${id}"]`)
const button = (element, text) => element.findAll('button').find((b) => b.text().trim() === text)

vi.mock('vue-router', async (original) => ({ ...(await original()), useRoute: () => ({ params: { id: '4' } }) }))

describe('PostDetailView retries', () => {
  it('retries a failed delivery at the post time, and publishes now only when asked', async () => {
    const { calls, wrapper } = await page({
      'POST /deliveries/1/retry/': [200, delivery(1, 'pending')],
    })

    await button(row(wrapper, 1), 'Retry').trigger('click')
    await flushPromises()
    await button(row(wrapper, 1), 'Publish now').trigger('click')
    await flushPromises()

    const bodies = calls.filter((c) => c.key === 'POST /deliveries/1/retry/').map((c) => c.body)
    expect(bodies).toEqual([{ publish_now: false, confirm: false }, { publish_now: true, confirm: false }])
    expect(useToasts().items[0].message).toMatch(/^It will be published at its time/)
  })

  it('asks before retrying an unknown outcome, saying it may publish twice', async () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true)
    const { calls, wrapper } = await page({ 'POST /deliveries/2/retry/': [200, delivery(2, 'pending')] })

    await button(row(wrapper, 2), 'Retry…').trigger('click')
    await flushPromises()
    expect(calls.some((c) => c.key === 'POST /deliveries/2/retry/')).toBe(false)
    await button(row(wrapper, 2), 'Retry…').trigger('click')
    await flushPromises()

    expect(confirm.mock.calls[0][0]).toContain('retrying may publish it twice')
    expect(calls.find((c) => c.key === 'POST /deliveries/2/retry/').body).toEqual({ publish_now: false, confirm: true })
  })

  it('retries every failed delivery of the post at once and reports the counts', async () => {
    const calls = serve({
      'GET /posts/4/': [200, postWith(delivery(1, 'failed'), delivery(3, 'failed'), delivery(2, 'unknown'))],
      'POST /deliveries/retry/': [200, { retried: [1, 3], needs_confirm: [], account_inactive: [], not_retryable: [] }],
    })
    const { wrapper } = await mountWith(PostDetailView)

    await wrapper.find('[data-testid="retry-all"]').trigger('click')
    await flushPromises()

    expect(calls.find((c) => c.key === 'POST /deliveries/retry/').body).toEqual({ post: 4 })
    expect(useToasts().items[0].message).toMatch(/^2 retried\. It will be published at its time/)
  })

  it('shows when the network was seen showing the publication', async () => {
    serve({
      'GET /posts/4/': [200, { ...postWith(delivery(1, 'published', { verification: 'verified', verified_at: '2099-12-10T09:00:05Z' })), status: 'published' }],
    })
    const { wrapper } = await mountWith(PostDetailView)

    expect(wrapper.find('[data-testid="verification"]').text()).toMatch(/^Verified /)
  })
})

describe('PostDetailView reschedule', () => {
  it('sends a failed delivery to a new time, read in the person timezone', async () => {
    const calls = serve({
      'GET /posts/4/': [200, postWith(delivery(1, 'failed'))],
      'POST /deliveries/1/retry/': [200, delivery(1, 'pending')],
    })
    const { wrapper } = await mountWith(PostDetailView)

    await button(row(wrapper, 1), 'Reschedule').trigger('click')
    await row(wrapper, 1).find('input[type="datetime-local"]').setValue('2099-12-24T18:30')
    await row(wrapper, 1).find('form').trigger('submit')
    await flushPromises()

    expect(calls.find((c) => c.key === 'POST /deliveries/1/retry/').body).toEqual({ at: '2099-12-24T18:30', confirm: false })
    expect(useToasts().items[0].message).toBe('Rescheduled.')
  })
})
