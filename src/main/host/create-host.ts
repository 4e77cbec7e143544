import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { Server } from 'socket.io'
import { DEFAULT_PORT, LIMITS, PROBE_PATH, PROTOCOL_VERSION, TIMEOUTS } from '../../shared/limits'
import { LOBBY_ROOM_ID, APP_ID } from '../../shared/limits'
import type { HostInfo } from '../../shared/models'
import { handshakeSchema, type ConnectRefusal } from '../../shared/wire/protocol'
import { openChatStore, type ChatStore } from '../store'
import { bindRequests } from './bind-requests'
import { createChatService } from './chat-service'
import { hashSecret, resolveIdentity } from './identity'
import { lanAddresses } from './lan-addresses'
import { listen } from './listen'
import { createPresence } from './presence'
import { createTypingTracker } from './typing'
import { roomChannel, userChannel, type PapoServer } from './types'

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
  rateLimit?: { messages: number; windowMs: number }
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

/**
 * A Papo host: an HTTP server answering the reachability probe, a Socket.IO server speaking the
 * wire protocol, and the SQLite store behind it. Plain Node: the desktop app, the headless host
 * and the tests all run this same code.
 */
export async function createHost(options: HostOptions): Promise<PapoHost> {
  const log = options.log ?? (() => {})
  const now = options.now ?? Date.now
  const info: HostInfo = {
    app: APP_ID,
    protocol: PROTOCOL_VERSION,
    name: (options.name ?? 'Papo').slice(0, 128),
    version: (options.version ?? '0.0.0').slice(0, 64)
  }
  const store: ChatStore = openChatStore(join(options.dataDir, HOST_DB_FILE))
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

  const io: PapoServer = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: LIMITS.payloadMaxBytes,
    // A vanished laptop is noticed in ~15 s rather than the default ~45 s.
    pingInterval: 10_000,
    pingTimeout: 5_000
  })

  let stopping = false
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
    rateLimit: options.rateLimit ?? {
      messages: LIMITS.messagesPerWindow,
      windowMs: LIMITS.rateWindowMs
    },
    now
  })

  io.use((socket, next) => {
    const refuse = (refusal: ConnectRefusal): void => {
      const error = new Error(refusal.message) as Error & { data: ConnectRefusal }
      error.data = refusal
      next(error)
    }
    if (stopping) return refuse({ code: 'UNAUTHORIZED', message: 'The host is stopping.' })
    const hello = handshakeSchema.safeParse(socket.handshake.auth)
    if (!hello.success) return refuse({ code: 'BAD_REQUEST', message: 'Not a Papo handshake.' })
    if (hello.data.protocol !== PROTOCOL_VERSION) {
      return refuse({
        code: 'PROTOCOL_MISMATCH',
        message: `This host speaks protocol ${PROTOCOL_VERSION}, the app ${hello.data.protocol}: update Papo on one side.`
      })
    }
    try {
      const secretHash = hashSecret(hello.data.secret)
      const known = store.userBySecretHash(secretHash)
      if (known && chat.isRemoved(known.id)) {
        return refuse({
          code: 'REMOVED',
          message: 'The person hosting removed you from this chat.'
        })
      }
      const identity = resolveIdentity(store, hello.data.secret, hello.data.nickname, now())
      if (!identity.ok) return refuse(identity.error as ConnectRefusal)
      if (secretHash === ownerHash) hostUserId = identity.data.user.id
      socket.data = {
        userId: identity.data.user.id,
        created: identity.data.created,
        renamed: identity.data.renamed
      }
      next()
    } catch (e) {
      log(`handshake failed: ${String(e)}`)
      refuse({ code: 'INTERNAL', message: 'The host could not check who you are.' })
    }
  })

  io.on('connection', (socket) => {
    const { userId } = socket.data
    try {
      const firstEver = store.addMember(LOBBY_ROOM_ID, userId, now())
      void socket.join(userChannel(userId))
      for (const roomId of store.roomIdsOf(userId)) void socket.join(roomChannel(roomId))
      bindRequests(socket, userId, chat.handlers, log)
      socket.on('disconnect', () => {
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
        io.emit('session:ended', { reason: 'host-stopping' })
        // A disconnect packet queued behind the notice, so clients hear why before the close.
        io.disconnectSockets()
        await new Promise<void>((resolve) => io.close(() => resolve()))
        typing.clear()
        presence.stop()
        store.close()
        log('host stopped')
      })()
      return stopped
    }
  }
}
