// `npm run bench`, part "search" (issue 12): search latency over a room of HISTORY_SIZE
// messages, through a real host over its socket: p50/p99 of a run of searches per kind of query
// (a word in half the messages, a rare one, two words, a short prefix, one author's).
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { HostConnection } from '../src/main/client/connection'
import { createHost, HOST_DB_FILE } from '../src/main/host'
import { LOBBY_ROOM_ID } from '../src/shared/limits'
import { seedMessages } from '../tests/helpers/seed'
import { makeTempDir } from '../tests/helpers/temp-dir'
import { BENCH_LIMITS } from './bench-compare/common'

const VOCABULARY = [
  'prova',
  'aula',
  'trabalho',
  'grupo',
  'amanhã',
  'hoje',
  'café',
  'você',
  'ação',
  'exercício',
  'professora',
  'caderno',
  'biblioteca',
  'intervalo',
  'lanche',
  'matemática',
  'história',
  'geografia',
  'química',
  'física',
  'redação',
  'leitura',
  'projeto',
  'reunião',
  'sala'
]

/** Deterministic pseudo-random numbers (mulberry32), so every run searches the same texts. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Eight words each; "mensagem" in every other message, "xaropeira" in one of 10,000. */
function textAt(next: () => number): (i: number) => string {
  return (i) => {
    const words = Array.from(
      { length: 8 },
      () => VOCABULARY[Math.floor(next() * VOCABULARY.length)] as string
    )
    if (i % 2 === 0) words.push('mensagem')
    if (i % 10_000 === 5_000) words.push('xaropeira')
    return `${words.join(' ')} ${i}`
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

const UNLIMITED = { count: 1_000_000_000, windowMs: 1_000 }

export async function searchLatency(
  connect: (port: number, nickname: string) => Promise<HostConnection>,
  count: number,
  runs: number
): Promise<void> {
  const temp = makeTempDir('papo-bench-search-')
  const host = await createHost({
    port: 0,
    dataDir: temp.dir,
    rateLimits: { ...BENCH_LIMITS, searchesPerIdentity: UNLIMITED }
  })
  try {
    const t0 = performance.now()
    seedMessages(join(temp.dir, HOST_DB_FILE), LOBBY_ROOM_ID, count, 'Arquivo', textAt(random(12)))
    console.log(
      `search: seeded ${count} messages in ${((performance.now() - t0) / 1000).toFixed(1)} s`
    )
    const reader = await connect(host.port, 'searcher')
    const start = await reader.request('session:start', {})
    if (!start.ok) throw new Error(start.error.code)
    const queries: [string, Record<string, string>][] = [
      ['common word (half the messages)', { query: 'mensagem' }],
      ['rare word', { query: 'xaropeira' }],
      ['two words, accents folded', { query: 'voce cafe' }],
      ['short prefix', { query: 'ca' }],
      ['common word in one room', { query: 'mensagem', roomId: LOBBY_ROOM_ID }]
    ]
    for (const [what, payload] of queries) {
      const times: number[] = []
      let hits = 0
      for (let i = 0; i < runs; i++) {
        const t = performance.now()
        const answer = await reader.request('search', { ...payload, query: payload['query'] ?? '' })
        times.push(performance.now() - t)
        if (!answer.ok) throw new Error(answer.error.code)
        hits = answer.data.hits.length
      }
      console.log(
        `  ${what.padEnd(34)} p50 ${percentile(times, 50).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms  (${hits} hits a page, ${runs} searches)`
      )
    }
    reader.close()
  } finally {
    await host.stop()
    temp.remove()
  }
}
