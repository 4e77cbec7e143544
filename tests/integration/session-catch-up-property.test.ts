import { describe, expect, it } from 'vitest'
import type { BridgeEvent } from '../../src/shared/bridge'
import type { Message } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import type { RoomJoined } from '../../src/shared/wire/protocol'
import { inProcessHost } from '../helpers/restartable-host'
import {
  expectOk,
  expectSameAsHost,
  hostHistory,
  joinAs,
  say,
  sleep,
  type TestSession,
  useSessionFixtures
} from '../helpers/session-harness'
import { startRelay } from '../helpers/tcp-tools'

// A property-style test: random line cuts, clean host restarts and posts (by others and by the
// session itself), interleaved from a seeded generator; afterwards each session's view of each
// room must equal the host's history exactly: no hole, no duplicate, in seq order.

const fx = useSessionFixtures({ session: { rejoinDelays: { firstMs: 100, maxMs: 800 } } })

const STEPS = 30
const SEEDS = (process.env['PAPO_PROPERTY_SEEDS'] ?? '20251126,7')
  .split(',')
  .map((s) => Number(s.trim()))

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Where a session's view of each room starts: the lastSeq when it first learned of the room. */
function startingPoints(s: TestSession, lobbyFrom: number): Map<string, number> {
  const from = new Map<string, number>([['lobby', lobbyFrom]])
  for (const e of s.events as BridgeEvent[]) {
    if (e.type === 'room:added' && !from.has(e.payload.id)) {
      from.set(e.payload.id, e.payload.lastSeq)
    }
  }
  return from
}

describe('the session view equals the host history, whatever happens to the line', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${STEPS} random cuts, restarts and posts`, { timeout: 60_000 }, async () => {
      const random = prng(seed)
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
      const between = (min: number, max: number): number => min + Math.floor(random() * (max - min))

      const host = await inProcessHost({
        presenceGraceMs: 0,
        rateLimits: { presenceNoticesPerIdentity: { count: 1_000, windowMs: 60_000 } }
      })
      fx.later(() => host.close())
      const relay = await startRelay(host.port)
      fx.later(() => relay.close())
      const ana = fx.session()
      const bia = fx.session()
      const anaFrom = (await joinAs(ana, 'Ana', host.port)).rooms[0]?.lastSeq ?? 0
      const biaFrom = (await joinAs(bia, 'Bia', relay.port)).rooms[0]?.lastSeq ?? 0
      const r1 = expectOk(
        (await ana.dispatch('room:create', { name: 'Um' })) as Result<RoomJoined>
      ).room
      const r2 = expectOk(
        (await bia.dispatch('room:create', { name: 'Dois' })) as Result<RoomJoined>
      ).room
      expectOk(await bia.dispatch('room:join', { code: r1.code as string }))
      expectOk(await ana.dispatch('room:join', { code: r2.code as string }))
      const rooms = ['lobby', r1.id, r2.id]

      const sends: { by: 'Ana' | 'Bia'; roomId: string; text: string; result: Promise<unknown> }[] =
        []
      const post = (by: 'Ana' | 'Bia', roomId: string): void => {
        const text = `${by} ${sends.length + 1}`
        const s = by === 'Ana' ? ana : bia
        const result = s.dispatch('message:send', { roomId, text, clientId: `p-${sends.length}` })
        sends.push({ by, roomId, text, result })
      }
      const log: string[] = []
      for (let step = 0; step < STEPS; step++) {
        const r = random()
        if (r < 0.35) {
          const roomId = pick(rooms)
          const n = between(1, 4)
          log.push(`ana posts ${n} in ${roomId}`)
          for (let i = 0; i < n; i++) post('Ana', roomId)
        } else if (r < 0.5) {
          const roomId = pick(rooms)
          log.push(`bia posts in ${roomId}`)
          post('Bia', roomId)
        } else if (r < 0.75) {
          const ms = between(50, 600)
          log.push(`cut ${ms} ms`)
          relay.cut()
          await sleep(ms)
          relay.restore()
        } else if (r < 0.87) {
          const ms = between(0, 300)
          log.push(`restart after ${ms} ms`)
          await host.stop()
          await sleep(ms)
          await host.start()
        } else {
          const ms = between(50, 300)
          log.push(`pause ${ms} ms`)
          await sleep(ms)
        }
        await sleep(between(0, 80))
      }
      relay.restore()

      const context = `seed ${seed}: ${log.join('; ')}`
      const results = await Promise.all(sends.map((s) => s.result))
      expect(
        results.map((r) =>
          (r as Result<unknown>).ok ? 'ok' : (r as { error: { code: string } }).error.code
        ),
        context
      ).toEqual(sends.map(() => 'ok'))
      // Both are live again once a message of each has gone through.
      await say(ana, 'lobby', 'Ana last')
      await say(bia, 'lobby', 'Bia last')

      for (const [viewer, reader, lobbyFrom] of [
        [bia, ana, biaFrom],
        [ana, bia, anaFrom]
      ] as const) {
        const from = startingPoints(viewer, lobbyFrom)
        for (const roomId of rooms) {
          await expectSameAsHost(viewer, reader, roomId, from.get(roomId) ?? 0)
        }
      }
      // Every post is on the host once, each author's in the order they were written.
      for (const roomId of rooms) {
        const stored = await hostHistory(ana, roomId, 0)
        const storedTexts = stored.flatMap((m: Message) => (m.kind === 'text' ? [m.text] : []))
        for (const by of ['Ana', 'Bia'] as const) {
          const written = sends.filter((s) => s.by === by && s.roomId === roomId).map((s) => s.text)
          expect(
            storedTexts.filter((t) => written.includes(t)),
            context
          ).toEqual(written)
        }
      }
      expect(
        [...ana.events, ...bia.events].filter((e) => e.type === 'session:closed'),
        context
      ).toEqual([])
    })
  }
})
