import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import DraftsList from './DraftsList.vue'
import { mountWith, serve } from '../test/harness'

const DRAFT = {
  id: 5,
  caption: 'An idea for later',
  scheduled_at: null,
  status: 'draft',
  updated_at: '2030-01-02T10:00:00Z',
  media: [],
  deliveries: [{ id: 1, account: { id: 1, handle: 'brand', network: 'sandbox' }, caption: '', options: {} }],
}
const page = (results) => [200, { count: results.length, next: null, previous: null, results }]

afterEach(() => {
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

describe('DraftsList', () => {
  it('lists the drafts and hands one to the composer', async () => {
    const calls = serve({ 'GET /posts/': page([DRAFT]) })
    const { wrapper } = await mountWith(DraftsList)
    expect(calls.find((call) => call.key === 'GET /posts/')).toBeTruthy()
    const row = wrapper.find('[data-draft="5"]')
    expect(row.text()).toContain('An idea for later')
    expect(row.text()).toContain('@brand')
    await row.findAll('button').find((button) => button.text() === 'Edit').trigger('click')
    expect(wrapper.emitted('edit')[0][0]).toEqual(DRAFT)
  })

  it('deletes only after the person agrees', async () => {
    let drafts = [DRAFT]
    const calls = serve({
      'GET /posts/': () => page(drafts),
      'DELETE /posts/5/': () => {
        drafts = []
        return [204, null]
      },
    })
    const { wrapper } = await mountWith(DraftsList)
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true)
    const remove = () => wrapper.find('[aria-label="Delete draft 5"]').trigger('click')

    await remove()
    await flushPromises()
    expect(calls.some((call) => call.key === 'DELETE /posts/5/')).toBe(false)

    await remove()
    await flushPromises()
    expect(confirm.mock.calls[1][0]).toContain('cannot be brought back')
    expect(calls.some((call) => call.key === 'DELETE /posts/5/')).toBe(true)
    expect(wrapper.text()).toContain('No drafts.')
  })

  it('duplicates a draft into another one', async () => {
    let drafts = [DRAFT]
    const calls = serve({
      'GET /posts/': () => page(drafts),
      'POST /posts/5/duplicate/': () => {
        drafts = [{ ...DRAFT, id: 6 }, DRAFT]
        return [201, drafts[0]]
      },
    })
    const { wrapper } = await mountWith(DraftsList)
    await wrapper.find('[aria-label="Duplicate draft 5"]').trigger('click')
    await flushPromises()
    expect(calls.some((call) => call.key === 'POST /posts/5/duplicate/')).toBe(true)
    expect(wrapper.findAll('[data-draft]').map((row) => row.attributes('data-draft'))).toEqual(['6', '5'])
  })
})
