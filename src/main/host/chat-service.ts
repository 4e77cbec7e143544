import { randomInt } from 'node:crypto'
import type { ActivityKind } from '../../shared/activity'
import { FILE_LIMITS } from '../../shared/files'
import { LIMITS, LOBBY_ROOM_ID } from '../../shared/limits'
import type {
  HostInfo,
  Member,
  Message,
  NoticeType,
  PresenceStatus,
  Room
} from '../../shared/models'
import { isRoomCode, makeRoomCode, normalizeRoomCode } from '../../shared/room-code'
import { err, ok, type Result } from '../../shared/result'
import type {
  RequestName,
  RequestPayload,
  ResponseData,
  RoomJoined
} from '../../shared/wire/protocol'
import type { ChatStore } from '../store'
import { createConversations } from './conversations'
import { createFileHandlers, withoutFiles } from './files/file-handlers'
import type { HostFiles } from './files/host-files'
import { createGroupCommit, type TextToStore } from './group-commit'
import { createTextPushes } from './text-pushes'
import { createMessageChanges } from './message-changes'
import { createSearch } from './search'
import { createStatusBook } from './statuses'
import type { RateLimitsTracker } from './rate-limit'
import { createRoster } from './roster'
import type { TypingTracker } from './typing'
import type { Door } from './door'
import {
  roomChannel,
  userChannel,
  type ActivityRecorder,
  type PapoServer,
  type PapoSocket
} from './types'

export interface ChatServiceOptions {
  io: PapoServer
  store: ChatStore
  info: HostInfo
  isOnline(userId: string): boolean
  /** The identity of the person hosting (who may remove people), once known. */
  hostUserId(): string | null
  typing(): TypingTracker
  limits: RateLimitsTracker
  /** Who knocks on an "ask me first" host, and the person hosting's answers. */
  door: Door
  activity: ActivityRecorder
  /** Where an identity last connected from, for activity lines about it. */
  addressOf?(userId: string): string | null
  /** How long notices and roster changes are gathered before one push (TIMEOUTS.rosterBatchMs). */
  rosterBatchMs: number
  /** Texts of one event-loop turn share one commit (see group-commit.ts). */
  groupCommit: boolean
  /** Files and images (files/host-files.ts); without it the host takes no files. */
  files?: HostFiles
  now: () => number
}

/** The requesting connection: the identity it speaks for, and the socket for replies to it. */
export interface RequestContext {
  userId: string
  /** The network address it comes from, normalised (see client-address.ts). */
  address: string
  socket: PapoSocket
}

type Answer<K extends RequestName> = Result<ResponseData<K>>

/** Connections a push goes to (`io.to(…)`, `.except(…)`). */
type Audience = ReturnType<PapoServer['to']>

/**
 * One handler per request of the protocol. Each is called with the payload its request schema
 * has already parsed (bind-requests.ts): texts trimmed and within their bounds, ids well formed.
 */
export type Handlers = {
  [K in RequestName]: (
    ctx: RequestContext,
    payload: RequestPayload<K>
  ) => Answer<K> | Promise<Answer<K>>
}

const limited = (message: string, retryAfterMs: number) =>
  err('RATE_LIMITED', message, retryAfterMs)

/**
 * What the host does with each request (rooms, membership, messages, read state) and with the
 * comings and goings presence reports. The host is the source of truth: every change is
 * committed to the store before anyone hears of it.
 */
export interface ChatService {
  /** The answer to each request, for bind-requests.ts to wire to every connection. */
  readonly handlers: Handlers
  /** True while an identity's connections are being ended on purpose (logout, removal). */
  isLoggingOut(userId: string): boolean
  /**
   * First connection of an identity (or first after it went offline): a lobby notice (within the
   * presence-notice limit; "joined" always) and a presence change.
   */
  arrived(userId: string, notice: 'joined' | 'online'): void
  /**
   * Last connection of an identity is gone (after the grace period). `announce` false (the host
   * is stopping) records when it was last seen and tells nobody.
   */
  departed(userId: string, announce: boolean): void
  /** The identity came back with a new nickname while others may see the old one. */
  renamed(userId: string): void
  /**
   * Commits a text (a finished upload's, with its attachment) and tells the room, as
   * message:send does: the promise of the stored message.
   */
  postText(text: TextToStore): Promise<Message>
  /** A room the identity may post in now: a member, and not a direct one with a removed person. */
  canPost(roomId: string, userId: string): Result<Room>
  /** Tells a room's other members that someone started or stopped typing (typing.ts calls it). */
  typingChanged(roomId: string, userId: string, typing: boolean): void
  /** A connection is gone: what was kept per connection goes with it. */
  disconnected(socketId: string): void
  /**
   * Queues a write (a handshake's identity) for the turn's group commit, with the texts and
   * notices of the turn: what `write` answered, once committed. Rejects if the commit fails
   * (nothing of it is written) or the host is stopping.
   */
  commitWith<T>(write: () => T): Promise<T>
  /**
   * Commits waiting texts and pushes held notices and gathered roster changes now (the host is
   * stopping).
   */
  settle(): void
  /** Last commit before the store closes; nothing is pushed or stored after this. */
  close(): void
}

export function createChatService(options: ChatServiceOptions): ChatService {
  const { io, store, now, limits } = options

  /** One activity line about `userId` (its nickname as it is now), from `address`. */
  const note = (kind: ActivityKind, userId: string, address: string, detail: string): void => {
    options.activity.record({
      kind,
      userId,
      nickname: store.user(userId)?.nickname ?? null,
      address,
      detail
    })
  }

  const onlyHost = (ctx: RequestContext, what: string): Result<null> =>
    ctx.userId === options.hostUserId()
      ? ok(null)
      : err('FORBIDDEN', `Only the person hosting can ${what}.`)

  /** What each online identity says of itself (status:set); forgotten when it goes offline. */
  const statuses = createStatusBook()
  // Said only while online: someone in the grace period after their last connection still is.
  const statusOf = (userId: string): PresenceStatus =>
    options.isOnline(userId) ? statuses.of(userId) : 'available'

  const members = (roomId: string): Member[] =>
    store
      .members(roomId)
      .map((u) => ({ ...u, online: options.isOnline(u.id), status: statusOf(u.id) }))

  /** `messages` of one room as `messages:new`, in pushes of at most LIMITS.messagesPushMax. */
  const pushMessages = (to: Audience, roomId: string, messages: Message[]): void => {
    for (let i = 0; i < messages.length; i += LIMITS.messagesPushMax) {
      to.emit('messages:new', { roomId, messages: messages.slice(i, i + LIMITS.messagesPushMax) })
    }
  }

  const roster = createRoster({
    batchMs: options.rosterBatchMs,
    everyoneRoom: LOBBY_ROOM_ID,
    user: (userId) => store.user(userId),
    isOnline: (userId) => options.isOnline(userId),
    statusOf,
    isMember: (roomId, userId) => store.isMember(roomId, userId),
    pushNotices: (roomId, notices, entering) => {
      const room = io.to(roomChannel(roomId))
      if (entering.length === 0) return pushMessages(room, roomId, notices)
      // Who entered while these were held hears only what came after they entered; every
      // connection of theirs is in the room (enter() put them all in; a later one joined it on
      // connecting), and the room is flushed before any of them leaves it on purpose.
      pushMessages(room.except(entering.map((e) => userChannel(e.userId))), roomId, notices)
      for (const { userId, from } of entering) {
        if (from < notices.length) {
          pushMessages(io.to(userChannel(userId)), roomId, notices.slice(from))
        }
      }
    },
    pushMembers: (roomId, joined, left) =>
      io.to(roomChannel(roomId)).emit('members:changed', { roomId, joined, left }),
    pushPresence: (changes) => io.emit('presence:update', { changes })
  })

  const texts = createTextPushes((roomId, messages) => {
    const room = io.to(roomChannel(roomId))
    const [only] = messages
    if (messages.length === 1 && only) room.emit('message:new', only)
    else pushMessages(room, roomId, messages)
  })

  const commits = createGroupCommit({
    store,
    grouped: options.groupCommit,
    afterGroup: () => texts.sendAll()
  })

  /**
   * Stored at once (its seq is taken now), pushed with the roster's next batch: to whoever is
   * in the room then. `entering`: the notice tells that `userId` joined, and its connections
   * enter the room right after; they have it in the join's answer.
   */
  const postNotice = (
    roomId: string,
    userId: string,
    notice: NoticeType,
    entering = false
  ): void => {
    // Texts committed before it but still waiting for their disk sync are pushed first: seqs
    // reach every client in order. (Nothing waiting: nothing to do, no sync.)
    commits.flush()
    const message = store.appendNotice({ roomId, userId, notice, at: now() })
    roster.notice(message, entering ? userId : undefined)
  }

  /**
   * A lobby notice of comings and goings (joined, online, offline): stored with the turn's group
   * commit (its seq taken then, in queue order with the turn's texts), handed to the roster after
   * it, so a class arriving at once shares one disk sync. If the commit fails the line is lost,
   * as the arrival it tells is live anyway.
   */
  const queueNotice = (userId: string, notice: NoticeType): void => {
    commits
      .submitNotice({ roomId: LOBBY_ROOM_ID, userId, notice, at: now() }, (message) =>
        roster.notice(message)
      )
      .catch(() => {})
  }

  /**
   * Held notices of every room of `userId` go out before its connections are ended (those still
   * waiting for the turn's commit are committed first).
   */
  const flushRoomsOf = (userId: string): void => {
    commits.flush()
    for (const roomId of store.roomIdsOf(userId)) roster.flushNotices(roomId)
  }

  /** A room the identity may act in: it exists and the identity is a member. */
  const memberRoom = (roomId: string, userId: string): Result<Room> => {
    const room = store.room(roomId)
    if (!room) return err('ROOM_NOT_FOUND', 'There is no such room on this host.')
    if (!store.isMember(roomId, userId)) {
      // Not even who is in a direct conversation is told to a third person.
      return err(
        'NOT_A_MEMBER',
        room.isDirect ? 'That conversation is not yours.' : `You are not in "${room.name}".`
      )
    }
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

  /** In a direct conversation: the other person was removed, so cannot be messaged. */
  const directPeerRemoved = (roomId: string, userId: string): boolean =>
    store.members(roomId).some((u) => u.id !== userId && store.isRemoved(u.id))

  const canPost = (roomId: string, userId: string): Result<Room> => {
    const room = memberRoom(roomId, userId)
    if (room.ok && room.data.isDirect && directPeerRemoved(roomId, userId)) {
      return err('FORBIDDEN', 'That person was removed from this host.')
    }
    return room
  }

  /**
   * The text into the turn's group commit; once committed it goes to the room with the other
   * texts of the commit, and the sender's other windows (all of them when it came over HTTP:
   * `from` null) hear the room is read.
   */
  const postText = (item: TextToStore, from: PapoSocket | null): Promise<Message> =>
    commits.submit(item, (message: Message, readSeq: number) => {
      options.typing().stop(item.roomId, item.userId)
      // The room's held notices have lower seqs than this text (and may have higher ones than
      // texts of this commit already gathered): those texts, then the notices go first, so
      // every client sees seqs in order.
      if (roster.holdsNotices(item.roomId)) {
        texts.send(item.roomId)
        roster.flushNotices(item.roomId)
      }
      // Writing in a room means having read it: the identity's other windows hear so, after
      // the text.
      texts.add(message, () => {
        const windows = from ? from.to(userChannel(item.userId)) : io.to(userChannel(item.userId))
        windows.emit('room:read', { roomId: item.roomId, seq: readSeq })
      })
    })

  const conversationDeps = {
    io,
    store,
    limits,
    now,
    hostUserId: () => options.hostUserId(),
    memberRoom,
    joined,
    enter,
    filesDropped: () => options.files?.release()
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
      const { messagesPerIdentity } = limits.rules
      return ok({
        self,
        host: options.info,
        hostUserId: options.hostUserId(),
        rooms: store.summariesOf(ctx.userId),
        files: options.files?.limits() ?? { maxFileBytes: 0, maxTotalBytes: 0, usedBytes: 0 },
        sendRate: { count: messagesPerIdentity.count, windowMs: messagesPerIdentity.windowMs }
      })
    },

    'session:logout': (ctx) => {
      // After the ack is on its way: every connection of this identity, in every window, ends.
      setImmediate(() => logout(ctx.userId))
      return ok({})
    },

    'room:create': (ctx, { name }) => {
      // The name comes trimmed, collapsed and within its bounds (roomNameSchema).
      const wait = limits.takeAll([
        ['roomCreatesPerIdentity', ctx.userId],
        ['roomCreatesPerAddress', ctx.address]
      ])
      if (wait > 0) return limited('You are creating rooms too fast; wait a little.', wait)
      const at = now()
      const room = store.transaction(() => {
        const created = store.createRoom({ code: newRoomCode(), name, createdBy: ctx.userId, at })
        store.addMember(created.id, ctx.userId, at)
        return created
      })
      enter(room.id, ctx.userId)
      postNotice(room.id, ctx.userId, 'created')
      note('room-created', ctx.userId, ctx.address, `"${name}" (${room.code ?? ''})`)
      return ok(joined(room.id, ctx.userId))
    },

    'room:join': (ctx, { code: raw }) => {
      // Past a few wrong codes even a right one waits for the window: codes cannot be guessed.
      const blocked = Math.max(
        limits.wait('failedJoinsPerConnection', ctx.socket.id),
        limits.wait('failedJoinsPerAddress', ctx.address)
      )
      if (blocked > 0) return limited('Too many wrong room codes; wait a little.', blocked)
      const code = normalizeRoomCode(raw)
      const room = isRoomCode(code) ? store.roomByCode(code) : null
      if (!room) {
        limits.take('failedJoinsPerConnection', ctx.socket.id)
        limits.take('failedJoinsPerAddress', ctx.address)
        return err('ROOM_NOT_FOUND', `No room on this host has the code "${raw.trim()}".`)
      }
      if (store.isMember(room.id, ctx.userId)) return ok(joined(room.id, ctx.userId))
      const wait = limits.take('membershipChangesPerIdentity', ctx.userId)
      if (wait > 0) return limited('You are joining and leaving rooms too often.', wait)
      store.addMember(room.id, ctx.userId, now())
      postNotice(room.id, ctx.userId, 'joined', true)
      const result = enter(room.id, ctx.userId)
      roster.memberChanged(room.id, ctx.userId)
      note('room-joined', ctx.userId, ctx.address, `"${room.name}"`)
      return ok(result)
    },

    'room:leave': (ctx, { roomId }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      if (room.data.isLobby) return err('CANNOT_LEAVE_LOBBY', 'Everyone stays in the lobby.')
      // A direct conversation is exactly its two people for good: leaving would leave one
      // person alone in it, and dm:open could never reach the other again. Apps hide it instead.
      if (room.data.isDirect) {
        return err('FORBIDDEN', 'A direct conversation cannot be left; hide it instead.')
      }
      const wait = limits.take('membershipChangesPerIdentity', ctx.userId)
      if (wait > 0) return limited('You are joining and leaving rooms too often.', wait)
      options.typing().stop(roomId, ctx.userId)
      store.removeMember(roomId, ctx.userId)
      // What was held for the room reaches the leaver too, as it would have at once.
      roster.flushNotices(roomId)
      io.in(userChannel(ctx.userId)).socketsLeave(roomChannel(roomId))
      io.to(userChannel(ctx.userId)).emit('room:removed', { roomId })
      postNotice(roomId, ctx.userId, 'left')
      roster.memberChanged(roomId, ctx.userId)
      note('room-left', ctx.userId, ctx.address, `"${room.data.name}"`)
      return ok({})
    },

    'room:members': (ctx, { roomId }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      return ok({ members: members(roomId) })
    },

    'room:history': (ctx, { roomId, beforeSeq, afterSeq, aroundSeq, limit }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      if ([beforeSeq, afterSeq, aroundSeq].filter((seq) => seq !== undefined).length > 1) {
        return err('BAD_REQUEST', 'Ask for messages before, after or around a seq: one of them.')
      }
      return ok(
        store.history(roomId, {
          beforeSeq,
          afterSeq,
          aroundSeq,
          limit: limit ?? LIMITS.historyPageDefault
        })
      )
    },

    'room:read': (ctx, { roomId, seq }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      const readSeq = store.markRead(roomId, ctx.userId, seq)
      ctx.socket.to(userChannel(ctx.userId)).emit('room:read', { roomId, seq: readSeq })
      return ok({})
    },

    'message:send': (ctx, { roomId, text, clientId, replyTo }) => {
      // The text comes trimmed and within its bounds (messageTextSchema).
      const room = canPost(roomId, ctx.userId)
      if (!room.ok) return room
      if (replyTo !== undefined) {
        // Any text of the same room, a deleted one too (the quote says so); never a notice.
        const quoted = store.message(replyTo)
        if (quoted?.roomId !== roomId || quoted.kind !== 'text') {
          return err('MESSAGE_NOT_FOUND', 'The message this answers is not in this room.')
        }
      }
      // A resend after a lost ack: the message is already stored (or about to be), hand back
      // the same one. Never rate-limited: it stores nothing new.
      // One still waiting for its commit or its disk sync is answered when the first send is.
      const waiting = commits.waitingText(ctx.userId, clientId)
      const used = waiting ? null : store.clientIdUse(ctx.userId, clientId)
      const earlier = used === 'message' ? store.messageByClientId(ctx.userId, clientId) : null
      const earlierRoom = waiting?.roomId ?? earlier?.roomId ?? null
      if (earlierRoom !== null && earlierRoom !== roomId) {
        return err('BAD_REQUEST', 'That clientId was already used.')
      }
      if (earlier) return ok({ message: earlier })
      // An upload's message will take it: two messages with one clientId would fail the commit.
      if (used === 'upload') {
        return err('BAD_REQUEST', 'That clientId was already used for a file.')
      }
      if (earlierRoom === null) {
        const wait = limits.takeAll([
          ['messagesPerIdentity', ctx.userId],
          ['messagesPerAddress', ctx.address]
        ])
        if (wait > 0) return limited('You are sending messages too fast; wait a few seconds.', wait)
      }
      const item = { roomId, userId: ctx.userId, text, clientId, replyTo, at: now() }
      return postText(item, ctx.socket).then((message) => ok({ message }))
    },

    'typing:set': (ctx, { roomId, typing }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      // Only a start fans out; stopping is always allowed, so an indicator never sticks.
      if (typing) {
        const wait = limits.take('typingPerIdentity', ctx.userId)
        if (wait > 0) return limited('Typing signals come too fast.', wait)
      }
      options.typing().set(roomId, ctx.userId, typing)
      return ok({})
    },

    'status:set': (ctx, { status }) => {
      // Saying the same again changes nothing and tells nobody, so it costs no rate.
      if (statuses.of(ctx.userId) === status) return ok({})
      const wait = limits.take('statusChangesPerIdentity', ctx.userId)
      if (wait > 0) return limited('You are changing your status too often.', wait)
      statuses.set(ctx.userId, status)
      roster.presenceChanged(ctx.userId)
      return ok({})
    },

    'member:remove': (ctx, { userId }) => {
      const allowed = onlyHost(ctx, 'remove people')
      if (!allowed.ok) return allowed
      if (userId === ctx.userId) return err('BAD_REQUEST', 'You cannot remove yourself.')
      if (!store.user(userId)) return err('USER_NOT_FOUND', 'Nobody on this host has that id.')
      // Committed before the answer: the removal holds even if the host stops right after.
      store.markRemoved(userId, now())
      // The line is about the removed person: the address they were last connected from.
      note('removed', userId, options.addressOf?.(userId) ?? 'unknown', 'by the person hosting')
      setImmediate(() => remove(userId))
      return ok({})
    },

    'member:readmit': (ctx, { userId }) => {
      const allowed = onlyHost(ctx, 'let people back in')
      if (!allowed.ok) return allowed
      if (!store.readmit(userId)) {
        return err('USER_NOT_FOUND', 'Nobody with that id is removed from this host.')
      }
      // A second removal later in this run must end their connections again.
      ended.delete(userId)
      note('readmitted', userId, ctx.address, 'by the person hosting')
      return ok({})
    },

    'host:removed': (ctx) => {
      const allowed = onlyHost(ctx, 'see who is removed')
      if (!allowed.ok) return allowed
      return ok({ removed: store.removedList() })
    },

    'host:knocks': (ctx) => {
      const allowed = onlyHost(ctx, 'see who is knocking')
      if (!allowed.ok) return allowed
      return ok({ knocks: options.door.knocks() })
    },

    'host:answer-knock': (ctx, { knockId, admit }) => {
      const allowed = onlyHost(ctx, 'let people in')
      if (!allowed.ok) return allowed
      if (!options.door.answer(knockId, admit)) {
        return err('USER_NOT_FOUND', 'Nobody is waiting with that request any more.')
      }
      return ok({})
    },

    'host:activity': (ctx, { beforeId, limit }) => {
      const allowed = onlyHost(ctx, 'read the activity log')
      if (!allowed.ok) return allowed
      return ok({ entries: options.activity.recent({ beforeId, limit: limit ?? 200 }) })
    },

    'room:new-code': (ctx, { roomId }) => {
      const room = memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      if (room.data.isLobby) return err('BAD_REQUEST', 'The lobby has no code.')
      if (room.data.isDirect) return err('BAD_REQUEST', 'A direct conversation has no code.')
      if (ctx.userId !== options.hostUserId() && ctx.userId !== room.data.createdBy) {
        return err(
          'FORBIDDEN',
          'Only the person hosting or the room’s creator can change its code.'
        )
      }
      const wait = limits.take('roomCreatesPerIdentity', ctx.userId)
      if (wait > 0) return limited('You are changing codes too fast; wait a little.', wait)
      const code = newRoomCode()
      store.setRoomCode(roomId, code)
      io.to(roomChannel(roomId)).emit('room:code-changed', { roomId, code })
      note('room-new-code', ctx.userId, ctx.address, `"${room.data.name}" (${code})`)
      return ok({ roomId, code })
    },

    ...createConversations(conversationDeps),
    ...createMessageChanges(conversationDeps),
    ...createSearch(conversationDeps),
    ...(options.files
      ? createFileHandlers({
          ...conversationDeps,
          files: options.files,
          canPost,
          waitingText: (userId, clientId) => commits.waitingText(userId, clientId)?.message ?? null,
          openUploadsMax: FILE_LIMITS.openUploadsPerIdentity
        })
      : withoutFiles)
  }

  const loggingOut = new Set<string>()
  /** Removed in this run and already ended: a second removal has nothing left to do. */
  const ended = new Set<string>()
  // Identities whose arrival is in the lobby's history: only they get an "offline" line, so the
  // history never says someone left who (by the notice limit) was never said to arrive.
  const announced = new Set<string>()

  function logout(userId: string): void {
    loggingOut.add(userId)
    flushRoomsOf(userId)
    io.to(userChannel(userId)).emit('session:ended', { reason: 'logout' })
    io.in(userChannel(userId)).disconnectSockets()
  }

  /** Out of every room (with a notice there), every connection ended; kept out (store). */
  function remove(userId: string): void {
    if (ended.has(userId)) return
    ended.add(userId)
    loggingOut.add(userId)
    options.typing().stopUser(userId)
    flushRoomsOf(userId)
    io.to(userChannel(userId)).emit('session:ended', { reason: 'removed' })
    io.in(userChannel(userId)).disconnectSockets()
    for (const roomId of store.roomIdsOf(userId)) {
      // Direct conversations are kept as they are (the other person still reads them) and get
      // no notice: the removed person cannot connect to use them anyway.
      if (store.room(roomId)?.isDirect) continue
      postNotice(roomId, userId, 'removed')
      store.removeMember(roomId, userId)
      roster.memberChanged(roomId, userId)
    }
  }

  return {
    handlers,

    isLoggingOut(userId: string): boolean {
      return loggingOut.has(userId)
    },

    arrived(userId: string, notice: 'joined' | 'online'): void {
      loggingOut.delete(userId)
      if (!store.user(userId)) return
      // "joined" happens once per identity (and new identities are limited per address); a
      // connect/logout loop past the notice limit stays live in presence but out of history.
      if (notice === 'joined' || limits.take('presenceNoticesPerIdentity', userId) === 0) {
        queueNotice(userId, notice)
        announced.add(userId)
      }
      if (notice === 'joined') roster.memberChanged(LOBBY_ROOM_ID, userId)
      roster.presenceChanged(userId)
    },

    departed(userId: string, announce: boolean): void {
      loggingOut.delete(userId)
      options.typing().stopUser(userId)
      const at = now()
      commits.submitWrite(() => store.touchUser(userId, at)).catch(() => {})
      // Coming back later is coming back available: a status is about being here now.
      statuses.forget(userId)
      const wasAnnounced = announced.delete(userId)
      if (!announce || !store.user(userId)) return
      // A removed person already has a "removed" notice; "went offline" would say it twice.
      if (wasAnnounced && !store.isRemoved(userId)) queueNotice(userId, 'offline')
      roster.presenceChanged(userId)
    },

    postText: (text) => postText(text, null),

    canPost,

    renamed(userId: string): void {
      roster.presenceChanged(userId)
    },

    typingChanged(roomId: string, userId: string, typing: boolean): void {
      const user = store.user(userId)
      if (!user) return
      io.to(roomChannel(roomId))
        .except(userChannel(userId))
        .emit('typing:update', { roomId, user, typing })
    },

    disconnected(socketId: string): void {
      limits.forget('failedJoinsPerConnection', socketId)
    },

    commitWith<T>(write: () => T): Promise<T> {
      return commits.submitWrite(write)
    },

    settle(): void {
      commits.flush()
      roster.flush()
    },

    close(): void {
      commits.close()
      roster.stop()
    }
  }
}
