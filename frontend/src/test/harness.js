// Mounting a page or component against a fake API: GET /networks/ answers the
// fixture unless told otherwise, every other route comes from `routes`.
import axios from 'axios'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { http } from '../api/http'
import { useAuth } from '../stores/auth'
import specs from './networks-fixture.json'

export { specs }

export function serve(routes = {}) {
  const calls = []
  http.defaults.adapter = async (config) => {
    const key = `${config.method.toUpperCase()} ${config.url}`
    calls.push({ key, body: config.data ? JSON.parse(config.data) : undefined, params: config.params })
    const answer = routes[key] ?? (key === 'GET /networks/' ? [200, specs] : [404, { detail: `No fake for ${key}.` }])
    const [status, data] = typeof answer === 'function' ? answer(config) : answer
    const response = { status, data, headers: {}, config }
    if (status >= 400) throw new axios.AxiosError('error', 'ERR_BAD_REQUEST', config, null, response)
    return response
  }
  return calls
}

const Blank = { template: '<div />' }

export async function mountWith(component, { props = {}, query = {}, path = '/page' } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuth(pinia).user = { id: 1, email: 'a@example.com', name: 'A', timezone: 'Europe/Paris', role: 'user' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/page', name: 'page', component: Blank },
      ...['accounts', 'upload', 'schedule', 'caption', 'trends', 'post', 'notifications'].map((name) => ({ path: `/${name}`, name, component: Blank })),
    ],
  })
  await router.push({ path, query })
  await router.isReady()
  const wrapper = mount(component, { props, global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, pinia }
}

/** A control's label text, as a person (or Playwright's getByLabel) reads it. */
export function labelOf(wrapper, control) {
  const id = control.attributes('id')
  return wrapper.find(`label[for="${id}"]`).text()
}
