import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import AsyncState from './AsyncState.vue'

describe('AsyncState', () => {
  it('offers "Try again" for an error that may pass', () => {
    const wrapper = mount(AsyncState, { props: { error: 'The server had a problem.' } })
    expect(wrapper.find('[role=alert]').text()).toContain('Try again')
  })

  it('offers no "Try again" when retrying cannot help (a 404)', () => {
    const wrapper = mount(AsyncState, { props: { error: 'Not found.', retryable: false } })
    expect(wrapper.find('[role=alert]').text()).toContain('Not found.')
    expect(wrapper.find('button').exists()).toBe(false)
  })
})
