import { describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import { inProcessHost } from '../helpers/restartable-host'
import { expectSameAsHost, joinAs, say, useSessionFixtures } from '../helpers/session-harness'
import { connectClient, type WireClient } from '../helpers/wire-client'

// The host pushes notices in batches (`messages:new`); the session takes each message through
// the room's cursor, so the renderer still hears one `message:new` per message, in seq order,
// each once, and never the batch itself.

const fx = useSessionFixtures()

describe('notices pushed in batches', () => {
  it('reach the renderer one message:new per notice, in order, once, texts after them', async () => {
    const host = await inProcessHost({
      rosterBatchMs: 300,
      rateLimits: { newIdentitiesPerAddress: { count: 100, windowMs: 60_000 } }
    })
    fx.later(() => host.close())
    const ana = fx.session()
    const joined = await joinAs(ana, 'Ana', host.port)
    const from = joined.rooms.find((r) => r.isLobby)?.lastSeq ?? 0
    const mark = ana.mark()

    const others: WireClient[] = []
    fx.later(() => others.forEach((c) => c.close()))
    const arriving = Array.from({ length: 8 }, (_, i) => `Pessoa ${i}`)
    others.push(...(await Promise.all(arriving.map((name) => connectClient(host.port, name)))))
    // A text while their notices are held: it goes out after them.
    const text = await say(ana, LOBBY_ROOM_ID, 'bem-vindos')
    await ana.waitForEvent('message:new', (e) => e.payload.id === text.id, 5_000, mark)

    const seen = await expectSameAsHost(ana, ana, LOBBY_ROOM_ID, from)
    const arrivals = seen.flatMap((m) =>
      m.kind === 'notice' && m.notice === 'joined' ? [m.user.nickname] : []
    )
    expect(arrivals.sort()).toEqual([...arriving].sort())
    expect(seen.at(-1)?.id).toBe(text.id)
    expect(ana.events.map((e) => e.type as string)).not.toContain('messages:new')
  })
})
