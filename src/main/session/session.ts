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
import { APP_ID, DEFAULT_PORT, LIMITS, PROTOCOL_VERSION } from '../../shared/limits'
import type { HostInfo, Message, RoomSummary, UserRef } from '../../shared/models'
import { checkNickname } from '../../shared/nickname'
import { assertNever, err, ok, type Result } from '../../shared/result'
import type {
  PushPayload,
  RequestName,
  RequestPayload,
  ResponseData
} from '../../shared/wire/protocol'
import { connectToHost, type HostConnection, type Push } from '../client/connection'
import { probeHost } from '../client/probe'
import { createHost, type PapoHost } from '../host'
import type { DesktopPort } from './desktop-port'
import { loadOrCreateSecret } from './identity'
import { createPrefsStore } from './prefs'

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
  /** How long a message waits for a lost connection to come back. */
  outboxPatienceMs?: number
  log?: (line: string) => void
}

export const OUTBOX_PATIENCE_MS = 30_000

function endReason(reason: PushPayload<'session:ended'>['reason']): SessionEndReason {
  switch (reason) {
    case 'logout':
      return 'logged-out-elsewhere'
    case 'host-stopping':
      return 'host-stopped'
    case 'removed':
      return 'removed'
    default:
      return assertNever(reason)
  }
}

interface Active {
  mode: 'host' | 'join'
  connection: HostConnection
  host: PapoHost | null
  self: UserRef
  hostInfo: HostInfo
  hostUserId: string | null
  addresses: string[]
  port: number
  rooms: RoomSummary[]
  /** Newest seq this side has delivered per room, to fetch exactly what a disconnect missed. */
  knownSeq: Map<string, number>
  leaving: boolean
}

type RoomRequest = Exclude<RequestName, 'session:start' | 'session:logout' | 'typing:set'>

/**
 * The app's chat session, free of Electron: hosting or joining, the one connection to a host,
 * and the events the renderer hears. Main's IPC and the e2e tests bind to the same object.
 */
export function createSession(options: SessionOptions) {
  const log = options.log ?? (() => {})
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
    port: a.port,
    rooms: a.rooms,
    connection: a.connection.state
  })

  const noteSeq = (a: Active, messages: readonly Message[]): void => {
    for (const m of messages) {
      if (m.seq > (a.knownSeq.get(m.roomId) ?? 0)) a.knownSeq.set(m.roomId, m.seq)
    }
  }

  function onPush(a: Active, push: Push): void {
    switch (push.name) {
      case 'message:new':
        noteSeq(a, [push.payload])
        emit({ type: 'message', message: push.payload })
        return
      case 'presence:update':
        emit({ type: 'presence', ...push.payload })
        return
      case 'members:update':
        emit({ type: 'members', ...push.payload })
        return
      case 'room:added':
        a.rooms = [...a.rooms.filter((r) => r.id !== push.payload.id), push.payload]
        emit({ type: 'room-added', room: push.payload })
        return
      case 'room:removed':
        a.rooms = a.rooms.filter((r) => r.id !== push.payload.roomId)
        a.knownSeq.delete(push.payload.roomId)
        emit({ type: 'room-removed', roomId: push.payload.roomId })
        return
      case 'room:read':
        emit({ type: 'room-read', ...push.payload })
        return
      case 'typing:update':
        emit({ type: 'typing', ...push.payload })
        return
      case 'session:ended':
        if (a.leaving) return
        void end(a, endReason(push.payload.reason))
        return
      default:
        assertNever(push)
    }
  }

  /** After a reconnect: fresh room list, then every message the gap swallowed, in order. */
  async function resync(a: Active): Promise<void> {
    const start = await a.connection.request('session:start', {})
    if (!start.ok || active !== a) return
    a.self = start.data.self
    a.hostUserId = start.data.hostUserId
    a.rooms = start.data.rooms
    emit({ type: 'rooms', rooms: a.rooms })
    for (const room of a.rooms) {
      let after = a.knownSeq.get(room.id)
      while (after !== undefined && after < room.lastSeq) {
        const page = await a.connection.request('room:history', {
          roomId: room.id,
          afterSeq: after,
          limit: LIMITS.historyPageMax
        })
        if (!page.ok || active !== a || page.data.messages.length === 0) break
        noteSeq(a, page.data.messages)
        for (const message of page.data.messages) emit({ type: 'message', message })
        after = a.knownSeq.get(room.id)
        if (!page.data.hasMore) break
      }
    }
  }

  async function end(a: Active, reason: SessionEndReason): Promise<void> {
    if (active !== a) return
    active = null
    a.connection.close()
    if (a.host) await a.host.stop().catch((e: unknown) => log(`host stop failed: ${String(e)}`))
    emit({ type: 'session-ended', reason })
  }

  async function open(
    mode: 'host' | 'join',
    address: HostAddress,
    nickname: string,
    host: PapoHost | null,
    addresses: string[]
  ): Promise<Result<SessionInfo>> {
    const connected = await connectToHost({
      address,
      handshake: { app: APP_ID, protocol: PROTOCOL_VERSION, secret, nickname },
      connectTimeoutMs: options.connectTimeoutMs,
      log
    })
    if (!connected.ok) return connected
    const connection = connected.data
    const start = await connection.request('session:start', {})
    if (!start.ok) {
      connection.close()
      return start
    }
    const a: Active = {
      mode,
      connection,
      host,
      self: start.data.self,
      hostInfo: start.data.host,
      hostUserId: start.data.hostUserId,
      addresses,
      port: address.port,
      rooms: start.data.rooms,
      knownSeq: new Map(),
      leaving: false
    }
    active = a
    connection.onPush((push) => onPush(a, push))
    connection.onState((state: ConnectionState) => {
      if (active !== a) return
      emit({ type: 'connection', state })
    })
    connection.onReconnected(() => {
      resync(a).catch((e: unknown) => log(`resync failed: ${String(e)}`))
    })
    // Removed while the line was down, so the "removed" notice never arrived: same ending.
    connection.onRefused((refusal) => {
      if (refusal.code === 'REMOVED' && !a.leaving) void end(a, 'removed')
    })
    return ok(info(a))
  }

  /** Resolves once the connection is usable again, or false when `ms` run out first. */
  function connectedWithin(a: Active, ms: number): Promise<boolean> {
    if (a.connection.state.status === 'connected') return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off()
        resolve(false)
      }, ms)
      const off = a.connection.onState((state) => {
        if (state.status !== 'connected' && state.status !== 'offline') return
        clearTimeout(timer)
        off()
        resolve(state.status === 'connected')
      })
    })
  }

  /**
   * A message typed during a network blip is not lost: it waits for the reconnect and is sent
   * again with the same clientId, which the host stores at most once. The renderer shows it as
   * pending meanwhile, and as failed (with retry) only after OUTBOX_PATIENCE_MS.
   */
  async function sendPatiently(
    a: Active,
    payload: RequestPayload<'message:send'>
  ): Promise<Result<ResponseData<'message:send'>>> {
    const deadline = Date.now() + (options.outboxPatienceMs ?? OUTBOX_PATIENCE_MS)
    for (;;) {
      const result = await a.connection.request('message:send', payload)
      const transient = !result.ok && ['TIMEOUT', 'NOT_CONNECTED'].includes(result.error.code)
      if (!transient || active !== a) return result
      const left = deadline - Date.now()
      if (left <= 0 || !(await connectedWithin(a, left)) || active !== a) return result
    }
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

    /** Log out: every connection of this identity ends; a host also stops hosting. */
    async leave(): Promise<Result<Record<string, never>>> {
      const a = active
      if (!a) return ok({})
      a.leaving = true
      // Best effort: even if the host is gone, leaving locally must always work.
      await a.connection.request('session:logout', {})
      await end(a, 'logout')
      return ok({})
    },

    async get(): Promise<SessionInfo | null> {
      const a = active
      if (!a) return null
      const start = await a.connection.request('session:start', {})
      if (start.ok && active === a) a.rooms = start.data.rooms
      return info(a)
    },

    async request<K extends RoomRequest>(
      name: K,
      payload: RequestPayload<K>
    ): Promise<Result<ResponseData<K>>> {
      const a = requireActive()
      if (!a.ok) return a
      if (name === 'message:send') {
        const text = (payload as RequestPayload<'message:send'>).text
        // Over the limit is refused here too: a huge payload would make the host drop the socket.
        if (text.length > LIMITS.messageMax) {
          return err('TOO_LONG', `A message has at most ${LIMITS.messageMax} characters.`)
        }
      }
      const result =
        name === 'message:send'
          ? ((await sendPatiently(a.data, payload as RequestPayload<'message:send'>)) as Result<
              ResponseData<K>
            >)
          : await a.data.connection.request(name, payload)
      if (result.ok) {
        const data = result.data as Partial<
          ResponseData<'room:join'> & ResponseData<'room:history'>
        >
        if (data.history) noteSeq(a.data, data.history.messages)
        if (data.messages) noteSeq(a.data, data.messages)
        if (data.room) {
          const room = data.room
          a.data.rooms = [...a.data.rooms.filter((r) => r.id !== room.id), room]
        }
        if (name === 'room:leave') {
          const roomId = (payload as RequestPayload<'room:leave'>).roomId
          a.data.rooms = a.data.rooms.filter((r) => r.id !== roomId)
        }
      }
      return result
    },

    setTyping(payload: RequestPayload<'typing:set'>): Result<Record<string, never>> {
      const a = requireActive()
      if (!a.ok) return a
      a.data.connection.signal('typing:set', payload)
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
