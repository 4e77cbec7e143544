import type { Member, PresenceChange, UserRef } from '../../shared/models'

export interface RosterOptions {
  /** How long changes are gathered before one push; 0 pushes on the next tick. */
  batchMs: number
  /** The truth at push time, so a batch always says how things are, not how they went. */
  user(userId: string): UserRef | null
  isOnline(userId: string): boolean
  isMember(roomId: string, userId: string): boolean
  pushMembers(roomId: string, joined: Member[], left: string[]): void
  pushPresence(changes: PresenceChange[]): void
}

/**
 * Who is in which room and who is online, told as changes gathered over a short window: a
 * classroom arriving at once costs each client a few small pushes a second, never a full member
 * list per arrival. Each batch holds every identity at most once, with its state when the batch
 * goes out, so "left then joined" inside one window simply reads "joined"; the member changes of
 * a batch go out before its presence, so a client hears of a member before it hears of them
 * going online or offline.
 */
export interface Roster {
  /** Someone joined or left a room (the batch reads which from the store). */
  memberChanged(roomId: string, userId: string): void
  /** Someone came online, went offline or changed nickname. */
  presenceChanged(userId: string): void
  /** Pushes what is gathered now (the host is stopping, or a test wants it). */
  flush(): void
  /** Drops the timer; later changes are ignored. */
  stop(): void
}

export function createRoster(options: RosterOptions): Roster {
  // Insertion-ordered: the oldest change first.
  const rooms = new Map<string, Set<string>>()
  const presence = new Set<string>()
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  const schedule = (): void => {
    if (timer) return
    timer = setTimeout(flush, options.batchMs)
  }

  function flush(): void {
    if (timer) clearTimeout(timer)
    timer = null
    for (const [roomId, userIds] of rooms) {
      const joined: Member[] = []
      const left: string[] = []
      for (const userId of userIds) {
        const user = options.isMember(roomId, userId) ? options.user(userId) : null
        if (user) joined.push({ ...user, online: options.isOnline(userId) })
        else left.push(userId)
      }
      options.pushMembers(roomId, joined, left)
    }
    rooms.clear()
    const changes: PresenceChange[] = []
    for (const userId of presence) {
      const user = options.user(userId)
      if (user) changes.push({ user, online: options.isOnline(userId) })
    }
    presence.clear()
    if (changes.length > 0) options.pushPresence(changes)
  }

  return {
    memberChanged(roomId: string, userId: string): void {
      if (stopped) return
      let set = rooms.get(roomId)
      if (!set) rooms.set(roomId, (set = new Set()))
      set.add(userId)
      schedule()
    },

    presenceChanged(userId: string): void {
      if (stopped) return
      presence.add(userId)
      schedule()
    },

    flush,

    stop(): void {
      if (timer) clearTimeout(timer)
      timer = null
      stopped = true
      rooms.clear()
      presence.clear()
    }
  }
}
