// Prints figures for the host under load: message fan-out latency, history paging through a
// 50,000-message room, memory, durable throughput (synced before each ack, with and without group
// commit, against NORMAL: never synced, and against the bare Socket.IO relay under the same
// senders) and a join storm of 1,000 new identities; first, the comparison of the built host
// with a bare Socket.IO server and raw ws (scripts/bench-compare/, also alone as npm run
// bench:compare). Run: npm run bench. Figures, not pass/fail: machines vary.
// Search latency over a room of BENCH_HISTORY messages (scripts/bench-search.ts).
// Files (scripts/bench-files.ts): a 100 MB download against a plain Node HTTPS copy, and the
// host's memory during a 1 GB upload.
// The store alone as its history grows (scripts/bench-store.ts).
// BENCH_PARTS=compare,mainloop,fanout,history,search,store,durable,storm,files,renderer picks parts.
import { benchPin, papoConnectOptions } from './papo-auth'
import { performance } from 'node:perf_hooks'
import { connectToHost, type HostConnection } from '../src/main/client/connection'
import { createHost, HOST_DB_FILE } from '../src/main/host'
import { LIMITS, LOBBY_ROOM_ID } from '../src/shared/limits'
import { seedMessages } from '../tests/helpers/seed'
import { makeTempDir } from '../tests/helpers/temp-dir'
import { join } from 'node:path'
import { cpus } from 'node:os'
import {
  durableThroughput,
  joinStorm,
  papoTarget,
  relayTarget,
  type DurableResult
} from './bench-load'
import { BENCH_LIMITS } from './bench-compare/common'
import { execFileSync } from 'node:child_process'
import { GENERATOR_BOUND_CPU_PCT, optionsFromEnv, runCompare } from './bench-compare/compare'
import { mainLoopOptionsFromEnv, runMainLoopBench } from './bench-main-loop'
import { searchLatency } from './bench-search'
import { fileBench } from './bench-files'
import { storeGrowth } from './bench-store'
import { benchOutDir, writeBenchResults } from './bench-results'

const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 20)
const MESSAGES_PER_CLIENT = Number(process.env['BENCH_MESSAGES'] ?? 20)
const HISTORY_SIZE = Number(process.env['BENCH_HISTORY'] ?? 50_000)
const SENDERS = Number(process.env['BENCH_SENDERS'] ?? 50)
const DURABLE_MS = Number(process.env['BENCH_DURABLE_MS'] ?? 5_000)
const STORM = Number(process.env['BENCH_STORM'] ?? 1_000)
const STORM_AT_ONCE = Number(process.env['BENCH_STORM_AT_ONCE'] ?? 50)
const STORM_HOLD_MS = Number(process.env['BENCH_STORM_HOLD_MS'] ?? 15_000)
const SEARCHES = Number(process.env['BENCH_SEARCHES'] ?? 50)
const STORE_TOTAL = Number(process.env['BENCH_STORE'] ?? 160_000)
const STORE_SLICE = 20_000
const PARTS = new Set(
  (
    process.env['BENCH_PARTS'] ??
    'compare,mainloop,fanout,history,search,store,durable,storm,files,renderer'
  ).split(',')
)

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`
}

async function connect(port: number, nickname: string): Promise<HostConnection> {
  const { auth, agent } = await papoConnectOptions(port, nickname)
  const result = await connectToHost({
    agent,
    address: { host: '127.0.0.1', port },
    pin: await benchPin(port),
    handshake: auth
  })
  if (!result.ok) throw new Error(`${nickname}: ${result.error.code}`)
  const start = await result.data.request('session:start', {})
  if (!start.ok) throw new Error(start.error.message)
  return result.data
}

async function fanOut(port: number): Promise<void> {
  const clients: HostConnection[] = []
  for (let i = 0; i < CLIENTS; i++) clients.push(await connect(port, `user${i}`))
  const sentAt = new Map<string, number>()
  const deliveries: number[] = []
  const expected = CLIENTS * MESSAGES_PER_CLIENT * CLIENTS
  let received = 0
  const done = new Promise<void>((resolve) => {
    for (const client of clients) {
      client.onPush((push) => {
        // A text alone, or texts that committed together in one batch.
        const messages =
          push.name === 'message:new'
            ? [push.payload]
            : push.name === 'messages:new'
              ? push.payload.messages
              : []
        for (const message of messages) {
          if (message.kind !== 'text') continue
          const at = sentAt.get(message.clientId ?? '')
          if (at !== undefined) deliveries.push(performance.now() - at)
          if (++received === expected) resolve()
        }
      })
    }
  })
  const acks: number[] = []
  const started = performance.now()
  await Promise.all(
    clients.map(async (client, c) => {
      for (let m = 0; m < MESSAGES_PER_CLIENT; m++) {
        const clientId = `c${c}-m${m}`
        const t0 = performance.now()
        sentAt.set(clientId, t0)
        const r = await client.request('message:send', {
          roomId: LOBBY_ROOM_ID,
          text: `message ${m} from ${c}`,
          clientId
        })
        if (!r.ok) throw new Error(r.error.code)
        acks.push(performance.now() - t0)
      }
    })
  )
  await done
  const elapsed = performance.now() - started
  console.log(
    `fan-out: ${CLIENTS} clients × ${MESSAGES_PER_CLIENT} messages, each delivered to all ${CLIENTS}`
  )
  console.log(
    `  ${((CLIENTS * MESSAGES_PER_CLIENT) / (elapsed / 1000)).toFixed(0)} messages/s stored, ${(expected / (elapsed / 1000)).toFixed(0)} deliveries/s`
  )
  console.log(
    `  ack latency   p50 ${ms(percentile(acks, 50))}  p95 ${ms(percentile(acks, 95))}  max ${ms(Math.max(...acks))}`
  )
  console.log(
    `  delivery      p50 ${ms(percentile(deliveries, 50))}  p95 ${ms(percentile(deliveries, 95))}  max ${ms(Math.max(...deliveries))}`
  )
  for (const client of clients) client.close()
}

async function history(port: number, seed: (count: number) => Promise<void>): Promise<void> {
  const t0 = performance.now()
  await seed(HISTORY_SIZE)
  console.log(
    `history: seeded ${HISTORY_SIZE} messages in ${((performance.now() - t0) / 1000).toFixed(1)} s`
  )
  const reader = await connect(port, 'reader')
  const pages: number[] = []
  let before: number | undefined
  let total = 0
  const started = performance.now()
  for (;;) {
    const t = performance.now()
    const page = await reader.request('room:history', {
      roomId: LOBBY_ROOM_ID,
      limit: LIMITS.historyPageMax,
      ...(before === undefined ? {} : { beforeSeq: before })
    })
    pages.push(performance.now() - t)
    if (!page.ok) throw new Error(page.error.code)
    total += page.data.messages.length
    if (!page.data.hasMore || page.data.messages.length === 0) break
    before = page.data.messages[0]?.seq
  }
  console.log(
    `  paged back through ${total} messages in ${pages.length} pages of ${LIMITS.historyPageMax}: ${((performance.now() - started) / 1000).toFixed(2)} s`
  )
  console.log(
    `  page latency  p50 ${ms(percentile(pages, 50))}  p95 ${ms(percentile(pages, 95))}  max ${ms(Math.max(...pages))}`
  )
  reader.close()
}

/**
 * Papo's host (synced before each ack, with and without group commit, and at NORMAL: never
 * synced) and the comparison's bare Socket.IO relay (nothing stored) under the same senders,
 * from the same generator: the relay's figure is what this machine and this generator allow
 * without Papo. The relay over TLS runs right after Papo's main line, so both see the machine
 * alike. Results also go to bench-results/durable-<time>.json.
 */
async function durable(): Promise<void> {
  console.log(
    `durable throughput: ${SENDERS} senders into one room, each sending as soon as its last ack came, ${DURABLE_MS / 1000} s`
  )
  const targets = [
    papoTarget('Papo, synced before ack, group commit', {}),
    relayTarget('bare Socket.IO over TLS (no storage)', true),
    papoTarget('Papo, synchronous=FULL, one commit each', { groupCommit: false }),
    papoTarget('Papo, synchronous=NORMAL, group commit', { synchronous: 'NORMAL' }),
    papoTarget('Papo, synchronous=NORMAL, one commit each', {
      synchronous: 'NORMAL',
      groupCommit: false
    }),
    relayTarget('bare Socket.IO (no TLS, no storage)', false)
  ]
  const results: DurableResult[] = []
  for (const target of targets) {
    const r = await durableThroughput(target, SENDERS, DURABLE_MS)
    results.push(r)
    const bound = r.generatorCpuPct >= GENERATOR_BOUND_CPU_PCT ? '*' : ' '
    console.log(
      `  ${r.label.padEnd(42)} ${r.ackedPerS.toFixed(0).padStart(6)}${bound} acked msg/s   ack p50 ${r.ackP50Ms.toFixed(1)} ms  p99 ${r.ackP99Ms.toFixed(1)} ms   server ${r.serverCpuPct.toFixed(0)} % · generator ${r.generatorCpuPct.toFixed(0)} % of a core`
    )
  }
  const [papo, relay] = results
  if (papo && relay) {
    console.log(
      `  Papo ÷ bare Socket.IO over TLS: ${(papo.ackedPerS / relay.ackedPerS).toFixed(2)}× the acked messages/s   (*: generator-bound, at ≥ ${GENERATOR_BOUND_CPU_PCT} % of a core)`
    )
  }
  const file = writeBenchResults(benchOutDir(process.env), 'durable', new Date(), {
    kind: 'papo-bench-durable',
    version: 1,
    cores: cpus().length,
    node: process.version,
    senders: SENDERS,
    durationMs: DURABLE_MS,
    results
  })
  console.log(`  results: ${file}`)
}

async function main(): Promise<void> {
  // Before this process starts a host of its own: the comparison runs everything in children.
  if (PARTS.has('compare')) {
    await runCompare(optionsFromEnv()).catch((e: unknown) => {
      console.error(`compare: ${(e as Error).stack ?? String(e)}`)
    })
  }
  // Also before this process hosts anything: it plays the app's main process.
  if (PARTS.has('mainloop')) {
    await runMainLoopBench(mainLoopOptionsFromEnv()).catch((e: unknown) => {
      console.error(`mainloop: ${(e as Error).stack ?? String(e)}`)
    })
  }
  const temp = makeTempDir('papo-bench-')
  const rss0 = process.memoryUsage().rss
  // The abuse limits would stop a benchmark from one address within seconds.
  const host = await createHost({ port: 0, dataDir: temp.dir, rateLimits: BENCH_LIMITS })
  try {
    if (PARTS.has('fanout')) await fanOut(host.port)
    // Seeded straight into the database file: the wire's rate limit would make it take minutes.
    if (PARTS.has('history')) {
      await history(host.port, async (count) =>
        seedMessages(join(temp.dir, HOST_DB_FILE), LOBBY_ROOM_ID, count)
      )
    }
    const rss1 = process.memoryUsage().rss
    console.log(
      `memory: process RSS ${mb(rss0)} before the host, ${mb(rss1)} after (heap used ${mb(process.memoryUsage().heapUsed)})`
    )
  } finally {
    await host.stop()
    temp.remove()
  }
  if (PARTS.has('search')) await searchLatency(connect, HISTORY_SIZE, SEARCHES)
  if (PARTS.has('store')) storeGrowth(STORE_TOTAL, STORE_SLICE)
  // A part that fails says so and leaves the others to run, as the comparison does.
  if (PARTS.has('durable')) {
    await durable().catch((e: unknown) => {
      console.error(`durable: ${(e as Error).stack ?? String(e)}`)
    })
  }
  if (PARTS.has('storm')) {
    await joinStorm(STORM, STORM_AT_ONCE, STORM_HOLD_MS).catch((e: unknown) => {
      console.error(`storm: ${(e as Error).stack ?? String(e)}`)
    })
  }
  if (PARTS.has('files')) {
    await fileBench().catch((e: unknown) =>
      console.error(`files: ${(e as Error).stack ?? String(e)}`)
    )
  }
  if (PARTS.has('renderer')) rendererOpenRoom()
}

/**
 * tests/bench/renderer-open.test.ts: the built renderer in Chromium over the e2e harness, so it
 * runs under vitest (project "bench"); it prints its own line.
 */
function rendererOpenRoom(): void {
  try {
    execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
    const out = execFileSync('npx', ['vitest', 'run', '--project', 'bench'], {
      env: { ...process.env, PAPO_BENCH: '1', BENCH_HISTORY: String(HISTORY_SIZE) },
      encoding: 'utf8'
    })
    for (const line of out.split('\n')) {
      const at = line.indexOf('renderer: ')
      if (at >= 0) console.log(line.slice(at))
    }
  } catch (e) {
    console.error(`renderer: failed — ${(e as Error).message}`)
  }
}

void main()
