import { AxiosError } from 'axios'
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
  // jsdom lays nothing out; record what the composer brings into view.
  Element.prototype.scrollIntoView = function scrollIntoView() { scrolledTo.push(this) }
})
const scrolledTo = []
afterEach(() => (scrolledTo.length = 0))
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
      'POST /posts/': [400, { detail: 'Invalid.', errors: { 'options.1.subreddit': ['r/nowhere does not exist.'], 'options.9.title': ['Stray.'] } }],
    })
    await accountBox(wrapper, 'brand').setValue(true)
    await accountBox(wrapper, 'brand-in').setValue(true)
    await wrapper.find('textarea[name=caption]').setValue('Hello')
    const [subredditInput, titleInput] = wrapper.find('[data-options="1"]').findAll('input')
    await subredditInput.setValue('nowhere')
    await titleInput.setValue('A title')
    await wrapper.find('[data-options="2"] select').setValue('CONNECTIONS')
    await wrapper.find('input[name=when][value=now]').setValue(true)
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    const body = calls.find((call) => call.key === 'POST /posts/').body
    expect(body.options).toEqual({ 1: { subreddit: 'nowhere', title: 'A title' }, 2: { visibility: 'CONNECTIONS' } })
    const subreddit = wrapper.find('[data-options="1"] input')
    expect(subreddit.attributes('aria-invalid')).toBe('true')
    expect(wrapper.find('[data-options="1"]').text()).toContain('r/nowhere does not exist.')
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

describe('PostComposer checks before sending', () => {
  const fieldOf = (wrapper, control) => control.element.closest('.space-y-1')
  const submit = async (wrapper) => {
    await wrapper.find('form').trigger('submit')
    await flushPromises()
  }

  it('says a missing date next to the date, sends nothing and never blames the network', async () => {
    const { wrapper, calls } = await open()
    await accountBox(wrapper, 'brand-in').setValue(true)
    await wrapper.find('textarea[name=caption]').setValue('Hello')
    await wrapper.find('input[name=date]').setValue('')
    await submit(wrapper)

    const date = wrapper.find('input[name=date]')
    expect(date.attributes('aria-invalid')).toBe('true')
    expect(fieldOf(wrapper, date).textContent).toContain('Choose a date, or save the post as a draft.')
    expect(wrapper.text()).not.toContain('Cannot reach the server')
    expect(calls.some((call) => call.key === 'POST /posts/')).toBe(false)
    // The first field at fault is brought into view and focused.
    expect(scrolledTo[0]).toBe(date.element)
    expect(document.activeElement).toBe(date.element)
  })

  it('marks each field at fault from the networks\' rules, in place', async () => {
    const { wrapper, calls } = await open({ 'GET /social-accounts/': [200, [...ACCOUNTS, { id: 4, handle: 'brand-ig', network: 'instagram', status: 'active' }]] })
    await submit(wrapper)
    expect(wrapper.find('fieldset').text()).toContain('Choose at least one account.')

    await accountBox(wrapper, 'brand').setValue(true)
    await accountBox(wrapper, 'brand-x').setValue(true)
    await accountBox(wrapper, 'brand-ig').setValue(true)
    await wrapper.find('textarea[name=caption]').setValue('x'.repeat(281))
    await submit(wrapper)

    const caption = wrapper.find('textarea[name=caption]')
    expect(caption.attributes('aria-invalid')).toBe('true')
    expect(fieldOf(wrapper, caption).textContent).toContain('X (Twitter) allows 280 characters; this text counts 281.')
    expect(wrapper.text()).toContain('Instagram needs at least one media item.')
    const [subreddit, title] = wrapper.find('[data-options="1"]').findAll('input')
    expect(subreddit.attributes('aria-invalid')).toBe('true')
    expect(fieldOf(wrapper, subreddit).textContent).toContain('Subreddit is required for @brand.')
    expect(title.attributes('aria-invalid')).toBe('true')
    expect(wrapper.find('[data-testid=composer-error]').text()).toBe('Please fix what is marked below.')
    expect(scrolledTo.at(-1)).toBe(caption.element)
    expect(calls.some((call) => call.key === 'POST /posts/')).toBe(false)
  })

  it('refuses a time that has passed, naming the time', async () => {
    const { wrapper } = await open()
    await accountBox(wrapper, 'brand-in').setValue(true)
    await wrapper.find('textarea[name=caption]').setValue('Hello')
    await wrapper.find('input[name=date]').setValue('2020-01-01')
    await submit(wrapper)
    expect(fieldOf(wrapper, wrapper.find('input[name=date]')).textContent).toContain('This time has passed')
  })

  it('saves a draft without a time, and says "Cannot reach the server." only when it cannot', async () => {
    let down = true
    const { wrapper, calls } = await open({
      'POST /posts/': (config) => {
        if (down) throw new AxiosError('Network Error', 'ERR_NETWORK', config, {})
        return [201, { id: 9, status: 'draft', scheduled_at: null }]
      },
    })
    await accountBox(wrapper, 'brand-in').setValue(true)
    await wrapper.find('textarea[name=caption]').setValue('An idea')
    await wrapper.find('input[name=when][value=draft]').setValue(true)
    expect(wrapper.find('input[name=date]').exists()).toBe(false)
    expect(wrapper.find('button[type=submit]').text()).toBe('Save draft')
    await submit(wrapper)
    expect(wrapper.find('[data-testid=composer-error]').text()).toContain('Cannot reach the server.')

    down = false
    await submit(wrapper)
    const sent = calls.filter((call) => call.key === 'POST /posts/').at(-1).body
    expect(sent).toMatchObject({ caption: 'An idea', account_ids: [2], scheduled_at: null, publish_now: false })
    expect(wrapper.emitted('saved')[0][0]).toMatchObject({ id: 9, status: 'draft' })
  })
})

describe('PostComposer editing a post', () => {
  const SCHEDULED = {
    id: 7,
    caption: 'Autumn launch',
    scheduled_at: '2099-03-01T09:30:00Z',
    status: 'scheduled',
    media: [{ id: 21, kind: 'image', url: '/media/a.png', original_name: 'a.png' }],
    deliveries: [
      { id: 1, account: { id: 1, handle: 'brand', network: 'reddit' }, caption: '', options: { subreddit: 'coffee', title: 'New beans' }, status: 'pending', attempts: 0 },
      { id: 2, account: { id: 3, handle: 'brand-x', network: 'x' }, caption: 'Short for X', options: {}, status: 'pending', attempts: 0 },
    ],
  }
  const MEDIA = [{ id: 21, kind: 'image', url: '/media/a.png', original_name: 'a.png' }, { id: 22, kind: 'image', url: '/media/b.png', original_name: 'b.png' }]

  async function edit(post = SCHEDULED, routes = {}) {
    const calls = serve({ 'GET /social-accounts/': [200, ACCOUNTS], 'GET /media/': [200, MEDIA], ...routes })
    const { wrapper } = await mountWith(PostComposer, { props: { post } })
    return { wrapper, calls }
  }

  it('opens with everything the post has, in the user\'s timezone', async () => {
    const { wrapper } = await edit()
    expect(wrapper.find('h2').text()).toBe('Edit post')
    expect(wrapper.find('textarea[name=caption]').element.value).toBe('Autumn launch')
    expect(accountBox(wrapper, 'brand').element.checked).toBe(true)
    expect(accountBox(wrapper, 'brand-x').element.checked).toBe(true)
    expect(accountBox(wrapper, 'brand-in').element.checked).toBe(false)
    expect(wrapper.find('[aria-label="Attach a.png"]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.find('[data-options="1"]').findAll('input').map((input) => input.element.value)).toEqual(['coffee', 'New beans', ''])
    expect(wrapper.findAll('textarea').map((area) => area.element.value)).toContain('Short for X')
    // 09:30 UTC is 10:30 in Paris (winter time).
    expect(wrapper.find('input[name=date]').element.value).toBe('2099-03-01')
    expect(wrapper.find('input[name=time]').element.value).toBe('10:30:00')
    expect(wrapper.find('button[type=submit]').text()).toBe('Save changes')
  })

  it('sends the changes as a PATCH of the post, accounts added and removed', async () => {
    const { wrapper, calls } = await edit(SCHEDULED, { 'PATCH /posts/7/': [200, { ...SCHEDULED, caption: 'Edited' }] })
    await wrapper.find('textarea[name=caption]').setValue('Edited')
    await accountBox(wrapper, 'brand').setValue(false)
    await accountBox(wrapper, 'brand-in').setValue(true)
    await wrapper.find('[aria-label="Attach b.png"]').trigger('click')
    await wrapper.find('input[name=time]').setValue('11:00:00')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    const patch = calls.find((call) => call.key === 'PATCH /posts/7/')
    expect(patch.body).toEqual({
      caption: 'Edited',
      media_ids: [21, 22],
      account_ids: [3, 2],
      variants: { 3: 'Short for X' },
      options: { 2: { visibility: 'PUBLIC' } },
      scheduled_at: '2099-03-01T10:00:00.000Z',
    })
    expect(calls.some((call) => call.key.startsWith('POST'))).toBe(false)
    expect(wrapper.emitted('saved')[0][1]).toEqual({ publishNow: false, edited: true })
  })

  it('keeps the server\'s refusal in sight', async () => {
    const { wrapper } = await edit(SCHEDULED, {
      'PATCH /posts/7/': [409, { detail: 'Publishing has started or ended for this post; it can no longer be changed.', errors: {} }],
    })
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const alert = wrapper.find('[data-testid=composer-error]')
    expect(alert.text()).toBe('Publishing has started or ended for this post; it can no longer be changed.')
    expect(scrolledTo[0]).toBe(alert.element)
  })

  it('schedules a draft', async () => {
    const draft = { ...SCHEDULED, scheduled_at: null, status: 'draft' }
    const { wrapper, calls } = await edit(draft, { 'PATCH /posts/7/': [200, { ...draft, status: 'scheduled' }] })
    expect(wrapper.find('h2').text()).toBe('Edit draft')
    expect(wrapper.find('input[name=when][value=draft]').element.checked).toBe(true)
    await wrapper.find('input[name=when][value=schedule]').setValue(true)
    await wrapper.find('input[name=date]').setValue('2099-05-01')
    await wrapper.find('input[name=time]').setValue('08:00:00')
    expect(wrapper.find('button[type=submit]').text()).toBe('Schedule')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    // 08:00 in Paris in May (summer time) is 06:00 UTC.
    expect(calls.find((call) => call.key === 'PATCH /posts/7/').body.scheduled_at).toBe('2099-05-01T06:00:00.000Z')
  })
})

describe('PostComposer publishing an edited post now', () => {
  it('saves the edit, keeping its time, then asks to publish it now', async () => {
    const post = {
      id: 8,
      caption: 'Soon',
      scheduled_at: '2099-03-01T09:30:00Z',
      status: 'scheduled',
      media: [],
      deliveries: [{ id: 1, account: { id: 2, handle: 'brand-in', network: 'linkedin' }, caption: '', options: { visibility: 'PUBLIC' }, status: 'pending', attempts: 0 }],
    }
    const calls = serve({
      'GET /social-accounts/': [200, ACCOUNTS],
      'GET /media/': [200, []],
      'PATCH /posts/8/': [200, post],
      'POST /posts/8/publish-now/': [200, { ...post, status: 'publishing' }],
    })
    const { wrapper } = await mountWith(PostComposer, { props: { post } })
    await wrapper.find('input[name=when][value=now]').setValue(true)
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(calls.map((call) => call.key).filter((key) => !key.startsWith('GET'))).toEqual(['PATCH /posts/8/', 'POST /posts/8/publish-now/'])
    expect(calls.find((call) => call.key === 'PATCH /posts/8/').body).not.toHaveProperty('scheduled_at')
    expect(wrapper.emitted('saved')[0]).toEqual([{ ...post, status: 'publishing' }, { publishNow: true, edited: true }])
  })
})
