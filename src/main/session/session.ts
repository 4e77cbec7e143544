import { join } from 'node:path'
import { parseAddress, type HostAddress } from '../../shared/address'
import type {
  AppInfo,
  BridgeEvent,
  ConnectionState,
  Prefs,
  SessionEndReason,
  SessionInfo
} from '../../shared/bridge'
import { APP_ID, DEFAULT_PORT, LIMITS, PROTOCOL_VERSION, type RateRule } from '../../shared/limits'
import type { HostInfo, Message, RoomSummary, UserRef } from '../../shared/models'
import { checkNickname } from '../../shared/nickname'
import { assertNever, err, ok, type Result } from '../../shared/result'
import type {
  RequestName,
  RequestPayload,
  ResponseData,
  SessionStart
} from '../../shared/wire/protocol'
import { connectToHost, type Push } from '../client/connection'
import { probeAddress, probeHost } from '../client/probe'
import { createHost, type PapoHost } from '../host'
import { createWaits, systemClock, type Clock, type Waits } from './clock'
import type { DesktopPort } from './desktop-port'
import { loadOrCreateSecret } from './identity'
import { openLine, type Connect, type Line } from './line'
import { createOutbox, type Outbox } from './outbox'
import { createPrefsStore } from './prefs'
import { startRejoin, type Rejoin } from './rejoin'
import { createRoomFeeds, type RoomFeeds } from './room-feeds'

export interface SessionOptions {
  /** Where identity, prefs and (when hosting) the host's database live. */
  dataDir: string
  appVersion: string
  platform: string
  systemLocale: string
  /** Name a hosted room is announced under; usually the computer's name. */
  hostName: string
  desktop: DesktopPort
  connectTimeoutMs?: number
  /**
   * How long a queued message may wait for a lost connection before it fails with
   * NOT_CONNECTED. Default: no limit; it waits as long as the session lives.
   */
  outboxPatienceMs?: number
  log?: (line: string) => void
  /** The clock for outbox pacing and rejoin backoff. Default: Date.now. */
  now?: () => number
  /** Runs `run` once after `ms`; returns a function that cancels it. Default: setTimeout. */
  setTimeout?: (run: () => void, ms: number) => () => void
  /** Jitter for the rejoin backoff. Default: Math.random. */
  random?: () => number
  /** Rejoin backoff: the first wait and the cap. Default REJOIN_DELAYS (0.5 s to 5 s). */
  rejoinDelays?: { firstMs: number; maxMs: number }
  /** Opens one connection to a host. Default connectToHost; tests wrap it to hold a line. */
  connect?: Connect
}

interface Active {
  mode: 'host' | 'join'
  host: PapoHost | null
  address: HostAddress
  self: UserRef
  hostInfo: HostInfo
  hostUserId: string | null
  addresses: string[]
  rooms: RoomSummary[]
  sendRate: RateRule
  state: ConnectionState
  /** The line to the host; null while waiting for it to come back. */
  connection: Line['connection'] | null
  /** Bumped whenever the line changes, so late callbacks of an old line change nothing. */
  generation: number
  /** On a line and caught up on every room: the outbox may send. */
  ready: boolean
  readyWaiters: Set<(ready: boolean) => void>
  /** The host said it was stopping: the wait that follows is `host-stopped`, not a drop. */
  hostStopping: boolean
  rejoin: Rejoin | null
  feeds: RoomFeeds
  outbox: Outbox
  waits: Waits
  leaving: boolean
  ended: boolean
}

type RoomRequest = Exclude<RequestName, 'session:start' | 'session:logout' | 'typing:set'>

/**
 * The app's chat session, free of Electron: hosting or joining, the line to the host, and the
 * events the renderer hears. Main's IPC and the e2e tests bind to the same object.
 *
 * A joined session outlives its line: when the line drops or the host stops, it keeps its rooms
 * and cursors, waits for the same host to answer again (rejoin.ts), catches every room up
 * (room-feeds.ts) and only then says it is current (`rooms`). Only logging out, being removed
 * or logged out elsewhere end it.
 */
export function createSession(options: SessionOptions) {
  const log = options.log ?? (() => {})
  const clock: Clock = {
    now: options.now ?? systemClock.now,
    setTimeout: options.setTimeout ?? systemClock.setTimeout
  }
  const connect: Connect = options.connect ?? connectToHost
  const prefs = createPrefsStore(options.dataDir)
  const secret = loadOrCreateSecret(options.dataDir)
  const listeners = new Set<(event: BridgeEvent) => void>()
  let active: Active | null = null
  let starting = false

  const emit = (event: BridgeEvent): void => {
    for (const listener of listeners) listener(event)
  }

  const info = (a: Active): SessionInfo => ({
    mode: a.mode,
    self: a.self,
    host: a.hostInfo,
    hostUserId: a.hostUserId,
    addresses: a.addresses,
    port: a.address.port,
    rooms: a.rooms,
    connection: a.state
  })

  const dial = (address: HostAddress, nickname: string) =>
    openLine(connect, {
      address,
      handshake: { app: APP_ID, protocol: PROTOCOL_VERSION, secret, nickname },
      connectTimeoutMs: options.connectTimeoutMs,
      log
    })

  function setState(a: Active, state: ConnectionState): void {
    a.state = state
    if (!a.ended) emit({ type: 'connection', state })
  }

  function setReady(a: Active, ready: boolean): void {
    a.ready = ready
    if (!ready) return
    for (const waiter of [...a.readyWaiters]) waiter(true)
  }

  function whenReady(a: Active, patienceMs: number | undefined): Promise<boolean> {
    if (a.ended) return Promise.resolve(false)
    if (a.ready) return Promise.resolve(true)
    return new Promise((resolve) => {
      let cancel = (): void => {}
      const waiter = (ready: boolean): void => {
        a.readyWaiters.delete(waiter)
        cancel()
        resolve(ready)
      }
      a.readyWaiters.add(waiter)
      if (patienceMs !== undefined) cancel = clock.setTimeout(() => waiter(false), patienceMs)
    })
  }

  function upsertRoom(a: Active, room: RoomSummary): void {
    a.rooms = [...a.rooms.filter((r) => r.id !== room.id), room]
    a.feeds.track(room.id, room.lastSeq)
  }

  function dropRoom(a: Active, roomId: string): void {
    a.rooms = a.rooms.filter((r) => r.id !== roomId)
    a.feeds.untrack(roomId)
  }

  /** A delivered message also moves the room's summary, so `rooms` and session:get agree. */
  function deliver(a: Active, message: Message): void {
    a.rooms = a.rooms.map((r) =>
      r.id === message.roomId && r.lastSeq < message.seq ? { ...r, lastSeq: message.seq } : r
    )
    emit({ type: 'message', message })
  }

  /**
   * What session:start says. On a fresh line it is the whole truth: rooms it does not list were
   * left meanwhile, and a lastSeq below a cursor means the host lost messages. On a live line
   * (session:get) it can be older than pushes already taken, so it only adds.
   */
  function applyStart(a: Active, start: SessionStart, freshLine: boolean): void {
    a.self = start.self
    a.hostUserId = start.hostUserId
    a.hostInfo = start.host
    a.sendRate = start.sendRate
    if (freshLine) {
      const listed = new Set(start.rooms.map((r) => r.id))
      for (const roomId of a.feeds.tracked()) if (!listed.has(roomId)) a.feeds.untrack(roomId)
      for (const room of start.rooms) a.feeds.rebase(room.id, room.lastSeq)
    }
    for (const room of start.rooms) a.feeds.track(room.id, room.lastSeq)
    a.rooms = start.rooms
  }

  function onPush(a: Active, push: Push): void {
    switch (push.name) {
      case 'message:new':
        a.feeds.receive(push.payload)
        return
      case 'presence:update':
        for (const change of push.payload.changes) {
          // Renamed from another window: reconnect under the new name, not back to the old.
          if (change.user.id === a.self.id) a.self = change.user
        }
        emit({ type: 'presence', changes: push.payload.changes })
        return
      case 'members:changed':
        emit({ type: 'members-changed', ...push.payload })
        return
      case 'room:added':
        upsertRoom(a, push.payload)
        emit({ type: 'room-added', room: push.payload })
        return
      case 'room:removed':
        dropRoom(a, push.payload.roomId)
        emit({ type: 'room-removed', roomId: push.payload.roomId })
        return
      case 'room:read':
        emit({ type: 'room-read', ...push.payload })
        return
      case 'typing:update':
        emit({ type: 'typing', ...push.payload })
        return
      case 'session:ended':
        switch (push.payload.reason) {
          case 'host-stopping':
            // Not an ending any more: the disconnect that follows starts the wait for its return.
            a.hostStopping = true
            return
          case 'logout':
            if (!a.leaving) void end(a, 'logged-out-elsewhere')
            return
          case 'removed':
            void end(a, 'removed')
            return
          default:
            return assertNever(push.payload.reason)
        }
      default:
        assertNever(push)
    }
  }

  /**
   * Takes a line the host accepted: replays what it pushed before session:start answered, then
   * (after a reconnect) fills every room that fell behind and only then tells the renderer the
   * view is current. A line that fails under the catch-up is dropped and waited for again.
   */
  async function attach(a: Active, line: Line, first: boolean): Promise<void> {
    const generation = ++a.generation
    a.connection = line.connection
    applyStart(a, line.start, true)
    const held = line.attach(
      (push) => {
        if (a.generation === generation && !a.ended) onPush(a, push)
      },
      (reason) => lineLost(a, generation, reason)
    )
    if (first) a.state = { status: 'connected' }
    else setState(a, { status: 'connected' })
    for (const push of held) {
      if (a.generation !== generation || a.ended) return
      onPush(a, push)
    }
    if (first) {
      setReady(a, true)
      return
    }
    const outcome = await a.feeds.fillAll()
    if (a.generation !== generation || a.ended) return
    if (outcome === 'broken') {
      dropLine(a, 'catch-up failed')
      return
    }
    setReady(a, true)
    emit({ type: 'rooms', rooms: a.rooms })
  }

  function lineLost(a: Active, generation: number, reason: string): void {
    if (a.ended || a.generation !== generation) return
    log(`line to the host lost: ${reason}`)
    a.generation++
    a.connection = null
    setReady(a, false)
    // Logging out: the host closing the line is the answer, not a reason to come back.
    if (!a.leaving) waitForHost(a)
  }

  /** Gives up a line that still looks connected but failed us; the rejoin loop opens another. */
  function dropLine(a: Active, reason: string): void {
    const connection = a.connection
    if (!connection) return
    lineLost(a, a.generation, reason)
    connection.close()
  }

  function waitForHost(a: Active): void {
    a.rejoin?.stop()
    a.rejoin = startRejoin<Line>({
      hostId: a.hostInfo.hostId,
      why: a.hostStopping ? 'stopped' : 'lost',
      probe: () => probeAddress(a.address, options.connectTimeoutMs ?? 5_000),
      join: () => dial(a.address, a.self.nickname),
      hostIdOf: (line) => line.start.host.hostId,
      closeLine: (line) => line.connection.close(),
      onState: (state) => setState(a, state),
      onJoined: (line) => {
        a.rejoin = null
        a.hostStopping = false
        attach(a, line, false).catch((e: unknown) => {
          log(`rejoining failed: ${String(e)}`)
          dropLine(a, 'rejoin failed')
        })
      },
      // Removed while the line was down, so the "removed" notice never arrived: same ending.
      onRemoved: () => void end(a, 'removed'),
      clock,
      random: options.random,
      delays: options.rejoinDelays,
      log
    })
  }

  /** Ends the session for `reason`; null when it never got going (no event for the renderer). */
  async function end(a: Active, reason: SessionEndReason | null): Promise<void> {
    if (a.ended) return
    a.ended = true
    if (active === a) active = null
    a.generation++
    a.rejoin?.stop()
    a.rejoin = null
    a.connection?.close()
    a.connection = null
    a.feeds.close()
    a.outbox.close()
    a.waits.close()
    for (const waiter of [...a.readyWaiters]) waiter(false)
    if (a.host) await a.host.stop().catch((e: unknown) => log(`host stop failed: ${String(e)}`))
    if (reason) emit({ type: 'session-ended', reason })
  }

  async function open(
    mode: 'host' | 'join',
    address: HostAddress,
    nickname: string,
    host: PapoHost | null,
    addresses: string[]
  ): Promise<Result<SessionInfo>> {
    const line = await dial(address, nickname)
    if (!line.ok) return line
    const { start } = line.data
    const waits = createWaits(clock)
    const a: Active = {
      mode,
      host,
      address,
      self: start.self,
      hostInfo: start.host,
      hostUserId: start.hostUserId,
      addresses,
      rooms: [],
      sendRate: start.sendRate,
      state: { status: 'connecting' },
      connection: null,
      generation: 0,
      ready: false,
      readyWaiters: new Set(),
      hostStopping: false,
      rejoin: null,
      waits,
      feeds: createRoomFeeds({
        fetchAfter: (roomId, afterSeq, limit) =>
          a.connection
            ? a.connection.request('room:history', { roomId, afterSeq, limit })
            : Promise.resolve(err('NOT_CONNECTED', 'Not connected to the host right now.')),
        deliver: (message) => deliver(a, message),
        wait: (ms) => waits.wait(ms),
        onBroken: () => {
          if (a.connection?.connected) dropLine(a, 'catch-up failed')
        },
        log
      }),
      outbox: createOutbox({
        send: (payload) =>
          a.connection
            ? a.connection.request('message:send', payload)
            : Promise.resolve(err('NOT_CONNECTED', 'Not connected to the host right now.')),
        whenReady: (patienceMs) => whenReady(a, patienceMs),
        rate: () => a.sendRate,
        clock,
        patienceMs: options.outboxPatienceMs,
        log
      }),
      leaving: false,
      ended: false
    }
    active = a
    try {
      await attach(a, line.data, true)
    } catch (e) {
      log(`joining failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
      await end(a, null)
      return err('INTERNAL', 'Something went wrong in Papo while joining. Try again.')
    }
    if (a.ended) return err('NOT_CONNECTED', 'The host ended the chat while joining.')
    return ok(info(a))
  }

  /** Serialises host/join so a double click cannot open two sessions. */
  async function exclusive(run: () => Promise<Result<SessionInfo>>): Promise<Result<SessionInfo>> {
    if (active || starting) return err('ALREADY_IN_SESSION', 'Already in a chat; log out first.')
    starting = true
    try {
      return await run()
    } finally {
      starting = false
    }
  }

  function requireActive(): Result<Active> {
    return active ? ok(active) : err('NOT_CONNECTED', 'Not in a chat.')
  }

  return {
    onEvent(listener: (event: BridgeEvent) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    appInfo(): AppInfo {
      return {
        version: options.appVersion,
        platform: options.platform,
        systemLocale: options.systemLocale,
        prefs: prefs.get()
      }
    },

    setPrefs(patch: Partial<Prefs>): Prefs {
      return prefs.update(patch)
    },

    host(args: { nickname: string; port?: number }): Promise<Result<SessionInfo>> {
      return exclusive(async () => {
        const nickname = checkNickname(args.nickname)
        if (!nickname.ok) return nickname
        let host: PapoHost
        try {
          host = await createHost({
            port: args.port ?? DEFAULT_PORT,
            portFallback: args.port === undefined,
            dataDir: join(options.dataDir, 'host'),
            name: options.hostName,
            version: options.appVersion,
            ownerSecret: secret,
            log
          })
        } catch (e) {
          if ((e as { code?: unknown }).code === 'PORT_IN_USE') {
            return err(
              'PORT_IN_USE',
              `Port ${args.port ?? DEFAULT_PORT} is in use by another program. Pick another port.`
            )
          }
          log(`host failed to start: ${String(e)}`)
          return err('INTERNAL', `Could not start hosting: ${(e as Error).message}`)
        }
        const opened = await open(
          'host',
          { host: '127.0.0.1', port: host.port },
          nickname.data,
          host,
          host.addresses()
        )
        if (!opened.ok) {
          await host.stop()
          return opened
        }
        prefs.update({ lastNickname: nickname.data })
        return opened
      })
    },

    join(args: { nickname: string; address: string }): Promise<Result<SessionInfo>> {
      return exclusive(async () => {
        const nickname = checkNickname(args.nickname)
        if (!nickname.ok) return nickname
        const address = parseAddress(args.address)
        if (!address) {
          return err('ADDRESS_INVALID', 'Type an address like 192.168.0.12 or 192.168.0.12:4747.')
        }
        const probe = await probeHost(address, options.connectTimeoutMs ?? 5_000)
        if (!probe.ok) return probe
        const opened = await open('join', address, nickname.data, null, [args.address.trim()])
        if (opened.ok)
          prefs.update({ lastNickname: nickname.data, lastAddress: args.address.trim() })
        return opened
      })
    },

    /**
     * Log out: every connection of this identity ends; a host also stops hosting. Works at any
     * time, also while waiting for a host that went away (then only this app leaves).
     */
    async leave(): Promise<Result<Record<string, never>>> {
      const a = active
      if (!a) return ok({})
      a.leaving = true
      // Best effort: even if the host is gone, leaving locally must always work.
      if (a.connection) await a.connection.request('session:logout', {})
      await end(a, 'logout')
      return ok({})
    },

    async get(): Promise<SessionInfo | null> {
      const a = active
      if (!a) return null
      const connection = a.connection
      if (connection && a.ready) {
        const start = await connection.request('session:start', {})
        if (start.ok && active === a && a.connection === connection) {
          applyStart(a, start.data, false)
        }
      }
      return info(a)
    },

    async request<K extends RoomRequest>(
      name: K,
      payload: RequestPayload<K>
    ): Promise<Result<ResponseData<K>>> {
      const got = requireActive()
      if (!got.ok) return got
      const a = got.data
      if (name === 'message:send') {
        const message = payload as RequestPayload<'message:send'>
        // Over the limit is refused here too: a huge payload would make the host drop the socket.
        if (message.text.length > LIMITS.messageMax) {
          return err('TOO_LONG', `A message has at most ${LIMITS.messageMax} characters.`)
        }
        return (await a.outbox.send(message)) as Result<ResponseData<K>>
      }
      const connection = a.connection
      if (!connection) return err('NOT_CONNECTED', 'Not connected to the host right now.')
      const result = await connection.request(name, payload)
      if (result.ok && !a.ended) {
        const data = result.data as Partial<ResponseData<'room:join'>>
        if (data.room) upsertRoom(a, data.room)
        if (name === 'room:leave') dropRoom(a, (payload as RequestPayload<'room:leave'>).roomId)
      }
      return result
    },

    setTyping(payload: RequestPayload<'typing:set'>): Result<Record<string, never>> {
      const a = requireActive()
      if (!a.ok) return a
      a.data.connection?.signal('typing:set', payload)
      return ok({})
    },

    desktop: options.desktop,

    /** App quit: a host tells its clients it is stopping instead of vanishing. */
    async shutdown(): Promise<void> {
      const a = active
      if (!a) return
      a.leaving = true
      await end(a, 'logout')
    }
  }
}

export type Session = ReturnType<typeof createSession>
