// The pages that list networks render them from GET /api/v1/networks/ (the
// fixture), with the texts the browser tests (tests/browser) look for.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import AccountsView from './AccountsView.vue'
import CaptionView from './CaptionView.vue'
import TrendsView from './TrendsView.vue'
import { useToasts } from '../stores/toasts'
import { labelOf, mountWith, serve, specs } from '../test/harness'

afterEach(() => (document.body.innerHTML = ''))

const button = (wrapper, text) => wrapper.findAll('button').find((candidate) => candidate.text().trim() === text)

describe('AccountsView', () => {
  it('offers a connect button per configured network and the hint for the others', async () => {
    // A server where X's app is not set up: its card says what to set instead of offering a button.
    const unconfigured = specs.map((n) => (n.name === 'x' ? { ...n, configured: false, configure_hint: 'Set X_CLIENT_ID and X_CLIENT_SECRET.' } : n))
    const calls = serve({
      'GET /networks/': [200, unconfigured],
      'GET /social-accounts/': [200, []],
      'GET /social-accounts/connect/instagram/': [400, { detail: 'Nope.', errors: { network: ['Instagram refused.'] } }],
    })
    const { wrapper } = await mountWith(AccountsView)

    expect(wrapper.findAll('[data-connect]').map((b) => b.text())).toEqual(['Instagram', 'Facebook Pages', 'Threads', 'LinkedIn', 'Reddit', 'Connect Mastodon'])
    const unavailable = wrapper.find('[data-unavailable=x]')
    expect(unavailable.text()).toContain('X (Twitter)')
    expect(unavailable.text()).toContain('Set X_CLIENT_ID and X_CLIENT_SECRET.')
    expect(wrapper.text()).toContain('No accounts yet')

    await button(wrapper, 'Instagram').trigger('click')
    await flushPromises()
    expect(calls.map((call) => call.key)).toContain('GET /social-accounts/connect/instagram/')
    expect(useToasts().items.map((toast) => toast.message)).toEqual(['Instagram refused.'])
  })

  it('adds an account of a direct network by its handle', async () => {
    const calls = serve({
      'GET /social-accounts/': [200, []],
      'POST /social-accounts/': [201, { id: 7, handle: 'my-brand', network: 'sandbox', status: 'active' }],
    })
    const { wrapper } = await mountWith(AccountsView)

    const form = wrapper.find('[data-direct=sandbox] form')
    const handle = form.find('input[name=handle]')
    expect(labelOf(form, handle)).toBe('Handle')
    expect(button(form, 'Add Sandbox account')).toBeTruthy() // the browser test's "Add sandbox account", case aside
    await handle.setValue('my-brand')
    await form.trigger('submit')
    await flushPromises()

    expect(calls.find((call) => call.key === 'POST /social-accounts/').body).toEqual({ network: 'sandbox', handle: 'my-brand' })
    expect(useToasts().items.map((toast) => toast.message)).toEqual(['Sandbox account @my-brand connected.'])
  })

  it('connects a Bluesky account with its handle, an app password and the server, and shows the errors by field', async () => {
    let answer = [400, { detail: 'Bluesky did not accept this handle and app password.', errors: { 'credentials.password': ['Bluesky did not accept this handle and app password.'] } }]
    const calls = serve({
      'GET /social-accounts/': [200, []],
      'POST /social-accounts/': () => answer,
    })
    const { wrapper } = await mountWith(AccountsView)

    const form = wrapper.find('[data-direct=bluesky] form')
    const inputs = form.findAll('input')
    expect(inputs.map((input) => [input.attributes('name'), input.attributes('type') || 'text', labelOf(form, input)])).toEqual([
      ['handle', 'text', 'Handle'],
      ['password', 'password', 'App password'],
      ['service', 'url', 'Server'],
    ])
    expect(form.find('input[name=service]').element.value).toBe('https://bsky.social')
    expect(form.text()).toContain('App passwords')
    await form.find('input[name=handle]').setValue('ada.bsky.social')
    await form.find('input[name=password]').setValue('wrong-wrong')
    await form.trigger('submit')
    await flushPromises()

    expect(calls.find((call) => call.key === 'POST /social-accounts/').body).toEqual({
      network: 'bluesky',
      handle: 'ada.bsky.social',
      credentials: { password: 'wrong-wrong', service: 'https://bsky.social' },
    })
    const password = form.find('input[name=password]')
    expect(password.attributes('aria-invalid')).toBe('true')
    expect(form.find('[data-field-error]').text()).toBe('Bluesky did not accept this handle and app password.')
    expect(useToasts().items).toEqual([]) // the field says it

    answer = [201, { id: 9, handle: 'ada.bsky.social', network: 'bluesky', status: 'active' }]
    await password.setValue('abcd-efgh-ijkl-mnop')
    await form.trigger('submit')
    await flushPromises()
    expect(useToasts().items.map((toast) => toast.message)).toEqual(['Bluesky account @ada.bsky.social connected.'])
    expect(form.find('input[name=password]').element.value).toBe('') // never kept in the page
    expect(form.find('[data-field-error]').exists()).toBe(false)
  })

  it('reconnects an expired Bluesky account by asking for its app password again, sending nothing first', async () => {
    const calls = serve({ 'GET /social-accounts/': [200, [{ id: 5, handle: 'ada.bsky.social', network: 'bluesky', status: 'expired' }]] })
    const { wrapper } = await mountWith(AccountsView)

    await button(wrapper.find('[data-account="ada.bsky.social"]'), 'Reconnect').trigger('click')
    await flushPromises()

    const form = wrapper.find('[data-direct=bluesky] form')
    expect(form.find('input[name=handle]').element.value).toBe('ada.bsky.social')
    expect(document.activeElement).toBe(form.find('input[name=password]').element)
    expect(calls.map((call) => call.key)).not.toContain('POST /social-accounts/')
  })

  it('names the network in the OAuth callback outcome and clears it from the address', async () => {
    serve({ 'GET /social-accounts/': [200, [{ id: 1, handle: 'old', network: 'linkedin', status: 'expired' }]] })
    const { wrapper, router } = await mountWith(AccountsView, { query: { error: 'invalid_state', message: 'The connect link is not valid.', network: 'x' } })

    expect(useToasts().items.map((toast) => toast.message)).toEqual(['X (Twitter): The connect link is not valid.'])
    expect(router.currentRoute.value.query).toEqual({})
    const account = wrapper.find('[data-account=old]')
    expect(account.text()).toContain('LinkedIn')
    expect(button(account, 'Reconnect')).toBeTruthy()
  })

  it('reconnects an expired OAuth account through its authorize flow', async () => {
    const assign = vi.fn()
    vi.stubGlobal('location', { ...window.location, assign })
    const calls = serve({
      'GET /social-accounts/': [200, [{ id: 1, handle: 'old', network: 'linkedin', status: 'expired', status_reason: 'The token expired.' }]],
      'GET /social-accounts/connect/linkedin/': [200, { authorize_url: 'https://example.com/authorize' }],
    })
    const { wrapper } = await mountWith(AccountsView)
    await button(wrapper.find('[data-account=old]'), 'Reconnect').trigger('click')
    await flushPromises()
    expect(calls.map((call) => call.key)).toContain('GET /social-accounts/connect/linkedin/')
    expect(assign).toHaveBeenCalledWith('https://example.com/authorize')
    vi.unstubAllGlobals()
  })

  it("retries an account's failed posts and says how many went back in line", async () => {
    const calls = serve({
      'GET /social-accounts/': [200, [{ id: 3, handle: 'demo-brand', network: 'sandbox', status: 'active' }]],
      'POST /deliveries/retry/': [200, { retried: [7, 8], needs_confirm: [9], account_inactive: [], not_retryable: [] }],
    })
    const { wrapper } = await mountWith(AccountsView)

    await button(wrapper.find('[data-account=demo-brand]'), 'Retry failed posts').trigger('click')
    await flushPromises()

    expect(calls.find((call) => call.key === 'POST /deliveries/retry/').body).toEqual({ account: 3 })
    expect(useToasts().items.map((toast) => toast.message)).toEqual([
      '@demo-brand: 2 retried, 1 with an unknown outcome left for you to check. Each goes out at its time, or now if that has passed.',
    ])
  })

  it('reconnects an expired account of a direct network by adding its handle again', async () => {
    let status = 'expired'
    const calls = serve({
      'GET /social-accounts/': () => [200, [{ id: 3, handle: 'demo-brand', network: 'sandbox', status }]],
      'POST /social-accounts/': () => {
        status = 'active'
        return [200, { id: 3, handle: 'demo-brand', network: 'sandbox', status }]
      },
    })
    const { wrapper } = await mountWith(AccountsView)
    const account = wrapper.find('[data-account=demo-brand]')
    expect(account.text()).toContain('Expired')
    await button(account, 'Reconnect').trigger('click')
    await flushPromises()
    expect(calls.find((call) => call.key === 'POST /social-accounts/').body).toEqual({ network: 'sandbox', handle: 'demo-brand' })
    expect(useToasts().items.map((toast) => toast.message)).toEqual(['@demo-brand reconnected: its waiting posts go out at their time.'])
    expect(wrapper.find('[data-account=demo-brand]').text()).toContain('Active')
    expect(button(wrapper.find('[data-account=demo-brand]'), 'Reconnect')).toBeFalsy()
  })

  it('connects on the instance a person types, with the API\'s error under the field', async () => {
    const assign = vi.fn()
    vi.stubGlobal('location', { ...window.location, assign })
    let answer = [400, { detail: 'Invalid input.', errors: { instance: ['The Mastodon server must be reached over https.'] } }]
    const calls = serve({
      'GET /social-accounts/': [200, []],
      'GET /social-accounts/connect/mastodon/': () => answer,
    })
    const { wrapper } = await mountWith(AccountsView)
    const form = wrapper.find('[data-connect-form=mastodon] form')
    const instance = form.find('input[name=instance]')
    expect(labelOf(form, instance)).toBe('Your Mastodon server')
    expect(form.text()).toContain('e.g. mastodon.social')

    await instance.setValue('  http://mastodon.example  ')
    await form.trigger('submit')
    await flushPromises()
    expect(calls.find((call) => call.key === 'GET /social-accounts/connect/mastodon/').params).toEqual({ instance: 'http://mastodon.example' })
    expect(form.find('[data-field-error]').text()).toBe('The Mastodon server must be reached over https.')
    expect(instance.attributes('aria-invalid')).toBe('true')
    expect(useToasts().items).toEqual([])

    answer = [200, { authorize_url: 'https://mastodon.example/oauth/authorize?client_id=c' }]
    await instance.setValue('mastodon.example')
    await form.trigger('submit')
    await flushPromises()
    expect(assign).toHaveBeenCalledWith('https://mastodon.example/oauth/authorize?client_id=c')
    expect(form.find('[data-field-error]').exists()).toBe(false)
    vi.unstubAllGlobals()
  })

  it('reconnects an expired Mastodon account on its own instance', async () => {
    const assign = vi.fn()
    vi.stubGlobal('location', { ...window.location, assign })
    const account = { id: 5, handle: 'ada@mastodon.example', network: 'mastodon', status: 'expired', options: { instance: 'https://mastodon.example', account_id: '1' } }
    const calls = serve({
      'GET /social-accounts/': [200, [account]],
      'GET /social-accounts/connect/mastodon/': [200, { authorize_url: 'https://mastodon.example/oauth/authorize' }],
    })
    const { wrapper } = await mountWith(AccountsView)
    await button(wrapper.find('[data-account="ada@mastodon.example"]'), 'Reconnect').trigger('click')
    await flushPromises()
    expect(calls.find((call) => call.key === 'GET /social-accounts/connect/mastodon/').params).toEqual({ instance: 'https://mastodon.example' })
    expect(assign).toHaveBeenCalledWith('https://mastodon.example/oauth/authorize')
    vi.unstubAllGlobals()
  })

  it('says what an admin must set when an expired account\'s network is not configured', async () => {
    const unconfigured = specs.map((n) => (n.name === 'x' ? { ...n, configured: false, configure_hint: 'Set X_CLIENT_ID and X_CLIENT_SECRET.' } : n))
    serve({
      'GET /networks/': [200, unconfigured],
      'GET /social-accounts/': [200, [{ id: 2, handle: 'xbrand', network: 'x', status: 'expired' }, { id: 4, handle: 'fine', network: 'linkedin', status: 'active' }]],
    })
    const { wrapper } = await mountWith(AccountsView)
    const account = wrapper.find('[data-account=xbrand]')
    expect(button(account, 'Reconnect')).toBeFalsy()
    expect(account.find('[data-reconnect-blocked]').text()).toContain('Set X_CLIENT_ID and X_CLIENT_SECRET.')
    expect(button(wrapper.find('[data-account=fine]'), 'Reconnect')).toBeFalsy() // active: nothing to reconnect
  })
})

describe('CaptionView', () => {
  it('lists the caption targets and preselects the two with the tightest limits', async () => {
    const calls = serve({
      'GET /trends/': [200, { results: [] }],
      'GET /captions/': [200, { results: [] }],
      // Queued (202), then written by the worker: the page follows the request until it ends.
      'POST /captions/': [202, { id: 5, status: 'pending', variants: [] }],
      'GET /captions/5/': [200, { id: 5, status: 'succeeded', model: 'offline', offline: true, variants: [{ network: 'x', text: 'Hi #a', length: 5 }] }],
    })
    const { wrapper } = await mountWith(CaptionView)

    const boxes = wrapper.findAll('input[type=checkbox][value]').filter((box) => !box.element.closest('[data-trend-choice]'))
    expect(boxes.map((box) => [box.element.value, box.element.parentElement.textContent.trim(), box.element.checked])).toEqual([
      ['instagram', 'Instagram', false],
      ['facebook', 'Facebook Pages', false],
      ['threads', 'Threads', false],
      ['linkedin', 'LinkedIn', false],
      ['x', 'X (Twitter)', true],
      ['reddit', 'Reddit', false],
      ['bluesky', 'Bluesky', true],
      ['mastodon', 'Mastodon', false],
    ])

    await wrapper.find('textarea[name=topic]').setValue('Coffee')
    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(wrapper.find('[data-variant=x]').exists()).toBe(true), { timeout: 3000 })
    expect(calls.find((call) => call.key === 'POST /captions/').body.networks).toEqual(['x', 'bluesky'])
    const variant = wrapper.find('[data-variant=x]')
    expect(variant.find('h3').text()).toBe('X (Twitter)')
    expect(variant.find('[data-counter=x]').text()).toContain('5 / 280')
  })

  it('says why when the worker could not write the captions', async () => {
    serve({
      'GET /trends/': [200, { results: [] }],
      'GET /captions/': [200, { results: [] }],
      'POST /captions/': [202, { id: 6, status: 'pending', variants: [] }],
      'GET /captions/6/': [200, { id: 6, status: 'failed', error: 'The caption model could not be reached.', variants: [] }],
    })
    const { wrapper } = await mountWith(CaptionView)

    await wrapper.find('textarea[name=topic]').setValue('Coffee')
    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(useToasts().items.map((toast) => toast.message)).toEqual(['The caption model could not be reached.']), { timeout: 3000 })
    expect(wrapper.find('[data-variant]').exists()).toBe(false)
  })
})

describe('TrendsView', () => {
  it('filters by the networks that are trend sources, with their trend labels', async () => {
    vi.stubGlobal('ResizeObserver', class { observe() {} unobserve() {} disconnect() {} })
    serve({ 'GET /trends/': [200, { count: 1, next: null, previous: null, results: [{ id: 1, title: 'Coffee', source: 'google', score: 50 }] }] })
    const { wrapper } = await mountWith(TrendsView, { path: '/trends', query: { source: 'sandbox' } })

    const select = wrapper.find('select[name=source]')
    expect(select.findAll('option').map((option) => [option.element.value, option.text()])).toEqual([
      ['', 'All sources'],
      ['sandbox', 'Sandbox (demo data)'],
      ['x', 'X'],
      ['reddit', 'Reddit'],
      ['mastodon', 'Mastodon'],
      ['google', 'Google Trends'],
    ])
    expect(select.element.value).toBe('sandbox')
    expect(wrapper.find('[data-trend=Coffee]').text()).toContain('Google Trends')
    vi.unstubAllGlobals()
  })
})
