// The library's alt text: edited per item and saved through PATCH /media/{id}/.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import UploadView from './UploadView.vue'
import { useToasts } from '../stores/toasts'
import { mountWith, serve } from '../test/harness'

afterEach(() => (document.body.innerHTML = ''))

const item = { id: 3, url: '/media/a.jpg', original_name: 'cat.jpg', kind: 'image', mime_type: 'image/jpeg', alt_text: '' }

describe('UploadView alt text', () => {
  it('saves the alt text of a library item and shows the API\'s refusal under it', async () => {
    let answer = [400, { detail: 'Invalid input.', errors: { alt_text: ['Ensure this field has no more than 1500 characters.'] } }]
    const calls = serve({
      'GET /media/': [200, { count: 1, next: null, previous: null, results: [item] }],
      'PATCH /media/3/': () => answer,
    })
    const { wrapper } = await mountWith(UploadView)
    const form = wrapper.find('[data-media="cat.jpg"] form')
    const textarea = form.find('textarea')
    expect(wrapper.find(`label[for=${textarea.attributes('id')}]`).text()).toBe('Alt text for cat.jpg')
    expect(form.find('button').exists()).toBe(false) // nothing changed yet

    await textarea.setValue('A grey cat asleep')
    await form.trigger('submit')
    await flushPromises()
    expect(calls.find((call) => call.key === 'PATCH /media/3/').body).toEqual({ alt_text: 'A grey cat asleep' })
    expect(form.find('[data-field-error]').text()).toContain('1500 characters')

    answer = [200, { ...item, alt_text: 'A grey cat asleep' }]
    await form.trigger('submit')
    await flushPromises()
    expect(useToasts().items.map((toast) => toast.message)).toEqual(['Alt text saved.'])
    expect(form.find('button').exists()).toBe(false)
    expect(textarea.element.value).toBe('A grey cat asleep')
  })
})
