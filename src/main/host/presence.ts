import type { NoticeType } from '../../shared/models'

export interface PresenceOptions {
  /**
   * How long an identity whose last connection dropped still counts as online. A reconnect
   * inside this window (a network blip, a reloaded window) produces no leave/return notices.
   */
  graceMs: number
  onOnline(userId: string, notice: Extract<NoticeType, 'joined' | 'online'>): void
  onOffline(userId: string): void
}

/**
 * Who is online, counted by identity rather than by connection: an identity with two windows is
 * one person, online from its first connection until its last one is gone.
 */
export interface Presence {
  /**
   * A connection of the identity opened. The identity's first one (unless it comes back within
   * the grace period) calls `onOnline`, with "joined" when `firstEver`.
   */
  add(userId: string, connectionId: string, firstEver: boolean): void
  /**
   * A connection closed. When it was the identity's last one, `onOffline` follows after the grace
   * period, or at once when `immediately` (logout, removal, the host stopping).
   */
  remove(userId: string, connectionId: string, immediately: boolean): void
  /** True from the first connection until the grace period after the last one has passed. */
  isOnline(userId: string): boolean
  /** How many identities isOnline() holds for: what the LAN announcement says is online. */
  count(): number
  /** Drops pending timers without announcing anyone: the host is going away. */
  stop(): void
}

export function createPresence(options: PresenceOptions): Presence {
  const connections = new Map<string, Set<string>>()
  const pendingOffline = new Map<string, NodeJS.Timeout>()

  const goOffline = (userId: string): void => {
    pendingOffline.delete(userId)
    if (connections.has(userId)) return
    options.onOffline(userId)
  }

  return {
    add(userId: string, connectionId: string, firstEver: boolean): void {
      const pending = pendingOffline.get(userId)
      if (pending) {
        clearTimeout(pending)
        pendingOffline.delete(userId)
      }
      const set = connections.get(userId)
      if (set) {
        set.add(connectionId)
        return
      }
      connections.set(userId, new Set([connectionId]))
      // Still within the grace period: to everyone else this identity never left.
      if (pending) return
      options.onOnline(userId, firstEver ? 'joined' : 'online')
    },

    remove(userId: string, connectionId: string, immediately: boolean): void {
      const set = connections.get(userId)
      if (!set?.delete(connectionId) || set.size > 0) return
      connections.delete(userId)
      if (immediately || options.graceMs <= 0) {
        goOffline(userId)
        return
      }
      pendingOffline.set(
        userId,
        setTimeout(() => goOffline(userId), options.graceMs)
      )
    },

    isOnline(userId: string): boolean {
      return connections.has(userId) || pendingOffline.has(userId)
    },

    count(): number {
      // An identity is in one of the two at a time: add() clears its pending offline.
      return connections.size + pendingOffline.size
    },

    stop(): void {
      for (const timer of pendingOffline.values()) clearTimeout(timer)
      pendingOffline.clear()
      connections.clear()
    }
  }
}
