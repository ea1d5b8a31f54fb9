import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import PostComposer from './PostComposer.vue'
import { labelOf, mountWith, serve, specs } from '../test/harness'

const ACCOUNTS = [
  { id: 1, handle: 'brand', network: 'reddit', status: 'active' },
  { id: 2, handle: 'brand-in', network: 'linkedin', status: 'active' },
  { id: 3, handle: 'brand-x', network: 'x', status: 'active' },
]

beforeAll(() => {
  // jsdom has <dialog> without its modal methods.
  HTMLDialogElement.prototype.showModal ??= function showModal() { this.open = true }
  HTMLDialogElement.prototype.close ??= function close() { this.open = false }
})
afterEach(() => (document.body.innerHTML = ''))

async function open(routes = {}) {
  const calls = serve({ 'GET /social-accounts/': [200, ACCOUNTS], 'GET /media/': [200, []], ...routes })
  const { wrapper } = await mountWith(PostComposer)
  return { wrapper, calls }
}
const accountBox = (wrapper, handle) => wrapper.findAll('input[type=checkbox]').find((box) => box.element.parentElement.textContent.includes(`@${handle} `))

describe('PostComposer per-account options from the network specs', () => {
  it('labels accounts and counts the caption per selected network', async () => {
    const { wrapper } = await open()
    expect(wrapper.text()).toContain('@brand-x X (Twitter)')
    await accountBox(wrapper, 'brand-x').setValue(true)
    await wrapper.find('textarea[name=caption]').setValue('日'.repeat(141))
    const counter = wrapper.find('[data-counter=x]')
    expect(counter.text()).toContain('X (Twitter): 282 / 280')
    expect(counter.attributes('data-ok')).toBe('false')
  })

  it('renders each option of a selected account with its label, hint, default and kind', async () => {
    const { wrapper } = await open()
    await accountBox(wrapper, 'brand').setValue(true)
    await accountBox(wrapper, 'brand-in').setValue(true)
    await accountBox(wrapper, 'brand-x').setValue(true)

    const reddit = wrapper.find('[data-options="1"]')
    const [subreddit, title, url] = reddit.findAll('input')
    expect(labelOf(reddit, subreddit)).toBe('Subreddit')
    expect(reddit.text()).toContain('Without r/')
    expect(labelOf(reddit, title)).toBe('Title (0 / 300)')
    await title.setValue('Hello 😀')
    expect(labelOf(reddit, title)).toBe('Title (7 / 300)')
    expect(labelOf(reddit, url)).toBe('Link (optional)')
    expect(url.attributes('type')).toBe('url')
    expect(reddit.text()).toContain('A link post carries no media')

    const linkedin = wrapper.find('[data-options="2"]')
    const select = linkedin.find('select')
    expect(labelOf(linkedin, select)).toBe('Visibility')
    expect(select.element.value).toBe('PUBLIC')
    expect(select.findAll('option').map((option) => option.text())).toEqual(['Public', 'Connections only', 'Signed-in LinkedIn members'])

    expect(wrapper.find('[data-options="3"]').exists()).toBe(false)
  })

  it('sends the options (an empty optional one left out) and shows their field errors in place', async () => {
    const { wrapper, calls } = await open({
      'POST /posts/': [400, { detail: 'Invalid.', errors: { 'options.1.subreddit': ['This field is required.'], 'options.9.title': ['Stray.'] } }],
    })
    await accountBox(wrapper, 'brand').setValue(true)
    await accountBox(wrapper, 'brand-in').setValue(true)
    await wrapper.find('[data-options="1"]').findAll('input')[1].setValue('A title')
    await wrapper.find('[data-options="2"] select').setValue('CONNECTIONS')
    await wrapper.find('input[name=publish_now]').setValue(true)
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    const body = calls.find((call) => call.key === 'POST /posts/').body
    expect(body.options).toEqual({ 1: { subreddit: '', title: 'A title' }, 2: { visibility: 'CONNECTIONS' } })
    const subreddit = wrapper.find('[data-options="1"] input')
    expect(subreddit.attributes('aria-invalid')).toBe('true')
    expect(wrapper.find('[data-options="1"]').text()).toContain('This field is required.')
    // An error with no control of its own is listed at the top.
    expect(wrapper.find('[data-testid=composer-error]').text()).toContain('options.9.title: Stray.')
    expect(wrapper.find('[data-testid=composer-error]').text()).not.toContain('options.1.subreddit')
  })

  it('waits for the specs and offers a retry when they fail', async () => {
    let fail = true
    serve({
      'GET /social-accounts/': [200, ACCOUNTS],
      'GET /media/': [200, []],
      'GET /networks/': () => (fail ? [503, { detail: 'Down for a moment.' }] : [200, specs]),
    })
    const { wrapper } = await mountWith(PostComposer)
    expect(wrapper.find('[role=alert]').text()).toContain('Down for a moment.')
    expect(wrapper.find('textarea[name=caption]').exists()).toBe(false)
    expect(wrapper.find('button[type=submit]').attributes('disabled')).toBeDefined()

    fail = false
    await wrapper.findAll('button').find((button) => button.text() === 'Try again').trigger('click')
    await flushPromises()
    expect(wrapper.find('textarea[name=caption]').exists()).toBe(true)
  })
})
