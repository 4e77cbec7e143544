import { afterEach, describe, expect, it } from 'vitest'
import { createOutbox } from '../../src/main/session/outbox'
import type { SessionInfo } from '../../src/shared/bridge'
import type { Message } from '../../src/shared/models'
import { err, ok, type Result } from '../../src/shared/result'
import type { RequestPayload, ResponseData } from '../../src/shared/wire/protocol'
import { inProcessHost } from '../helpers/restartable-host'
import { createFakeClock, startTestSession, type TestSession } from '../helpers/session-harness'

// Sending fast keeps order: one ordered queue, paced to the host's rate, retrying what retrying
// fixes with the same clientId and failing only what it cannot.

type Payload = RequestPayload<'message:send'>
type Sent = Result<ResponseData<'message:send'>>

const stored = (p: Payload, seq: number): Sent =>
  ok({
    message: {
      id: `m-${p.clientId}`,
      roomId: p.roomId,
      seq,
      at: 0,
      kind: 'text',
      author: { id: 'u', nickname: 'Ana' },
      text: p.text,
      attachment: null,
      clientId: p.clientId,
      replyTo: null,
      editedAt: null,
      deletedAt: null,
      reactions: [],
      change: 0
    }
  })

const clientIdOf = (r: Sent): string | null =>
  r.ok ? (r.data.message.kind === 'text' ? r.data.message.clientId : null) : r.error.code

function outboxOn(opts: {
  answer: (p: Payload, attempt: number) => Sent | Promise<Sent>
  rate?: { count: number; windowMs: number }
  patienceMs?: number
}) {
  const clock = createFakeClock()
  const attempts: { clientId: string; at: number }[] = []
  let inFlight = 0
  let maxInFlight = 0
  let ready = true
  const readyWaiters: ((ready: boolean) => void)[] = []
  const outbox = createOutbox({
    async send(payload) {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      const tries = attempts.filter((a) => a.clientId === payload.clientId).length
      attempts.push({ clientId: payload.clientId, at: clock.now() })
      await new Promise((resolve) => setImmediate(resolve))
      try {
        return await opts.answer(payload, tries)
      } finally {
        inFlight--
      }
    },
    whenReady: (patienceMs) =>
      ready
        ? Promise.resolve(true)
        : new Promise((resolve) => {
            readyWaiters.push(resolve)
            if (patienceMs !== undefined) clock.setTimeout(() => resolve(false), patienceMs)
          }),
    rate: () => opts.rate ?? { count: 1_000, windowMs: 1_000 },
    clock,
    patienceMs: opts.patienceMs
  })
  const results: Sent[] = []
  const send = (clientId: string, roomId = 'lobby'): Promise<Sent> =>
    outbox.send({ roomId, text: `text ${clientId}`, clientId }).then((r) => {
      results.push(r)
      return r
    })
  return {
    clock,
    outbox,
    attempts,
    results,
    send,
    get maxInFlight() {
      return maxInFlight
    },
    setReady(next: boolean) {
      ready = next
      if (next) for (const waiter of readyWaiters.splice(0)) waiter(true)
    }
  }
}

describe('outbox', () => {
  it('sends one at a time, in the order asked', async () => {
    let seq = 0
    const o = outboxOn({ answer: (p) => stored(p, ++seq) })
    const all = Array.from({ length: 10 }, (_, i) => o.send(`c${i}`))
    await o.clock.advance(100)
    const sent = await Promise.all(all)
    expect(sent.map(clientIdOf)).toEqual(Array.from({ length: 10 }, (_, i) => `c${i}`))
    expect(o.maxInFlight).toBe(1)
  })

  it("keeps to the host's rate in every window, so the host never has to refuse", async () => {
    let seq = 0
    const o = outboxOn({ answer: (p) => stored(p, ++seq), rate: { count: 3, windowMs: 1_000 } })
    const all = Array.from({ length: 9 }, (_, i) => o.send(`c${i}`))
    await o.clock.advance(5_000)
    await Promise.all(all)
    const times = o.attempts.map((a) => a.at)
    expect(times).toEqual([0, 0, 0, 1_000, 1_000, 1_000, 2_000, 2_000, 2_000])
  })

  it('waits as long as RATE_LIMITED says and sends the same message again', async () => {
    let seq = 0
    const o = outboxOn({
      answer: (p, attempt) =>
        p.clientId === 'b' && attempt < 2 ? err('RATE_LIMITED', 'slow', 700) : stored(p, ++seq)
    })
    const a = o.send('a')
    const b = o.send('b')
    const c = o.send('c')
    await o.clock.advance(5_000)
    expect((await b).ok).toBe(true)
    await Promise.all([a, c])
    expect(o.attempts.map((x) => `${x.clientId}@${x.at}`)).toEqual([
      'a@0',
      'b@0',
      'b@700',
      'b@1400',
      'c@1400'
    ])
  })

  it('holds a message through a dropped line and resends it with the same clientId', async () => {
    let seq = 0
    let down = true
    const o = outboxOn({
      answer: (p) => (down ? err('NOT_CONNECTED', 'down') : stored(p, ++seq))
    })
    const first = o.send('a')
    await o.clock.advance(50)
    o.setReady(false)
    await o.clock.advance(60_000)
    expect(o.results).toEqual([])
    down = false
    o.setReady(true)
    await o.clock.advance(1_000)
    const result = await first
    expect(clientIdOf(result)).toBe('a')
    expect(new Set(o.attempts.map((x) => x.clientId))).toEqual(new Set(['a']))
  })

  it('resends after a timeout (unknown outcome) with the same clientId', async () => {
    let seq = 0
    const o = outboxOn({
      answer: (p, attempt) => (attempt === 0 ? err('TIMEOUT', 'slow') : stored(p, ++seq))
    })
    const sent = o.send('a')
    await o.clock.advance(5_000)
    expect((await sent).ok).toBe(true)
    expect(o.attempts.map((x) => x.clientId)).toEqual(['a', 'a'])
  })

  it('fails only what retrying cannot fix, and goes on with the next message', async () => {
    let seq = 0
    const o = outboxOn({
      answer: (p) => (p.roomId === 'gone' ? err('NOT_A_MEMBER', 'left') : stored(p, ++seq))
    })
    const a = o.send('a', 'gone')
    const b = o.send('b')
    await o.clock.advance(100)
    expect((await a).ok ? 'ok' : (await a).ok === false && 'failed').toBe('failed')
    expect((await b).ok).toBe(true)
    expect(o.attempts.map((x) => x.clientId)).toEqual(['a', 'b'])
  })

  it('gives a host failing on one message a few tries, then fails it', async () => {
    const o = outboxOn({ answer: () => err('INTERNAL', 'boom') })
    const a = o.send('a')
    await o.clock.advance(10_000)
    const result = await a
    expect(result.ok ? 'ok' : result.error.code).toBe('INTERNAL')
    expect(o.attempts).toHaveLength(3)
  })

  it('closing fails everything still queued, at once', async () => {
    const o = outboxOn({ answer: (p) => stored(p, 1) })
    o.setReady(false)
    const a = o.send('a')
    const b = o.send('b')
    await o.clock.advance(10)
    o.outbox.close()
    await o.clock.advance(10)
    for (const r of await Promise.all([a, b]))
      expect(r.ok ? 'ok' : r.error.code).toBe('NOT_CONNECTED')
    expect(o.attempts).toEqual([])
  })

  it('with a patience set, a message waiting longer for the line fails with NOT_CONNECTED', async () => {
    const o = outboxOn({ answer: (p) => stored(p, 1), patienceMs: 30_000 })
    o.setReady(false)
    const a = o.send('a')
    await o.clock.advance(29_000)
    expect(o.results).toEqual([])
    await o.clock.advance(2_000)
    const result = await a
    expect(result.ok ? 'ok' : result.error.code).toBe('NOT_CONNECTED')
  })
})

describe('outbox against a real host with a low message rate', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  function session(): TestSession {
    const s = startTestSession()
    cleanups.push(() => s.close())
    return s
  }

  it('40 messages written quickly all arrive at another app, once, in order, none failed', async () => {
    const host = await inProcessHost({
      rateLimits: { messagesPerIdentity: { count: 5, windowMs: 1_000 } }
    })
    cleanups.push(() => host.close())
    const address = `127.0.0.1:${host.port}`
    const ana = session()
    const bia = session()
    const joined = (await ana.dispatch('session:join', {
      nickname: 'Ana',
      address
    })) as Result<SessionInfo>
    expect(joined.ok).toBe(true)
    expect(joined.ok && joined.data.rooms.length).toBeGreaterThan(0)
    expect((await bia.dispatch('session:join', { nickname: 'Bia', address })).ok).toBe(true)

    const texts = Array.from({ length: 40 }, (_, i) => `fast ${i + 1}`)
    const results = (await Promise.all(
      texts.map((text, i) =>
        ana.dispatch('message:send', { roomId: 'lobby', text, clientId: `fast-${i + 1}` })
      )
    )) as Result<{ message: Message }>[]
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(texts.map(() => 'ok'))
    // The host stored them in the order they were written.
    const seqs = results.map((r) => (r.ok ? r.data.message.seq : 0))
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))

    const last = results.at(-1) as { ok: true; data: { message: Message } }
    await bia.waitForEvent('message:new', (e) => e.payload.id === last.data.message.id, 10_000)
    const seen = bia
      .delivered('lobby')
      .flatMap((m) => (m.kind === 'text' && m.author.nickname === 'Ana' ? [m.text] : []))
    expect(seen).toEqual(texts)
  })
})
