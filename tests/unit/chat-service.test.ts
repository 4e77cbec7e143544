import { createDoor } from '../../src/main/host/door'
import { createActivityLog } from '../../src/main/host/activity-log'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  createChatService,
  type ChatService,
  type RequestContext
} from '../../src/main/host/chat-service'
import { createRateLimits } from '../../src/main/host/rate-limit'
import { createTypingTracker, type TypingTracker } from '../../src/main/host/typing'
import {
  roomChannel,
  userChannel,
  type PapoServer,
  type PapoSocket
} from '../../src/main/host/types'
import { openChatStore, type ChatStore } from '../../src/main/store'
import {
  LIMITS,
  LOBBY_ROOM_ID,
  PROTOCOL_VERSION,
  RATE_LIMITS,
  type RateLimits
} from '../../src/shared/limits'
import type { HostInfo, Message, UserRef } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import {
  invalidPayload,
  requestSchemas,
  type PushName,
  type PushPayload,
  type RequestName,
  type RequestPayload,
  type ResponseData
} from '../../src/shared/wire/protocol'
import { createHostFiles } from '../../src/main/host/files/host-files'
import { holdSyncs } from '../helpers/held-syncs'
import { makeTempDir } from '../helpers/temp-dir'

// The chat service on its own: handlers called directly with a request context, a real store in
// a temp folder, and a fake Socket.IO server that keeps Socket.IO's rooms (channels) and records
// what each connection was sent. Whatever goes through the network is tested in
// tests/integration/host-*.test.ts; this is what the host decides.

// ---------------------------------------------------------------------------------------------
// A recording fake of the part of Socket.IO the service uses.

interface Delivery {
  name: string
  payload: unknown
}

class FakeSocket {
  readonly got: Delivery[] = []
  readonly channels = new Set<string>()
  connected = true
  constructor(
    readonly id: string,
    private readonly io: FakeIo
  ) {}

  /** `socket.to(channel)`: everyone in the channel but this connection. */
  to(channel: string): FakeBroadcast {
    return new FakeBroadcast(this.io, [channel], [], this.id)
  }

  pushed<K extends PushName>(name: K): PushPayload<K>[] {
    return this.got.filter((d) => d.name === name).map((d) => d.payload as PushPayload<K>)
  }

  /** Every message pushed, alone (`message:new`) or in a batch (`messages:new`), in order. */
  messages(): Message[] {
    return this.got.flatMap((d) =>
      d.name === 'message:new'
        ? [d.payload as Message]
        : d.name === 'messages:new'
          ? (d.payload as PushPayload<'messages:new'>).messages
          : []
    )
  }
}

/** `io.to(a).to(b).except(c)` and the like: a selection of connections, as Socket.IO makes it. */
class FakeBroadcast {
  constructor(
    private readonly io: FakeIo,
    private readonly rooms: readonly string[],
    private readonly exceptRooms: readonly string[],
    private readonly skipId: string | null
  ) {}

  to(channel: string): FakeBroadcast {
    return new FakeBroadcast(this.io, [...this.rooms, channel], this.exceptRooms, this.skipId)
  }

  in(channel: string): FakeBroadcast {
    return this.to(channel)
  }

  except(channels: string | string[]): FakeBroadcast {
    const more = typeof channels === 'string' ? [channels] : channels
    return new FakeBroadcast(this.io, this.rooms, [...this.exceptRooms, ...more], this.skipId)
  }

  private targets(): FakeSocket[] {
    return [...this.io.sockets.values()].filter(
      (s) =>
        s.connected &&
        s.id !== this.skipId &&
        (this.rooms.length === 0 || this.rooms.some((r) => s.channels.has(r))) &&
        !this.exceptRooms.some((r) => s.channels.has(r))
    )
  }

  emit(name: string, payload: unknown): boolean {
    // A copy, as the network would make: later changes to the object do not rewrite history.
    for (const s of this.targets()) s.got.push({ name, payload: structuredClone(payload) })
    return true
  }

  socketsJoin(channel: string): void {
    for (const s of this.targets()) s.channels.add(channel)
  }

  socketsLeave(channel: string): void {
    for (const s of this.targets()) s.channels.delete(channel)
  }

  disconnectSockets(): void {
    for (const s of this.targets()) {
      s.connected = false
      s.channels.clear()
    }
  }
}

class FakeIo {
  readonly sockets = new Map<string, FakeSocket>()

  connect(id: string, channels: string[]): FakeSocket {
    const socket = new FakeSocket(id, this)
    for (const channel of channels) socket.channels.add(channel)
    this.sockets.set(id, socket)
    return socket
  }

  to(channel: string): FakeBroadcast {
    return new FakeBroadcast(this, [channel], [], null)
  }

  in(channel: string): FakeBroadcast {
    return this.to(channel)
  }

  emit(name: string, payload: unknown): boolean {
    return new FakeBroadcast(this, [], [], null).emit(name, payload)
  }
}

// ---------------------------------------------------------------------------------------------
// A service over a real store, and people connected to it.

const T0 = 1_800_000_000_000
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

interface Person {
  user: UserRef
  /** One fake connection per window. */
  windows: FakeSocket[]
  /** The request context of window `i` (the first by default). */
  ctx(i?: number): RequestContext
}

function setup(
  options: { rateLimits?: Partial<RateLimits>; holdSyncs?: boolean; files?: boolean } = {}
) {
  const temp = makeTempDir('papo-chat-service-')
  const real: ChatStore = openChatStore(join(temp.dir, 'papo-host.db'))
  // The group commit's disk syncs, held until the test lets each go (holdSyncs).
  const { store, syncs } = options.holdSyncs ? holdSyncs(real) : { store: real, syncs: [] }
  const io = new FakeIo()
  const online = new Set<string>()
  const clock = { now: T0 }
  const host = { userId: null as string | null }
  const info: HostInfo = {
    app: 'papo',
    protocol: PROTOCOL_VERSION,
    hostId: store.hostId,
    name: 'Sala 12',
    version: '1.2.3',
    access: { password: false, askFirst: false }
  }
  const limits = createRateLimits({ ...RATE_LIMITS, ...options.rateLimits }, () => clock.now)
  let typing: TypingTracker | null = null
  const chat: ChatService = createChatService({
    io: io as unknown as PapoServer,
    store,
    info,
    isOnline: (userId) => online.has(userId),
    hostUserId: () => host.userId,
    typing: () => typing as TypingTracker,
    limits,
    door: createDoor({
      password: null,
      askFirst: false,
      limits,
      knocksMax: 50,
      knockRetryMs: 2_000,
      answerMs: 60_000,
      now: () => clock.now,
      onKnocksChanged: () => {},
      onKnockEvent: () => {}
    }),
    activity: createActivityLog({ dir: temp.dir, now: () => clock.now }),
    rosterBatchMs: 60_000,
    // The file requests, over the real file code (its HTTP side is not used here).
    files: options.files
      ? createHostFiles({
          dataDir: temp.dir,
          store,
          config: {},
          now: () => clock.now,
          post: (text) => chat.postText(text),
          canPost: (roomId, userId) => chat.canPost(roomId, userId),
          log: () => {}
        })
      : undefined,
    groupCommit: true,
    now: () => clock.now
  })
  typing = createTypingTracker({
    expireMs: 60_000,
    onChange: (roomId, userId, on) => chat.typingChanged(roomId, userId, on)
  })
  cleanups.push(
    temp.remove,
    () => store.close(),
    () => typing?.clear(),
    () => chat.close()
  )

  let people = 0
  /** Someone known to the host, in the lobby, with `windows` connections (as create-host does). */
  const person = (nickname: string, windows = 1): Person => {
    const n = ++people
    const user = store.createUser({
      publicKey: `key-${nickname}`,
      nickname,
      nicknameKey: nickname.toLowerCase(),
      at: clock.now
    })
    store.addMember(LOBBY_ROOM_ID, user.id, clock.now)
    online.add(user.id)
    const channels = [userChannel(user.id), ...store.roomIdsOf(user.id).map(roomChannel)]
    const sockets = Array.from({ length: windows }, (_, i) =>
      io.connect(`${nickname}#${i + 1}`, channels)
    )
    return {
      user: { id: user.id, nickname },
      windows: sockets,
      ctx: (i = 0) => ({
        userId: user.id,
        address: `10.0.0.${n}`,
        socket: sockets[i] as unknown as PapoSocket
      })
    }
  }

  /** A request as bind-requests.ts makes it: the payload parsed by its schema first. */
  async function call<K extends RequestName>(
    name: K,
    ctx: RequestContext,
    payload: z.input<(typeof requestSchemas)[K]>
  ): Promise<Result<ResponseData<K>>> {
    const parsed = requestSchemas[name].parse(payload) as RequestPayload<K>
    return await chat.handlers[name](ctx, parsed)
  }

  /** Forgets every delivery so far, so a test reads only what its next step sends. */
  const clearDeliveries = (): void => {
    for (const socket of io.sockets.values()) socket.got.length = 0
  }

  return { store, io, chat, host, clock, online, info, person, call, clearDeliveries, syncs }
}

function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.data
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const names = (socket: FakeSocket): string[] => socket.got.map((d) => d.name)

const noticesIn = (messages: readonly Message[]): string[] =>
  messages.flatMap((m) => (m.kind === 'notice' ? [`${m.notice} ${m.user.nickname}`] : []))

// ---------------------------------------------------------------------------------------------

describe('chat service: session', () => {
  it('starts a session with who one is, the host, its rooms and the send rate', async () => {
    const { call, person, host, info } = setup({
      rateLimits: { messagesPerIdentity: { count: 7, windowMs: 5_000 } }
    })
    const ana = person('Ana')
    host.userId = ana.user.id
    const start = ok(await call('session:start', ana.ctx(), {}))
    expect(start).toEqual({
      self: ana.user,
      host: info,
      hostUserId: ana.user.id,
      rooms: [expect.objectContaining({ id: LOBBY_ROOM_ID, isLobby: true, memberCount: 1 })],
      // A chat service made without files takes none, and says so.
      files: { maxFileBytes: 0, maxTotalBytes: 0, usedBytes: 0 },
      sendRate: { count: 7, windowMs: 5_000 }
    })
    const stranger = { ...ana.ctx(), userId: 'nobody' }
    expect(await call('session:start', stranger, {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' }
    })
  })

  it('logs out every window of the identity after the answer, and only that identity', async () => {
    const { call, person, chat } = setup()
    const ana = person('Ana', 2)
    const bia = person('Bia')
    ok(await call('session:logout', ana.ctx(), {}))
    // The ack goes first: nothing has happened yet.
    expect(ana.windows.map((w) => w.connected)).toEqual([true, true])
    await nextTurn()
    for (const w of ana.windows) {
      expect(w.pushed('session:ended')).toEqual([{ reason: 'logout' }])
      expect(w.connected).toBe(false)
    }
    expect(chat.isLoggingOut(ana.user.id)).toBe(true)
    expect(bia.windows[0]?.got).toEqual([])
    expect(bia.windows[0]?.connected).toBe(true)
    // Coming back clears it.
    chat.arrived(ana.user.id, 'online')
    expect(chat.isLoggingOut(ana.user.id)).toBe(false)
  })
})

describe('chat service: rooms', () => {
  it('creates a room: stored, its creator in it on every window, a "created" notice', async () => {
    const { call, person, store, clock, chat } = setup()
    const ana = person('Ana', 2)
    const bia = person('Bia')
    clock.now = T0 + 1_000
    const created = ok(await call('room:create', ana.ctx(), { name: '  Trabalho   de  grupo ' }))

    const room = store.roomByCode(created.room.code as string)
    expect(room).toEqual({
      id: created.room.id,
      code: created.room.code,
      name: 'Trabalho de grupo',
      isLobby: false,
      createdBy: ana.user.id,
      createdAt: T0 + 1_000,
      isDirect: false
    })
    expect(created).toEqual({
      room: store.summary(created.room.id, ana.user.id),
      members: [{ ...ana.user, online: true, status: 'available' }],
      history: {
        messages: [expect.objectContaining({ seq: 1, notice: 'created' })],
        hasMore: false
      }
    })
    expect(store.members(created.room.id)).toEqual([ana.user])
    // The room arrives before its first notice: as it was then, empty. The notice is stored at
    // once and pushed with the roster's batch, to the creator's windows (in the room by then).
    const added = { ...store.summary(created.room.id, ana.user.id), lastSeq: 0 }
    for (const w of ana.windows) {
      expect(w.channels.has(roomChannel(created.room.id))).toBe(true)
      expect(w.got).toEqual([{ name: 'room:added', payload: added }])
    }
    chat.settle()
    for (const w of ana.windows) {
      expect(w.got).toEqual([
        { name: 'room:added', payload: added },
        {
          name: 'messages:new',
          payload: { roomId: created.room.id, messages: created.history.messages }
        }
      ])
    }
    // Nobody else hears of it.
    expect(bia.windows[0]?.got).toEqual([])
  })

  it('refuses a room past the creation limit, storing nothing', async () => {
    const { call, person, store, clock } = setup({
      rateLimits: { roomCreatesPerIdentity: { count: 1, windowMs: 60_000 } }
    })
    const ana = person('Ana')
    ok(await call('room:create', ana.ctx(), { name: 'Um' }))
    clock.now += 10_000
    const refused = await call('room:create', ana.ctx(), { name: 'Dois' })
    expect(refused).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.any(String), retryAfterMs: 50_000 }
    })
    expect(store.summariesOf(ana.user.id).map((r) => r.name)).toEqual(['Lobby', 'Um'])
  })

  it('joins by code: a notice to the room, the room to the joiner, members batched', async () => {
    const { call, person, store, chat } = setup()
    const ana = person('Ana')
    const bia = person('Bia', 2)
    const caio = person('Caio')
    const room = ok(await call('room:create', ana.ctx(), { name: 'Estudos' })).room
    const code = room.code as string
    const typed = `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`

    const joined = ok(await call('room:join', bia.ctx(), { code: typed }))
    expect(store.isMember(room.id, bia.user.id)).toBe(true)
    expect(joined.room).toEqual(store.summary(room.id, bia.user.id))
    expect(joined.members.map((m) => m.nickname)).toEqual(['Ana', 'Bia'])
    expect(noticesIn(joined.history.messages)).toEqual(['created Ana', 'joined Bia'])
    for (const w of bia.windows) {
      expect(w.channels.has(roomChannel(room.id))).toBe(true)
      expect(names(w)).toEqual(['room:added'])
    }
    // The notice and the member change wait for the roster's batch, the notice first.
    expect(ana.windows[0]?.messages()).toEqual([])
    expect(ana.windows[0]?.pushed('members:changed')).toEqual([])
    chat.settle()
    expect(ana.windows[0]?.messages()).toEqual(joined.history.messages)
    expect(names(ana.windows[0] as FakeSocket)).toEqual([
      'room:added',
      'messages:new',
      'members:changed'
    ])
    const change = {
      roomId: room.id,
      joined: [{ ...bia.user, online: true, status: 'available' }],
      left: []
    }
    expect(ana.windows[0]?.pushed('members:changed')).toEqual([change])
    // Bia's windows were not in the room when the notice was stored: they have it in the answer.
    for (const w of bia.windows) expect(names(w)).toEqual(['room:added', 'members:changed'])
    expect(bia.windows[1]?.pushed('members:changed')).toEqual([change])
    expect(caio.windows[0]?.got).toEqual([])

    // Joining again changes nothing and writes nothing.
    const again = ok(await call('room:join', bia.ctx(1), { code }))
    expect(again.history.messages).toEqual(joined.history.messages)
    expect(store.summary(room.id, ana.user.id)?.lastSeq).toBe(2)
  })

  it('refuses unknown codes, and after a few even the right one', async () => {
    const { call, person, store, clock } = setup({
      rateLimits: {
        failedJoinsPerConnection: { count: 2, windowMs: 60_000 },
        failedJoinsPerAddress: { count: 100, windowMs: 60_000 }
      }
    })
    const ana = person('Ana')
    const bia = person('Bia')
    const code = ok(await call('room:create', ana.ctx(), { name: 'Segredo' })).room.code as string
    const wrong = await call('room:join', bia.ctx(), { code: ' zzzzzz ' })
    expect(wrong).toEqual({
      ok: false,
      error: { code: 'ROOM_NOT_FOUND', message: 'No room on this host has the code "zzzzzz".' }
    })
    expect(await call('room:join', bia.ctx(), { code: 'not a code' })).toMatchObject({
      ok: false,
      error: { code: 'ROOM_NOT_FOUND' }
    })
    clock.now += 1_000
    expect(await call('room:join', bia.ctx(), { code })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterMs: 59_000 }
    })
    expect(store.roomIdsOf(bia.user.id)).toEqual([LOBBY_ROOM_ID])
    clock.now += 59_000
    ok(await call('room:join', bia.ctx(), { code }))
  })

  it('leaves a room: out of the channel on every window, a notice to those who stay', async () => {
    const { call, person, store, chat, clearDeliveries } = setup()
    const ana = person('Ana')
    const bia = person('Bia', 2)
    const room = ok(await call('room:create', ana.ctx(), { name: 'Sala' })).room
    ok(await call('room:join', bia.ctx(), { code: room.code as string }))
    chat.settle()
    clearDeliveries()

    expect(ok(await call('room:leave', bia.ctx(1), { roomId: room.id }))).toEqual({})
    expect(store.isMember(room.id, bia.user.id)).toBe(false)
    for (const w of bia.windows) {
      expect(w.channels.has(roomChannel(room.id))).toBe(false)
      expect(w.got).toEqual([{ name: 'room:removed', payload: { roomId: room.id } }])
    }
    chat.settle()
    expect(noticesIn(ana.windows[0]?.messages() ?? [])).toEqual(['left Bia'])
    for (const w of bia.windows) expect(names(w)).toEqual(['room:removed'])
    expect(ana.windows[0]?.pushed('members:changed')).toEqual([
      { roomId: room.id, joined: [], left: [bia.user.id] }
    ])

    // Not a member any more: the room is closed to her.
    expect(await call('room:leave', bia.ctx(), { roomId: room.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_A_MEMBER', message: 'You are not in "Sala".' }
    })
    expect(await call('room:leave', bia.ctx(), { roomId: LOBBY_ROOM_ID })).toMatchObject({
      ok: false,
      error: { code: 'CANNOT_LEAVE_LOBBY' }
    })
    expect(await call('room:leave', bia.ctx(), { roomId: 'no-such-room' })).toMatchObject({
      ok: false,
      error: { code: 'ROOM_NOT_FOUND' }
    })
  })

  it('limits joining and leaving per identity; joining a room one is in is free', async () => {
    const { call, person, store } = setup({
      rateLimits: { membershipChangesPerIdentity: { count: 2, windowMs: 60_000 } }
    })
    const ana = person('Ana')
    const bia = person('Bia')
    const room = ok(await call('room:create', ana.ctx(), { name: 'Sala' })).room
    const code = room.code as string
    ok(await call('room:join', bia.ctx(), { code }))
    ok(await call('room:join', bia.ctx(), { code }))
    ok(await call('room:leave', bia.ctx(), { roomId: room.id }))
    expect(await call('room:join', bia.ctx(), { code })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' }
    })
    const history = store.history(room.id, { limit: 50 }).messages
    expect(noticesIn(history)).toEqual(['created Ana', 'joined Bia', 'left Bia'])
  })

  it('answers members and history to members only, and not both cursors at once', async () => {
    const { call, person } = setup()
    const ana = person('Ana')
    const bia = person('Bia')
    const room = ok(await call('room:create', ana.ctx(), { name: 'Sala' })).room
    expect(ok(await call('room:members', ana.ctx(), { roomId: room.id }))).toEqual({
      members: [{ ...ana.user, online: true, status: 'available' }]
    })
    for (const name of ['room:members', 'room:history'] as const) {
      expect(await call(name, bia.ctx(), { roomId: room.id })).toMatchObject({
        ok: false,
        error: { code: 'NOT_A_MEMBER' }
      })
    }
    expect(
      await call('room:history', ana.ctx(), { roomId: room.id, beforeSeq: 5, afterSeq: 1 })
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const page = ok(await call('room:history', ana.ctx(), { roomId: room.id, afterSeq: 0 }))
    expect(noticesIn(page.messages)).toEqual(['created Ana'])
  })
})

describe('chat service: messages', () => {
  it('stores a text, pushes it to the room, tells the sender’s other windows', async () => {
    const { call, person, store, clock, chat } = setup()
    const ana = person('Ana', 2)
    const bia = person('Bia')
    const room = ok(await call('room:create', bia.ctx(), { name: 'Sala' })).room
    const outsider = person('Caio')
    ok(await call('room:join', ana.ctx(), { code: room.code as string }))
    chat.settle()
    clock.now = T0 + 5_000
    for (const socket of [...ana.windows, ...bia.windows, ...outsider.windows])
      socket.got.length = 0

    const sent = ok(
      await call('message:send', ana.ctx(0), {
        roomId: room.id,
        text: '  oi, gente ',
        clientId: 'a1'
      })
    ).message
    expect(sent).toEqual({
      id: expect.any(String),
      roomId: room.id,
      seq: 3,
      at: T0 + 5_000,
      kind: 'text',
      author: ana.user,
      text: 'oi, gente',
      attachment: null,
      clientId: 'a1',
      replyTo: null,
      editedAt: null,
      deletedAt: null,
      reactions: [],
      change: 0
    })
    expect(store.history(room.id, { afterSeq: 2, limit: 10 }).messages).toEqual([sent])
    // Writing in a room means having read it.
    expect(store.summary(room.id, ana.user.id)).toMatchObject({ lastReadSeq: 3, unread: 0 })
    expect(store.summary(room.id, bia.user.id)).toMatchObject({ unread: 1 })

    expect(ana.windows[0]?.got).toEqual([{ name: 'message:new', payload: sent }])
    expect(ana.windows[1]?.got).toEqual([
      { name: 'message:new', payload: sent },
      { name: 'room:read', payload: { roomId: room.id, seq: 3 } }
    ])
    expect(bia.windows[0]?.got).toEqual([{ name: 'message:new', payload: sent }])
    expect(outsider.windows[0]?.got).toEqual([])
  })

  it('stores a resent clientId once, and refuses it in another room', async () => {
    const { call, person, store, clearDeliveries } = setup()
    const ana = person('Ana', 2)
    const bia = person('Bia')
    const payload = { roomId: LOBBY_ROOM_ID, text: 'uma vez', clientId: 'same' }
    // Twice in one turn (still waiting for its commit) and once after it is stored.
    const [first, during] = await Promise.all([
      call('message:send', ana.ctx(0), payload),
      call('message:send', ana.ctx(1), payload)
    ])
    const message = ok(first).message
    expect(ok(during).message).toEqual(message)
    clearDeliveries()
    expect(ok(await call('message:send', ana.ctx(1), payload)).message).toEqual(message)
    expect(bia.windows[0]?.got).toEqual([])
    expect(
      store.history(LOBBY_ROOM_ID, { limit: 50 }).messages.filter((m) => m.kind === 'text')
    ).toHaveLength(1)

    const room = ok(await call('room:create', ana.ctx(), { name: 'Outra' })).room
    expect(
      await call('message:send', ana.ctx(), { roomId: room.id, text: 'x', clientId: 'same' })
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    // Another identity has its own clientIds.
    const theirs = ok(await call('message:send', bia.ctx(), payload)).message
    expect(theirs.id).not.toBe(message.id)
  })

  it('commits the texts of one turn together, in order, with consecutive seqs, and pushes them as one batch', async () => {
    const { call, person, store } = setup({
      rateLimits: { messagesPerIdentity: { count: 100, windowMs: 10_000 } }
    })
    const ana = person('Ana')
    const bia = person('Bia')
    const pending = Array.from({ length: 6 }, (_, i) =>
      call('message:send', (i % 2 ? bia : ana).ctx(), {
        roomId: LOBBY_ROOM_ID,
        text: `m${i}`,
        clientId: `c${i}`
      })
    )
    // Nothing is stored or pushed before the turn's commit.
    expect(store.summary(LOBBY_ROOM_ID, ana.user.id)?.lastSeq).toBe(0)
    expect(ana.windows[0]?.got).toEqual([])
    const sent = (await Promise.all(pending)).map((r) => ok(r).message)
    expect(sent.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6])
    // One push for the commit's texts of the room, not one per text.
    expect(ana.windows[0]?.pushed('messages:new')).toEqual([
      { roomId: LOBBY_ROOM_ID, messages: sent }
    ])
    expect(ana.windows[0]?.pushed('message:new')).toEqual([])
  })

  it('refuses texts outside one’s rooms and past the send rate, but not a resend', async () => {
    const { call, person, store } = setup({
      rateLimits: { messagesPerIdentity: { count: 2, windowMs: 10_000 } }
    })
    const ana = person('Ana')
    const bia = person('Bia')
    const room = ok(await call('room:create', bia.ctx(), { name: 'Delas' })).room
    expect(
      await call('message:send', ana.ctx(), { roomId: room.id, text: 'oi', clientId: 'x' })
    ).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } })
    expect(
      await call('message:send', ana.ctx(), { roomId: 'nope', text: 'oi', clientId: 'y' })
    ).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } })

    const send = (clientId: string) =>
      call('message:send', ana.ctx(), { roomId: LOBBY_ROOM_ID, text: clientId, clientId })
    const first = ok(await send('a')).message
    ok(await send('b'))
    expect(await send('c')).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterMs: 10_000 }
    })
    expect(ok(await send('a')).message).toEqual(first)
    expect(store.messageByClientId(ana.user.id, 'c')).toBeNull()
  })

  it('moves the read marker and tells the reader’s other windows', async () => {
    const { call, person, store } = setup()
    const ana = person('Ana', 2)
    const bia = person('Bia')
    for (let i = 0; i < 3; i++) {
      ok(
        await call('message:send', bia.ctx(), {
          roomId: LOBBY_ROOM_ID,
          text: `m${i}`,
          clientId: `${i}`
        })
      )
    }
    for (const w of ana.windows) w.got.length = 0
    expect(ok(await call('room:read', ana.ctx(0), { roomId: LOBBY_ROOM_ID, seq: 99 }))).toEqual({})
    expect(store.summary(LOBBY_ROOM_ID, ana.user.id)).toMatchObject({ lastReadSeq: 3, unread: 0 })
    expect(ana.windows[0]?.got).toEqual([])
    expect(ana.windows[1]?.got).toEqual([
      { name: 'room:read', payload: { roomId: LOBBY_ROOM_ID, seq: 3 } }
    ])
    // Backwards does not move it; the other windows hear where it stays.
    ok(await call('room:read', ana.ctx(0), { roomId: LOBBY_ROOM_ID, seq: 1 }))
    expect(ana.windows[1]?.pushed('room:read').at(-1)).toEqual({ roomId: LOBBY_ROOM_ID, seq: 3 })
  })
})

describe('chat service: notices in batches', () => {
  it('stores a notice at once and pushes it with the batch, to whoever is in the room then', async () => {
    const { call, person, chat, store } = setup()
    const ana = person('Ana')
    const bia = person('Bia')
    const caio = person('Caio')
    const room = ok(await call('room:create', ana.ctx(), { name: 'Grupo' })).room
    ok(await call('room:join', bia.ctx(), { code: room.code as string }))
    ok(await call('room:join', caio.ctx(), { code: room.code as string }))
    expect(store.summary(room.id, ana.user.id)?.lastSeq).toBe(3)
    for (const p of [ana, bia, caio]) expect(p.windows[0]?.messages()).toEqual([])

    chat.settle()
    // One push for the three; a joiner hears only what came after it joined (what came before,
    // its own notice included, is in its answer), as if each had been pushed at once.
    expect(ana.windows[0]?.pushed('messages:new')).toEqual([
      { roomId: room.id, messages: store.history(room.id, { limit: 50 }).messages }
    ])
    expect(noticesIn(bia.windows[0]?.messages() ?? [])).toEqual(['joined Caio'])
    expect(caio.windows[0]?.messages()).toEqual([])
  })

  it('pushes a room’s held notices before a text in it, and leaves other rooms’ waiting', async () => {
    const { call, person, chat } = setup()
    const ana = person('Ana')
    const bia = person('Bia')
    const room = ok(await call('room:create', ana.ctx(), { name: 'Grupo' })).room
    chat.arrived(bia.user.id, 'online')
    const sent = ok(
      await call('message:send', ana.ctx(), { roomId: room.id, text: 'oi', clientId: 'a1' })
    ).message
    expect(names(ana.windows[0] as FakeSocket)).toEqual([
      'room:added',
      'messages:new',
      'message:new'
    ])
    expect(ana.windows[0]?.messages().map((m) => m.seq)).toEqual([1, 2])
    expect(ana.windows[0]?.messages().at(-1)).toEqual(sent)
    // The lobby's "online" waits for the batch.
    expect(bia.windows[0]?.got).toEqual([])
    chat.settle()
    expect(noticesIn(bia.windows[0]?.messages() ?? [])).toEqual(['online Bia'])
  })

  it('keeps seqs in order when a notice commits between texts of one turn', async () => {
    const { call, person, chat } = setup({
      rateLimits: { messagesPerIdentity: { count: 100, windowMs: 10_000 } }
    })
    const ana = person('Ana', 2)
    const bia = person('Bia')
    const watcher = person('Caio')
    const send = (text: string) =>
      call('message:send', ana.ctx(), { roomId: LOBBY_ROOM_ID, text, clientId: text })
    // One turn, one commit: a text, Bia's "online" (held for the roster's batch), two texts.
    const first = send('t1')
    chat.arrived(bia.user.id, 'online')
    const rest = [send('t2'), send('t3')]
    const sent = (await Promise.all([first, ...rest])).map((r) => ok(r).message)
    const got = watcher.windows[0] as FakeSocket
    // The text before the notice goes first, then the notice, then the texts after it together.
    expect(names(got)).toEqual(['message:new', 'messages:new', 'messages:new'])
    expect(got.messages().map((m) => m.seq)).toEqual([1, 2, 3, 4])
    expect(noticesIn(got.messages())).toEqual(['online Bia'])
    expect(got.messages().filter((m) => m.kind === 'text')).toEqual(sent)
    // Ana's other window hears each text, then that she has read it, never the other way round.
    const other = ana.windows[1] as FakeSocket
    const order = other.got.flatMap((d) =>
      d.name === 'room:read'
        ? [`read ${(d.payload as { seq: number }).seq}`]
        : d.name === 'message:new'
          ? [`got ${(d.payload as Message).seq}`]
          : d.name === 'messages:new'
            ? (d.payload as PushPayload<'messages:new'>).messages.map((m) => `got ${m.seq}`)
            : []
    )
    expect(order).toEqual(['got 1', 'read 1', 'got 2', 'got 3', 'got 4', 'read 3', 'read 4'])
  })

  it('tells nobody of a text before its disk sync, and pushes it before a later notice of its room', async () => {
    const { call, person, chat, syncs } = setup({ holdSyncs: true })
    const ana = person('Ana', 2)
    const bia = person('Bia')
    const room = ok(await call('room:create', ana.ctx(), { name: 'Delas' })).room
    chat.settle()
    const got = ana.windows[1] as FakeSocket
    got.got.length = 0
    let acked = false
    const sent = call('message:send', ana.ctx(), { roomId: room.id, text: 'oi', clientId: 'c1' })
    void sent.then(() => (acked = true))
    await nextTurn()
    await nextTurn()
    // Committed, its sync held: no ack, no push; a resend waits for the same answer.
    expect(acked).toBe(false)
    expect(got.got).toEqual([])
    const resent = call('message:send', ana.ctx(), { roomId: room.id, text: 'oi', clientId: 'c1' })
    let resendHeard = false
    void resent.then(() => (resendHeard = true))
    await nextTurn()
    expect(resendHeard).toBe(false)
    // Bia joins meanwhile: her notice has the next seq, so the text goes out first.
    ok(await call('room:join', bia.ctx(), { code: room.code ?? '' }))
    chat.settle()
    expect(got.messages().map((m) => `${m.seq} ${m.kind}`)).toEqual(['2 text', '3 notice'])
    const message = ok(await sent).message
    expect(ok(await resent).message).toEqual(message)
    expect(message.seq).toBe(2)
    // The held sync comes back later and pushes nothing twice.
    await syncs.shift()?.go()
    await nextTurn()
    expect(got.messages().map((m) => m.seq)).toEqual([2, 3])
  })

  it('answers a file:upload of a clientId whose text waits for its disk sync only after it', async () => {
    const { call, person, syncs } = setup({ holdSyncs: true, files: true })
    const ana = person('Ana')
    void call('message:send', ana.ctx(), { roomId: LOBBY_ROOM_ID, text: 'oi', clientId: 'c1' })
    await nextTurn()
    let answer: Result<unknown> | null = null
    void call('file:upload', ana.ctx(), {
      roomId: LOBBY_ROOM_ID,
      clientId: 'c1',
      name: 'foto.png',
      size: 10
    }).then((result) => (answer = result))
    await nextTurn()
    expect(answer).toBeNull()
    await syncs.shift()?.go()
    await nextTurn()
    // The clientId belongs to a text: refused, once the text is on the disk.
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('pushes what was held before it ends someone’s windows (removal, logout)', async () => {
    const { call, person, chat, host } = setup()
    const ana = person('Ana')
    const bia = person('Bia', 2)
    const caio = person('Caio')
    const duda = person('Duda')
    host.userId = ana.user.id
    chat.arrived(caio.user.id, 'joined')
    ok(await call('member:remove', ana.ctx(), { userId: bia.user.id }))
    await nextTurn()
    for (const w of bia.windows) {
      expect(names(w)).toEqual(['messages:new', 'session:ended'])
      expect(noticesIn(w.messages())).toEqual(['joined Caio'])
    }
    chat.arrived(ana.user.id, 'online')
    ok(await call('session:logout', duda.ctx(), {}))
    await nextTurn()
    expect(names(duda.windows[0] as FakeSocket)).toEqual([
      'messages:new',
      'messages:new',
      'session:ended'
    ])
    expect(noticesIn(duda.windows[0]?.messages() ?? [])).toEqual([
      'joined Caio',
      'removed Bia',
      'online Ana'
    ])
  })

  it('splits a batch past LIMITS.messagesPushMax into pushes in seq order', () => {
    const { person, chat } = setup({
      rateLimits: { presenceNoticesPerIdentity: { count: 1_000, windowMs: 60_000 } }
    })
    const watcher = person('Caio')
    const ana = person('Ana')
    const count = LIMITS.messagesPushMax * 2 + 10
    for (let i = 0; i < count / 2; i++) {
      chat.arrived(ana.user.id, 'online')
      chat.departed(ana.user.id, true)
    }
    chat.settle()
    const batches = watcher.windows[0]?.pushed('messages:new') ?? []
    expect(batches.map((b) => b.messages.length)).toEqual([
      LIMITS.messagesPushMax,
      LIMITS.messagesPushMax,
      10
    ])
    const seqs = batches.flatMap((b) => b.messages.map((m) => m.seq))
    expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i + 1))
  })
})

describe('chat service: typing', () => {
  it('shows a typist to the room’s others, not its own windows; stops on send', async () => {
    const { call, person } = setup({
      rateLimits: { typingPerIdentity: { count: 1, windowMs: 10_000 } }
    })
    const ana = person('Ana')
    const bia = person('Bia', 2)
    ok(await call('typing:set', bia.ctx(), { roomId: LOBBY_ROOM_ID, typing: true }))
    expect(ana.windows[0]?.pushed('typing:update')).toEqual([
      { roomId: LOBBY_ROOM_ID, user: bia.user, typing: true }
    ])
    for (const w of bia.windows) expect(w.pushed('typing:update')).toEqual([])
    // A refresh inside the window is over the limit; stopping never is.
    expect(
      await call('typing:set', bia.ctx(), { roomId: LOBBY_ROOM_ID, typing: true })
    ).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } })
    ok(
      await call('message:send', bia.ctx(), {
        roomId: LOBBY_ROOM_ID,
        text: 'pronto',
        clientId: 'b'
      })
    )
    expect(ana.windows[0]?.pushed('typing:update').map((t) => t.typing)).toEqual([true, false])
    ok(await call('typing:set', bia.ctx(), { roomId: LOBBY_ROOM_ID, typing: false }))
    expect(ana.windows[0]?.pushed('typing:update')).toHaveLength(2)
  })
})

describe('chat service: presence', () => {
  it('writes arrivals and departures to the lobby, and batches presence', () => {
    const { person, chat, store, online } = setup()
    const watcher = person('Caio')
    const ana = person('Ana')
    chat.arrived(ana.user.id, 'joined')
    chat.settle()
    const lobby = () => noticesIn(store.history(LOBBY_ROOM_ID, { limit: 50 }).messages)
    expect(lobby()).toEqual(['joined Ana'])
    // A new identity's presence is told once, in the lobby's member change everyone gets.
    expect(watcher.windows[0]?.pushed('presence:update')).toEqual([])
    expect(watcher.windows[0]?.pushed('members:changed')).toEqual([
      {
        roomId: LOBBY_ROOM_ID,
        joined: [{ ...ana.user, online: true, status: 'available' }],
        left: []
      }
    ])

    online.delete(ana.user.id)
    chat.departed(ana.user.id, true)
    chat.settle()
    expect(lobby()).toEqual(['joined Ana', 'offline Ana'])
    expect(watcher.windows[0]?.pushed('presence:update').at(-1)).toEqual({
      changes: [{ user: ana.user, online: false, status: 'available' }]
    })
    // The host stopping: nobody is told, nothing is written.
    online.add(ana.user.id)
    chat.arrived(ana.user.id, 'online')
    online.delete(ana.user.id)
    chat.departed(ana.user.id, false)
    // Written with the turn's group commit.
    chat.settle()
    expect(lobby()).toEqual(['joined Ana', 'offline Ana', 'online Ana'])
  })

  it('writes the arrivals and departures of one turn in one commit, texts in seq order', async () => {
    const { person, chat, store, call } = setup()
    const watcher = person('Caio')
    const people = Array.from({ length: 20 }, (_, i) => person(`Pessoa ${i}`))
    const commit = store.transaction.bind(store)
    const commitUnsynced = store.transactionUnsynced.bind(store)
    let commits = 0
    store.transaction = (run) => {
      commits++
      return commit(run)
    }
    store.transactionUnsynced = (run) => {
      commits++
      return commitUnsynced(run)
    }
    for (const p of people) chat.arrived(p.user.id, 'joined')
    const sent = call('message:send', watcher.ctx(), {
      roomId: LOBBY_ROOM_ID,
      text: 'bem-vindos',
      clientId: 'c1'
    })
    chat.departed(people[0]!.user.id, true)
    // Nothing written yet: the turn's commit holds them all.
    expect(store.history(LOBBY_ROOM_ID, { limit: 50 }).messages).toEqual([])
    const message = ok(await sent).message
    expect(commits).toBe(1)
    expect(message.seq).toBe(21)
    const lines = noticesIn(store.history(LOBBY_ROOM_ID, { limit: 50 }).messages)
    expect(lines).toEqual([...people.map((p) => `joined ${p.user.nickname}`), 'offline Pessoa 0'])
    // The notices held before the text went out first: seqs in order, none missing.
    chat.settle()
    const seqs = watcher.windows[0]?.messages().map((m) => m.seq)
    expect(seqs).toEqual(Array.from({ length: 22 }, (_, i) => i + 1))
  })

  it('past the notice limit keeps presence live but writes no line, and then no "offline"', () => {
    const { person, chat, store } = setup({
      rateLimits: { presenceNoticesPerIdentity: { count: 1, windowMs: 60_000 } }
    })
    const watcher = person('Caio')
    const ana = person('Ana')
    for (let i = 0; i < 2; i++) {
      chat.arrived(ana.user.id, 'online')
      chat.departed(ana.user.id, true)
    }
    chat.settle()
    const lines = noticesIn(store.history(LOBBY_ROOM_ID, { limit: 50 }).messages)
    expect(lines).toEqual(['online Ana', 'offline Ana'])
    // Both visits were live: the batch holds Ana once, as she is at push time.
    expect(watcher.windows[0]?.pushed('presence:update')).toHaveLength(1)
  })

  it('pushes a nickname change as presence', () => {
    const { person, chat, store } = setup()
    const watcher = person('Caio')
    const ana = person('Ana')
    store.renameUser(ana.user.id, 'Aninha', 'aninha')
    chat.renamed(ana.user.id)
    chat.settle()
    expect(watcher.windows[0]?.pushed('presence:update')).toEqual([
      {
        changes: [
          { user: { id: ana.user.id, nickname: 'Aninha' }, online: true, status: 'available' }
        ]
      }
    ])
  })
})

describe('chat service: removing someone', () => {
  it('is for the person hosting only, not of oneself, and of someone who exists', async () => {
    const { call, person, host, store } = setup()
    const ana = person('Ana')
    const bia = person('Bia')
    expect(await call('member:remove', ana.ctx(), { userId: bia.user.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
    host.userId = ana.user.id
    expect(await call('member:remove', bia.ctx(), { userId: ana.user.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
    expect(await call('member:remove', ana.ctx(), { userId: ana.user.id })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(await call('member:remove', ana.ctx(), { userId: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'USER_NOT_FOUND' }
    })
    await nextTurn()
    expect(store.isRemoved(bia.user.id)).toBe(false)
    expect(bia.windows[0]?.connected).toBe(true)
  })

  it('ends every window, leaves a notice in each room, takes the person out', async () => {
    const { call, person, host, chat, store, clearDeliveries } = setup()
    const ana = person('Ana')
    const bia = person('Bia', 2)
    const caio = person('Caio')
    host.userId = ana.user.id
    const room = ok(await call('room:create', ana.ctx(), { name: 'Grupo' })).room
    ok(await call('room:join', bia.ctx(), { code: room.code as string }))
    chat.arrived(bia.user.id, 'joined')
    chat.settle()
    clearDeliveries()

    ok(await call('member:remove', ana.ctx(), { userId: bia.user.id }))
    await nextTurn()
    expect(store.isRemoved(bia.user.id)).toBe(true)
    expect(chat.isLoggingOut(bia.user.id)).toBe(true)
    for (const w of bia.windows) {
      expect(w.got).toEqual([{ name: 'session:ended', payload: { reason: 'removed' } }])
      expect(w.connected).toBe(false)
    }
    expect(store.roomIdsOf(bia.user.id)).toEqual([])
    // Ana is in both rooms, Caio in the lobby only: each hears of the rooms they are in, with
    // the roster's batch.
    chat.settle()
    const removedIn = (p: Person) =>
      (p.windows[0]?.messages() ?? []).map(
        (m) => `${m.roomId === LOBBY_ROOM_ID ? 'lobby' : 'room'}: ${noticesIn([m]).join()}`
      )
    expect(removedIn(ana).sort()).toEqual(['lobby: removed Bia', 'room: removed Bia'])
    expect(removedIn(caio)).toEqual(['lobby: removed Bia'])
    expect(caio.windows[0]?.pushed('members:changed')).toEqual([
      { roomId: LOBBY_ROOM_ID, joined: [], left: [bia.user.id] }
    ])

    // Her last connection going away adds no "offline" to the "removed".
    chat.departed(bia.user.id, true)
    const lobby = noticesIn(store.history(LOBBY_ROOM_ID, { limit: 50 }).messages)
    expect(lobby.filter((line) => line.endsWith('Bia'))).toEqual(['joined Bia', 'removed Bia'])
  })
})

describe('request validation (requestSchemas)', () => {
  /** What bind-requests.ts answers for a payload, or the parsed payload when it passes. */
  function check<K extends RequestName>(name: K, payload: unknown) {
    const schema = requestSchemas[name]
    const parsed = schema.safeParse(payload)
    return parsed.success
      ? { ok: true as const, data: parsed.data }
      : invalidPayload(schema, parsed.error)
  }
  const send = (text: unknown, clientId: unknown = 'c1') =>
    check('message:send', { roomId: LOBBY_ROOM_ID, text, clientId })

  it('trims a text and bounds its length: empty is BAD_REQUEST, too long TOO_LONG', () => {
    expect(send('  oi  ')).toEqual({
      ok: true,
      data: { roomId: LOBBY_ROOM_ID, text: 'oi', clientId: 'c1' }
    })
    expect(send(` ${'a'.repeat(LIMITS.messageMax)} `)).toMatchObject({ ok: true })
    expect(send('a'.repeat(LIMITS.messageMax + 1))).toEqual({
      ok: false,
      error: { code: 'TOO_LONG', message: 'A message has at most 4000 characters.' }
    })
    expect(send(' \n\t ')).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'A message cannot be empty.' }
    })
    // Identifiers over their bound are malformed, not "too long".
    expect(send('oi', 'c'.repeat(LIMITS.clientIdMax + 1))).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(check('room:join', { code: 'x'.repeat(33) })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    // A long text in an otherwise malformed payload: the payload is what is wrong.
    expect(send('a'.repeat(LIMITS.messageMax + 1), 42)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(send(5)).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^Invalid payload: text: /) }
    })
  })

  it('cleans a room name and bounds it in characters, emoji counting once', () => {
    const create = (name: unknown) => check('room:create', { name })
    expect(create('  Trabalho \n de   grupo ')).toEqual({
      ok: true,
      data: { name: 'Trabalho de grupo' }
    })
    expect(create('😀'.repeat(LIMITS.roomNameMax))).toMatchObject({ ok: true })
    expect(create('😀'.repeat(LIMITS.roomNameMax + 1))).toEqual({
      ok: false,
      error: { code: 'TOO_LONG', message: 'A room name has at most 48 characters.' }
    })
    expect(create('   ')).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'Give the room a name.' }
    })
    expect(create('a\u0000b')).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'A room name cannot contain control characters.' }
    })
    // Too long is the first rule broken: the name is too long, whatever else is wrong with it.
    expect(create(`${'r'.repeat(LIMITS.roomNameMax)}\u0007`)).toMatchObject({
      ok: false,
      error: { code: 'TOO_LONG' }
    })
  })
})
