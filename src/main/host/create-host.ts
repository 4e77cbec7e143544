import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import { Server } from 'socket.io'
import {
  DEFAULT_PORT,
  LIMITS,
  PROBE_PATH,
  PROTOCOL_VERSION,
  RATE_LIMITS,
  TIMEOUTS,
  type RateLimits
} from '../../shared/limits'
import { LOBBY_ROOM_ID, APP_ID } from '../../shared/limits'
import type { HostInfo } from '../../shared/models'
import { checkNickname } from '../../shared/nickname'
import { handshakeSchema, type ConnectRefusal } from '../../shared/wire/protocol'
import { openChatStore, type ChatStore } from '../store'
import { createOutgoingGuard } from './backpressure'
import { bindRequests } from './bind-requests'
import { createChatService } from './chat-service'
import { clientAddress } from './client-address'
import { hashSecret, resolveIdentity, type ResolvedIdentity } from './identity'
import { lanAddresses } from './lan-addresses'
import { listen } from './listen'
import { createPresence } from './presence'
import { createRateLimits } from './rate-limit'
import { createTypingTracker } from './typing'
import { roomChannel, userChannel, type PapoServer, type PapoSocket } from './types'

export interface HostOptions {
  /** Default 4747; 0 picks any free port (tests). */
  port?: number
  /** Try the next ports when `port` is taken, instead of failing with PORT_IN_USE. */
  portFallback?: boolean
  /** Default: all interfaces, so the LAN can reach it. */
  bindAddress?: string
  /** Folder of the host's database. */
  dataDir: string
  /** What joiners see as the host's name. */
  name?: string
  version?: string
  log?: (line: string) => void
  /** How long a dropped identity still counts as online; see presence.ts. Default 3 s. */
  presenceGraceMs?: number
  /** Other limits than RATE_LIMITS (tests cross them quickly); merged over them. */
  rateLimits?: Partial<RateLimits>
  /** How long presence and member changes are gathered per push. Default TIMEOUTS.rosterBatchMs. */
  rosterBatchMs?: number
  /** How long stop() lets clients close before cutting them. Default TIMEOUTS.stopGraceMs. */
  stopGraceMs?: number
  /**
   * Database durability and grouping, for the benchmark's comparison; the defaults (FULL, grouped)
   * are what an ack promises in docs/protocol.md.
   */
  synchronous?: 'FULL' | 'NORMAL'
  groupCommit?: boolean
  /** How long a typing indicator lives without a refresh. Default TIMEOUTS.typingExpireMs. */
  typingExpireMs?: number
  /** The secret of the person hosting in the app: that identity may remove people. */
  ownerSecret?: string
  now?: () => number
}

export interface PapoHost {
  readonly port: number
  readonly info: HostInfo
  /** `ip:port` for each LAN interface, to share with people joining. */
  addresses(): string[]
  /** Tells every client the host is stopping, closes them, then the database. */
  stop(): Promise<void>
}

export const HOST_DB_FILE = 'papo-host.db'

/** After cutting the last connections the server closes at once; this only bounds the wait. */
const CLOSE_AFTER_CUT_MS = 250
/** How often every connection's unread data is checked (a client that only receives pushes). */
const OUTGOING_SWEEP_MS = 1_000

/** Resolves once `done()` holds (checked every few ms), or after `ms` at most. */
const waitUntil = (done: () => boolean, ms: number): Promise<void> =>
  new Promise((resolve) => {
    const started = Date.now()
    const check = (): void => {
      if (done() || Date.now() - started >= ms) resolve()
      else setTimeout(check, 10)
    }
    check()
  })

/** Waits for `promise`, or for `ms` if that comes first. */
const within = (promise: Promise<void>, ms: number): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    void promise.then(() => {
      clearTimeout(timer)
      resolve()
    })
  })

/**
 * A Papo host: an HTTP server answering the reachability probe, a Socket.IO server speaking the
 * wire protocol, and the SQLite store behind it. Plain Node: the desktop app, the headless host
 * and the tests all run this same code.
 */
export async function createHost(options: HostOptions): Promise<PapoHost> {
  const log = options.log ?? (() => {})
  const now = options.now ?? Date.now
  const store: ChatStore = openChatStore(join(options.dataDir, HOST_DB_FILE), {
    synchronous: options.synchronous ?? 'FULL'
  })
  const info: HostInfo = {
    app: APP_ID,
    protocol: PROTOCOL_VERSION,
    hostId: store.hostId,
    name: (options.name ?? 'Papo').slice(0, 128),
    version: (options.version ?? '0.0.0').slice(0, 64)
  }
  const ownerHash = options.ownerSecret ? hashSecret(options.ownerSecret) : null
  let hostUserId = ownerHash ? (store.userBySecretHash(ownerHash)?.id ?? null) : null

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === PROBE_PATH) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(JSON.stringify(info))
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
  })
  // Every TCP connection, upgraded to WebSocket or not: stop() cuts what has not closed in time,
  // since a client that never finishes closing would otherwise hold the host open.
  const connections = new Set<Socket>()
  http.on('connection', (socket: Socket) => {
    connections.add(socket)
    socket.once('close', () => connections.delete(socket))
  })

  const io: PapoServer = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: LIMITS.payloadMaxBytes,
    // A vanished laptop is noticed in ~15 s rather than the default ~45 s.
    pingInterval: 10_000,
    pingTimeout: 5_000
  })

  let stopping = false
  const limits = createRateLimits({ ...RATE_LIMITS, ...options.rateLimits }, now)
  const outgoing = createOutgoingGuard({
    io,
    maxBytes: LIMITS.outgoingBufferMaxBytes,
    sweepMs: OUTGOING_SWEEP_MS,
    log
  })
  const typing = createTypingTracker({
    expireMs: options.typingExpireMs ?? TIMEOUTS.typingExpireMs,
    onChange: (roomId, userId, isTyping) => chat.typingChanged(roomId, userId, isTyping)
  })
  const presence = createPresence({
    graceMs: options.presenceGraceMs ?? 3_000,
    onOnline: (userId, notice) => chat.arrived(userId, notice),
    onOffline: (userId) => chat.departed(userId, !stopping)
  })
  const chat = createChatService({
    io,
    store,
    info,
    isOnline: (userId) => presence.isOnline(userId),
    hostUserId: () => hostUserId,
    typing: () => typing,
    limits,
    rosterBatchMs: options.rosterBatchMs ?? TIMEOUTS.rosterBatchMs,
    groupCommit: options.groupCommit ?? true,
    now
  })

  // Identities put in the lobby by a handshake whose connection has not opened yet: its first
  // connection says "joined" (even if that handshake's client went away before connecting).
  const unannounced = new Set<string>()

  const refusal = (refused: ConnectRefusal): Error => {
    const error = new Error(refused.message) as Error & { data: ConnectRefusal }
    error.data = refused
    return error
  }
  const internal = (): Error =>
    refusal({ code: 'INTERNAL', message: 'The host could not check who you are.' })
  const hostStopping = (): Error =>
    refusal({ code: 'UNAUTHORIZED', message: 'The host is stopping.' })

  /** Who the connection speaks for, once its identity is committed. */
  const accept = (
    socket: PapoSocket,
    secretHash: string,
    address: string,
    identity: ResolvedIdentity
  ): void => {
    if (secretHash === ownerHash) hostUserId = identity.user.id
    socket.data = {
      userId: identity.user.id,
      address,
      created: identity.created,
      renamed: identity.renamed
    }
  }

  type Outcome =
    { ok: true; identity: ResolvedIdentity; firstEver: boolean } | { ok: false; error: Error }

  /**
   * The writes of a handshake (a new user, a rename, the lobby membership), run inside the turn's
   * group commit: the handshakes, texts and notices of one event-loop turn share one transaction
   * and one disk sync. Run in queue order, so of two newcomers asking for one nickname in one
   * turn the second is refused as it would be a turn later; a refusal writes nothing.
   */
  const handshakeWrite = (
    secret: string,
    nickname: string,
    secretHash: string,
    address: string
  ): Outcome => {
    if (stopping) return { ok: false, error: hostStopping() }
    // Looked at again: an earlier handshake of this turn may have made this identity.
    if (!store.userBySecretHash(secretHash)) {
      const wait = limits.wait('newIdentitiesPerAddress', address)
      if (wait > 0) {
        const message = 'Too many new people from this address; wait a little.'
        return { ok: false, error: refusal({ code: 'RATE_LIMITED', message, retryAfterMs: wait }) }
      }
    }
    const at = now()
    const identity = resolveIdentity(store, secret, nickname, at)
    if (!identity.ok) return { ok: false, error: refusal(identity.error as ConnectRefusal) }
    if (chat.isRemoved(identity.data.user.id)) {
      const message = 'The person hosting removed you from this chat.'
      return { ok: false, error: refusal({ code: 'REMOVED', message }) }
    }
    // Counted here so the next handshake of the turn sees it (a failed commit still counts it).
    if (identity.data.created) limits.take('newIdentitiesPerAddress', address)
    const firstEver = store.addMember(LOBBY_ROOM_ID, identity.data.user.id, at)
    return { ok: true, identity: identity.data, firstEver }
  }

  io.use((socket, next) => {
    const refuse = (refused: ConnectRefusal): void => next(refusal(refused))
    if (stopping) return next(hostStopping())
    const hello = handshakeSchema.safeParse(socket.handshake.auth)
    if (!hello.success) return refuse({ code: 'BAD_REQUEST', message: 'Not a Papo handshake.' })
    if (hello.data.protocol !== PROTOCOL_VERSION) {
      return refuse({
        code: 'PROTOCOL_MISMATCH',
        message: `This host speaks protocol ${PROTOCOL_VERSION}, the app ${hello.data.protocol}: update Papo on one side.`
      })
    }
    try {
      const address = clientAddress(socket.handshake.address)
      const secretHash = hashSecret(hello.data.secret)
      const known = store.userBySecretHash(secretHash)
      if (known && chat.isRemoved(known.id)) {
        return refuse({
          code: 'REMOVED',
          message: 'The person hosting removed you from this chat.'
        })
      }
      // A new identity is free to make, so how many one address makes is what is limited.
      const wait = known ? 0 : limits.wait('newIdentitiesPerAddress', address)
      if (wait > 0) {
        return refuse({
          code: 'RATE_LIMITED',
          message: 'Too many new people from this address; wait a little.',
          retryAfterMs: wait
        })
      }
      const nickname = checkNickname(hello.data.nickname)
      if (!nickname.ok) return refuse(nickname.error as ConnectRefusal)
      // Someone coming back as they were writes nothing: answered at once.
      if (known && known.nickname === nickname.data && store.isMember(LOBBY_ROOM_ID, known.id)) {
        accept(socket, secretHash, address, { user: known, created: false, renamed: false })
        return next()
      }
      // Anything else waits for the turn's commit (which may fail: nothing written, INTERNAL).
      chat
        .commitWith(() =>
          handshakeWrite(hello.data.secret, hello.data.nickname, secretHash, address)
        )
        .then(
          (outcome) => {
            if (!outcome.ok) return next(outcome.error)
            if (outcome.firstEver) unannounced.add(outcome.identity.user.id)
            accept(socket, secretHash, address, outcome.identity)
            next()
          },
          (e: unknown) => {
            if (!stopping) log(`handshake failed: ${String(e)}`)
            next(stopping ? hostStopping() : internal())
          }
        )
    } catch (e) {
      log(`handshake failed: ${String(e)}`)
      next(internal())
    }
  })

  io.on('connection', (socket) => {
    const { userId, address } = socket.data
    try {
      const firstEver = unannounced.delete(userId)
      void socket.join(userChannel(userId))
      for (const roomId of store.roomIdsOf(userId)) void socket.join(roomChannel(roomId))
      bindRequests({
        ctx: { userId, address, socket },
        handlers: chat.handlers,
        inFlightMax: LIMITS.requestsInFlightMax,
        admit: outgoing.check,
        log
      })
      socket.on('disconnect', () => {
        chat.disconnected(socket.id)
        presence.remove(userId, socket.id, chat.isLoggingOut(userId) || stopping)
      })
      presence.add(userId, socket.id, firstEver)
      if (socket.data.renamed) chat.renamed(userId)
    } catch (e) {
      log(`connection setup failed: ${String(e)}`)
      socket.disconnect(true)
    }
  })

  let port: number
  try {
    port = await listen(
      http,
      options.port ?? DEFAULT_PORT,
      options.bindAddress,
      options.portFallback ?? false
    )
  } catch (e) {
    outgoing.stop()
    chat.close()
    io.close()
    store.close()
    throw e
  }
  log(`hosting on port ${port}`)

  let stopped: Promise<void> | null = null
  return {
    port,
    info,
    addresses: () => lanAddresses(port),
    stop() {
      stopped ??= (async () => {
        stopping = true
        outgoing.stop()
        // What is committed is acked and what changed is told, before the goodbye.
        chat.settle()
        io.emit('session:ended', { reason: 'host-stopping' })
        // A disconnect packet queued behind the notice, so clients hear why before the close.
        io.disconnectSockets()
        // Clients close their end once they have read it. io.close() would discard what they
        // have not read yet, so it waits for them, but only so long: a client that never
        // closes (half-open, not reading) is cut after the grace period, and stopping stays
        // bounded whatever the clients do.
        await waitUntil(
          () => io.engine.clientsCount === 0,
          options.stopGraceMs ?? TIMEOUTS.stopGraceMs
        )
        if (io.engine.clientsCount > 0)
          log(`cutting ${io.engine.clientsCount} client(s) still open`)
        const closed = new Promise<void>((resolve) => io.close(() => resolve()))
        for (const socket of connections) socket.destroy()
        await within(closed, CLOSE_AFTER_CUT_MS)
        chat.close()
        typing.clear()
        presence.stop()
        store.close()
        log('host stopped')
      })()
      return stopped
    }
  }
}
