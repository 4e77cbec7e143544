import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import { Server } from 'socket.io'
import {
  CHALLENGE_PATH,
  DEFAULT_PORT,
  LIMITS,
  PROBE_PATH,
  PROTOCOL_VERSION,
  RATE_LIMITS,
  TIMEOUTS,
  type RateLimits
} from '../../shared/limits'
import { APP_ID } from '../../shared/limits'
import { err } from '../../shared/result'
import type { HostInfo } from '../../shared/models'
import { shortCode } from '../../shared/fingerprint'
import { createAnnouncer, instanceNameFor, type Announcer } from '../discovery/announce'
import type { MdnsOptions } from '../discovery/mdns-options'
import { shareableAddresses } from '../network/interfaces'
import { openChatStore, type ChatStore } from '../store'
import { createOutgoingGuard } from './backpressure'
import { bindRequests } from './bind-requests'
import { createChatService } from './chat-service'
import { clientAddress } from './client-address'
import { createActivityLog } from './activity-log'
import { createAdmission } from './admission'
import { loadOrCreateCertificate } from './certificate'
import { createChallenges } from './challenges'
import { createDoor, hashPassword } from './door'
import { createHostFiles, type HostFilesConfig } from './files/host-files'
import { listen } from './listen'
import { createPresence } from './presence'
import { createRateLimits } from './rate-limit'
import { createTypingTracker } from './typing'
import { roomChannel, userChannel, type PapoServer } from './types'

export interface HostOptions {
  /** Default 4747; 0 picks any free port (tests). */
  port?: number
  /** Try the next ports when `port` is taken, instead of failing with PORT_IN_USE. */
  portFallback?: boolean
  /** Default: all interfaces, so the LAN can reach it. */
  bindAddress?: string
  /** Folder of the host's database, certificate and activity log. */
  dataDir: string
  /** What joiners see as the host's name. */
  name?: string
  version?: string
  log?: (line: string) => void
  /** Each activity line as it happens (the headless host prints them). */
  printActivity?: (line: string) => void
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
  /**
   * The identity key (raw Ed25519, base64url) of the person hosting in the app: that identity
   * may remove people, answer knocks and read the activity log, and is never asked to knock.
   */
  ownerPublicKey?: string
  /** New identities must give it to join. Only a salted hash of it is kept, in memory. */
  password?: string
  /** "Ask me first": a new identity waits until the person hosting lets it in. */
  askFirst?: boolean
  /** How often a knocking app is told to ask again. Default TIMEOUTS.knockRetryMs. */
  knockRetryMs?: number
  /**
   * List the host on the LAN (mDNS/DNS-SD) so apps nearby show it. Default false: tests start
   * many hosts and must never multicast on a real network. `mdns` moves it off real mDNS.
   */
  announce?: false | { mdns?: MdnsOptions }
  /** Limits and times for files and images (each defaults to FILE_LIMITS / FILE_TIMEOUTS). */
  files?: HostFilesConfig
  now?: () => number
}

export interface PapoHost {
  readonly port: number
  readonly info: HostInfo
  /** SHA-256 of the host's certificate (hex); people compare its shortCode(). */
  readonly fingerprint: string
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

/** A host bound to one of these is reachable from this computer only: nothing to announce. */
const isLoopbackBind = (address: string | undefined): boolean =>
  address !== undefined && (/^127\./.test(address) || address === '::1' || address === 'localhost')

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
  const certificate = await loadOrCreateCertificate(options.dataDir)
  const password = options.password ? await hashPassword(options.password) : null
  const store: ChatStore = openChatStore(join(options.dataDir, HOST_DB_FILE), {
    synchronous: options.synchronous ?? 'FULL'
  })
  const askFirst = options.askFirst ?? false
  const info: HostInfo = {
    app: APP_ID,
    protocol: PROTOCOL_VERSION,
    hostId: store.hostId,
    name: (options.name ?? 'Papo').slice(0, 128),
    version: (options.version ?? '0.0.0').slice(0, 64),
    access: { password: password !== null, askFirst }
  }
  const ownerPublicKey = options.ownerPublicKey ?? null
  let hostUserId = ownerPublicKey ? (store.userByPublicKey(ownerPublicKey)?.id ?? null) : null
  const toOwner = () => (hostUserId ? io.to(userChannel(hostUserId)) : null)

  const activity = createActivityLog({
    dir: options.dataDir,
    now,
    print: options.printActivity,
    onEntries: (entries) => toOwner()?.emit('activity:new', { entries })
  })
  const limits = createRateLimits({ ...RATE_LIMITS, ...options.rateLimits }, now)
  const challenges = createChallenges({
    ttlMs: TIMEOUTS.challengeMs,
    max: LIMITS.challengesMax,
    now
  })
  const door = createDoor({
    password,
    askFirst,
    limits,
    knocksMax: LIMITS.knocksMax,
    knockRetryMs: options.knockRetryMs ?? TIMEOUTS.knockRetryMs,
    answerMs: TIMEOUTS.admissionMs,
    now,
    onKnocksChanged: (knocks) => toOwner()?.emit('knocks:changed', { knocks }),
    onKnockEvent: (kind, knock) =>
      activity.record({
        kind,
        userId: null,
        nickname: knock.nickname,
        address: knock.address,
        detail: `computer "${knock.device}", key ${knock.keyCode}`
      })
  })

  // Made before the chat service, whose handlers include the file requests; finishing an upload
  // posts its message through the chat service made just below.
  const files = createHostFiles({
    dataDir: options.dataDir,
    store,
    config: options.files ?? {},
    now,
    post: (text) => chat.postText(text),
    canPost: (roomId, userId) =>
      store.isRemoved(userId)
        ? err('FORBIDDEN', 'You were removed from this host.')
        : chat.canPost(roomId, userId),
    log
  })

  const http = createServer(
    { key: certificate.key, cert: certificate.cert },
    (req: IncomingMessage, res: ServerResponse) => {
      // Only Papo apps: a page in someone's browser on the LAN gets nothing here.
      if (req.headers.origin !== undefined) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('Browsers may not connect.')
        return
      }
      if (req.method === 'GET' && req.url === PROBE_PATH) {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        res.end(JSON.stringify(info))
        return
      }
      if (req.method === 'GET' && req.url === CHALLENGE_PATH) {
        const address = clientAddress(req.socket.remoteAddress ?? '')
        const wait = limits.take('challengesPerAddress', address)
        if (wait > 0) {
          res.writeHead(429, { 'retry-after': String(Math.ceil(wait / 1000)) }).end()
          return
        }
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        res.end(JSON.stringify({ nonce: challenges.issue() }))
        return
      }
      if (files.handle(req, res)) return
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
    }
  )
  // Every TCP connection, upgraded to WebSocket or not: stop() cuts what has not closed in time,
  // since a client that never finishes closing would otherwise hold the host open.
  const connections = new Set<Socket>()
  http.on('connection', (socket: Socket) => {
    connections.add(socket)
    socket.once('close', () => connections.delete(socket))
  })
  // A plain-HTTP client (an older Papo, a port scan) fails the TLS handshake: nothing to serve.
  http.on('tlsClientError', (_e, socket) => socket.destroy())

  const io: PapoServer = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: LIMITS.payloadMaxBytes,
    // A vanished laptop is noticed in ~15 s rather than the default ~45 s.
    pingInterval: 10_000,
    pingTimeout: 5_000,
    // Browsers always send Origin on WebSocket and cross-site requests; Papo apps never do.
    allowRequest: (req, callback) => {
      if (req.headers.origin === undefined) return callback(null, true)
      activity.record({
        kind: 'refused',
        userId: null,
        nickname: null,
        address: clientAddress(req.socket.remoteAddress ?? ''),
        detail: `a browser page (Origin ${String(req.headers.origin).slice(0, 100)})`
      })
      callback('Browsers may not connect to a Papo host.', false)
    }
  })

  let stopping = false
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
  // Created once listening; presence and the owner's name tell it what changed.
  let announcer: Announcer | null = null
  const presence = createPresence({
    graceMs: options.presenceGraceMs ?? 3_000,
    onOnline: (userId, notice) => {
      chat.arrived(userId, notice)
      announcer?.changed()
    },
    onOffline: (userId) => {
      chat.departed(userId, !stopping)
      announcer?.changed()
    }
  })
  const chat = createChatService({
    io,
    store,
    info,
    isOnline: (userId) => presence.isOnline(userId),
    hostUserId: () => hostUserId,
    typing: () => typing,
    limits,
    door,
    activity,
    addressOf: (userId) => lastAddress.get(userId) ?? null,
    rosterBatchMs: options.rosterBatchMs ?? TIMEOUTS.rosterBatchMs,
    groupCommit: options.groupCommit ?? true,
    files,
    now
  })

  /** Where each identity last connected from (one entry per identity seen this run). */
  const lastAddress = new Map<string, string>()

  // Identities put in the lobby by a handshake whose connection has not opened yet: its first
  // connection says "joined" (even if that handshake's client went away before connecting).
  const unannounced = new Set<string>()

  io.use(
    createAdmission({
      store,
      chat,
      limits,
      door,
      challenges,
      fingerprint: certificate.fingerprint,
      ownerPublicKey,
      isStopping: () => stopping,
      accept: (socket, identity, address, publicKey) => {
        if (publicKey === ownerPublicKey) {
          hostUserId = identity.user.id
          // The announcement says who is hosting, by the nickname just given.
          announcer?.changed()
        }
        socket.data = {
          userId: identity.user.id,
          address,
          created: identity.created,
          renamed: identity.renamed
        }
      },
      firstEver: (userId) => unannounced.add(userId),
      activity,
      now,
      log
    })
  )

  io.on('connection', (socket) => {
    const { userId, address } = socket.data
    lastAddress.set(userId, address)
    try {
      const firstEver = unannounced.delete(userId)
      void socket.join(userChannel(userId))
      for (const roomId of store.roomIdsOf(userId)) void socket.join(roomChannel(roomId))
      const nickname = (): string | null => store.user(userId)?.nickname ?? null
      bindRequests({
        ctx: { userId, address, socket },
        handlers: chat.handlers,
        inFlightMax: LIMITS.requestsInFlightMax,
        admit: outgoing.check,
        onRateLimited: (name, message) =>
          activity.record({
            kind: 'rate-limited',
            userId,
            nickname: nickname(),
            address,
            detail: `${name}: ${message}`
          }),
        log
      })
      activity.record({
        kind: 'connected',
        userId,
        nickname: nickname(),
        address,
        detail: socket.data.created ? 'new on this host' : ''
      })
      socket.on('disconnect', (reason) => {
        activity.record({
          kind: 'disconnected',
          userId,
          nickname: nickname(),
          address,
          detail: reason
        })
        chat.disconnected(socket.id)
        presence.remove(userId, socket.id, chat.isLoggingOut(userId) || stopping)
      })
      presence.add(userId, socket.id, firstEver)
      if (socket.data.renamed) {
        chat.renamed(userId)
        if (userId === hostUserId) announcer?.changed()
      }
    } catch (e) {
      log(`connection setup failed: ${String(e)}`)
      socket.disconnect(true)
    }
  })

  let port: number
  try {
    // What a crash left half-done (staging files, abandoned uploads) goes before anyone uploads.
    await files.start()
    port = await listen(
      http,
      options.port ?? DEFAULT_PORT,
      options.bindAddress,
      options.portFallback ?? false
    )
  } catch (e) {
    files.stop()
    outgoing.stop()
    door.stop()
    chat.close()
    io.close()
    store.close()
    activity.close()
    throw e
  }
  log(`hosting on port ${port}`)

  const addresses = (): string[] => shareableAddresses(port, { bindAddress: options.bindAddress })
  // Announcing on loopback itself (the tests' own mDNS port) is for this computer, so it stays.
  const onLoopbackOnly = (announce: { mdns?: MdnsOptions }): boolean =>
    isLoopbackBind(options.bindAddress) && !isLoopbackBind(announce.mdns?.interface)
  if (options.announce && onLoopbackOnly(options.announce)) {
    log(`not announcing on the LAN: bound to ${options.bindAddress}, only this computer can join`)
  } else if (options.announce) {
    try {
      announcer = createAnnouncer({
        instanceName: instanceNameFor(info.name, info.hostId),
        port,
        announcement: () => ({
          protocol: info.protocol,
          hostId: info.hostId,
          name: info.name || 'Papo',
          hostedBy: hostUserId ? (store.user(hostUserId)?.nickname ?? null) : null,
          online: presence.count(),
          shortCode: shortCode(certificate.fingerprint),
          access: info.access
        }),
        // The A records: the IPv4 addresses joiners are offered, without the port.
        listenAddresses: () =>
          addresses()
            .map((address) => /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address)?.[1])
            .filter((ip): ip is string => ip !== undefined && !ip.startsWith('127.')),
        mdns: options.announce.mdns,
        now,
        log
      })
    } catch (e) {
      // Hosting works without the listing: people type the address instead.
      log(`could not announce on the LAN: ${String(e)}`)
    }
    if (announcer) log(`announcing on the LAN as "${info.name}"`)
  }

  let stopped: Promise<void> | null = null
  return {
    port,
    info,
    fingerprint: certificate.fingerprint,
    addresses,
    stop() {
      stopped ??= (async () => {
        stopping = true
        // The goodbye first: apps nearby drop the host from their list before anyone is told.
        if (announcer) await announcer.stop()
        outgoing.stop()
        // Uploads in progress keep what they have; their senders resume after the restart.
        files.stop()
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
        door.stop()
        store.close()
        activity.close()
        log('host stopped')
      })()
      return stopped
    }
  }
}
