import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { request as httpsRequest, createServer, type Server as HttpsServer } from 'node:https'
import type { AddressInfo, Socket as NetSocket } from 'node:net'
import { join } from 'node:path'
import Database from 'libsql'
import { Server } from 'socket.io'
import { io, type Socket } from 'socket.io-client'
import { fetchChallenge } from '../../src/main/client/challenge'
import { pinnedTls, type PinnedCertificate } from '../../src/main/client/tls-pin'
import { HOST_DB_FILE } from '../../src/main/host'
import { loadOrCreateCertificate } from '../../src/main/host/certificate'
import { MIGRATIONS } from '../../src/main/store/schema'
import {
  CHALLENGE_PATH,
  LOBBY_ROOM_ID,
  PROBE_PATH,
  PROTOCOL_VERSION
} from '../../src/shared/limits'
import type { HostInfo } from '../../src/shared/models'
import { hostCertificate } from './handshake'

// Tools for the trust tests (tests/integration/trust-*.test.ts): a trap host, a Socket.IO
// attempt with whatever headers and source address a test wants, a data folder as protocol 2
// left it, and bounded waits.

/** Every loop in these tests is bounded in time: this resolves once `done()` holds, or throws. */
export async function waitUntil(
  done: () => boolean,
  what: string,
  timeoutMs = 5_000,
  stepMs = 20
): Promise<void> {
  const started = Date.now()
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, stepMs))
  }
}

/** The permission bits of a file or folder (0o600, 0o700…). */
export const modeOf = (path: string): number => statSync(path).mode & 0o777

/**
 * Everything under `dir` (itself included) that others could read: folders not 0700, files not
 * 0600, as "path mode" lines. Empty when the folder is private all the way down.
 */
export function notPrivate(dir: string): string[] {
  const problems: string[] = []
  const check = (path: string, want: number): void => {
    const mode = modeOf(path)
    if (mode !== want) problems.push(`${path} ${mode.toString(8)}`)
  }
  check(dir, 0o700)
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name)
    if (entry.isDirectory()) check(path, 0o700)
    else if (entry.isFile()) check(path, 0o600)
  }
  return problems
}

export interface TrapHost {
  port: number
  /** SHA-256 of the trap's own certificate (hex): what a joining app signs for. */
  fingerprint: string
  info: HostInfo
  /** `socket.handshake.auth` of every Socket.IO connection attempt, oldest first. */
  recorded: Record<string, unknown>[]
  /** Nonces the trap handed out as its challenge, oldest first. */
  nonces: string[]
  close(): Promise<void>
}

/**
 * A host built to log handshakes: it answers `GET /papo` like a Papo host (with its own
 * self-signed certificate, made in `dataDir` as a real host would), hands out challenges, and
 * records the `auth` of every Socket.IO connection before refusing it. With `relayChallengesOf`
 * its challenges are fresh ones fetched from that real host: the attack where someone in between
 * passes the real host's nonce along and hopes to replay the answer there.
 */
export async function startTrapHost(opts: {
  dataDir: string
  name?: string
  /** Default: any free port. The port of a host that stopped: someone taking its place. */
  port?: number
  /** Default: a new one. A host's id is public (`GET /papo`): a copycat shows the same. */
  hostId?: string
  relayChallengesOf?: number
}): Promise<TrapHost> {
  const certificate = await loadOrCreateCertificate(opts.dataDir)
  const info: HostInfo = {
    app: 'papo',
    protocol: PROTOCOL_VERSION,
    hostId: opts.hostId ?? randomUUID(),
    name: opts.name ?? 'Free Wi-Fi chat',
    version: '9.9.9',
    access: { password: false, askFirst: false }
  }
  const recorded: Record<string, unknown>[] = []
  const nonces: string[] = []
  const realPin: PinnedCertificate | null =
    opts.relayChallengesOf === undefined ? null : await hostCertificate(opts.relayChallengesOf)

  const nextNonce = async (): Promise<string> => {
    if (opts.relayChallengesOf === undefined || !realPin) {
      return randomBytes(32).toString('base64url')
    }
    const got = await fetchChallenge(
      { host: '127.0.0.1', port: opts.relayChallengesOf },
      realPin,
      3_000
    )
    if (!got.ok) throw new Error(`the real host gave no challenge: ${got.error.code}`)
    return got.data
  }

  const http: HttpsServer = createServer(
    { key: certificate.key, cert: certificate.cert },
    (req, res) => {
      if (req.method === 'GET' && req.url === PROBE_PATH) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(info))
        return
      }
      if (req.method === 'GET' && req.url === CHALLENGE_PATH) {
        nextNonce().then(
          (nonce) => {
            nonces.push(nonce)
            res.writeHead(200, { 'content-type': 'application/json' })
            res.end(JSON.stringify({ nonce }))
          },
          () => res.writeHead(500).end()
        )
        return
      }
      res.writeHead(404).end()
    }
  )
  const sockets = new Set<NetSocket>()
  http.on('connection', (socket: NetSocket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  const server = new Server(http, { serveClient: false })
  server.use((socket, next) => {
    recorded.push(structuredClone(socket.handshake.auth) as Record<string, unknown>)
    const refused = new Error('Nope.') as Error & { data: unknown }
    refused.data = { code: 'INTERNAL', message: 'The trap says no.' }
    next(refused)
  })
  await new Promise<void>((resolve) => http.listen(opts.port ?? 0, '127.0.0.1', resolve))
  return {
    port: (http.address() as AddressInfo).port,
    fingerprint: certificate.fingerprint,
    info,
    recorded,
    nonces,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))])
    }
  }
}

export type Attempt =
  | { connected: true; socket: Socket; close(): void }
  | { connected: false; data: unknown; message: string }

/**
 * One Socket.IO connection attempt to a loopback host with the `auth` given as it is, over TLS
 * pinned to the host's certificate: `extraHeaders` (a browser's Origin) and `localAddress`
 * (another loopback address, 127.0.0.2, for a second "computer") are the test's.
 */
export async function attempt(
  port: number,
  auth: Record<string, unknown>,
  opts: {
    extraHeaders?: Record<string, string>
    localAddress?: string
    pin?: PinnedCertificate
  } = {}
): Promise<Attempt> {
  const pin = opts.pin ?? (await hostCertificate(port))
  const socket = io(`https://127.0.0.1:${port}`, {
    ...pinnedTls(pin),
    auth,
    transports: ['websocket'],
    extraHeaders: opts.extraHeaders,
    localAddress: opts.localAddress,
    reconnection: false,
    forceNew: true,
    timeout: 3_000
  } as Parameters<typeof io>[1])
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.disconnect()
      resolve({ connected: false, data: undefined, message: 'no answer within 4 s' })
    }, 4_000)
    socket.once('connect', () => {
      clearTimeout(timer)
      resolve({ connected: true, socket, close: () => socket.disconnect() })
    })
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      clearTimeout(timer)
      socket.disconnect()
      resolve({ connected: false, data: error.data, message: error.message })
    })
  })
}

/** A plain HTTPS GET to a loopback host (its certificate not checked: the host side is tested). */
export function httpsGet(
  port: number,
  path: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'GET',
        headers,
        agent: false,
        rejectUnauthorized: false,
        timeout: 3_000
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk.slice(0, 10_000)))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

/** The hex SHA-256 of an old-style secret: what protocol 2 stored as `secret_hash`. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex')

export interface LegacyData {
  hostId: string
  userId: string
  roomId: string
  roomCode: string
  /** The texts of the room, in order. */
  texts: string[]
  otherUserId: string
}

/**
 * A host data folder as protocol 2 left it (schema version 2, secrets stored as their SHA-256,
 * no keys, no certificate): `nickname` (whose installation's secret is `secret`) and Bia, in the
 * lobby and in a room "Estudos" with a few texts; the host id kept in `meta`.
 */
export function writeProtocol2Host(dataDir: string, secret: string, nickname: string): LegacyData {
  const db = new Database(join(dataDir, HOST_DB_FILE))
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.exec(MIGRATIONS[0] as string)
  db.exec(MIGRATIONS[1] as string)
  db.pragma('user_version = 2')
  const T = 1_700_000_000_000
  const data: LegacyData = {
    hostId: randomUUID(),
    userId: randomUUID(),
    otherUserId: randomUUID(),
    roomId: randomUUID(),
    roomCode: 'K7MQ2X',
    texts: ['oi, Bia', 'vamos estudar?', 'às 3?']
  }
  const insertUser = db.prepare(
    `INSERT INTO users (id, secret_hash, nickname, nickname_key, created_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?)`
  )
  const insertRoom = db.prepare(
    'INSERT INTO rooms (id, code, name, is_lobby, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)'
  )
  const insertMember = db.prepare(
    'INSERT INTO members (room_id, user_id, joined_at, last_read_seq) VALUES (?, ?, ?, ?)'
  )
  const bumpSeq = db.prepare(
    'UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'
  )
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, room_id, seq, at, kind, user_id, body, notice, client_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const post = (
    roomId: string,
    userId: string,
    at: number,
    body: string | null,
    notice?: string
  ) => {
    const { last_seq: seq } = bumpSeq.get(roomId) as { last_seq: number }
    insertMessage.run(
      randomUUID(),
      roomId,
      seq,
      at,
      notice ? 'notice' : 'text',
      userId,
      body,
      notice ?? null,
      notice ? null : `c-${seq}`
    )
  }
  db.transaction(() => {
    db.prepare("INSERT INTO meta (key, value) VALUES ('host_id', ?)").run(data.hostId)
    insertRoom.run(LOBBY_ROOM_ID, null, 'Lobby', 1, null, T)
    insertUser.run(data.userId, sha256Hex(secret), nickname, nickname.toLowerCase(), T, T)
    insertUser.run(data.otherUserId, sha256Hex(`bia-${secret}`), 'Bia', 'bia', T + 1, T + 1)
    for (const id of [data.userId, data.otherUserId]) {
      insertMember.run(LOBBY_ROOM_ID, id, T + 1, 0)
      post(LOBBY_ROOM_ID, id, T + 1, null, 'joined')
    }
    insertRoom.run(data.roomId, data.roomCode, 'Estudos', 0, data.userId, T + 2)
    insertMember.run(data.roomId, data.userId, T + 2, 0)
    post(data.roomId, data.userId, T + 2, null, 'created')
    insertMember.run(data.roomId, data.otherUserId, T + 3, 0)
    post(data.roomId, data.otherUserId, T + 3, null, 'joined')
    data.texts.forEach((text, i) =>
      post(data.roomId, i % 2 === 0 ? data.userId : data.otherUserId, T + 10 + i, text)
    )
  })()
  db.close()
  return data
}
