import type { HostAddress } from '../../shared/address'
import type {
  BridgeEvent,
  ConnectionState,
  HostMethod,
  SessionEndReason,
  SessionInfo
} from '../../shared/bridge'
import type { RateRule } from '../../shared/limits'
import type { Message, RoomSummary, TextMessage, UserRef } from '../../shared/models'
import { assertNever, err, ok, type Result } from '../../shared/result'
import type {
  PushPayload,
  RequestName,
  RequestPayload,
  ResponseData,
  RoomJoined,
  SessionStart
} from '../../shared/wire/protocol'
import type { HostConnection, Push } from '../client/connection'
import { probeAddress, type ProbeAnswer } from '../client/probe'
import type { PinnedCertificate } from '../client/tls-pin'
import type { PapoHost } from '../host'
import { createWaits, type Clock } from './clock'
import { createChangeFeeds } from './change-feeds'
import type { Line } from './line'
import { messagesIn } from './files/attachment-index'
import { createTransfers, type Transfers } from './files/transfers'
import { createOutbox } from './outbox'
import type { OwnStatusTracker } from './own-status'
import { createReadyGate } from './ready-gate'
import { startRejoin, type Rejoin } from './rejoin'
import { createRoomFeeds } from './room-feeds'

export interface LiveOptions {
  mode: 'host' | 'join'
  /** Where the host answers; every rejoin goes to this address. */
  address: HostAddress
  /** What SessionInfo shows as the addresses to share. */
  addresses: string[]
  /** The host's certificate: every rejoin goes only to a host showing this one. */
  pin: PinnedCertificate
  /** The line the host has just accepted (handshake and session:start done). */
  line: Line
  /** Opens another line to `address` as `nickname`; the rejoin loop's attempts. */
  dial(nickname: string): Promise<Result<Line>>
  /** A host this session runs itself: stopped when the session ends. */
  host: PapoHost | null
  /**
   * The app's private data folder: bytes sent without a file of their own wait in it
   * (files/outgoing.ts), and no file in it is ever sent.
   */
  dataDir: string
  emit(event: BridgeEvent): void
  /** One's own status, told to the host on every line this session opens. */
  status: OwnStatusTracker
  clock: Clock
  /** For the probe before each rejoin attempt. */
  probeTimeoutMs: number
  outboxPatienceMs?: number
  random?: () => number
  rejoinDelays?: { firstMs: number; maxMs: number }
  log: (line: string) => void
}

/**
 * A chat the host let this app into, for as long as it lasts: the line to the host (and the
 * waits for it to come back), each room's cursor, the outbox. It ends by leaving, by app quit,
 * or when the host says this identity was removed or logged out from another window.
 */
export interface LiveSession {
  /** Set at once when the session ends; from then on the renderer hears nothing more from it. */
  readonly ended: boolean
  /** What the session is now, from what it holds. */
  info(): SessionInfo
  /** As `info()`, after asking the host for fresh room summaries when the line is up. */
  refresh(): Promise<SessionInfo>
  /** A request to the host on the line; what each one also changes here is in `forward`. */
  request<K extends HostMethod>(
    name: K,
    payload: RequestPayload<K>
  ): Promise<Result<ResponseData<K>>>
  /** Logs this identity out on the host (best effort), then ends with `logout`. */
  leave(): Promise<void>
  /** Ends without a word to the host beyond a hosted one's stop (app quit). */
  shutdown(): Promise<void>
  /** The files this session sends and saves, and image previews (files/transfers.ts). */
  readonly files: Transfers
}

type Forwarders = {
  [K in HostMethod]: (payload: RequestPayload<K>) => Promise<Result<ResponseData<K>>>
}

/** Changes of messages not yet handed to the renderer, kept at most (see `changedAhead`). */
const CHANGED_AHEAD_MAX = 2_000

const notConnected = () => err('NOT_CONNECTED', 'Not connected to the host right now.')

/**
 * Takes the first line and starts the live session on it; fails (and ends it) only if something
 * goes wrong before it is attached or the host ends it at once.
 */
export async function startLiveSession(options: LiveOptions): Promise<Result<LiveSession>> {
  const { clock, log, emit } = options
  const waits = createWaits(clock)

  let start: SessionStart = options.line.start
  /** Who this identity is; a rename from another window moves it, so a rejoin uses the new name. */
  let self: UserRef = start.self
  let sendRate: RateRule = start.sendRate
  /** The one list of the rooms this identity is in, for SessionInfo and `session:synced`. */
  const rooms = new Map<string, RoomSummary>()
  let state: ConnectionState = { status: 'connecting' }
  /** The line to the host; null while waiting for it to come back. */
  let connection: HostConnection | null = null
  /** Bumped whenever the line changes, so late callbacks of an old line change nothing. */
  let generation = 0
  /** On a line and caught up on every room: the outbox may send. */
  const ready = createReadyGate(clock)
  /** The host said it was stopping: the wait that follows is `host-stopped`, not a drop. */
  let hostStopping = false
  let rejoin: Rejoin | null = null
  let leaving = false
  let ended = false

  const onLine = <K extends RequestName>(
    name: K,
    payload: RequestPayload<K>
  ): Promise<Result<ResponseData<K>>> =>
    connection ? connection.request(name, payload) : Promise.resolve(notConnected())

  const feeds = createRoomFeeds({
    fetchAfter: (roomId, afterSeq, limit) => onLine('room:history', { roomId, afterSeq, limit }),
    deliver,
    wait: (ms) => waits.wait(ms),
    onBroken: () => {
      if (connection?.connected) dropLine('catch-up failed')
    },
    log
  })

  /**
   * Edits, deletes and reactions per room, by change cursor (change-feeds.ts): after a reconnect
   * they are caught up after the new messages, before `session:synced`.
   */
  const changes = createChangeFeeds({
    fetchChanges: (roomId, afterChange, limit) =>
      onLine('room:changes', { roomId, afterChange, limit }),
    deliver: deliverChange,
    wait: (ms) => waits.wait(ms),
    onBroken: () => {
      if (connection?.connected) dropLine('change catch-up failed')
    },
    log
  })

  /**
   * Changes of messages the renderer has not been handed yet (a `message:new` held past a hole,
   * or still to be fetched): the message goes out in that state when its turn comes, since the
   * renderer ignores a change of a message it does not have. By id; bounded.
   */
  const changedAhead = new Map<string, TextMessage>()

  const outbox = createOutbox({
    send: (payload) => onLine('message:send', payload),
    whenReady: (patienceMs) => ready.whenOpen(patienceMs),
    rate: () => sendRate,
    clock,
    patienceMs: options.outboxPatienceMs,
    log
  })

  /**
   * Files sent and saved over the host's HTTPS server, at the session's address and pinned to its
   * certificate; they wait with the outbox for the line and resume when it is back.
   */
  const files = createTransfers({
    request: onLine,
    isReady: () => ready.isOpen,
    whenReady: () => ready.whenOpen(undefined),
    origin: { host: options.address.host, port: options.address.port, pin: options.pin },
    limits: () => start.files,
    dataDir: options.dataDir,
    emit: (transfer) => emit({ type: 'transfer:changed', payload: transfer }),
    clock,
    log
  })

  const info = (): SessionInfo => ({
    mode: options.mode,
    self,
    host: start.host,
    fingerprint: options.pin.fingerprint,
    hostUserId: start.hostUserId,
    addresses: options.addresses,
    port: options.address.port,
    rooms: [...rooms.values()],
    connection: state,
    status: options.status.get()
  })

  function setState(next: ConnectionState): void {
    state = next
    if (!ended) emit({ type: 'connection:state', payload: next })
  }

  function upsertRoom(room: RoomSummary): void {
    rooms.delete(room.id)
    rooms.set(room.id, room)
    feeds.track(room.id, room.lastSeq)
    changes.track(room.id, room.lastChange)
  }

  function dropRoom(roomId: string): void {
    rooms.delete(roomId)
    feeds.untrack(roomId)
    changes.untrack(roomId)
    for (const [id, ahead] of changedAhead) if (ahead.roomId === roomId) changedAhead.delete(id)
  }

  /** A delivered message also moves its room's summary, so `session:synced` and info agree. */
  function deliver(delivered: Message): void {
    let message = delivered
    const ahead = changedAhead.get(message.id)
    if (ahead) {
      changedAhead.delete(message.id)
      if (message.kind === 'text' && ahead.change > message.change) message = ahead
    }
    const room = rooms.get(message.roomId)
    if (room && room.lastSeq < message.seq) {
      rooms.set(room.id, { ...room, lastSeq: message.seq })
    }
    files.noteMessages([message])
    emit({ type: 'message:new', payload: message })
  }

  /** A change, in its room's change order (change-feeds.ts); it moves the summary's lastChange. */
  function deliverChange(message: TextMessage): void {
    files.noteMessages([message])
    const room = rooms.get(message.roomId)
    if (room && room.lastChange < message.change) {
      rooms.set(room.id, { ...room, lastChange: message.change })
    }
    const cursor = feeds.cursor(message.roomId)
    if (cursor !== undefined && message.seq > cursor) {
      // Not handed to the renderer yet: it will be, in this state (see `deliver`).
      const before = changedAhead.get(message.id)
      if (!before || before.change < message.change) {
        if (!before && changedAhead.size >= CHANGED_AHEAD_MAX) {
          const oldest = changedAhead.keys().next()
          if (!oldest.done) changedAhead.delete(oldest.value)
        }
        changedAhead.set(message.id, message)
      }
      return
    }
    emit({ type: 'message:changed', payload: { message } })
  }

  /**
   * What session:start says. On a fresh line it is the whole truth: rooms it does not list were
   * left meanwhile, and a lastSeq below a cursor means the host lost messages. On a live line
   * (session:get) it can be older than pushes already taken, so it only adds.
   */
  function applyStart(next: SessionStart, freshLine: boolean): void {
    start = next
    self = next.self
    sendRate = next.sendRate
    if (freshLine) {
      const listed = new Set(next.rooms.map((r) => r.id))
      for (const roomId of feeds.tracked()) {
        if (!listed.has(roomId)) {
          feeds.untrack(roomId)
          changes.untrack(roomId)
        }
      }
      for (const room of next.rooms) {
        feeds.rebase(room.id, room.lastSeq)
        changes.rebase(room.id, room.lastChange)
      }
    }
    for (const room of next.rooms) {
      feeds.track(room.id, room.lastSeq)
      changes.track(room.id, room.lastChange)
    }
    rooms.clear()
    for (const room of next.rooms) rooms.set(room.id, room)
  }

  /**
   * The cursor logic first; then every push but `session:ended` and `messages:new` (taken apart
   * into `message:new`) goes on to the renderer under its own name, with its own payload.
   */
  function onPush(push: Push): void {
    switch (push.name) {
      case 'message:new':
        // Delivered (as `message:new`) by the room's feed: in seq order, once.
        return feeds.receive(push.payload)
      case 'messages:new':
        // A batch (the host's notices): each message as if it came alone, so the renderer still
        // hears one `message:new` per message, in seq order, once.
        return feeds.receiveAll(push.payload.messages)
      case 'presence:update':
        for (const change of push.payload.changes) {
          if (change.user.id === self.id) self = change.user
        }
        return emit({ type: push.name, payload: push.payload })
      case 'room:added':
        upsertRoom(push.payload)
        return emit({ type: push.name, payload: push.payload })
      case 'room:removed':
        dropRoom(push.payload.roomId)
        return emit({ type: push.name, payload: push.payload })
      case 'members:changed':
        return emit({ type: push.name, payload: push.payload })
      case 'room:read':
        return emit({ type: push.name, payload: push.payload })
      case 'typing:update':
        return emit({ type: push.name, payload: push.payload })
      case 'message:changed':
        // Delivered (as `message:changed`) by the room's change feed: in change order, once.
        return changes.receive(push.payload.message)
      case 'room:code-changed': {
        const room = rooms.get(push.payload.roomId)
        if (room) rooms.set(room.id, { ...room, code: push.payload.code })
        return emit({ type: push.name, payload: push.payload })
      }
      case 'knocks:changed':
        return emit({ type: push.name, payload: push.payload })
      case 'activity:new':
        return emit({ type: push.name, payload: push.payload })
      case 'session:ended':
        return hostEnded(push.payload.reason)
      default:
        return assertNever(push, 'push')
    }
  }

  function hostEnded(reason: PushPayload<'session:ended'>['reason']): void {
    switch (reason) {
      case 'host-stopping':
        // Not an ending any more: the disconnect that follows starts the wait for its return.
        hostStopping = true
        return
      case 'logout':
        if (!leaving) void end('logged-out-elsewhere')
        return
      case 'removed':
        void end('removed')
        return
      default:
        return assertNever(reason, 'end reason')
    }
  }

  /**
   * Takes a line the host accepted: replays what it pushed before session:start answered, then
   * (after a reconnect) fills every room that fell behind and only then tells the renderer the
   * view is current. A line that fails under the catch-up is dropped and waited for again.
   */
  async function attach(line: Line, first: boolean): Promise<void> {
    const mine = ++generation
    connection = line.connection
    // After a reconnect, changes wait for the new messages of the gap (filled first, below).
    if (!first) changes.beginSync()
    applyStart(line.start, true)
    const held = line.attach(
      (push) => {
        if (generation === mine && !ended) onPush(push)
      },
      (reason) => lineLost(mine, reason)
    )
    if (first) state = { status: 'connected' }
    else setState({ status: 'connected' })
    options.status.attach((status) => line.connection.request('status:set', { status }), first)
    for (const push of held) {
      if (generation !== mine || ended) return
      onPush(push)
    }
    if (first) {
      ready.open()
      return
    }
    // New messages first, then changes: a message both new and changed in the gap comes with
    // room:history in its current state, so its change delivered after it changes nothing, and
    // a change is never handed over before the message it changes.
    const outcome = await feeds.fillAll()
    if (generation !== mine || ended) return
    if (outcome === 'broken') {
      dropLine('catch-up failed')
      return
    }
    const changed = await changes.fillAll()
    if (generation !== mine || ended) return
    if (changed === 'broken') {
      dropLine('change catch-up failed')
      return
    }
    ready.open()
    emit({ type: 'session:synced', payload: { rooms: [...rooms.values()] } })
  }

  function lineLost(lost: number, reason: string): void {
    if (ended || generation !== lost) return
    log(`line to the host lost: ${reason}`)
    generation++
    connection = null
    ready.shut()
    options.status.detach()
    // Logging out: the host closing the line is the answer, not a reason to come back.
    if (!leaving) waitForHost()
  }

  /** Gives up a line that still looks connected but failed us; the rejoin loop opens another. */
  function dropLine(reason: string): void {
    const current = connection
    if (!current) return
    lineLost(generation, reason)
    current.close()
  }

  /**
   * The probe before a rejoin attempt: the same host id is not enough (it is public), the host
   * must also show the pinned certificate; anything else counts as another host.
   */
  async function probeSameCertificate(): Promise<ProbeAnswer> {
    const answer = await probeAddress(options.address, options.probeTimeoutMs)
    if (answer.kind !== 'papo' || answer.certificate.fingerprint === options.pin.fingerprint) {
      return answer
    }
    log('the host at this address shows another certificate: not rejoining it')
    return {
      kind: 'foreign',
      error: { code: 'HOST_KEY_CHANGED', message: 'The host shows another certificate.' }
    }
  }

  function waitForHost(): void {
    rejoin?.stop()
    rejoin = startRejoin<Line>({
      hostId: start.host.hostId,
      why: hostStopping ? 'stopped' : 'lost',
      probe: () => probeSameCertificate(),
      join: () => options.dial(self.nickname),
      hostIdOf: (line) => line.start.host.hostId,
      closeLine: (line) => line.connection.close(),
      onState: setState,
      onJoined: (line) => {
        rejoin = null
        hostStopping = false
        attach(line, false).catch((e: unknown) => {
          log(`rejoining failed: ${String(e)}`)
          dropLine('rejoin failed')
        })
      },
      // Removed while the line was down, so the "removed" notice never arrived: same ending.
      onRemoved: () => void end('removed'),
      clock,
      random: options.random,
      delays: options.rejoinDelays,
      log
    })
  }

  /** Ends the session for `reason`; null when it never got going (no event for the renderer). */
  async function end(reason: SessionEndReason | null): Promise<void> {
    if (ended) return
    ended = true
    generation++
    rejoin?.stop()
    rejoin = null
    connection?.close()
    connection = null
    options.status.detach()
    feeds.close()
    changes.close()
    changedAhead.clear()
    outbox.close()
    files.close()
    waits.close()
    ready.end()
    await options.host?.stop().catch((e: unknown) => log(`host stop failed: ${String(e)}`))
    if (reason) emit({ type: 'session:closed', payload: { reason } })
  }

  /** Room joins add the room here (its cursor starts at the answer's lastSeq). */
  const joined = async (answer: Promise<Result<RoomJoined>>): Promise<Result<RoomJoined>> => {
    const result = await answer
    if (result.ok && !ended) upsertRoom(result.data.room)
    return result
  }

  /** What each host request does here besides asking the host. */
  const forward: Forwarders = {
    'room:create': (payload) => joined(onLine('room:create', payload)),
    'room:join': (payload) => joined(onLine('room:join', payload)),
    'room:leave': async (payload) => {
      const result = await onLine('room:leave', payload)
      if (result.ok && !ended) dropRoom(payload.roomId)
      return result
    },
    'room:members': (payload) => onLine('room:members', payload),
    'room:history': (payload) => onLine('room:history', payload),
    'room:read': (payload) => onLine('room:read', payload),
    // Queued, paced and retried until it is stored or cannot be (outbox.ts).
    'message:send': (payload) => outbox.send(payload),
    // Not queued: an edit, delete or reaction is answered at once or fails (NOT_CONNECTED while
    // the line is down); its push reaches every window, this one included.
    'message:edit': (payload) => onLine('message:edit', payload),
    'message:delete': (payload) => onLine('message:delete', payload),
    'message:react': (payload) => onLine('message:react', payload),
    // Opening a direct conversation joins it, as room:join does.
    'dm:open': (payload) => joined(onLine('dm:open', payload)),
    search: (payload) => onLine('search', payload),
    // Stale a moment later: dropped while the line is down, never answered.
    'typing:set': async (payload) => {
      connection?.signal('typing:set', payload)
      return ok({})
    },
    'member:remove': (payload) => onLine('member:remove', payload),
    'member:readmit': (payload) => onLine('member:readmit', payload),
    'host:removed': (payload) => onLine('host:removed', payload),
    'host:knocks': (payload) => onLine('host:knocks', payload),
    'host:answer-knock': (payload) => onLine('host:answer-knock', payload),
    'host:activity': (payload) => onLine('host:activity', payload),
    'room:new-code': async (payload) => {
      const result = await onLine('room:new-code', payload)
      const room = result.ok ? rooms.get(payload.roomId) : undefined
      if (result.ok && room) rooms.set(room.id, { ...room, code: result.data.code })
      return result
    }
  }

  const live: LiveSession = {
    get ended() {
      return ended
    },
    files,
    info,
    async refresh() {
      const current = connection
      if (current && ready.isOpen) {
        const fresh = await current.request('session:start', {})
        if (fresh.ok && !ended && connection === current) applyStart(fresh.data, false)
      }
      return info()
    },
    async request(name, payload) {
      const answer = await forward[name](payload)
      // The files of the messages the renderer is handed are the ones it may fetch.
      if (answer.ok) files.noteMessages(messagesIn(answer.data))
      return answer
    },
    async leave() {
      leaving = true
      // Best effort: even if the host is gone, leaving locally must always work.
      if (connection) await connection.request('session:logout', {})
      await end('logout')
    },
    async shutdown() {
      leaving = true
      await end('logout')
    }
  }

  try {
    await attach(options.line, true)
  } catch (e) {
    log(`joining failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    await end(null)
    return err('INTERNAL', 'Something went wrong in Papo while joining. Try again.')
  }
  if (ended) return err('NOT_CONNECTED', 'The host ended the chat while joining.')
  return ok(live)
}
