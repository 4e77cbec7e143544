import { describe, expect, it } from 'vitest'
import { createRoomFeeds, type FillOutcome } from '../../src/main/session/room-feeds'
import type { HistoryPage, Message } from '../../src/shared/models'
import { err, ok, type Result } from '../../src/shared/result'
import { scriptedText } from '../helpers/messages'

// The per-room cursor and catch-up on their own, against a scripted history: what the renderer is
// handed must be every message after the cursor, in seq order, each once, whatever the pushes do.

const text: (roomId: string, seq: number) => Message = scriptedText

/** A host's history of rooms with `count` messages each, paged like room:history afterSeq. */
function scriptedHost(rooms: Record<string, number>) {
  const store = new Map(Object.entries(rooms).map(([id, n]) => [id, n]))
  const calls: { roomId: string; afterSeq: number }[] = []
  let inFlight = 0
  let maxInFlight = 0
  let failNext: Result<HistoryPage> | null = null
  return {
    calls,
    get maxInFlight() {
      return maxInFlight
    },
    add(roomId: string): Message {
      const seq = (store.get(roomId) ?? 0) + 1
      store.set(roomId, seq)
      return text(roomId, seq)
    },
    failOnce(result: Result<HistoryPage>) {
      failNext = result
    },
    async fetchAfter(roomId: string, afterSeq: number, limit: number) {
      calls.push({ roomId, afterSeq })
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      await new Promise((resolve) => setImmediate(resolve))
      inFlight--
      if (failNext) {
        const result = failNext
        failNext = null
        return result
      }
      const last = store.get(roomId) ?? 0
      const messages: Message[] = []
      for (let seq = afterSeq + 1; seq <= Math.min(last, afterSeq + limit); seq++) {
        messages.push(text(roomId, seq))
      }
      return ok({ messages, hasMore: afterSeq + limit < last })
    }
  }
}

function feedsOn(host: ReturnType<typeof scriptedHost>) {
  const delivered: Message[] = []
  const broken: string[] = []
  const waited: number[] = []
  const feeds = createRoomFeeds({
    fetchAfter: (roomId, afterSeq, limit) => host.fetchAfter(roomId, afterSeq, limit),
    deliver: (message) => delivered.push(message),
    wait: async (ms) => {
      waited.push(ms)
    },
    onBroken: (roomId) => broken.push(roomId)
  })
  const seqs = (roomId: string): number[] =>
    delivered.filter((m) => m.roomId === roomId).map((m) => m.seq)
  const settled = async (): Promise<void> => {
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve))
  }
  return { feeds, delivered, broken, waited, seqs, settled }
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i)

describe('room feeds', () => {
  it('delivers contiguous pushes at once and drops what it has already delivered', async () => {
    const host = scriptedHost({ lobby: 3 })
    const { feeds, seqs, delivered } = feedsOn(host)
    feeds.track('lobby', 3)
    const four = host.add('lobby')
    const five = host.add('lobby')
    feeds.receive(four)
    feeds.receive(four)
    feeds.receive(five)
    feeds.receive(text('lobby', 2))
    expect(seqs('lobby')).toEqual([4, 5])
    expect(delivered[0]).toBe(four)
    expect(feeds.cursor('lobby')).toBe(5)
    expect(host.calls).toEqual([])
  })

  it('holds a push past a hole, fills the hole from history, then delivers in order', async () => {
    const host = scriptedHost({ lobby: 10 })
    const { feeds, seqs, settled } = feedsOn(host)
    feeds.track('lobby', 10)
    for (let i = 0; i < 5; i++) host.add('lobby') // 11–15 happened while this side missed them
    const sixteen = host.add('lobby')
    feeds.receive(sixteen)
    expect(seqs('lobby')).toEqual([])
    const seventeen = host.add('lobby')
    feeds.receive(seventeen)
    await settled()
    expect(seqs('lobby')).toEqual(range(11, 17))
    expect(feeds.cursor('lobby')).toBe(17)
    // One fill for both pushes, starting at the cursor.
    expect(host.calls[0]).toEqual({ roomId: 'lobby', afterSeq: 10 })
    expect(host.maxInFlight).toBe(1)
  })

  it('takes a batch (messages:new) message by message: in order, once, no fill', async () => {
    const host = scriptedHost({ lobby: 3 })
    const { feeds, seqs } = feedsOn(host)
    feeds.track('lobby', 3)
    const batch = [host.add('lobby'), host.add('lobby'), host.add('lobby')]
    feeds.receiveAll([text('lobby', 2), ...batch])
    feeds.receiveAll(batch.slice(1))
    expect(seqs('lobby')).toEqual([4, 5, 6])
    expect(feeds.cursor('lobby')).toBe(6)
    expect(host.calls).toEqual([])
  })

  it('fills a hole before a batch as it would before a single push, once', async () => {
    const host = scriptedHost({ lobby: 10 })
    const { feeds, seqs, delivered, settled } = feedsOn(host)
    feeds.track('lobby', 10)
    for (let i = 0; i < 3; i++) host.add('lobby') // 11–13 missed
    const batch = [host.add('lobby'), host.add('lobby'), host.add('lobby')]
    feeds.receiveAll(batch)
    expect(seqs('lobby')).toEqual([])
    await settled()
    expect(seqs('lobby')).toEqual(range(11, 16))
    expect(delivered.map((m) => m.seq)).toEqual(range(11, 16))
    expect(feeds.cursor('lobby')).toBe(16)
    // One fill for the whole batch, from the cursor.
    expect(host.calls).toEqual([{ roomId: 'lobby', afterSeq: 10 }])
  })

  it('pages through a long gap, one request at a time per room', async () => {
    const host = scriptedHost({ lobby: 0, room: 0 })
    const { feeds, seqs } = feedsOn(host)
    feeds.track('lobby', 0)
    feeds.track('room', 0)
    for (let i = 0; i < 450; i++) host.add('lobby')
    for (let i = 0; i < 3; i++) host.add('room')
    feeds.track('lobby', 450)
    feeds.track('room', 3)
    expect(await feeds.fillAll()).toBe('done')
    expect(seqs('lobby')).toEqual(range(1, 450))
    expect(seqs('room')).toEqual([1, 2, 3])
    expect(host.calls.filter((c) => c.roomId === 'lobby').map((c) => c.afterSeq)).toEqual([
      0, 200, 400
    ])
  })

  it('starts a room it first sees at the summary, leaving older history to the renderer', async () => {
    const host = scriptedHost({ room: 40 })
    const { feeds, seqs } = feedsOn(host)
    feeds.receive(text('room', 40)) // not tracked yet: not its business
    feeds.track('room', 40)
    feeds.receive(text('room', 39))
    feeds.receive(host.add('room'))
    expect(seqs('room')).toEqual([41])
    expect(await feeds.fillAll()).toBe('done')
    expect(host.calls).toEqual([])
  })

  it('a summary of a known room only raises how far to catch up; it never moves the cursor', async () => {
    const host = scriptedHost({ room: 5 })
    const { feeds, seqs, settled } = feedsOn(host)
    feeds.track('room', 5)
    host.add('room')
    host.add('room')
    feeds.track('room', 7)
    await settled()
    expect(seqs('room')).toEqual([6, 7])
    feeds.track('room', 3)
    expect(feeds.cursor('room')).toBe(7)
  })

  it('a line that fails under a fill reports it, and the next fill resumes from the cursor', async () => {
    const host = scriptedHost({ lobby: 2 })
    const { feeds, seqs, broken, settled } = feedsOn(host)
    feeds.track('lobby', 2)
    host.add('lobby')
    host.failOnce(err('NOT_CONNECTED', 'down'))
    feeds.receive(host.add('lobby'))
    await settled()
    expect(broken).toEqual(['lobby'])
    expect(seqs('lobby')).toEqual([])
    const outcome: FillOutcome = await feeds.fillAll()
    expect(outcome).toBe('done')
    expect(seqs('lobby')).toEqual([3, 4])
  })

  it('waits out a RATE_LIMITED page and asks again', async () => {
    const host = scriptedHost({ lobby: 0 })
    const { feeds, seqs, waited } = feedsOn(host)
    feeds.track('lobby', 0)
    host.add('lobby')
    feeds.track('lobby', 1)
    host.failOnce(err('RATE_LIMITED', 'busy', 750))
    expect(await feeds.fillAll()).toBe('done')
    expect(waited).toEqual([750])
    expect(seqs('lobby')).toEqual([1])
  })

  it('gives a room up when the host says it is no longer ours, without blocking the others', async () => {
    const host = scriptedHost({ gone: 1, lobby: 1 })
    const { feeds, seqs } = feedsOn(host)
    feeds.track('gone', 0)
    feeds.track('lobby', 0)
    host.failOnce(err('NOT_A_MEMBER', 'left'))
    feeds.track('gone', 1)
    feeds.track('lobby', 1)
    expect(await feeds.fillAll()).toBe('gave-up')
    expect(seqs('lobby')).toEqual([1])
  })

  it('follows a host that lost messages down, so their reused seqs are not taken for duplicates', async () => {
    const host = scriptedHost({ lobby: 8 })
    const { feeds, seqs } = feedsOn(host)
    feeds.track('lobby', 10)
    feeds.rebase('lobby', 8)
    expect(feeds.cursor('lobby')).toBe(8)
    feeds.receive(host.add('lobby'))
    expect(seqs('lobby')).toEqual([9])
  })

  it('forgets a room it left, and a room that is gone is no longer filled', async () => {
    const host = scriptedHost({ room: 1 })
    const { feeds, seqs, settled } = feedsOn(host)
    feeds.track('room', 1)
    feeds.untrack('room')
    feeds.receive(host.add('room'))
    await settled()
    expect(seqs('room')).toEqual([])
    expect(feeds.tracked()).toEqual([])
  })
})
