import type { PresenceStatus } from '../../shared/models'

/**
 * What each identity says of itself (status:set), in memory only: a status is about being here
 * now, so it lasts while the identity is online and goes with its last connection. Only
 * identities that are online and not "available" take room, so it is bounded by who is online.
 */
export interface StatusBook {
  /** The identity's status; "available" when it set none (or is offline). */
  of(userId: string): PresenceStatus
  /** Sets it; false when it already was that (nothing to tell anyone). */
  set(userId: string, status: PresenceStatus): boolean
  /** The identity went offline: it is "available" again when it comes back. */
  forget(userId: string): void
}

export function createStatusBook(): StatusBook {
  const statuses = new Map<string, Exclude<PresenceStatus, 'available'>>()
  return {
    of: (userId) => statuses.get(userId) ?? 'available',
    set(userId, status) {
      if ((statuses.get(userId) ?? 'available') === status) return false
      if (status === 'available') statuses.delete(userId)
      else statuses.set(userId, status)
      return true
    },
    forget(userId) {
      statuses.delete(userId)
    }
  }
}
