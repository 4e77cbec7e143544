// Load generators for `npm run bench`: the durable-throughput run and the join storm (issue 7).
// Each starts a host in a child process (bench-host.ts, bundled and run by plain node, as the
// comparison runs Papo's host) and drives it with bare Socket.IO clients from this process,
// counting what they receive. The durable run also drives the comparison's bare Socket.IO relay
// (server-socketio.ts) the same way, for what this machine and this generator allow without
// Papo. BENCH_HOST_ARGS adds node flags to the host process, e.g.
// BENCH_HOST_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile it.
import { papoConnectOptions } from './papo-auth'
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { io, type Socket } from 'socket.io-client'
import type { HostOptions } from '../src/main/host'
import { LOBBY_ROOM_ID } from '../src/shared/limits'
import { makeTempDir } from '../tests/helpers/temp-dir'
import { bundleForNode } from './bench-compare/build'
import {
  BENCH_LIMITS,
  relayConnectOptions,
  type ServerReady,
  type ToServer
} from './bench-compare/common'

const ROOT = join(__dirname, '..')

export interface HostProcess {
  port: number
  pid: number
  rssMb(): number
  /** User + system CPU seconds the host process has used (/proc/<pid>/stat, 100 ticks/s). */
  cpuSeconds(): number
  stop(): Promise<void>
}

type Entry = 'bench-host' | 'server-socketio'

/**
 * bench-host.ts and the comparison's bare Socket.IO relay, bundled once per run for plain node
 * (as the comparison runs them).
 */
let built: Promise<{ file: Record<Entry, string>; remove(): void }> | null = null
const builtEntry = async (entry: Entry): Promise<string> => {
  built ??= bundleForNode('papo-bench-host', {
    'bench-host': join(ROOT, 'scripts', 'bench-host.ts'),
    'server-socketio': join(ROOT, 'scripts', 'bench-compare', 'server-socketio.ts')
  }).then((bundle) => {
    process.once('exit', () => bundle.remove())
    return bundle
  })
  return (await built).file[entry]
}

/** Resident set and CPU seconds of a child process, read from /proc. */
function processFigures(pid: number): Pick<HostProcess, 'rssMb' | 'cpuSeconds'> {
  return {
    rssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024
    },
    cpuSeconds() {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return (Number(fields[11]) + Number(fields[12])) / 100
    }
  }
}

/** Stops `child` with SIGTERM (SIGKILL after 5 s) and waits for it to exit. */
async function endChild(child: ChildProcess, ask: () => void = () => child.kill('SIGTERM')) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  ask()
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

export async function startHostProcess(options: Partial<HostOptions>): Promise<HostProcess> {
  const entry = await builtEntry('bench-host')
  const temp = makeTempDir('papo-bench-host-')
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env['BENCH_HOST_ARGS']?.split(' ') ?? []),
      entry,
      JSON.stringify({ dataDir: temp.dir, ...options })
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } }
  )
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /PORT (\d+)/.exec(out)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`bench host exited (${code}): ${out}`)))
  })
  const pid = child.pid as number
  return {
    port,
    pid,
    ...processFigures(pid),
    async stop() {
      await endChild(child)
      temp.remove()
    }
  }
}

/**
 * The comparison's bare Socket.IO relay (no validation, no storage: it emits each
 * `message:send` to every connection and acks it) in its own process, over TLS with a
 * certificate made as the host makes its own, or plain.
 */
export async function startRelayProcess(tls: boolean): Promise<HostProcess> {
  const entry = await builtEntry('server-socketio')
  const temp = makeTempDir('papo-bench-relay-')
  const child = fork(entry, [JSON.stringify({ tls, dataDir: temp.dir })], {
    cwd: ROOT,
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' }
  })
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    child.once('message', (message: ServerReady) => resolve(message))
    child.once('exit', (code) => reject(new Error(`bench relay exited (${code})`)))
  })
  return {
    port: ready.port,
    pid: ready.pid,
    ...processFigures(ready.pid),
    async stop() {
      await endChild(child, () => child.send({ type: 'stop' } satisfies ToServer))
      temp.remove()
    }
  }
}

export interface BareClient {
  socket: Socket
  /** JSON text received (pushes and acks), and disconnects that were not asked for. */
  stats: { bytes: number; drops: number }
  connected: Promise<void>
  request(name: string, payload: unknown): Promise<{ ok: boolean; error?: { code: string } }>
  close(): void
}

/** A client of Papo's host, connecting as the app does (signed challenge, pinned TLS). */
export async function bareClient(port: number, nickname: string): Promise<BareClient> {
  const { url, auth, tls } = await papoConnectOptions(port, nickname)
  return socketClient(url, { ...tls, auth })
}

/** A client of the bare relay, as the comparison's generator makes one. */
export function relayClient(port: number, tls: boolean, nickname: string): BareClient {
  const target = relayConnectOptions(port, tls, nickname)
  return socketClient(target.url, { ...target.tls, auth: target.auth })
}

function socketClient(
  url: string,
  options: { auth: object } & Record<string, unknown>
): BareClient {
  const socket = io(url, {
    ...options,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 60_000
  })
  const stats = { bytes: 0, drops: 0 }
  let closing = false
  socket.io.engine.on('packet', (packet: { data?: unknown }) => {
    if (typeof packet.data === 'string') stats.bytes += packet.data.length
  })
  socket.on('disconnect', () => {
    if (!closing) stats.drops++
  })
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', (e) => reject(e))
  })
  return {
    socket,
    stats,
    connected,
    request: (name, payload) =>
      socket.timeout(30_000).emitWithAck(name, payload) as Promise<{ ok: boolean }>,
    close() {
      closing = true
      socket.disconnect()
    }
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

/** What the durable run drives: Papo's host with some options, or the bare relay. */
export interface DurableTarget {
  label: string
  start(): Promise<HostProcess>
  client(port: number, index: number): Promise<BareClient>
}

export const papoTarget = (label: string, options: Partial<HostOptions>): DurableTarget => ({
  label,
  start: () => startHostProcess({ rateLimits: BENCH_LIMITS, rosterBatchMs: 100, ...options }),
  client: (port, index) => bareClient(port, `sender${index}`)
})

export const relayTarget = (label: string, tls: boolean): DurableTarget => ({
  label,
  start: () => startRelayProcess(tls),
  client: async (port, index) => relayClient(port, tls, `sender${index}`)
})

export interface DurableResult {
  label: string
  ackedPerS: number
  ackP50Ms: number
  ackP99Ms: number
  /** Percent of one core, over the run. */
  serverCpuPct: number
  generatorCpuPct: number
}

/**
 * Acknowledged messages per second into the lobby from `senders` clients, each sending one
 * message after another (the next once the last is acked) for `durationMs`; every sender
 * receives every message, as every member of a room does.
 */
export async function durableThroughput(
  target: DurableTarget,
  senders: number,
  durationMs: number
): Promise<DurableResult> {
  const { label } = target
  const host = await target.start()
  const clients: BareClient[] = []
  // A failed run (a refused send, a server gone) still closes its clients and stops its server.
  try {
    clients.push(
      ...(await Promise.all(Array.from({ length: senders }, (_, i) => target.client(host.port, i))))
    )
    await Promise.all(clients.map((c) => c.connected))
    let acked = 0
    const acks: number[] = []
    const hostCpu0 = host.cpuSeconds()
    const ownCpu0 = process.cpuUsage()
    const started = performance.now()
    await Promise.all(
      clients.map(async (c, who) => {
        for (let i = 0; performance.now() - started < durationMs; i++) {
          const t0 = performance.now()
          const r = await c.request('message:send', {
            roomId: LOBBY_ROOM_ID,
            text: `message ${i} from ${who}`,
            clientId: `s${who}-${i}`
          })
          if (!r.ok) throw new Error(`${label}: ${r.error?.code}`)
          acks.push(performance.now() - t0)
          acked++
        }
      })
    )
    const elapsed = (performance.now() - started) / 1000
    const own = process.cpuUsage(ownCpu0)
    return {
      label,
      ackedPerS: acked / elapsed,
      ackP50Ms: percentile(acks, 50),
      ackP99Ms: percentile(acks, 99),
      serverCpuPct: ((host.cpuSeconds() - hostCpu0) / elapsed) * 100,
      generatorCpuPct: ((own.user + own.system) / 1e6 / elapsed) * 100
    }
  } finally {
    for (const c of clients) c.close()
    await host.stop()
  }
}

/**
 * `people` new identities connecting `atOnce` at a time while one person already in keeps
 * asking room:members and session:start; then everyone is held for `holdMs` to count drops.
 */
export async function joinStorm(people: number, atOnce: number, holdMs: number): Promise<void> {
  const host = await startHostProcess({ rateLimits: BENCH_LIMITS })
  const rss0 = host.rssMb()
  const ana = await bareClient(host.port, 'Ana')
  await ana.connected
  const answers: number[] = []
  let storming = true
  const sampling = (async () => {
    for (let i = 0; storming; i++) {
      const t0 = performance.now()
      const r =
        i % 2 === 0
          ? await ana.request('room:members', { roomId: LOBBY_ROOM_ID })
          : await ana.request('session:start', {})
      if (!r.ok) throw new Error(`sample: ${r.error?.code}`)
      answers.push(performance.now() - t0)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()

  const clients: BareClient[] = []
  let rssPeak = rss0
  const started = performance.now()
  for (let i = 0; i < people; i += atOnce) {
    const wave = await Promise.all(
      Array.from({ length: Math.min(atOnce, people - i) }, (_, j) =>
        bareClient(host.port, `aluno${i + j}`)
      )
    )
    clients.push(...wave)
    await Promise.all(wave.map((c) => c.connected))
    rssPeak = Math.max(rssPeak, host.rssMb())
  }
  const allIn = performance.now() - started
  const holdStarted = performance.now()
  while (performance.now() - holdStarted < holdMs) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    rssPeak = Math.max(rssPeak, host.rssMb())
  }
  storming = false
  await sampling

  const connected = clients.filter((c) => c.socket.connected).length
  const drops = clients.reduce((sum, c) => sum + c.stats.drops, 0)
  const total = clients.reduce((sum, c) => sum + c.stats.bytes, 0)
  const most = Math.max(...clients.map((c) => c.stats.bytes))
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`
  console.log(`join storm: ${people} new identities, ${atOnce} at a time (host in its own process)`)
  console.log(
    `  all connected in ${(allIn / 1000).toFixed(1)} s; after ${(holdMs / 1000).toFixed(0)} s more: ${connected}/${people} connected, ${drops} dropped`
  )
  console.log(
    `  bytes received by the newcomers: ${mb(total)} in total, ${(most / 1024).toFixed(0)} KB at most per client`
  )
  console.log(
    `  a person already in: ${answers.length} answers (room:members / session:start; ${mb(ana.stats.bytes)} received, the lists included), p50 ${percentile(answers, 50).toFixed(1)} ms  p99 ${percentile(answers, 99).toFixed(1)} ms  max ${Math.max(...answers).toFixed(1)} ms`
  )
  console.log(`  host RSS ${rss0.toFixed(0)} MB before, ${rssPeak.toFixed(0)} MB at most`)
  await host.stop()
  ana.close()
  for (const c of clients) c.close()
}
