// Load generators for `npm run bench`: the durable-throughput run and the join storm (issue 7).
// Each starts a host in a child process (bench-host.ts, bundled and run by plain node, as the
// comparison runs Papo's host) and drives it with bare Socket.IO clients from this process,
// counting what they receive. BENCH_HOST_ARGS adds node flags to the host process, e.g.
// BENCH_HOST_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile it.
import { papoConnectOptions } from './papo-auth'
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { io, type Socket } from 'socket.io-client'
import type { HostOptions } from '../src/main/host'
import { LOBBY_ROOM_ID } from '../src/shared/limits'
import { makeTempDir } from '../tests/helpers/temp-dir'
import { bundleForNode } from './bench-compare/build'
import { BENCH_LIMITS } from './bench-compare/common'

const ROOT = join(__dirname, '..')

export interface HostProcess {
  port: number
  pid: number
  rssMb(): number
  /** User + system CPU seconds the host process has used (/proc/<pid>/stat, 100 ticks/s). */
  cpuSeconds(): number
  stop(): Promise<void>
}

/** bench-host.ts bundled once per run, for plain node (as the comparison runs Papo's host). */
let built: Promise<{ file: Record<'bench-host', string>; remove(): void }> | null = null
const builtHost = async (): Promise<string> => {
  built ??= bundleForNode('papo-bench-host', {
    'bench-host': join(ROOT, 'scripts', 'bench-host.ts')
  }).then((bundle) => {
    process.once('exit', () => bundle.remove())
    return bundle
  })
  return (await built).file['bench-host']
}

export async function startHostProcess(options: Partial<HostOptions>): Promise<HostProcess> {
  const entry = await builtHost()
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
    rssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024
    },
    cpuSeconds() {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return (Number(fields[11]) + Number(fields[12])) / 100
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
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

export async function bareClient(port: number, nickname: string): Promise<BareClient> {
  const { url, auth, tls } = await papoConnectOptions(port, nickname)
  const socket = io(url, {
    ...tls,
    auth,
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

/**
 * Acknowledged messages per second into the lobby from `senders` clients, each sending one
 * message after another (the next once the last is acked) for `durationMs`.
 */
export async function durableThroughput(
  label: string,
  options: Partial<HostOptions>,
  senders: number,
  durationMs: number
): Promise<void> {
  const host = await startHostProcess({ rateLimits: BENCH_LIMITS, rosterBatchMs: 100, ...options })
  const clients = await Promise.all(
    Array.from({ length: senders }, (_, i) => bareClient(host.port, `sender${i}`))
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
  const hostCpu = (host.cpuSeconds() - hostCpu0) / elapsed
  const own = process.cpuUsage(ownCpu0)
  const ownCpu = (own.user + own.system) / 1e6 / elapsed
  console.log(
    `  ${label.padEnd(34)} ${(acked / elapsed).toFixed(0).padStart(6)} acked msg/s   ack p50 ${percentile(acks, 50).toFixed(1)} ms  p99 ${percentile(acks, 99).toFixed(1)} ms   host ${(hostCpu * 100).toFixed(0)} % · generator ${(ownCpu * 100).toFixed(0)} % of a core`
  )
  for (const c of clients) c.close()
  await host.stop()
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
