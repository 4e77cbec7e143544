import { randomInt } from 'node:crypto'
import { LIMITS, LOBBY_ROOM_ID } from '../../shared/limits'
import type { HostInfo, Member, NoticeType, Room } from '../../shared/models'
import { isRoomCode, makeRoomCode, normalizeRoomCode } from '../../shared/room-code'
import { err, ok, type Result } from '../../shared/result'
import type {
  RequestName,
  RequestPayload,
  ResponseData,
  RoomJoined
} from '../../shared/wire/protocol'
import type { ChatStore } from '../store'
import { createRateLimiter } from './rate-limit'
import type { TypingTracker } from './typing'
import { roomChannel, userChannel, type PapoServer, type PapoSocket } from './types'

export interface ChatServiceOptions {
  io: PapoServer
  store: ChatStore
  info: HostInfo
  isOnline(userId: string): boolean
  /** The identity of the person hosting (who may remove people), once known. */
  hostUserId(): string | null
  typing(): TypingTracker
  rateLimit: { messages: number; windowMs: number }
  now: () => number
}

/** The requesting connection: the identity it speaks for, and the socket for replies to it. */
export interface RequestContext {
  userId: string
  socket: PapoSocket
}

export type Handlers = {
  [K in RequestName]: (ctx: RequestContext, payload: RequestPayload<K>) => Result<ResponseData<K>>
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/

/**
 * What the host does with each request: rooms, membership, messages, read state. The host is
 * the source of truth; every change is committed to the store before anyone hears of it.
 */
export function createChatService(options: ChatServiceOptions) {
  const { io, store, now } = options
  const limiter = createRateLimiter(options.rateLimit.messages, options.rateLimit.windowMs, now)

  const members = (roomId: string): Member[] =>
    store.members(roomId).map((u) => ({ ...u, online: options.isOnline(u.id) }))

  const postNotice = (roomId: string, userId: string, notice: NoticeType): void => {
    const message = store.appendNotice({ roomId, userId, notice, at: now() })
    io.to(roomChannel(roomId)).emit('message:new', message)
  }

  const announceMembers = (roomId: string): void => {
    io.to(roomChannel(roomId)).emit('members:update', { roomId, members: members(roomId) })
  }

  /** A room the identity may act in: it exists and the identity is a member. */
  const memberRoom = (roomId: string, userId: string): Result<Room> => {
    const room = store.room(roomId)
    if (!room) return err('ROOM_NOT_FOUND', 'There is no such room on this host.')
    if (!store.isMember(roomId, userId))
      return err('NOT_A_MEMBER', `You are not in "${room.name}".`)
    return ok(room)
  }

  const joined = (roomId: string, userId: string): RoomJoined => {
    const summary = store.summary(roomId, userId)
    if (!summary) throw new Error(`no summary for member ${userId} of ${roomId}`)
    return {
      room: summary,
      members: members(roomId),
      history: store.history(roomId, { limit: LIMITS.historyPageDefault })
    }
  }

  /** Puts every connection of the identity in the room's channel and tells its other windows. */
  const enter = (roomId: string, userId: string): RoomJoined => {
    io.in(userChannel(userId)).socketsJoin(roomChannel(roomId))
    const result = joined(roomId, userId)
    io.to(userChannel(userId)).emit('room:added', result.room)
    return result
  }

  const newRoomCode = (): string => {
    for (;;) {
      const code = makeRoomCode((max) => randomInt(max))
      if (!store.roomByCode(code)) return code
    }
  }

  const handlers: Handlers = {
    'session:start': (ctx) => {
      const self = store.user(ctx.userId)
      if (!self) return err('UNAUTHORIZED', 'This identity is not known to the host.')
      return ok({
        self,
        host: options.info,
        hostUserId: options.hostUserId(),
        rooms: store.summariesOf(ctx.userId)
      })
    },

    'session:logout': (ctx) => {
      // After the ack is on its way: every connection of this identity, in every window, ends.
      setImmediate(() => logout(ctx.userId))
      return ok({})
    },

    'room:create': (ctx, { name: raw }) => {
      const name = raw.trim().replace(/\s+/g, ' ')
      if (name.length < LIMITS.roomNameMin) return err('BAD_REQUEST', 'Give the room a name.')
      if ([...name].length > LIMITS.roomNameMax) {
        return err('TOO_LONG', `A room name has at most ${LIMITS.roomNameMax} characters.`)
      }
      if (CONTROL_CHARS.test(name)) {
        return err('BAD_REQUEST', 'A room name cannot contain control characters.')
      }
      const at = now()
      const room = store.transaction(() => {
        const created = store.createRoom({ code: newRoomCode(), name, createdBy: ctx.userId, at })
        store.addMember(created.id, ctx.userId, at)
        return created
      })
      enter(room.id, ctx.userId)
      postNotice(room.id, ctx.userId, 'created')
      return ok(joined(room.id, ctx.userId))
    },

    'room:join': (ctx, { code: raw }) => {
      const code = normalizeRoomCode(raw)
      const room = isRoomCode(code) ? store.roomByCode(code) : null
      if (!room) return err('ROOM_NOT_FOUND', `No room on this host has the code "${raw.trim()}".`)
      if (store.isMember(room.id, ctx.userId)) return ok(joined(room.id, ctx.userId))
      store.addMember(room.id, ctx.userId, now())
      postNotice(room.id, ctx.userId, 'joined')
      const result = enter(room.id, ctx.userId)
      announceMembers(room.id)
      return ok(result)
    },

    'room:leave': (ctx, { roomId }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      if (room.data.isLobby) return err('CANNOT_LEAVE_LOBBY', 'Everyone stays in the lobby.')
      options.typing().stop(roomId, ctx.userId)
      store.removeMember(roomId, ctx.userId)
      io.in(userChannel(ctx.userId)).socketsLeave(roomChannel(roomId))
      io.to(userChannel(ctx.userId)).emit('room:removed', { roomId })
      postNotice(roomId, ctx.userId, 'left')
      announceMembers(roomId)
      return ok({})
    },

    'room:members': (ctx, { roomId }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      return ok({ members: members(roomId) })
    },

    'room:history': (ctx, { roomId, beforeSeq, afterSeq, limit }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      if (beforeSeq !== undefined && afterSeq !== undefined) {
        return err('BAD_REQUEST', 'Ask for messages before a seq or after one, not both.')
      }
      return ok(
        store.history(roomId, { beforeSeq, afterSeq, limit: limit ?? LIMITS.historyPageDefault })
      )
    },

    'room:read': (ctx, { roomId, seq }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      const readSeq = store.markRead(roomId, ctx.userId, seq)
      ctx.socket.to(userChannel(ctx.userId)).emit('room:read', { roomId, seq: readSeq })
      return ok({})
    },

    'message:send': (ctx, { roomId, text: raw, clientId }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      const text = raw.trim()
      if (text.length === 0) return err('BAD_REQUEST', 'A message cannot be empty.')
      if (text.length > LIMITS.messageMax) {
        return err('TOO_LONG', `A message has at most ${LIMITS.messageMax} characters.`)
      }
      // A resend after a lost ack: the message is already stored, hand back the same one.
      const earlier = store.messageByClientId(ctx.userId, clientId)
      if (earlier) {
        if (earlier.roomId !== roomId) return err('BAD_REQUEST', 'That clientId was already used.')
        return ok({ message: earlier })
      }
      if (!limiter.take(ctx.userId)) {
        return err('RATE_LIMITED', 'You are sending messages too fast; wait a few seconds.')
      }
      const message = store.appendText({ roomId, userId: ctx.userId, text, clientId, at: now() })
      options.typing().stop(roomId, ctx.userId)
      io.to(roomChannel(roomId)).emit('message:new', message)
      // Writing in a room means having read it.
      const readSeq = store.markRead(roomId, ctx.userId, message.seq)
      ctx.socket.to(userChannel(ctx.userId)).emit('room:read', { roomId, seq: readSeq })
      return ok({ message })
    },

    'typing:set': (ctx, { roomId, typing }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      options.typing().set(roomId, ctx.userId, typing)
      return ok({})
    },

    'member:remove': (ctx, { userId }) => {
      if (ctx.userId !== options.hostUserId()) {
        return err('FORBIDDEN', 'Only the person hosting can remove people.')
      }
      if (userId === ctx.userId) return err('BAD_REQUEST', 'You cannot remove yourself.')
      if (!store.user(userId)) return err('USER_NOT_FOUND', 'Nobody on this host has that id.')
      setImmediate(() => remove(userId))
      return ok({})
    }
  }

  const loggingOut = new Set<string>()
  // Kept in memory on purpose: a removal lasts until the host restarts, so a mistaken or
  // cooled-down removal needs no "unban" screen.
  const removed = new Set<string>()

  function logout(userId: string): void {
    loggingOut.add(userId)
    io.to(userChannel(userId)).emit('session:ended', { reason: 'logout' })
    io.in(userChannel(userId)).disconnectSockets()
  }

  /** Out of every room (with a notice there), every connection ended, kept out until restart. */
  function remove(userId: string): void {
    if (removed.has(userId)) return
    removed.add(userId)
    loggingOut.add(userId)
    options.typing().stopUser(userId)
    io.to(userChannel(userId)).emit('session:ended', { reason: 'removed' })
    io.in(userChannel(userId)).disconnectSockets()
    for (const roomId of store.roomIdsOf(userId)) {
      postNotice(roomId, userId, 'removed')
      store.removeMember(roomId, userId)
      announceMembers(roomId)
    }
  }

  return {
    handlers,

    /** True while an identity's connections are being ended on purpose (logout, removal). */
    isLoggingOut(userId: string): boolean {
      return loggingOut.has(userId)
    },

    /** Removed by the person hosting: refused until the host restarts. */
    isRemoved(userId: string): boolean {
      return removed.has(userId)
    },

    /** First connection of an identity (or first after it went offline). */
    arrived(userId: string, notice: 'joined' | 'online'): void {
      loggingOut.delete(userId)
      const user = store.user(userId)
      if (!user) return
      postNotice(LOBBY_ROOM_ID, userId, notice)
      io.emit('presence:update', { user, online: true })
      if (notice === 'joined') announceMembers(LOBBY_ROOM_ID)
    },

    /** Last connection of an identity is gone (after the grace period). */
    departed(userId: string, announce: boolean): void {
      loggingOut.delete(userId)
      options.typing().stopUser(userId)
      store.touchUser(userId, now())
      const user = store.user(userId)
      if (!user || !announce) return
      // A removed person already has a "removed" notice; "went offline" would say it twice.
      if (!removed.has(userId)) postNotice(LOBBY_ROOM_ID, userId, 'offline')
      io.emit('presence:update', { user, online: false })
    },

    /** The identity came back with a new nickname while others may see the old one. */
    renamed(userId: string): void {
      const user = store.user(userId)
      if (!user) return
      io.emit('presence:update', { user, online: options.isOnline(userId) })
      for (const roomId of store.roomIdsOf(userId)) announceMembers(roomId)
    },

    typingChanged(roomId: string, userId: string, typing: boolean): void {
      const user = store.user(userId)
      if (!user) return
      io.to(roomChannel(roomId))
        .except(userChannel(userId))
        .emit('typing:update', { roomId, user, typing })
    }
  }
}

export type ChatService = ReturnType<typeof createChatService>
