import type { Member, Message, PresenceChange, PresenceStatus, UserRef } from '../../shared/models'

/** An identity whose connections entered a room after `from` of its held notices. */
export interface Entering {
  userId: string
  from: number
}

export interface RosterOptions {
  /** How long changes are gathered before one push; 0 pushes on the next tick. */
  batchMs: number
  /**
   * The room every connection is in (the lobby): a member entry pushed for it already tells
   * everyone that identity's presence, so the batch's `presence:update` leaves it out.
   */
  everyoneRoom: string
  /** The truth at push time, so a batch always says how things are, not how they went. */
  user(userId: string): UserRef | null
  isOnline(userId: string): boolean
  /** "available" for anyone offline (a status is said only while online). */
  statusOf(userId: string): PresenceStatus
  isMember(roomId: string, userId: string): boolean
  /**
   * A room's held notices, oldest first, to the connections in the room now; the connections of
   * each `entering` identity get only `notices.slice(from)`, as if every notice had gone out when
   * it was stored.
   */
  pushNotices(roomId: string, notices: Message[], entering: Entering[]): void
  pushMembers(roomId: string, joined: Member[], left: string[]): void
  pushPresence(changes: PresenceChange[]): void
}

/**
 * What a room's members hear of comings and goings, gathered over a short window: a classroom
 * arriving at once costs each client a few small pushes a second, never a full member list or a
 * notice push per arrival. Each batch holds every identity at most once, with its state when the
 * batch goes out, so "left then joined" inside one window simply reads "joined". A batch goes out
 * as: each room's notices (history lines, already stored with their seq), then its member
 * changes, then presence; so a client hears of a member before it hears of them going online or
 * offline, and of a notice before the change it tells.
 */
export interface Roster {
  /**
   * A notice stored in its room's history: pushed with the next batch instead of at once. With
   * `entering`, the notice says that identity joined the room and its connections enter the
   * room's channel right after: like everyone who was not in the room when a notice was stored,
   * they do not get it (nor those held before it); the join's answer holds them.
   */
  notice(message: Message, entering?: string): void
  /**
   * Pushes a room's held notices now: before a text in that room goes out (so every client sees
   * seqs in order) and before connections leave the room's channel on purpose.
   */
  flushNotices(roomId: string): void
  /** Whether notices of the room are held (a text about to be pushed must let them go first). */
  holdsNotices(roomId: string): boolean
  /** Someone joined or left a room (the batch reads which from the store). */
  memberChanged(roomId: string, userId: string): void
  /** Someone came online, went offline, changed nickname or status. */
  presenceChanged(userId: string): void
  /** Pushes what is gathered now (the host is stopping, or a test wants it). */
  flush(): void
  /** Drops the timer and what is held; later changes are ignored. */
  stop(): void
}

interface HeldNotices {
  messages: Message[]
  entering: Entering[]
}

export function createRoster(options: RosterOptions): Roster {
  // Insertion-ordered: the oldest change first.
  const notices = new Map<string, HeldNotices>()
  const rooms = new Map<string, Set<string>>()
  const presence = new Set<string>()
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  const member = (user: UserRef): Member => ({
    ...user,
    online: options.isOnline(user.id),
    status: options.statusOf(user.id)
  })

  const schedule = (): void => {
    if (timer) return
    timer = setTimeout(flush, options.batchMs)
  }

  function flushNotices(roomId: string): void {
    const held = notices.get(roomId)
    if (!held) return
    // Out of the map first: whatever the push sets off starts a new batch.
    notices.delete(roomId)
    options.pushNotices(roomId, held.messages, held.entering)
  }

  function flush(): void {
    if (timer) clearTimeout(timer)
    timer = null
    for (const roomId of [...notices.keys()]) flushNotices(roomId)
    // A new identity is told to everyone once, as a member of the lobby, not again as presence:
    // in a classroom arriving at once that is a quarter of what each client hears.
    const toldEveryone = new Set<string>()
    for (const [roomId, userIds] of rooms) {
      const joined: Member[] = []
      const left: string[] = []
      for (const userId of userIds) {
        const user = options.isMember(roomId, userId) ? options.user(userId) : null
        if (user) joined.push(member(user))
        else left.push(userId)
        if (user && roomId === options.everyoneRoom) toldEveryone.add(userId)
      }
      options.pushMembers(roomId, joined, left)
    }
    rooms.clear()
    const changes: PresenceChange[] = []
    for (const userId of presence) {
      if (toldEveryone.has(userId)) continue
      const user = options.user(userId)
      if (user) {
        changes.push({ user, online: options.isOnline(userId), status: options.statusOf(userId) })
      }
    }
    presence.clear()
    if (changes.length > 0) options.pushPresence(changes)
  }

  return {
    notice(message: Message, entering?: string): void {
      if (stopped) return
      let held = notices.get(message.roomId)
      if (!held) notices.set(message.roomId, (held = { messages: [], entering: [] }))
      held.messages.push(message)
      if (entering !== undefined)
        held.entering.push({ userId: entering, from: held.messages.length })
      schedule()
    },

    flushNotices,
    holdsNotices: (roomId) => notices.has(roomId),

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
      notices.clear()
      rooms.clear()
      presence.clear()
    }
  }
}
