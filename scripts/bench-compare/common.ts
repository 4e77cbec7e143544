// What the orchestrator (compare.ts), the servers (server-*.ts) and the load generator
// (generator.ts) say to each other over their IPC channels, and the bits they share.
import { readFileSync } from 'node:fs'
import { APP_ID, PROTOCOL_VERSION, type RateLimits } from '../../src/shared/limits'

/**
 * `socketio-tls` is the bare server over HTTPS/WSS with a certificate like the host's: since
 * protocol 3 every Papo byte is TLS, and this server shows what TLS alone costs.
 */
export type ServerKind = 'papo' | 'socketio' | 'socketio-tls' | 'ws'

export const SERVER_LABELS: Record<ServerKind, string> = {
  papo: 'Papo host (built)',
  socketio: 'bare Socket.IO',
  'socketio-tls': 'bare Socket.IO over TLS',
  ws: 'raw ws'
}

/** The same Socket.IO options as Papo's host (create-host.ts), so only the work done differs. */
/**
 * What a client of the bare Socket.IO relay connects with: Papo's handshake fields (the relay
 * reads none) and, over TLS, the relay's certificate taken as it comes: nothing to pin on
 * loopback. The comparison's generator and the bench's durable part connect alike.
 */
export function relayConnectOptions(
  port: number,
  tls: boolean,
  nickname: string
): { url: string; auth: object; tls: { rejectUnauthorized?: boolean } } {
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    auth: { app: APP_ID, protocol: PROTOCOL_VERSION, nickname },
    tls: tls ? { rejectUnauthorized: false } : {}
  }
}

export const SOCKET_IO_OPTIONS = {
  serveClient: false,
  maxHttpBufferSize: 64 * 1024,
  pingInterval: 10_000,
  pingTimeout: 5_000
} as const

/** Messages per second (all senders together) at `clients` clients; see CompareOptions. */
export function rateFor(
  options: { rate: number | null; deliveries: number },
  clients: number
): number {
  return options.rate ?? options.deliveries / clients
}

// ---- server child ⇄ orchestrator ----

/** Sent by a server once it listens on 127.0.0.1. */
export interface ServerReady {
  type: 'ready'
  port: number
  pid: number
  /** Proof it runs built JavaScript in plain Node: the file and node's own flags (no tsx). */
  entry: string
  execArgv: string[]
}

/** The server's own figures, read inside the server process when asked. */
export interface ServerStats {
  type: 'stats'
  /** process.cpuUsage(): every thread of the process (GC, libuv pool, SQLite calls included). */
  cpuUserUs: number
  cpuSystemUs: number
  rssBytes: number
  /** Peak resident set of the process's whole life (/proc/self/status VmHWM). */
  peakRssBytes: number
  heapUsedBytes: number
}

export type ToServer = { type: 'stats' } | { type: 'stop' }

/** Peak RSS so far: VmHWM, or getrusage's maxrss where /proc is missing. */
export function peakRssBytes(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8')
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]
    if (kb) return Number(kb) * 1024
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024
}

export function serverStats(): ServerStats {
  const cpu = process.cpuUsage()
  const memory = process.memoryUsage()
  return {
    type: 'stats',
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    rssBytes: memory.rss,
    peakRssBytes: Math.max(peakRssBytes(), memory.rss),
    heapUsedBytes: memory.heapUsed
  }
}

/**
 * The child side of a server: reports `ready`, answers `stats`, runs `stop` on `stop` and exits,
 * and exits by itself when the orchestrator goes away (its IPC channel closes).
 */
export function serveOrchestrator(port: number, stop: () => Promise<void>): void {
  const send = (message: ServerReady | ServerStats): void => {
    process.send?.(message)
  }
  let stopping = false
  const finish = (code: number): void => {
    if (stopping) return
    stopping = true
    setTimeout(() => process.exit(code), 5_000).unref()
    void stop().finally(() => process.exit(code))
  }
  process.on('message', (message: ToServer) => {
    if (message.type === 'stats') send(serverStats())
    else if (message.type === 'stop') finish(0)
  })
  process.on('disconnect', () => finish(1))
  send({
    type: 'ready',
    port,
    pid: process.pid,
    entry: process.argv[1] ?? '',
    execArgv: process.execArgv
  })
}

// ---- generator ⇄ orchestrator ----

export interface GeneratorConfig {
  server: ServerKind
  port: number
  clients: number
  /** The first `senders` clients send; every client (senders too) receives. */
  senders: number
  /** Messages per second, all senders together (each sends rate / senders per second). */
  rate: number
  /** Clients started at once; the next batch starts when the last one is in. */
  connectBatch: number
  /** The whole connect phase stops starting clients after this. */
  connectTimeoutMs: number
  /** After the last send, how long to wait at most for every delivery and ack. */
  drainMs: number
  textChars: number
  /** Per-request ack timeout (session:start, message:send). */
  ackTimeoutMs: number
}

export interface Percentiles {
  count: number
  p50: number
  p90: number
  p99: number
  max: number
}

export interface ConnectResult {
  type: 'connected'
  /** First connection started → last client in (connected and session:start answered). */
  ms: number
  connected: number
  failed: number
  /** Refusal codes / error messages → how many. */
  failures: Record<string, number>
  /** Connect phase stopped by connectTimeoutMs before every client was started. */
  timedOut: boolean
  /** Generator CPU over the connect phase: milliseconds, and % of one core. */
  generatorCpuMs: number
  generatorCpuPct: number
  drops: number
}

export interface SendResult {
  type: 'done'
  /** Messages the schedule asked for in the duration, and those actually sent. */
  planned: number
  sent: number
  acked: number
  ackErrors: Record<string, number>
  /** Clients connected when sending started: each message should reach each of them. */
  receivers: number
  expected: number
  delivered: number
  /** Notices and other pushes received in the window (not counted as deliveries). */
  otherPushes: number
  /** First send → last send. */
  sendWindowMs: number
  /** First send → the later of the phase's end and the last delivery (or end of drain). */
  elapsedMs: number
  /** Every delivery and ack arrived before drainMs ran out. */
  drained: boolean
  /** Send → receipt, over every (message, receiver). */
  latencyMs: Percentiles
  /** Send → receipt by the last of its receivers, per message that reached all of them. */
  allReceivedMs: Percentiles
  ackMs: Percentiles
  /** Generator CPU from the first send to the end of the drain: milliseconds, % of one core. */
  generatorCpuMs: number
  generatorCpuPct: number
  generatorLoopDelayP99Ms: number
  /** Unasked disconnects from the start of connecting to the end of the drain. */
  drops: number
  dropReasons: Record<string, number>
}

export type FromGenerator =
  { type: 'hello' } | ConnectResult | SendResult | { type: 'error'; message: string }

export type ToGenerator =
  | { type: 'start'; config: GeneratorConfig }
  /** A send phase; a warm-up one is run first and its figures thrown away. */
  | { type: 'send'; durationMs: number }
  | { type: 'close' }

export function percentiles(values: Float64Array | number[]): Percentiles {
  const sorted = Float64Array.from(values).sort()
  const at = (p: number): number =>
    sorted.length === 0
      ? 0
      : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0)
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] ?? 0)
  }
}

/** Reads numeric settings from the environment: `fallback` when unset, an error when not ≥ min. */
export function envNumbers(env: NodeJS.ProcessEnv) {
  return (name: string, fallback: number, min = 0): number => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    if (!Number.isFinite(value) || value < min)
      throw new Error(`${name}=${raw}: not a number ≥ ${min}`)
    return value
  }
}

const UNLIMITED = { count: 1_000_000_000, windowMs: 1_000 }

/**
 * The abuse limits a benchmark from one address crosses, raised so one generator may open 1,000
 * identities and send as fast as asked; every other rule stays as shipped.
 */
export const BENCH_LIMITS: Partial<RateLimits> = {
  messagesPerIdentity: UNLIMITED,
  messagesPerAddress: UNLIMITED,
  newIdentitiesPerAddress: UNLIMITED,
  presenceNoticesPerIdentity: UNLIMITED,
  // Every benchmark client asks for its challenge from 127.0.0.1.
  challengesPerAddress: UNLIMITED
}
