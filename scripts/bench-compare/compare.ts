// The comparison's orchestrator (issue 9, item 1). For each size, one server after the other —
// Papo's host, a bare Socket.IO server, a raw ws server — each in its own child process, driven
// by the same load generator in another child process. This process only starts, asks and
// prints: every figure is measured inside the server (its CPU time and peak RSS) or inside the
// generator (connect time, deliveries, latencies, drops, its own CPU), plus /proc/stat for what
// the rest of the machine did meanwhile. See README.md in this folder.
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildBundles, ROOT, type Bundles } from './build'
import { benchOutDir, writeBenchResults } from '../bench-results'
import {
  envNumbers,
  rateFor,
  type ConnectResult,
  type FromGenerator,
  type GeneratorConfig,
  type SendResult,
  type ServerKind,
  type ServerReady,
  type ServerStats,
  type ToGenerator,
  type ToServer
} from './common'
import { printReport } from './report'

export interface CompareOptions {
  sizes: number[]
  senders: number
  /**
   * Messages per second, all senders together, the same at every size (BENCH_RATE); when null,
   * each size gets `deliveries / clients` so that every size asks for the same deliveries/s.
   */
  rate: number | null
  /** Deliveries per second asked of every size when `rate` is null (BENCH_DELIVERIES). */
  deliveries: number
  durationS: number
  warmupS: number
  servers: ServerKind[]
  connectBatch: number
  connectTimeoutS: number
  drainS: number
  textChars: number
  /** Where the JSON results go (created if missing). */
  outDir: string
}

const SERVER_KINDS: ServerKind[] = ['papo', 'socketio', 'socketio-tls', 'ws']

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): CompareOptions {
  const number = envNumbers(env)
  const sizes = (env['BENCH_SIZES'] ?? '100,500,1000').split(',').map((s) => Number(s.trim()))
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`BENCH_SIZES=${env['BENCH_SIZES']}: a comma-separated list of client counts`)
  }
  const servers = (env['BENCH_SERVERS'] ?? SERVER_KINDS.join(',')).split(',').map((s) => s.trim())
  for (const s of servers) {
    if (!SERVER_KINDS.includes(s as ServerKind)) {
      throw new Error(`BENCH_SERVERS: unknown server ${s} (${SERVER_KINDS.join(', ')})`)
    }
  }
  const options: CompareOptions = {
    sizes,
    senders: number('BENCH_COMPARE_SENDERS', 10, 1),
    rate: env['BENCH_RATE'] ? number('BENCH_RATE', 0, 0.1) : null,
    deliveries: number('BENCH_DELIVERIES', 20_000, 1),
    durationS: number('BENCH_DURATION_S', 10, 0.5),
    warmupS: number('BENCH_WARMUP_S', 1),
    servers: servers as ServerKind[],
    connectBatch: number('BENCH_CONNECT_BATCH', 50, 1),
    connectTimeoutS: number('BENCH_CONNECT_TIMEOUT_S', 240, 0.01),
    drainS: number('BENCH_DRAIN_S', 10, 0.1),
    textChars: number('BENCH_TEXT_CHARS', 100, 10),
    outDir: benchOutDir(env)
  }
  if (options.sizes.some((n) => n < options.senders)) {
    throw new Error(
      `every size must be at least BENCH_COMPARE_SENDERS (${options.senders}) clients`
    )
  }
  return options
}

export interface Cell {
  server: ServerKind
  clients: number
  /** Messages per second asked of all senders together. */
  rate: number
  error?: string
  /** The server's file and node flags: built JavaScript, no loader. */
  serverEntry?: string
  serverExecArgv?: string[]
  connect?: ConnectResult & {
    serverCpuMs: number
    /** Cores busy with other processes (machine busy − server − generator) while connecting. */
    otherCores: number
  }
  /** Waiting for the server to go quiet after the connect phase (its CPU < 10 % of a core). */
  settle?: { ms: number; quiet: boolean }
  warmup?: SendResult
  send?: SendResult & {
    serverCpuMs: number
    serverCpuPct: number
    otherCores: number
    machineBusyCores: number
  }
  /** The measured send phase, derived. */
  deliveriesPerSec?: number
  targetDeliveriesPerSec?: number
  cpuPerDeliveryUs?: number
  rssAfterConnectBytes?: number
  peakRssBytes?: number
  /** Why a figure may measure the generator or the machine rather than the server. */
  flags: {
    /** Deliveries/s and latencies are limited by the generator. */
    sendGeneratorBound: string[]
    /** Latencies carry the generator's own lag. */
    latencyGeneratorBound: string[]
    /** Connect time is limited by the generator. */
    connectGeneratorBound: string[]
    /** Other processes competed for the CPU. */
    noise: string[]
    /** Something that did not go as it should (failed connects, ack errors, lost deliveries). */
    problems: string[]
  }
}

export interface CompareReport {
  kind: 'papo-bench-compare'
  version: 1
  startedAt: string
  finishedAt: string
  machine: {
    cores: number
    model: string
    memoryMb: number
    node: string
    platform: string
    loadavgAtStart: number[]
    loadavgAtEnd: number[]
  }
  git: { commit: string; dirtyFiles: number } | null
  options: CompareOptions
  /** How the servers and the generator were built and run. */
  build: string
  cells: Cell[]
}

/** A generator CPU share at or above this (of one core) makes its figures generator-bound. */
export const GENERATOR_BOUND_CPU_PCT = 90
/** Achieved send rate below this share of the target makes the send figures generator-bound. */
export const GENERATOR_BOUND_SENT_RATIO = 0.95
/** Generator event-loop delay (p99) above this inflates the latencies it measures. */
export const GENERATOR_LAG_MS = 20
/** Other processes using more than this many cores make a cell noisy. */
export const NOISE_CORES = 0.25

// ---- child processes ----

const live = new Set<ChildProcess>()
/** Papo's data folders in use, removed also when the run is cut short. */
const dataDirs = new Set<string>()

class Child<In, Out extends { type: string }> {
  readonly proc: ChildProcess
  private readonly inbox: Out[] = []
  private readonly waiters: {
    type: string
    resolve: (m: Out) => void
    reject: (e: Error) => void
  }[] = []
  private exited: string | null = null
  readonly done: Promise<void>

  constructor(
    readonly name: string,
    file: string,
    args: string[]
  ) {
    const env = { ...process.env }
    delete env['NODE_OPTIONS']
    delete env['DEBUG']
    this.proc = fork(file, args, {
      cwd: ROOT,
      // No tsx, no loader, no inspector: plain node running built JavaScript.
      execArgv: [],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json'
    })
    live.add(this.proc)
    this.done = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        live.delete(this.proc)
        this.exited = `${name} exited (${signal ?? code})`
        for (const w of this.waiters.splice(0)) w.reject(new Error(this.exited))
        resolve()
      })
    })
    this.proc.on('message', (message: Out) => {
      const i = this.waiters.findIndex((w) => w.type === message.type || message.type === 'error')
      const waiter = i >= 0 ? this.waiters.splice(i, 1)[0] : undefined
      if (!waiter) this.inbox.push(message)
      else if (message.type === 'error') {
        waiter.reject(new Error(`${name}: ${(message as unknown as { message: string }).message}`))
      } else waiter.resolve(message)
    })
  }

  send(message: In): void {
    if (this.proc.connected) this.proc.send(message as object)
  }

  /** The next message of `type`, or an error if the child fails, exits or takes over `ms`. */
  next<T extends Out>(type: T['type'], ms: number): Promise<T> {
    const queued = this.inbox.findIndex((m) => m.type === type || m.type === 'error')
    if (queued >= 0) {
      const message = this.inbox.splice(queued, 1)[0] as Out
      if (message.type === 'error') {
        return Promise.reject(
          new Error(`${this.name}: ${(message as unknown as { message: string }).message}`)
        )
      }
      return Promise.resolve(message as T)
    }
    if (this.exited) return Promise.reject(new Error(this.exited))
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        type,
        resolve: (m: Out) => {
          clearTimeout(timer)
          resolve(m as T)
        },
        reject: (e: Error) => {
          clearTimeout(timer)
          reject(e)
        }
      }
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        reject(new Error(`${this.name}: no ${type} within ${(ms / 1000).toFixed(0)} s`))
      }, ms)
      this.waiters.push(waiter)
    })
  }

  /** Asks nicely (`bye`), then SIGKILL after `ms`. */
  async end(bye: In | null, ms = 10_000): Promise<void> {
    if (this.exited) return
    if (bye) this.send(bye)
    else this.proc.kill('SIGTERM')
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), ms)
    await this.done
    clearTimeout(timer)
  }
}

type ServerChild = Child<ToServer, ServerReady | ServerStats | { type: 'error'; message: string }>
type GeneratorChild = Child<ToGenerator, FromGenerator>

function killAll(): void {
  for (const proc of live) proc.kill('SIGKILL')
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
  dataDirs.clear()
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function stats(server: ServerChild): Promise<ServerStats> {
  server.send({ type: 'stats' })
  return server.next<ServerStats>('stats', 10_000)
}

const cpuMs = (s: ServerStats): number => (s.cpuUserUs + s.cpuSystemUs) / 1000

/** Busy CPU seconds of the whole machine so far (/proc/stat; 0 where it does not exist). */
function machineBusyS(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number)
    // USER_HZ is 100 on every Linux that matters.
    return (
      ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100
    )
  } catch {
    return 0
  }
}

/** Waits until the server has used < 10 % of a core for 500 ms (at least 1 s, at most maxMs). */
async function settle(server: ServerChild, maxMs: number): Promise<{ ms: number; quiet: boolean }> {
  const started = performance.now()
  let last = cpuMs(await stats(server))
  let quietSamples = 0
  while (performance.now() - started < maxMs) {
    await sleep(250)
    const now = cpuMs(await stats(server))
    quietSamples = now - last < 25 ? quietSamples + 1 : 0
    last = now
    if (quietSamples >= 2 && performance.now() - started >= 1_000) {
      return { ms: performance.now() - started, quiet: true }
    }
  }
  return { ms: performance.now() - started, quiet: false }
}

function pct(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)} %`
}

/** One server at one size: a fresh server and a fresh generator, both ended afterwards. */
async function runCell(
  options: CompareOptions,
  bundles: Bundles,
  server: ServerKind,
  clients: number
): Promise<Cell> {
  const rate = rateFor(options, clients)
  const cell: Cell = {
    server,
    clients,
    rate,
    flags: {
      sendGeneratorBound: [],
      latencyGeneratorBound: [],
      connectGeneratorBound: [],
      noise: [],
      problems: []
    }
  }
  const dataDir =
    server === 'papo' || server === 'socketio-tls'
      ? mkdtempSync(join(tmpdir(), 'papo-bench-compare-'))
      : null
  if (dataDir) dataDirs.add(dataDir)
  let host: ServerChild | null = null
  let generator: GeneratorChild | null = null
  try {
    host = new Child(`${server} server`, bundles.server[server], [
      JSON.stringify({ dataDir, tls: server === 'socketio-tls' })
    ])
    const ready = await host.next<ServerReady>('ready', 30_000)
    cell.serverEntry = ready.entry
    cell.serverExecArgv = ready.execArgv
    if (!ready.entry.endsWith('.cjs') || ready.execArgv.length > 0) {
      throw new Error(
        `${server} server is not plain node on built code: ${ready.execArgv.join(' ')}`
      )
    }

    generator = new Child('generator', bundles.generator, [])
    // Loaded before anything is measured: its start-up is no part of the connect phase.
    await generator.next('hello', 30_000)
    const config: GeneratorConfig = {
      server,
      port: ready.port,
      clients,
      senders: options.senders,
      rate,
      connectBatch: options.connectBatch,
      connectTimeoutMs: options.connectTimeoutS * 1000,
      drainMs: options.drainS * 1000,
      textChars: options.textChars,
      ackTimeoutMs: Math.max(10_000, options.drainS * 1000)
    }

    // ---- connect ----
    const c0 = await stats(host)
    const busy0 = machineBusyS()
    const t0 = performance.now()
    generator.send({ type: 'start', config })
    const connected = await generator.next<ConnectResult>(
      'connected',
      config.connectTimeoutMs + 90_000
    )
    const c1 = await stats(host)
    const connectWallS = (performance.now() - t0) / 1000
    const serverConnectMs = cpuMs(c1) - cpuMs(c0)
    cell.connect = {
      ...connected,
      serverCpuMs: serverConnectMs,
      otherCores:
        (machineBusyS() - busy0 - (serverConnectMs + connected.generatorCpuMs) / 1000) /
        connectWallS
    }
    if (connected.generatorCpuPct >= GENERATOR_BOUND_CPU_PCT) {
      cell.flags.connectGeneratorBound.push(
        `generator at ${Math.round(connected.generatorCpuPct)} % of a core while connecting`
      )
    }
    if (connected.failed > 0 || connected.timedOut) {
      cell.flags.problems.push(
        `${connected.connected}/${clients} connected` +
          (connected.timedOut ? ` (connect phase cut at ${options.connectTimeoutS} s)` : '') +
          (connected.failed > 0 ? `; failed: ${JSON.stringify(connected.failures)}` : '')
      )
    }
    if (cell.connect.otherCores >= NOISE_CORES) {
      cell.flags.noise.push(
        `other processes used ${cell.connect.otherCores.toFixed(2)} cores while connecting`
      )
    }
    cell.rssAfterConnectBytes = c1.rssBytes
    if (connected.connected < options.senders) throw new Error('fewer clients than senders got in')

    cell.settle = await settle(host, 15_000)
    if (options.warmupS > 0) {
      generator.send({ type: 'send', durationMs: options.warmupS * 1000 })
      cell.warmup = await generator.next<SendResult>(
        'done',
        options.warmupS * 1000 + config.drainMs + 30_000
      )
    }

    // ---- the measured send phase ----
    const s0 = await stats(host)
    const busy1 = machineBusyS()
    const t1 = performance.now()
    generator.send({ type: 'send', durationMs: options.durationS * 1000 })
    const sent = await generator.next<SendResult>(
      'done',
      options.durationS * 1000 + config.drainMs + 30_000
    )
    const s1 = await stats(host)
    const wallS = (performance.now() - t1) / 1000
    const serverMs = cpuMs(s1) - cpuMs(s0)
    const machineS = machineBusyS() - busy1
    cell.send = {
      ...sent,
      serverCpuMs: serverMs,
      serverCpuPct: serverMs / 10 / wallS,
      otherCores: (machineS - (serverMs + sent.generatorCpuMs) / 1000) / wallS,
      machineBusyCores: machineS / wallS
    }
    cell.deliveriesPerSec = sent.delivered / (sent.elapsedMs / 1000)
    cell.targetDeliveriesPerSec = rate * sent.receivers
    cell.cpuPerDeliveryUs = sent.delivered > 0 ? (serverMs * 1000) / sent.delivered : undefined
    cell.peakRssBytes = s1.peakRssBytes

    const f = cell.flags
    if (sent.generatorCpuPct >= GENERATOR_BOUND_CPU_PCT) {
      f.sendGeneratorBound.push(`generator at ${Math.round(sent.generatorCpuPct)} % of a core`)
    }
    if (sent.sent < sent.planned * GENERATOR_BOUND_SENT_RATIO) {
      f.sendGeneratorBound.push(`sent ${pct(sent.sent, sent.planned)} of the target rate`)
    }
    if (sent.generatorLoopDelayP99Ms > GENERATOR_LAG_MS) {
      f.latencyGeneratorBound.push(
        `generator event-loop delay p99 ${sent.generatorLoopDelayP99Ms.toFixed(0)} ms`
      )
    }
    if (cell.send.otherCores >= NOISE_CORES) {
      f.noise.push(`other processes used ${cell.send.otherCores.toFixed(2)} cores`)
    }
    if (cell.send.machineBusyCores >= cpus().length * 0.95) {
      f.noise.push(`machine saturated (${cell.send.machineBusyCores.toFixed(2)} cores busy)`)
    }
    if (Object.keys(sent.ackErrors).length > 0) {
      f.problems.push(`ack errors ${JSON.stringify(sent.ackErrors)}`)
    }
    if (sent.delivered < sent.expected) {
      f.problems.push(
        `${sent.expected - sent.delivered} of ${sent.expected} deliveries missing after ${options.drainS} s`
      )
    }
    if (sent.drops > 0) f.problems.push(`drops ${JSON.stringify(sent.dropReasons)}`)
  } catch (e) {
    cell.error = (e as Error).message
  } finally {
    if (generator) await generator.end({ type: 'close' })
    if (host) await host.end({ type: 'stop' })
    if (dataDir) {
      rmSync(dataDir, { recursive: true, force: true })
      dataDirs.delete(dataDir)
    }
  }
  return cell
}

function gitState(): CompareReport['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).toString().trim()
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT })
      .toString()
      .split('\n')
      .filter(Boolean).length
    return { commit, dirtyFiles: dirty }
  } catch {
    return null
  }
}

/** Longest a cell may take by its own timeouts, plus slack: the run's hard bound. */
function cellBoundMs(options: CompareOptions): number {
  return (
    30_000 + // server ready
    options.connectTimeoutS * 1000 +
    90_000 +
    15_000 + // settle
    2 * (options.warmupS + options.durationS) * 1000 +
    2 * (options.drainS * 1000 + 30_000) +
    30_000 // stats, ending both children
  )
}

/**
 * Runs every (size, server) cell, prints the tables and writes the JSON file. Ends every child
 * it started, also on Ctrl-C, on a crash and when the whole run passes its hard bound.
 */
export async function runCompare(options: CompareOptions): Promise<CompareReport> {
  const startedAt = new Date()
  const cells = options.sizes.length * options.servers.length
  const boundMs = cells * cellBoundMs(options) + 60_000
  let bundles: Bundles | null = null
  const cleanup = (): void => {
    killAll()
    bundles?.remove()
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`\nbench-compare: ${signal}, ending the servers and the generator`)
    cleanup()
    process.exit(130)
  }
  process.on('exit', cleanup)
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const watchdog = setTimeout(() => {
    console.error(`bench-compare: over its hard bound of ${(boundMs / 60_000).toFixed(0)} min`)
    cleanup()
    process.exit(2)
  }, boundMs)
  watchdog.unref()

  try {
    bundles = await buildBundles()
    const report: CompareReport = {
      kind: 'papo-bench-compare',
      version: 1,
      startedAt: startedAt.toISOString(),
      finishedAt: '',
      machine: {
        cores: cpus().length,
        model: cpus()[0]?.model ?? '?',
        memoryMb: Math.round(totalmem() / 1024 / 1024),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        loadavgAtStart: loadavg(),
        loadavgAtEnd: []
      },
      git: gitState(),
      options,
      build:
        'esbuild bundle per child (platform node, cjs, node20, npm packages external), run by plain node without loader',
      cells: []
    }
    console.log(
      `bench-compare: ${options.servers.join(', ')} × ${options.sizes.join(', ')} clients, ${options.senders} senders, ${options.rate === null ? `${options.deliveries} deliveries/s` : `${options.rate} msg/s`} for ${options.durationS} s (after ${options.warmupS} s warm-up); ${report.machine.cores} cores, node ${process.version}; hard bound ${(boundMs / 60_000).toFixed(0)} min`
    )
    for (const clients of options.sizes) {
      for (const server of options.servers) {
        const t = performance.now()
        process.stdout.write(`  ${server} × ${clients} clients… `)
        const cell = await runCell(options, bundles, server, clients)
        report.cells.push(cell)
        console.log(
          cell.error
            ? `FAILED: ${cell.error}`
            : `done in ${((performance.now() - t) / 1000).toFixed(1)} s`
        )
      }
    }
    report.finishedAt = new Date().toISOString()
    report.machine.loadavgAtEnd = loadavg()
    printReport(report)
    const file = writeBenchResults(options.outDir, 'compare', startedAt, report)
    console.log(`\nresults: ${file}`)
    return report
  } finally {
    clearTimeout(watchdog)
    cleanup()
    process.off('exit', cleanup)
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
