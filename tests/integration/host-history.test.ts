import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HOST_DB_FILE } from '../../src/main/host'
import { LIMITS, LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { Message } from '../../src/shared/models'
import { expectOk, type WireClient, useHostFixtures } from '../helpers/wire-client'

// Issue 3, history and limits: a real SQLite file in a temp folder, a host stopped and started
// again on it, paging back through a long room.

const fast = { count: 100_000, windowMs: 1_000 }
const { host, client } = useHostFixtures({
  rateLimits: { messagesPerIdentity: fast, messagesPerAddress: fast }
})

async function sendMany(c: WireClient, roomId: string, count: number, tag: string) {
  for (let i = 0; i < count; i++) {
    expectOk(
      await c.request('message:send', { roomId, text: `${tag} ${i}`, clientId: `${tag}-${i}` })
    )
  }
}

describe('history', () => {
  it('pages back through 1,000 messages with no gap and no duplicate', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const room = expectOk(await ana.request('room:create', { name: 'Longa' }))
    await sendMany(ana, room.room.id, 1_000, 'msg')

    const bia = await client(h, 'Bia')
    const joined = expectOk(await bia.request('room:join', { code: room.room.code as string }))
    // Joining delivers the latest page…
    expect(joined.history.messages).toHaveLength(LIMITS.historyPageDefault)
    expect(joined.history.hasMore).toBe(true)
    const seen: Message[] = [...joined.history.messages]
    // …and older ones load page by page.
    let hasMore = joined.history.hasMore
    let pages = 0
    while (hasMore) {
      const page = expectOk(
        await bia.request('room:history', {
          roomId: room.room.id,
          beforeSeq: seen[0]?.seq,
          limit: 77
        })
      )
      seen.unshift(...page.messages)
      hasMore = page.hasMore
      pages++
    }
    expect(pages).toBe(Math.ceil((1_002 - LIMITS.historyPageDefault) / 77))
    const seqs = seen.map((m) => m.seq)
    expect(seqs).toEqual(Array.from({ length: 1_002 }, (_, i) => i + 1))
    expect(new Set(seen.map((m) => m.id)).size).toBe(1_002)
    const texts = seen.filter((m) => m.kind === 'text').map((m) => m.text)
    expect(texts).toEqual(Array.from({ length: 1_000 }, (_, i) => `msg ${i}`))
  })

  it('catches up forward from a seq (after a reconnect) in order', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    await sendMany(ana, LOBBY_ROOM_ID, 30, 'x')
    const page = expectOk(
      await ana.request('room:history', { roomId: LOBBY_ROOM_ID, afterSeq: 10, limit: 15 })
    )
    expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 15 }, (_, i) => 11 + i))
    expect(page.hasMore).toBe(true)
    expect(
      await ana.request('room:history', { roomId: LOBBY_ROOM_ID, afterSeq: 1, beforeSeq: 5 })
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('a resent message (same clientId) is stored and delivered once', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const payload = { roomId: LOBBY_ROOM_ID, text: 'uma vez', clientId: 'same' }
    const first = expectOk(await ana.request('message:send', payload)).message
    const again = expectOk(await ana.request('message:send', payload)).message
    expect(again).toEqual(first)
    await bia.waitFor('message:new', (m) => m.id === first.id)
    const page = expectOk(await bia.request('room:history', { roomId: LOBBY_ROOM_ID }))
    expect(page.messages.filter((m) => m.kind === 'text')).toHaveLength(1)
    expect(bia.pushed('message:new', (m) => m.kind === 'text')).toHaveLength(1)
  })

  it('a host stopped and started again has every room and acknowledged message', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const room = expectOk(await ana.request('room:create', { name: 'Durável' })).room
    await sendMany(ana, room.id, 25, 'keep')
    await sendMany(ana, LOBBY_ROOM_ID, 5, 'lobby')
    const before = expectOk(await ana.request('room:history', { roomId: room.id, limit: 200 }))
    ana.close()

    await h.restart()
    expect(existsSync(join(h.dataDir, HOST_DB_FILE))).toBe(true)
    const back = await client(h, 'Ana', ana.secret)
    const start = expectOk(await back.request('session:start', {}))
    expect(start.rooms.map((r) => [r.name, r.code])).toEqual([
      ['Lobby', null],
      ['Durável', room.code]
    ])
    const after = expectOk(await back.request('room:history', { roomId: room.id, limit: 200 }))
    expect(after.messages).toEqual(before.messages)
    const lobbyTexts = expectOk(
      await back.request('room:history', { roomId: LOBBY_ROOM_ID })
    ).messages.filter((m) => m.kind === 'text')
    expect(lobbyTexts).toHaveLength(5)

    // The code still works for someone new, and seqs continue without reuse.
    const bia = await client(h, 'Bia')
    expectOk(await bia.request('room:join', { code: room.code as string }))
    const next = expectOk(
      await bia.request('message:send', { roomId: room.id, text: 'voltei', clientId: 'b' })
    ).message
    expect(next.seq).toBe((before.messages.at(-1)?.seq ?? 0) + 2)
  })
})

describe('limits', () => {
  it('refuses what is over a bound with a clear error instead of truncating', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const long = await ana.request('message:send', {
      roomId: LOBBY_ROOM_ID,
      text: 'a'.repeat(LIMITS.messageMax + 1),
      clientId: 'long'
    })
    expect(long).toMatchObject({ ok: false, error: { code: 'TOO_LONG' } })
    const exact = await ana.request('message:send', {
      roomId: LOBBY_ROOM_ID,
      text: 'a'.repeat(LIMITS.messageMax),
      clientId: 'exact'
    })
    expect(exact.ok && exact.data.message.kind === 'text' && exact.data.message.text.length).toBe(
      LIMITS.messageMax
    )
    expect(
      await ana.request('room:create', { name: 'r'.repeat(LIMITS.roomNameMax + 1) })
    ).toMatchObject({
      ok: false,
      error: { code: 'TOO_LONG' }
    })
    expect(await ana.request('room:create', { name: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(
      await ana.request('message:send', {
        roomId: LOBBY_ROOM_ID,
        text: 'x',
        clientId: 'c'.repeat(65)
      })
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('drops a connection that sends an oversized packet and keeps serving the others', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const gone = ana.waitForDisconnect()
    ana.socket.emit('message:send', {
      roomId: LOBBY_ROOM_ID,
      text: 'x'.repeat(LIMITS.payloadMaxBytes + 10),
      clientId: 'huge'
    })
    expect(await gone).toBe('transport close')
    expectOk(
      await bia.request('message:send', { roomId: LOBBY_ROOM_ID, text: 'ok', clientId: 'b' })
    )
  })

  it('limits how fast one identity can send', async () => {
    const h = await host({ rateLimits: { messagesPerIdentity: { count: 5, windowMs: 60_000 } } })
    const ana = await client(h, 'Ana')
    const results = []
    for (let i = 0; i < 7; i++) {
      results.push(
        await ana.request('message:send', {
          roomId: LOBBY_ROOM_ID,
          text: `${i}`,
          clientId: `r${i}`
        })
      )
    }
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'RATE_LIMITED',
      'RATE_LIMITED'
    ])
    // The refusal says when the oldest of the five leaves the window.
    const refused = results[5]
    expect(!refused?.ok && refused?.error.retryAfterMs).toBeGreaterThan(50_000)
    expect(!refused?.ok && refused?.error.retryAfterMs).toBeLessThanOrEqual(60_000)
  })
})
