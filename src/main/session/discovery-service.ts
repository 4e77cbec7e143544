import type { DiscoverySnapshot } from '../../shared/discovery'

/** What the bridge needs of LAN discovery (src/main/discovery/browse.ts). */
export interface DiscoveryPort {
  snapshot(): DiscoverySnapshot
  onChange(listener: (snapshot: DiscoverySnapshot) => void): () => void
  /** Re-evaluates which hosts were joined before (after a join pinned one). */
  refresh(): void
  stop(): Promise<void>
}

/**
 * Discovery started on first use: an app that never shows the start screen (a hosting session
 * restored, a test) never opens the mDNS socket. Changes reach `onChange` listeners registered
 * before or after it starts.
 */
export function createLazyDiscovery(start: () => DiscoveryPort): DiscoveryPort {
  let running: DiscoveryPort | null = null
  const listeners = new Set<(snapshot: DiscoverySnapshot) => void>()
  const get = (): DiscoveryPort => {
    if (!running) {
      running = start()
      running.onChange((snapshot) => {
        for (const listener of listeners) listener(snapshot)
      })
    }
    return running
  }
  return {
    snapshot: () => get().snapshot(),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    refresh: () => running?.refresh(),
    async stop() {
      const stopping = running
      running = null
      await stopping?.stop()
    }
  }
}
