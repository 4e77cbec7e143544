import { afterEach } from 'vitest'
import { randomBytes } from 'node:crypto'
import { io, type Socket } from 'socket.io-client'
import { createHost, type HostOptions, type PapoHost } from '../../src/main/host'
import { pinnedTls } from '../../src/main/client/tls-pin'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { Member, Message, PresenceChange } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import {
  pushSchemas,
  type PushName,
  type PushPayload,
  type RequestName,
  type RequestPayload,
  type ResponseData
} from '../../src/shared/wire/protocol'
import { hostCertificate, signedAuth } from './handshake'
import { makeTempDir } from './temp-dir'

/**
 * A bare Socket.IO client speaking the wire protocol, as a client written from docs/protocol.md
 * would: no session layer, so the tests see exactly what the host sends.
 */
export interface WireClient {
  socket: Socket
  secret: string
  pushes: { name: PushName; payload: unknown }[]
  request<K extends RequestName>(
    name: K,
    payload: RequestPayload<K>
  ): Promise<Result<ResponseData<K>>>
  /** Any event name and payload, for malformed-input tests. */
  raw(name: string, ...args: unknown[]): Promise<unknown>
  pushed<K extends PushName>(name: K, match?: (p: PushPayload<K>) => boolean): PushPayload<K>[]
  waitFor<K extends PushName>(
    name: K,
    match?: (p: PushPayload<K>) => boolean,
    timeoutMs?: number
  ): Promise<PushPayload<K>>
  /**
   * Every message pushed, alone (`message:new`, texts) or in a batch (`messages:new`, notices),
   * in the order received.
   */
  messages(match?: (m: Message) => boolean): Message[]
  /** The first message pushed (alone or in a batch) that matches, waiting for it. */
  waitForMessage(match?: (m: Message) => boolean, timeoutMs?: number): Promise<Message>
  /**
   * Every presence change the client was told, oldest first: `presence:update` batches, and the
   * lobby's `joined` entries, where a new identity's presence is told (docs/protocol.md §6).
   */
  presence(match?: (change: PresenceChange) => boolean): PresenceChange[]
  waitForPresence(
    match: (change: PresenceChange) => boolean,
    timeoutMs?: number
  ): Promise<PresenceChange>
  waitForDisconnect(timeoutMs?: number): Promise<string>
  close(): void
}

export const newSecret = (): string => randomBytes(32).toString('base64url')

export interface ConnectFailure {
  code: string
  message: string
  retryAfterMs?: number
}

export async function connectClient(
  port: number,
  nickname: string,
  opts: { secret?: string; auth?: Record<string, unknown> } = {}
): Promise<WireClient> {
  const result = await tryConnect(port, nickname, opts)
  if ('code' in result) throw new Error(`connect refused: ${result.code} ${result.message}`)
  return result
}

/** Resolves with the client, or with the refusal the host put in connect_error's data. */
export async function tryConnect(
  port: number,
  nickname: string,
  opts: {
    secret?: string
    /** Sent as it is instead of a signed handshake (malformed and replayed handshakes). */
    auth?: Record<string, unknown>
    password?: string
    device?: string
  } = {}
): Promise<WireClient | ConnectFailure> {
  const secret = opts.secret ?? newSecret()
  const signed = opts.auth
    ? { auth: opts.auth, tls: pinnedTls(await hostCertificate(port)) }
    : await signedAuth(port, secret, nickname, { password: opts.password, device: opts.device })
  const socket = io(`https://127.0.0.1:${port}`, {
    ...signed.tls,
    auth: signed.auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 3_000
  })
  const pushes: { name: PushName; payload: unknown }[] = []
  const waiters = new Set<() => void>()
  socket.onAny((name: string, payload: unknown) => {
    if (!Object.hasOwn(pushSchemas, name)) throw new Error(`unknown push ${name}`)
    // Every push must match the contract; a test fails loudly if the host drifts from it.
    pushes.push({ name: name as PushName, payload: pushSchemas[name as PushName].parse(payload) })
    for (const waiter of [...waiters]) waiter()
  })

  const pushed = <K extends PushName>(name: K, match?: (p: PushPayload<K>) => boolean) =>
    pushes
      .filter((p) => p.name === name)
      .map((p) => p.payload as PushPayload<K>)
      .filter((p) => !match || match(p))

  const messages = (match?: (m: Message) => boolean): Message[] =>
    pushes
      .flatMap((p) =>
        p.name === 'message:new'
          ? [p.payload as Message]
          : p.name === 'messages:new'
            ? (p.payload as PushPayload<'messages:new'>).messages
            : []
      )
      .filter((m) => !match || match(m))

  const presence = (match?: (change: PresenceChange) => boolean): PresenceChange[] =>
    pushes
      .flatMap((p): PresenceChange[] => {
        if (p.name === 'presence:update')
          return (p.payload as PushPayload<'presence:update'>).changes
        const members = p.payload as PushPayload<'members:changed'>
        if (p.name !== 'members:changed' || members.roomId !== LOBBY_ROOM_ID) return []
        return members.joined.map(({ online, status, ...user }) => ({ user, online, status }))
      })
      .filter((c) => !match || match(c))

  /** Resolves with what `find` finds, as soon as a push makes it find something. */
  const waitUntilFound = <T>(find: () => T | undefined, what: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const found = find()
        if (found === undefined) return false
        waiters.delete(check)
        clearTimeout(timer)
        resolve(found)
        return true
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`no ${what} within ${timeoutMs} ms`))
      }, timeoutMs)
      if (!check()) waiters.add(check)
    })

  const client: WireClient = {
    socket,
    secret,
    pushes,
    async request(name, payload) {
      return (await socket.timeout(5_000).emitWithAck(name, payload)) as never
    },
    raw(name, ...args) {
      return socket.timeout(5_000).emitWithAck(name, ...args)
    },
    pushed,
    waitFor(name, match, timeoutMs = 5_000) {
      return waitUntilFound(() => pushed(name, match)[0], `"${name}" push`, timeoutMs)
    },
    messages,
    waitForMessage(match, timeoutMs = 5_000) {
      return waitUntilFound(() => messages(match)[0], 'pushed message', timeoutMs)
    },
    presence,
    waitForPresence(match, timeoutMs = 5_000) {
      return waitUntilFound(() => presence(match)[0], 'presence change', timeoutMs)
    },
    waitForDisconnect(timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        if (socket.disconnected) return resolve('already')
        const timer = setTimeout(() => reject(new Error('still connected')), timeoutMs)
        socket.once('disconnect', (reason) => {
          clearTimeout(timer)
          resolve(reason)
        })
      })
    },
    close() {
      socket.disconnect()
    }
  }

  return new Promise((resolve) => {
    socket.once('connect', () => resolve(client))
    socket.once('connect_error', (error: Error & { data?: ConnectFailure }) => {
      socket.disconnect()
      resolve(error.data ?? { code: 'CONNECT_ERROR', message: error.message })
    })
  })
}

/** A host on an ephemeral loopback port with its own data folder; `restart` reuses the folder. */
export interface TestHost {
  host: PapoHost
  port: number
  dataDir: string
  restart(): Promise<void>
  stop(): Promise<void>
}

export async function startTestHost(options: Partial<HostOptions> = {}): Promise<TestHost> {
  const temp = options.dataDir ? null : makeTempDir('papo-host-')
  const dataDir = options.dataDir ?? (temp as { dir: string }).dir
  // Every test client connects from 127.0.0.1: one address asking for many challenges.
  const rateLimits = {
    challengesPerAddress: { count: 100_000, windowMs: 60_000 },
    ...options.rateLimits
  }
  const open = () =>
    createHost({
      port: 0,
      bindAddress: '127.0.0.1',
      presenceGraceMs: 0,
      ...options,
      rateLimits,
      dataDir
    })
  const t: TestHost = {
    host: await open(),
    get port() {
      return t.host.port
    },
    dataDir,
    async restart() {
      await t.host.stop()
      t.host = await open()
    },
    async stop() {
      await t.host.stop()
      temp?.remove()
    }
  }
  return t
}

/** Every presence change the client was told (WireClient.presence), oldest first. */
export function presenceChanges(c: WireClient): PresenceChange[] {
  return c.presence()
}

/** The first presence change matching, waiting for the push that tells it. */
export function waitForPresence(
  c: WireClient,
  match: (change: PresenceChange) => boolean,
  timeoutMs?: number
): Promise<PresenceChange> {
  return c.waitForPresence(match, timeoutMs)
}

/**
 * A room's member list as a client keeps it: the list it was given once, with every
 * `members:changed` it was pushed since applied on top (joined replaces, left removes).
 */
export function applyMemberChanges(c: WireClient, roomId: string, start: Member[]): Member[] {
  const byId = new Map(start.map((m) => [m.id, m]))
  for (const change of c.pushed('members:changed', (p) => p.roomId === roomId)) {
    for (const m of change.joined) byId.set(m.id, m)
    for (const id of change.left) byId.delete(id)
  }
  return [...byId.values()]
}

export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.data
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Hosts and clients for one test file, all stopped and closed after each test. `defaults` apply
 * to every host the file starts; a test can override them per host.
 */
export function useHostFixtures(defaults: Partial<HostOptions> = {}) {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  return {
    async host(options: Partial<HostOptions> = {}): Promise<TestHost> {
      const h = await startTestHost({ ...defaults, ...options })
      cleanups.push(() => h.stop())
      return h
    },
    async client(h: TestHost, nickname: string, secret?: string): Promise<WireClient> {
      const c = await connectClient(h.port, nickname, { secret })
      cleanups.push(() => c.close())
      return c
    }
  }
}
