import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { failedRoute, isChunkLoadError, reloadFailedRoute, reportChunkError } from './chunks'

afterEach(() => {
  failedRoute.value = ''
})

describe('chunk load failures', () => {
  it('recognises each browser\'s wording of a failed dynamic import', () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: http://x/assets/TrendsView-1.js'))).toBe(true)
    expect(isChunkLoadError(new TypeError('error loading dynamically imported module'))).toBe(true)
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true)
    expect(isChunkLoadError(new Error('Unable to preload CSS for /assets/x.css'))).toBe(true)
    expect(isChunkLoadError(new Error('Cannot read properties of undefined'))).toBe(false)
    expect(isChunkLoadError(undefined)).toBe(false)
  })

  it('remembers the route that failed, and a reload goes there', () => {
    expect(reportChunkError(new Error('boom'), { fullPath: '/trends' })).toBe(false)
    expect(failedRoute.value).toBe('')
    expect(reportChunkError(new TypeError('Failed to fetch dynamically imported module: x'), { fullPath: '/trends?x=1' })).toBe(true)
    expect(failedRoute.value).toBe('/trends?x=1')
    const location = { pathname: '/', assign: vi.fn() }
    reloadFailedRoute(location)
    expect(location.assign).toHaveBeenCalledWith('/trends?x=1')
  })

  it('is reported by the app router when a page\'s code fails to load', async () => {
    const { installGuards } = await import('../router')
    const { createPinia } = await import('pinia')
    const pinia = createPinia()
    const { useAuth } = await import('../stores/auth')
    const auth = useAuth(pinia)
    auth.bootstrap = async () => {}
    auth.user = { id: 1 }
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div />' } },
        { path: '/trends', component: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/TrendsView-1.js')) },
      ],
    })
    installGuards(router, pinia)
    await router.push('/')
    await router.push('/trends').catch(() => {})
    expect(failedRoute.value).toBe('/trends')
    expect(router.currentRoute.value.fullPath).toBe('/')
  })
})
