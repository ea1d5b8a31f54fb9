import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useToasts } from './toasts'

describe('toasts', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('dismisses a success after five seconds and keeps errors longer', () => {
    const toasts = useToasts()
    toasts.success('Saved.')
    toasts.error('Failed.')

    vi.advanceTimersByTime(5000)
    expect(toasts.items.map((t) => t.message)).toEqual(['Failed.'])
    vi.advanceTimersByTime(3000)
    expect(toasts.items).toEqual([])
  })

  it('can be dismissed by hand', () => {
    const toasts = useToasts()
    const id = toasts.info('Hello')
    toasts.dismiss(id)
    expect(toasts.items).toEqual([])
  })
})
