import { describe, expect, it, vi } from 'vitest'
import { createStore } from '../../src/renderer/src/state/store'

describe('store', () => {
  it('reduces at once and tells subscribers only when the state changed', () => {
    const store = createStore((n: number, by: number) => n + by, 1)
    const listener = vi.fn()
    const unsubscribe = store.subscribe(listener)
    store.dispatch(2)
    expect(store.getState()).toBe(3)
    store.dispatch(0)
    expect(listener).toHaveBeenCalledTimes(1)
    unsubscribe()
    store.dispatch(1)
    expect(store.getState()).toBe(4)
    expect(listener).toHaveBeenCalledTimes(1)
  })
})
