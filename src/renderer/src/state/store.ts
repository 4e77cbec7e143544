/**
 * The smallest store: one reducer, state read synchronously. The chat's side effects (read
 * markers, notifications) decide on the state the reducer produced, never on a copy that a render
 * has yet to catch up with; React reads it through useSyncExternalStore.
 */
export interface Store<S, A> {
  getState(): S
  dispatch(action: A): void
  /** Called after every dispatch that changed the state; returns a function that unsubscribes. */
  subscribe(listener: () => void): () => void
}

export function createStore<S, A>(reducer: (state: S, action: A) => S, initial: S): Store<S, A> {
  let state = initial
  const listeners = new Set<() => void>()
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action)
      if (next === state) return
      state = next
      for (const listener of [...listeners]) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    }
  }
}
