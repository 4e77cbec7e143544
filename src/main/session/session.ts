import { join } from 'node:path'
import { formatAddress, parseAddress, type HostAddress } from '../../shared/address'
import type {
  BridgeEvent,
  HostIdentity,
  HostMethod,
  KnownHost,
  OwnStatus,
  SessionInfo
} from '../../shared/bridge'
import { shortCode } from '../../shared/fingerprint'
import { inviteMatches } from '../../shared/invite'
import { DEFAULT_PORT } from '../../shared/limits'
import type { HostInfo, PresenceStatus } from '../../shared/models'
import { checkNickname } from '../../shared/nickname'
import { err, ok, type Result } from '../../shared/result'
import type { RequestPayload, ResponseData } from '../../shared/wire/protocol'
import { fetchChallenge } from '../client/challenge'
import { connectToHost } from '../client/connection'
import { dialAgent } from '../client/dial-agent'
import { signedHandshake } from '../client/handshake'
import { probeHost } from '../client/probe'
import type { PinnedCertificate } from '../client/tls-pin'
import type { PapoHost } from '../host'
import type { HostProcessLauncher, HostProcessOptions } from '../host-process'
import { systemClock, type Clock } from './clock'
import { startHosting, type Hosting } from './hosting'
import { loadOrCreateIdentity } from './identity'
import { openKnownHosts } from './known-hosts'
import { openLine, type Connect, type Line } from './line'
import type { Transfers } from './files/transfers'
import { startLiveSession, type LiveSession } from './live'
import { createOwnStatus } from './own-status'

export interface SessionOptions {
  /** Where the identity and (when hosting) the host's database live. */
  dataDir: string
  /** Name a hosted room is announced under, and the computer's name a knock shows. */
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
  /**
   * Whether a host this app starts announces itself on the LAN (mDNS), and on which socket.
   * Default false: only the app turns it on, so tests never multicast on a real network.
   */
  announce?: HostProcessOptions['announce']
  /**
   * Seconds since the person last used the keyboard or mouse, for automatic away
   * (DesktopPort.systemIdleSeconds in the app). Default: never idle.
   */
  idleSeconds?: () => number
  /** Automatic away: after how long idle, checked how often. Default AUTO_AWAY (10 min, 15 s). */
  autoAway?: { afterMs: number; checkEveryMs: number }
}

/**
 * The app's chat session, free of Electron: hosting or joining, the line to the host, and the
 * events the renderer hears. Main's IPC and the e2e tests reach it through the same bridge
 * handlers (bridge-handlers.ts).
 *
 * A joined session outlives its line: when the line drops or the host stops, it keeps its rooms
 * and cursors, waits for the same host to answer again (rejoin.ts), catches every room up on
 * new messages (room-feeds.ts), then on edits, deletes and reactions (change-feeds.ts), and only
 * then says it is current (`session:synced`). Only logging out, being
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
  host(args: HostArgs): Promise<Result<SessionInfo>>
  /**
   * After `host:crashed`: starts the host process again on the same port and data folder;
   * everyone waiting for it, this app included, rejoins by themselves. NOT_CONNECTED when not
   * hosting; ok at once when the host runs.
   */
  restartHost(): Promise<Result<Record<string, never>>>
  /**
   * Asks `GET /papo` at the address, checks the certificate against the pinned one (a first
   * join needs `acceptFingerprint`: HOST_UNVERIFIED until then), then joins the host there; on
   * an "ask me first" host it waits at the door (`join:knocking`) until the answer or
   * `cancelJoin()`. One session at a time.
   */
  join(args: JoinArgs): Promise<Result<SessionInfo>>
  /** Stops a join waiting at the door: it answers JOIN_CANCELLED. */
  cancelJoin(): void
  /** Who answers at `address`, and how its certificate compares with the pinned one. */
  identify(address: string): Promise<Result<HostIdentity>>
  knownHosts(): KnownHost[]
  /** Forgets the pinned certificate of an address; false if none was pinned. */
  forgetHost(address: string): boolean
  /**
   * Log out: every connection of this identity ends; a host also stops hosting. Works at any
   * time, also while waiting for a host that went away (then only this app leaves).
   */
  leave(): Promise<Result<Record<string, never>>>
  /** What the session is now (rooms fresh from the host when the line is up); null if none. */
  info(): Promise<SessionInfo | null>
  /**
   * The host id of the chat in progress, from what the session holds (no request); null outside
   * one. Room ids are unique only per host, so per-room prefs are kept under it.
   */
  hostId(): string | null
  /** One's own status now (own-status.ts). */
  status(): OwnStatus
  /** Picks one's status for this run of the app; the host of the chat hears it at once. */
  setStatus(status: PresenceStatus): OwnStatus
  /** The files the chat in progress sends and saves (files/transfers.ts); null outside one. */
  files(): Transfers | null
  /** A request to the host on the session's line; NOT_CONNECTED outside a chat. */
  request<K extends HostMethod>(
    name: K,
    payload: RequestPayload<K>
  ): Promise<Result<ResponseData<K>>>
  /** App quit: a host tells its clients it is stopping instead of vanishing. */
  shutdown(): Promise<void>
}

export interface HostArgs {
  nickname: string
  port?: number
  password?: string
  askFirst?: boolean
}

export interface JoinArgs {
  nickname: string
  address: string
  password?: string
  /** The fingerprint the person compared and accepted (a first join of this address). */
  acceptFingerprint?: string
  /**
   * From an invite link: the fingerprint (or short code) the host must show. It stands in for
   * the person's comparison: a match pins the certificate, anything else is INVITE_MISMATCH.
   */
  inviteFingerprint?: string
  /** From an invite link: a room code to enter once joined. */
  room?: string
}

/** Ended by `cancelJoin`, or by a knock the host dropped. */
const cancelled = () => err('JOIN_CANCELLED', 'Joining was cancelled.')

export function createSession(options: SessionOptions): Session {
  const log = options.log ?? (() => {})
  const clock = options.clock ?? systemClock
  const connect: Connect = options.connect ?? connectToHost
  const probeTimeoutMs = options.connectTimeoutMs ?? 5_000
  const identity = loadOrCreateIdentity(options.dataDir)
  const knownHosts = openKnownHosts(options.dataDir)
  // For the whole run, every chat included: a status picked before a reconnect or a new join holds.
  const ownStatus = createOwnStatus({
    clock,
    idleSeconds: options.idleSeconds ?? (() => 0),
    autoAway: options.autoAway,
    log
  })
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

  /**
   * One line to the host: a fresh challenge over TLS pinned to its certificate, the handshake
   * signed for it, the connection (pinned too, on the challenge's TLS connection) and
   * session:start.
   */
  async function dial(
    address: HostAddress,
    pin: PinnedCertificate,
    nickname: string,
    password: string | undefined
  ): Promise<Result<Line>> {
    const agent = dialAgent(pin)
    try {
      const nonce = await fetchChallenge(address, pin, probeTimeoutMs, agent)
      if (!nonce.ok) return nonce
      const handshake = signedHandshake({
        identity: identity.key,
        legacySecretHash: identity.legacySecretHash,
        nonce: nonce.data,
        fingerprint: pin.fingerprint,
        nickname,
        password,
        device: options.hostName
      })
      return await openLine(connect, {
        address,
        pin,
        handshake,
        agent,
        connectTimeoutMs: options.connectTimeoutMs,
        log
      })
    } finally {
      agent.destroy()
    }
  }

  /** A join waiting at the door: how to stop it. */
  let knocking: { cancel(): void } | null = null

  /**
   * Dials until the host lets this identity in: an "ask me first" host answers KNOCKING until
   * the person hosting decides, so the app asks again as told, saying once that it waits.
   */
  async function dialThroughDoor(
    address: HostAddress,
    pin: PinnedCertificate,
    nickname: string,
    password: string | undefined,
    host: HostInfo
  ): Promise<Result<Line>> {
    let stop = false
    let wake: (() => void) | null = null
    knocking = {
      cancel() {
        stop = true
        wake?.()
      }
    }
    try {
      let announced = false
      for (;;) {
        const line = await dial(address, pin, nickname, password)
        if (stop) {
          if (line.ok) line.data.connection.close()
          return cancelled()
        }
        if (line.ok || line.error.code !== 'KNOCKING') return line
        if (!announced) {
          announced = true
          emit({
            type: 'join:knocking',
            payload: { address: formatAddress(address), hostName: host.name }
          })
        }
        await new Promise<void>((resolve) => {
          wake = resolve
          clock.setTimeout(resolve, line.error.retryAfterMs ?? 2_000)
        })
        wake = null
        if (stop) return cancelled()
      }
    } finally {
      knocking = null
    }
  }

  async function open(
    mode: 'host' | 'join',
    address: HostAddress,
    pin: PinnedCertificate,
    nickname: string,
    password: string | undefined,
    host: PapoHost | null,
    addresses: string[],
    hostInfo: HostInfo
  ): Promise<Result<SessionInfo>> {
    const line = await dialThroughDoor(address, pin, nickname, password, hostInfo)
    if (!line.ok) return line
    const started = await startLiveSession({
      mode,
      address,
      addresses,
      pin,
      line: line.data,
      dial: (name) => dial(address, pin, name, password),
      host,
      emit,
      status: ownStatus,
      clock,
      probeTimeoutMs,
      outboxPatienceMs: options.outboxPatienceMs,
      dataDir: options.dataDir,
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

  async function startHost(args: HostArgs): Promise<Result<Hosting>> {
    const { port } = args
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
          ownerPublicKey: identity.key.publicKey,
          ...(args.password ? { password: args.password } : {}),
          askFirst: args.askFirst ?? false,
          announce: options.announce ?? false
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

  /**
   * The hosting app joins its own host on loopback: the certificate it expects is the one the
   * host process reported, so nothing needs comparing by a person.
   */
  async function openOwnHost(
    host: Hosting,
    loopback: HostAddress,
    nickname: string
  ): Promise<Result<SessionInfo>> {
    const probe = await probeHost(loopback, probeTimeoutMs)
    if (!probe.ok) return probe
    if (probe.data.certificate.fingerprint !== host.fingerprint) {
      return err('HOST_KEY_CHANGED', 'Another program answered on the port this host took.')
    }
    return open(
      'host',
      loopback,
      probe.data.certificate,
      nickname,
      undefined,
      host,
      host.addresses(),
      host.info
    )
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
        const host = await startHost(args)
        if (!host.ok) return host
        const loopback = { host: '127.0.0.1', port: host.data.port }
        const opened = await openOwnHost(host.data, loopback, nickname.data)
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
        const { info, certificate } = probe.data
        const where = formatAddress(address)
        const pinned = knownHosts.get(where)
        if (args.inviteFingerprint !== undefined) {
          if (!inviteMatches(args.inviteFingerprint, certificate.fingerprint)) {
            return err(
              'INVITE_MISMATCH',
              `The host at ${where} shows the code ${shortCode(certificate.fingerprint)}, not the one in the invite: it is not the host that invited you.`
            )
          }
          // The invite came from the host's own screen, so it vouches for this certificate even
          // where another was pinned (a host reinstalled, its person handing out a new invite).
          if (pinned?.fingerprint !== certificate.fingerprint) {
            if (pinned) log(`the invite re-pins ${where} (was ${shortCode(pinned.fingerprint)})`)
            knownHosts.pin(where, certificate, info.name)
          }
        } else if (pinned && pinned.fingerprint !== certificate.fingerprint) {
          return keyChanged(where, pinned.fingerprint, certificate.fingerprint)
        } else if (!pinned) {
          if (args.acceptFingerprint !== certificate.fingerprint) {
            return err(
              'HOST_UNVERIFIED',
              `First time joining ${info.name} at ${where}: compare the code ${shortCode(certificate.fingerprint)} with the one on the host's screen.`
            )
          }
          knownHosts.pin(where, certificate, info.name)
        }
        const opened = await open(
          'join',
          address,
          certificate,
          nickname.data,
          args.password,
          null,
          [args.address.trim()],
          info
        )
        if (!opened.ok || args.room === undefined) return opened
        // The chat is joined whatever becomes of the room: a stale code is said, not fatal.
        const session = current()!
        const room = await session.request('room:join', { code: args.room })
        return ok({
          ...(await session.refresh()),
          invitedRoom: room.ok ? { roomId: room.data.room.id } : { error: room.error }
        })
      }),

    cancelJoin() {
      knocking?.cancel()
    },

    async identify(raw) {
      const address = parseAddress(raw)
      if (!address) {
        return err('ADDRESS_INVALID', 'Type an address like 192.168.0.12 or 192.168.0.12:4747.')
      }
      const probe = await probeHost(address, probeTimeoutMs)
      if (!probe.ok) return probe
      const where = formatAddress(address)
      const pinned = knownHosts.get(where)
      const { fingerprint } = probe.data.certificate
      return ok({
        address: where,
        info: probe.data.info,
        fingerprint,
        pinned: !pinned ? 'new' : pinned.fingerprint === fingerprint ? 'same' : 'changed',
        ...(pinned && pinned.fingerprint !== fingerprint
          ? { pinnedFingerprint: pinned.fingerprint }
          : {})
      })
    },

    knownHosts: () => knownHosts.list(),

    forgetHost: (address) => {
      const parsed = parseAddress(address)
      return parsed ? knownHosts.forget(formatAddress(parsed)) : false
    },

    async leave() {
      await current()?.leave()
      return ok({})
    },

    async info() {
      const info = await current()?.refresh()
      return info ? withHosting(info) : null
    },

    hostId: () => current()?.info().host.hostId ?? null,

    status: () => ownStatus.get(),
    setStatus: (status) => ownStatus.choose(status),

    files: () => current()?.files ?? null,

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

function keyChanged(where: string, pinned: string, now: string) {
  return err(
    'HOST_KEY_CHANGED',
    `The host at ${where} shows the code ${shortCode(now)}, not ${shortCode(pinned)} as before. Someone may be pretending to be it: do not join unless the person hosting confirms the new code.`
  )
}
