// The picker after a sign-in that offered several accounts: what it shows, what it posts.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import ConnectChooser from './ConnectChooser.vue'
import { useToasts } from '../stores/toasts'
import { mountWith, serve } from '../test/harness'

const ID = '6f1c0e1e-0000-4000-8000-000000000001'
const URL = `/social-accounts/pending/${ID}/`
const PENDING = {
  id: ID,
  network: 'linkedin',
  signed_in_as: 'Ada Lovelace',
  expires_at: '2030-01-01T10:00:00Z',
  choices: [
    { remote_id: 'urn:li:person:1', handle: 'Ada Lovelace', display_name: 'Ada Lovelace', avatar_url: '', kind: 'Profile', connected: true },
    { remote_id: 'urn:li:organization:2', handle: 'engines', display_name: 'Analytical Engines', avatar_url: '', kind: 'Page', connected: false },
  ],
}

afterEach(() => {
  document.body.innerHTML = ''
})

const box = (wrapper, remoteId) => wrapper.find(`[data-choice="${remoteId}"] input`)

describe('ConnectChooser', () => {
  it('lists the choices with what each is, the new ones ticked, and posts the ticked ones', async () => {
    const calls = serve({
      [`GET ${URL}`]: [200, PENDING],
      [`POST ${URL}`]: [201, [{ id: 3, handle: 'engines', display_name: 'Analytical Engines' }]],
    })
    const { wrapper } = await mountWith(ConnectChooser, { props: { pendingId: ID } })

    expect(wrapper.text()).toContain('Signed in as Ada Lovelace')
    expect(wrapper.find('[data-choice="urn:li:person:1"]').text()).toContain('Profile · already connected')
    expect(box(wrapper, 'urn:li:person:1').element.checked).toBe(false)
    expect(box(wrapper, 'urn:li:organization:2').element.checked).toBe(true)

    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(calls.find((call) => call.key === `POST ${URL}`).body).toEqual({ remote_ids: ['urn:li:organization:2'] })
    expect(useToasts().items.map((toast) => toast.message)).toEqual(['LinkedIn: Analytical Engines connected.'])
    expect(wrapper.emitted('done')[0][0]).toHaveLength(1)
  })

  it('asks for at least one choice before posting anything', async () => {
    const calls = serve({ [`GET ${URL}`]: [200, PENDING] })
    const { wrapper } = await mountWith(ConnectChooser, { props: { pendingId: ID } })

    await box(wrapper, 'urn:li:organization:2').setValue(false)
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(wrapper.find('[role=alert]').text()).toBe('Choose at least one account to connect.')
    expect(calls.some((call) => call.key.startsWith('POST'))).toBe(false)
  })

  it("shows the server's refusal next to the list", async () => {
    serve({
      [`GET ${URL}`]: [200, PENDING],
      [`POST ${URL}`]: [400, { detail: 'Invalid input.', errors: { remote_ids: ['Not among the accounts this sign-in offered: x.'] } }],
    })
    const { wrapper } = await mountWith(ConnectChooser, { props: { pendingId: ID } })

    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(wrapper.find('[role=alert]').text()).toBe('Not among the accounts this sign-in offered: x.')
    expect(wrapper.emitted('done')).toBeUndefined()
  })

  it('says so when the choice expired, and cancelling deletes it', async () => {
    serve({ [`GET ${URL}`]: [404, { detail: 'This choice of accounts expired or was already made. Connect again.' }] })
    const expired = await mountWith(ConnectChooser, { props: { pendingId: ID } })
    expect(expired.wrapper.find('[role=alert]').text()).toContain('expired or was already made')

    const calls = serve({ [`GET ${URL}`]: [200, PENDING], [`DELETE ${URL}`]: [204, ''] })
    const { wrapper } = await mountWith(ConnectChooser, { props: { pendingId: ID } })
    await wrapper.findAll('button').find((b) => b.text().includes('Cancel')).trigger('click')
    await flushPromises()

    expect(calls.map((call) => call.key)).toContain(`DELETE ${URL}`)
    expect(wrapper.emitted('done')[0][0]).toEqual([])
  })
})
