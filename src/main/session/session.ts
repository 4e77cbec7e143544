import { join } from 'node:path'
import { parseAddress, type HostAddress } from '../../shared/address'
import type { BridgeEvent, HostMethod, SessionInfo } from '../../shared/bridge'
import { APP_ID, DEFAULT_PORT, PROTOCOL_VERSION } from '../../shared/limits'
import { checkNickname } from '../../shared/nickname'
import { err, ok, type Result } from '../../shared/result'
import type { RequestPayload, ResponseData } from '../../shared/wire/protocol'
import { connectToHost } from '../client/connection'
import { probeHost } from '../client/probe'
import type { PapoHost } from '../host'
import type { HostProcessLauncher } from '../host-process'
import { systemClock, type Clock } from './clock'
import { startHosting, type Hosting } from './hosting'
import { loadOrCreateSecret } from './identity'
import { openLine, type Connect } from './line'
import { startLiveSession, type LiveSession } from './live'

export interface SessionOptions {
  /** Where the identity and (when hosting) the host's database live. */
  dataDir: string
  /** Name a hosted room is announced under; usually the computer's name. */
  hostName: string
  /** The version a hosted host reports (the app's). */
  hostVersion: string
  /**
   * Starts the host in a process of its own when this app hosts: Electron's utilityProcess in
   * the app (src/main/electron/host-launcher.ts), Node's child_process in the tests.
   */
  hostLauncher: HostProcessLauncher
  connectTimeoutMs?: number
  /**
   * How long a queued message may wait for a lost connection before it fails with
   * NOT_CONNECTED. Default: no limit; it waits as long as the session lives.
   */
  outboxPatienceMs?: number
  log?: (line: string) => void
  /** The clock for outbox pacing, rejoin backoff and waits. Default: the system's. */
  clock?: Clock
  /** Jitter for the rejoin backoff. Default: Math.random. */
  random?: () => number
  /** Rejoin backoff: the first wait and the cap. Default REJOIN_DELAYS (0.5 s to 5 s). */
  rejoinDelays?: { firstMs: number; maxMs: number }
  /** Opens one connection to a host. Default connectToHost; tests wrap it to hold a line. */
  connect?: Connect
}

/**
 * The app's chat session, free of Electron: hosting or joining, the line to the host, and the
 * events the renderer hears. Main's IPC and the e2e tests reach it through the same bridge
 * handlers (bridge-handlers.ts).
 *
 * A joined session outlives its line: when the line drops or the host stops, it keeps its rooms
 * and cursors, waits for the same host to answer again (rejoin.ts), catches every room up
 * (room-feeds.ts) and only then says it is current (`session:synced`). Only logging out, being
 * removed or logged out elsewhere end it (`session:closed`).
 */
export interface Session {
  /** Every event for the renderer, in order. Returns a function that stops listening. */
  onEvent(listener: (event: BridgeEvent) => void): () => void
  /**
   * Starts a host on this machine, in a process of its own, and joins it; one session at a time.
   * If that process ends unasked the chat stays open (the line waits for the same host, as a
   * guest's does) and the renderer hears `host:crashed`.
   */
  host(args: { nickname: string; port?: number }): Promise<Result<SessionInfo>>
  /**
   * After `host:crashed`: starts the host process again on the same port and data folder;
   * everyone waiting for it, this app included, rejoins by themselves. NOT_CONNECTED when not
   * hosting; ok at once when the host runs.
   */
  restartHost(): Promise<Result<Record<string, never>>>
  /** Asks `GET /papo` at the address, then joins the host there; one session at a time. */
  join(args: { nickname: string; address: string }): Promise<Result<SessionInfo>>
  /**
   * Log out: every connection of this identity ends; a host also stops hosting. Works at any
   * time, also while waiting for a host that went away (then only this app leaves).
   */
  leave(): Promise<Result<Record<string, never>>>
  /** What the session is now (rooms fresh from the host when the line is up); null if none. */
  info(): Promise<SessionInfo | null>
  /** A request to the host on the session's line; NOT_CONNECTED outside a chat. */
  request<K extends HostMethod>(
    name: K,
    payload: RequestPayload<K>
  ): Promise<Result<ResponseData<K>>>
  /** App quit: a host tells its clients it is stopping instead of vanishing. */
  shutdown(): Promise<void>
}

export function createSession(options: SessionOptions): Session {
  const log = options.log ?? (() => {})
  const clock = options.clock ?? systemClock
  const connect: Connect = options.connect ?? connectToHost
  const probeTimeoutMs = options.connectTimeoutMs ?? 5_000
  const secret = loadOrCreateSecret(options.dataDir)
  const listeners = new Set<(event: BridgeEvent) => void>()
  let live: LiveSession | null = null
  /** The host of the session in progress, when this app hosts it. */
  let hosting: Hosting | null = null
  let starting = false

  const emit = (event: BridgeEvent): void => {
    for (const listener of listeners) listener(event)
  }

  /** The session in progress, if any (one that ended is gone at once). */
  const current = (): LiveSession | null => (live && !live.ended ? live : null)

  /** What the session is, and whether its host process is down after a crash. */
  const withHosting = (info: SessionInfo): SessionInfo => {
    const crash = info.mode === 'host' ? hosting?.crash : null
    return crash ? { ...info, hostCrash: crash } : info
  }

  const dial = (address: HostAddress, nickname: string) =>
    openLine(connect, {
      address,
      handshake: { app: APP_ID, protocol: PROTOCOL_VERSION, secret, nickname },
      connectTimeoutMs: options.connectTimeoutMs,
      log
    })

  async function open(
    mode: 'host' | 'join',
    address: HostAddress,
    nickname: string,
    host: PapoHost | null,
    addresses: string[]
  ): Promise<Result<SessionInfo>> {
    const line = await dial(address, nickname)
    if (!line.ok) return line
    const started = await startLiveSession({
      mode,
      address,
      addresses,
      line: line.data,
      dial: (name) => dial(address, name),
      host,
      emit,
      clock,
      probeTimeoutMs,
      outboxPatienceMs: options.outboxPatienceMs,
      random: options.random,
      rejoinDelays: options.rejoinDelays,
      log
    })
    if (!started.ok) return started
    live = started.data
    return ok(live.info())
  }

  /** Serialises host/join so a double click cannot open two sessions. */
  async function exclusive(run: () => Promise<Result<SessionInfo>>): Promise<Result<SessionInfo>> {
    if (current() || starting) return err('ALREADY_IN_SESSION', 'Already in a chat; log out first.')
    starting = true
    hosting = null
    try {
      return await run()
    } finally {
      starting = false
    }
  }

  async function startHost(port: number | undefined): Promise<Result<Hosting>> {
    let started: Hosting | null = null
    try {
      started = await startHosting({
        launcher: options.hostLauncher,
        options: {
          port: port ?? DEFAULT_PORT,
          portFallback: port === undefined,
          dataDir: join(options.dataDir, 'host'),
          name: options.hostName,
          version: options.hostVersion,
          ownerSecret: secret
        },
        log,
        onCrash: (reason) => {
          // Only the chat this host belongs to hears it (not one that ended or never opened).
          if (hosting === started && current()) emit({ type: 'host:crashed', payload: { reason } })
        }
      })
      return ok(started)
    } catch (e) {
      if ((e as { code?: unknown }).code === 'PORT_IN_USE') {
        return err(
          'PORT_IN_USE',
          `Port ${port ?? DEFAULT_PORT} is in use by another program. Pick another port.`
        )
      }
      log(`host failed to start: ${String(e)}`)
      return err('INTERNAL', `Could not start hosting: ${(e as Error).message}`)
    }
  }

  return {
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    host: (args) =>
      exclusive(async () => {
        const nickname = checkNickname(args.nickname)
        if (!nickname.ok) return nickname
        const host = await startHost(args.port)
        if (!host.ok) return host
        const loopback = { host: '127.0.0.1', port: host.data.port }
        const opened = await open('host', loopback, nickname.data, host.data, host.data.addresses())
        if (!opened.ok) {
          await host.data.stop()
          return opened
        }
        hosting = host.data
        return ok(withHosting(opened.data))
      }),

    restartHost() {
      const running = current() ? hosting : null
      if (!running) return Promise.resolve(err('NOT_CONNECTED', 'Not hosting a chat.'))
      return running.restart()
    },

    join: (args) =>
      exclusive(async () => {
        const nickname = checkNickname(args.nickname)
        if (!nickname.ok) return nickname
        const address = parseAddress(args.address)
        if (!address) {
          return err('ADDRESS_INVALID', 'Type an address like 192.168.0.12 or 192.168.0.12:4747.')
        }
        const probe = await probeHost(address, probeTimeoutMs)
        if (!probe.ok) return probe
        return open('join', address, nickname.data, null, [args.address.trim()])
      }),

    async leave() {
      await current()?.leave()
      return ok({})
    },

    async info() {
      const info = await current()?.refresh()
      return info ? withHosting(info) : null
    },

    request(name, payload) {
      const session = current()
      return session ? session.request(name, payload) : Promise.resolve(notInChat())
    },

    async shutdown() {
      await current()?.shutdown()
    }
  }
}

const notInChat = () => err('NOT_CONNECTED', 'Not in a chat.')
