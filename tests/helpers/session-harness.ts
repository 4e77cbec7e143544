import { afterEach, expect } from 'vitest'
import type {
  BridgeEvent,
  BridgeEventOf,
  BridgeEventType,
  ConnectionState,
  SessionInfo,
  Theme
} from '../../src/shared/bridge'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { Message, PresenceChange } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import type { RoomJoined } from '../../src/shared/wire/protocol'
import type { HostProcess, HostProcessLauncher } from '../../src/main/host-process'
import { createNodeHostLauncher } from '../../src/main/host-process/node-launcher'
import {
  createBridgeDispatcher,
  createBridgeHandlers,
  createPrefsStore,
  createSession,
  type BridgeDispatcher,
  type BridgeContext,
  type DesktopPort,
  type Session,
  type SessionOptions
} from '../../src/main/session'
import { createDiscovery } from '../../src/main/discovery/browse'
import type { MdnsOptions } from '../../src/main/discovery/mdns-options'
import { createLazyDiscovery } from '../../src/main/session/discovery-service'
import { createInviteInbox, type InviteInbox } from '../../src/main/session/invite-inbox'
import { shortCode } from '../../src/shared/fingerprint'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { makeTempDir } from './temp-dir'

/** What the session asked of the desktop, recorded in place of real OS notifications. */
export interface DesktopCalls {
  notifications: { title: string; body: string; roomId: string; silent: boolean }[]
  badges: number[]
  opened: string[]
  /** Files written through the save dialog (activity:export). */
  saved: string[]
  /** Every setLaunchAtLogin call (prefs:set with launchAtLogin). */
  launchAtLogin: boolean[]
  /** What the system says of idleness (seconds without input); set it to make the person idle. */
  idleSeconds: number
  /** Every setTheme call (prefs:set with theme). */
  themes: Theme[]
  /** Every setSpellCheckerLanguages call (prefs:set with spellcheckLanguages or language). */
  spellcheck: string[][]
  /** The session's Downloads folder: `downloads` in its data folder. */
  downloadsDir: string
  /** Files shown in the file manager (file:show). */
  shownInFolder: string[]
  /** Every "Open …?" asked (file:open): the file and the question's words. */
  openAsked: { path: string; message: string }[]
  /** Files the system was asked to open (only after a yes). */
  openedFiles: string[]
  /** What the person answers to "Open …?" (default yes). */
  openAnswer: 'open' | 'decline'
}

export interface TestSession {
  session: Session
  /**
   * The bridge as the renderer reaches it: arguments validated, then the handler runs. A first
   * join of an address that answers HOST_UNVERIFIED is taken as the person comparing the code
   * and accepting it (host:identify, then session:join with acceptFingerprint), as the start
   * screen does; `rawDispatch` does not.
   */
  dispatch: BridgeDispatcher
  /** The bridge exactly as it answers (no code accepted on a first join). */
  rawDispatch: BridgeDispatcher
  dataDir: string
  /** Everything main would send the renderer: the session's events, discovery's and invites'. */
  events: BridgeEvent[]
  onEvent(listener: (event: BridgeEvent) => void): () => void
  /** Where the system hands `papo:` links, as Electron's argv / open-url handlers do. */
  invites: InviteInbox
  desktop: DesktopCalls
  /** Every host process this session started (hosting, restarts), oldest first. */
  hostProcesses: HostProcess[]
  /** The latest host process this session started, if it hosted. */
  hostProcess(): HostProcess | undefined
  /**
   * Resolves with the first event (already seen or still to come) that matches; with `since`
   * (a {@link TestSession.mark}), only among events from that point on.
   */
  waitForEvent<T extends BridgeEventType>(
    type: T,
    match?: (event: BridgeEventOf<T>) => boolean,
    timeoutMs?: number,
    since?: number
  ): Promise<BridgeEventOf<T>>
  /** Where the event list stands now, for `waitForEvent(…, since)`. */
  mark(): number
  /**
   * Every presence change told to the renderer from `since` on, oldest first: `presence:update`
   * events, and the lobby's `members:changed` joined entries, where a new identity's presence is
   * told (docs/protocol.md §6), as WireClient.presence reads the wire.
   */
  presence(since?: number): PresenceChange[]
  /** The first presence change from `since` on that matches, waiting for the event that tells it. */
  waitForPresence(
    match: (change: PresenceChange) => boolean,
    timeoutMs?: number,
    since?: number
  ): Promise<PresenceChange>
  /** Every `message:new` event of a room, in the order the session emitted them. */
  delivered(roomId: string): Message[]
  close(): Promise<void>
}

export interface TestSessionOptions {
  dataDir?: string
  systemLocale?: string
  connectTimeoutMs?: number
  /** Anything else the session takes (clock, rejoin delays, a wrapped connect…). */
  session?: Partial<SessionOptions>
  /**
   * The mDNS socket discovery listens on. Default: loopback on a port of this test process's
   * own, so no test ever multicasts on a real network or hears another file's hosts.
   */
  mdns?: MdnsOptions
  /** The doctor's view of the network (default: loopback only). */
  network?: BridgeContext['network']
}

/** Loopback mDNS port of this test process (see TestSessionOptions.mdns). */
export const TEST_MDNS_PORT = 40_000 + (process.pid % 20_000)

const LOOPBACK_ONLY = {
  lo: [
    {
      address: '127.0.0.1',
      netmask: '255.0.0.0',
      family: 'IPv4' as const,
      mac: '00:00:00:00:00:00',
      internal: true,
      cidr: '127.0.0.1/8'
    }
  ]
}

/** Hosting from a test session runs the host in a child process, as the app does. */
const nodeLauncher = createNodeHostLauncher()

/**
 * A real main-process session with its own data folder (so its own identity), behind the same
 * bridge handlers and dispatcher as the Electron shell builds, with the OS side recorded
 * instead of shown. When it hosts, the host runs in a child process of plain Node (the port the
 * app's utilityProcess implements), listening on loopback only.
 */
export function startTestSession(opts: TestSessionOptions = {}): TestSession {
  const temp = opts.dataDir ? null : makeTempDir('papo-session-')
  const dataDir = opts.dataDir ?? (temp as { dir: string }).dir
  const hostProcesses: HostProcess[] = []
  const hostLauncher: HostProcessLauncher = {
    async start(options, hooks) {
      const started = await nodeLauncher.start({ bindAddress: '127.0.0.1', ...options }, hooks)
      hostProcesses.push(started)
      return started
    }
  }
  const desktop: DesktopCalls = {
    notifications: [],
    badges: [],
    opened: [],
    saved: [],
    launchAtLogin: [],
    idleSeconds: 0,
    themes: [],
    spellcheck: [],
    downloadsDir: join(dataDir, 'downloads'),
    shownInFolder: [],
    openAsked: [],
    openedFiles: [],
    openAnswer: 'open'
  }
  const port: DesktopPort = {
    openExternal: async (url) => {
      desktop.opened.push(url)
    },
    showNotification: (n) => desktop.notifications.push(n),
    setBadgeCount: (count) => desktop.badges.push(count),
    setLaunchAtLogin: (on) => desktop.launchAtLogin.push(on),
    systemIdleSeconds: () => desktop.idleSeconds,
    setTheme: (theme) => desktop.themes.push(theme),
    setSpellCheckerLanguages: (languages) => desktop.spellcheck.push(languages),
    downloadsDir: () => desktop.downloadsDir,
    showItemInFolder: (path) => desktop.shownInFolder.push(path),
    openPath: async ({ path, confirm }) => {
      desktop.openAsked.push({ path, message: confirm.message })
      if (desktop.openAnswer === 'decline') return { kind: 'declined' }
      desktop.openedFiles.push(path)
      return { kind: 'opened' }
    },
    saveTextFile: async ({ defaultName, content }) => {
      const file = join(dataDir, 'saved', defaultName)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, content, { mode: 0o600 })
      desktop.saved.push(file)
      return file
    }
  }
  const session = createSession({
    dataDir,
    hostName: 'test-host',
    hostVersion: '0.0.0-test',
    connectTimeoutMs: opts.connectTimeoutMs ?? 3_000,
    hostLauncher,
    // As the app wires it (electron/main.ts): automatic away asks the desktop.
    idleSeconds: () => port.systemIdleSeconds(),
    ...opts.session
  })
  const events: BridgeEvent[] = []
  const waiters = new Set<(event: BridgeEvent) => void>()
  const listeners = new Set<(event: BridgeEvent) => void>()
  const emit = (event: BridgeEvent): void => {
    events.push(event)
    for (const listener of [...listeners]) listener(event)
    for (const waiter of [...waiters]) waiter(event)
  }
  session.onEvent(emit)
  const discovery = createLazyDiscovery(() =>
    createDiscovery({
      mdns: opts.mdns ?? { interface: '127.0.0.1', port: TEST_MDNS_PORT },
      seenBefore: (code) => session.knownHosts().some((h) => shortCode(h.fingerprint) === code)
    })
  )
  discovery.onChange((snapshot) => emit({ type: 'discovery:changed', payload: snapshot }))
  const invites = createInviteInbox(emit)
  const handlers = createBridgeHandlers({
    session,
    prefs: createPrefsStore(dataDir),
    desktop: port,
    app: {
      version: '0.0.0-test',
      platform: process.platform,
      systemLocale: opts.systemLocale ?? 'en-US'
    },
    discovery,
    invites,
    network: opts.network ?? { interfaces: () => LOOPBACK_ONLY }
  })

  const rawDispatch = createBridgeDispatcher(handlers)
  const dispatch: BridgeDispatcher = async (method, args) => {
    const answer = await rawDispatch(method, args)
    if (method !== 'session:join' || answer.ok || answer.error.code !== 'HOST_UNVERIFIED') {
      return answer
    }
    const { address } = args as { address: string }
    const identity = await rawDispatch('host:identify', { address })
    if (!identity.ok) return identity
    const { fingerprint } = identity.data as { fingerprint: string }
    return rawDispatch(method, { ...(args as object), acceptFingerprint: fingerprint })
  }

  return {
    session,
    dispatch,
    rawDispatch,
    dataDir,
    events,
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    invites,
    desktop,
    hostProcesses,
    hostProcess: () => hostProcesses.at(-1),
    waitForEvent(type, match = () => true, timeoutMs = 5_000, since = 0) {
      type E = BridgeEventOf<typeof type>
      const hit = (event: BridgeEvent): event is E => event.type === type && match(event as never)
      const seen = events.slice(since).find(hit)
      if (seen) return Promise.resolve(seen as never)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`no "${type}" event within ${timeoutMs} ms`))
        }, timeoutMs)
        const waiter = (event: BridgeEvent): void => {
          if (!hit(event)) return
          clearTimeout(timer)
          waiters.delete(waiter)
          resolve(event as never)
        }
        waiters.add(waiter)
      })
    },
    mark: () => events.length,
    presence: (since = 0) => events.slice(since).flatMap(presenceIn),
    waitForPresence(match, timeoutMs = 5_000, since = 0) {
      const seen = events.slice(since).flatMap(presenceIn).find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`no presence change as awaited within ${timeoutMs} ms`))
        }, timeoutMs)
        const waiter = (event: BridgeEvent): void => {
          const change = presenceIn(event).find(match)
          if (!change) return
          clearTimeout(timer)
          waiters.delete(waiter)
          resolve(change)
        }
        waiters.add(waiter)
      })
    },
    delivered: (roomId) =>
      events.flatMap((e) =>
        e.type === 'message:new' && e.payload.roomId === roomId ? [e.payload] : []
      ),
    async close() {
      await discovery.stop()
      await session.shutdown()
      // A test that killed or swapped the host must not leave a process behind.
      for (const hostProcess of hostProcesses) if (!hostProcess.exit) await hostProcess.stop()
      temp?.remove()
    }
  }
}

/** The presence changes one bridge event tells (see TestSession.presence). */
function presenceIn(event: BridgeEvent): PresenceChange[] {
  if (event.type === 'presence:update') return event.payload.changes
  if (event.type !== 'members:changed' || event.payload.roomId !== LOBBY_ROOM_ID) return []
  return event.payload.joined.map(({ online, status, ...user }) => ({ user, online, status }))
}

/**
 * A clock for the session's parts that moves only when the test says: timers run in time order
 * as `advance` passes them, and the promises they settle get to run before the next one.
 */
export function createFakeClock(start = 0) {
  let now = start
  let nextId = 0
  const timers = new Map<number, { at: number; run: () => void }>()
  // A few turns of the event loop: enough for a chain of awaits to arm its next timer.
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
  }
  return {
    now: () => now,
    setTimeout(run: () => void, ms: number): () => void {
      const id = nextId++
      timers.set(id, { at: now + Math.max(0, ms), run })
      return () => timers.delete(id)
    },
    /** Timers still waiting. */
    get pending(): number {
      return timers.size
    },
    /** Moves time forward by `ms`, running every timer due on the way, in order. */
    async advance(ms: number): Promise<void> {
      const until = now + ms
      await settle()
      // Bounded: a timer that keeps re-arming itself at the same instant cannot spin forever.
      for (let i = 0; i < 10_000; i++) {
        let due: [number, { at: number; run: () => void }] | undefined
        for (const entry of timers)
          if (entry[1].at <= until && (!due || entry[1].at < due[1].at)) due = entry
        if (!due) break
        timers.delete(due[0])
        now = Math.max(now, due[1].at)
        due[1].run()
        await settle()
      }
      now = until
      await settle()
    }
  }
}

export type FakeClock = ReturnType<typeof createFakeClock>

/**
 * Sessions, hosts and relays for one test file, all closed after each test (sessions first, so
 * no app is left waiting for a host that the cleanup stopped).
 */
export function useSessionFixtures(defaults: TestSessionOptions = {}) {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  return {
    session(opts: TestSessionOptions = {}): TestSession {
      const s = startTestSession({
        ...defaults,
        ...opts,
        session: { ...defaults.session, ...opts.session }
      })
      cleanups.push(() => s.close())
      return s
    },
    later(cleanup: () => Promise<void> | void): void {
      cleanups.push(cleanup)
    }
  }
}

export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.data
}

export async function joinAs(s: TestSession, nickname: string, port: number): Promise<SessionInfo> {
  return expectOk(
    (await s.dispatch('session:join', {
      nickname,
      address: `127.0.0.1:${port}`
    })) as Result<SessionInfo>
  )
}

export async function say(s: TestSession, roomId: string, text: string): Promise<Message> {
  const clientId = `${text.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 10)}`
  const sent = (await s.dispatch('message:send', { roomId, text, clientId })) as Result<{
    message: Message
  }>
  return expectOk(sent).message
}

/** Every message of a room after `afterSeq`, as the host has it, read by a member's session. */
export async function hostHistory(
  reader: TestSession,
  roomId: string,
  afterSeq: number
): Promise<Message[]> {
  const all: Message[] = []
  let after = afterSeq
  for (let page = 0; page < 1_000; page++) {
    const got = expectOk(
      (await reader.dispatch('room:history', {
        roomId,
        afterSeq: after,
        limit: 200
      })) as Result<{ messages: Message[]; hasMore: boolean }>
    )
    all.push(...got.messages)
    const last = got.messages.at(-1)
    if (!got.hasMore || !last) break
    after = last.seq
  }
  return all
}

/**
 * The view a session gave the renderer of one room equals the host's history after `fromSeq`:
 * every message, in seq order, each once. Waits (bounded) for pushes still on their way.
 */
export async function expectSameAsHost(
  viewer: TestSession,
  reader: TestSession,
  roomId: string,
  fromSeq: number,
  timeoutMs = 10_000
): Promise<Message[]> {
  const host = await hostHistory(reader, roomId, fromSeq)
  const last = host.at(-1)
  if (last) {
    await viewer.waitForEvent(
      'message:new',
      (e) => e.payload.roomId === roomId && e.payload.seq >= last.seq,
      timeoutMs
    )
  }
  const seen = viewer.delivered(roomId).filter((m) => m.seq <= (last?.seq ?? fromSeq))
  expect(seen.map((m) => `${m.seq}:${m.id}`)).toEqual(host.map((m) => `${m.seq}:${m.id}`))
  return seen
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

/** The connection states the session reported, from event index `since` on. */
export const statuses = (s: TestSession, since = 0): ConnectionState['status'][] =>
  s.events.slice(since).flatMap((e) => (e.type === 'connection:state' ? [e.payload.status] : []))

export async function createRoom(owner: TestSession, name: string): Promise<RoomJoined> {
  return expectOk((await owner.dispatch('room:create', { name })) as Result<RoomJoined>)
}

export async function joinRoom(s: TestSession, code: string): Promise<RoomJoined> {
  return expectOk((await s.dispatch('room:join', { code })) as Result<RoomJoined>)
}

/** The texts among messages, in order (notices left out). */
export const texts = (messages: readonly Message[]): string[] =>
  messages.flatMap((m) => (m.kind === 'text' ? [m.text] : []))
