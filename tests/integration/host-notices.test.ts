import { describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { Message } from '../../src/shared/models'
import { expectOk, sleep, useHostFixtures, type WireClient } from '../helpers/wire-client'

// Issue 9, joining at the speed of bare Socket.IO: a notice (joined, online, left…) is stored at
// once but pushed with the roster's batch, one `messages:new` per room, so a class arriving costs
// each client a few pushes, not one per person. Texts still go out at once, and never overtake a
// notice: every client sees every room's seqs in order.

const { host, client } = useHostFixtures({
  rateLimits: { newIdentitiesPerAddress: { count: 100, windowMs: 60_000 } }
})

const isNotice = (m: Message): m is Extract<Message, { kind: 'notice' }> => m.kind === 'notice'

/** The seqs of a room as the client received them, batches flattened. */
const seqsIn = (c: WireClient, roomId: string): number[] =>
  c.messages((m) => m.roomId === roomId).map((m) => m.seq)

const increasing = (seqs: number[]): boolean => seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)

describe('notices in batches', () => {
  it('brings twelve arrivals’ notices to a watcher in a few pushes, in seq order, each once', async () => {
    const h = await host({ rosterBatchMs: 1_000 })
    const watcher = await client(h, 'Vigia')
    const names = Array.from({ length: 12 }, (_, i) => `Pessoa ${i}`)
    await Promise.all(names.map((name) => client(h, name)))
    const joinedOf = (name: string) =>
      watcher.messages((m) => isNotice(m) && m.notice === 'joined' && m.user.nickname === name)
    await watcher.waitForMessage(() => names.every((name) => joinedOf(name).length > 0), 5_000)
    await sleep(100)
    for (const name of names) expect(joinedOf(name)).toHaveLength(1)
    // Twelve notices inside one window: not twelve pushes (a slow machine may split them over a
    // window or two), and never one by one.
    expect(watcher.pushed('messages:new').length).toBeLessThanOrEqual(3)
    expect(watcher.pushed('message:new')).toEqual([])
    const lobby = seqsIn(watcher, LOBBY_ROOM_ID)
    expect(increasing(lobby)).toBe(true)
    // Every line of the lobby's history since the watcher's own arrival, none missing.
    const history = expectOk(
      await watcher.request('room:history', { roomId: LOBBY_ROOM_ID, afterSeq: 0 })
    ).messages
    expect(lobby).toEqual(history.map((m) => m.seq).filter((seq) => seq >= (lobby[0] ?? 0)))
  })

  it('sends a text at once, after the notices held before it, at every client', async () => {
    const h = await host({ rosterBatchMs: 60_000 })
    const people: WireClient[] = []
    for (const name of ['Ana', 'Bia', 'Caio', 'Duda']) people.push(await client(h, name))
    const [ana, bia] = people as [WireClient, WireClient]
    // Nothing told yet: the batch is a minute away.
    await sleep(100)
    for (const c of people) expect(c.messages()).toEqual([])

    const sent = expectOk(
      await bia.request('message:send', { roomId: LOBBY_ROOM_ID, text: 'oi', clientId: 'b1' })
    ).message
    for (const c of people) {
      await c.waitForMessage((m) => m.id === sent.id)
      const seqs = seqsIn(c, LOBBY_ROOM_ID)
      expect(increasing(seqs)).toBe(true)
      expect(seqs.at(-1)).toBe(sent.seq)
      // The held notices in one push, then the text.
      expect(c.pushes.map((p) => p.name)).toEqual(['messages:new', 'message:new'])
    }
    // Ana was in first: she hears every arrival, hers included.
    expect(
      ana.messages(isNotice).map((m) => (isNotice(m) ? `${m.notice} ${m.user.nickname}` : ''))
    ).toEqual(['joined Ana', 'joined Bia', 'joined Caio', 'joined Duda'])

    // In a room: its creator gets "created", a joiner not its own "joined" (its answer has it),
    // and a text there goes out after them.
    const room = expectOk(await ana.request('room:create', { name: 'Grupo' })).room
    expectOk(await bia.request('room:join', { code: room.code as string }))
    const there = expectOk(
      await bia.request('message:send', { roomId: room.id, text: 'cheguei', clientId: 'b2' })
    ).message
    await ana.waitForMessage((m) => m.id === there.id)
    await bia.waitForMessage((m) => m.id === there.id)
    expect(seqsIn(ana, room.id)).toEqual([1, 2, 3])
    expect(seqsIn(bia, room.id)).toEqual([3])
  })

  it('pushes the notices it holds before telling clients the host stops', async () => {
    const h = await host({ rosterBatchMs: 60_000 })
    const ana = await client(h, 'Ana')
    await client(h, 'Bia')
    await sleep(100)
    expect(ana.messages()).toEqual([])
    const gone = ana.waitForDisconnect()
    await h.host.stop()
    await gone
    const names = ana.pushes.map((p) => p.name)
    expect(names.indexOf('messages:new')).toBeGreaterThanOrEqual(0)
    expect(names.lastIndexOf('messages:new')).toBeLessThan(names.indexOf('session:ended'))
    expect(
      ana.messages(isNotice).map((m) => (isNotice(m) ? `${m.notice} ${m.user.nickname}` : ''))
    ).toEqual(['joined Ana', 'joined Bia'])
  })

  it('a leaver hears what was held before it left, and nothing after', async () => {
    const h = await host({ rosterBatchMs: 60_000 })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const room = expectOk(await ana.request('room:create', { name: 'Grupo' })).room
    expectOk(await bia.request('room:join', { code: room.code as string }))
    const caio = await client(h, 'Caio')
    expectOk(await caio.request('room:join', { code: room.code as string }))
    expectOk(await bia.request('room:leave', { roomId: room.id }))
    await bia.waitForMessage((m) => m.roomId === room.id)
    await sleep(100)
    // Caio's "joined" (held when Bia left) reaches her; her own "left" does not.
    expect(
      bia
        .messages((m) => m.roomId === room.id)
        .map((m) => (isNotice(m) ? `${m.notice} ${m.user.nickname}` : ''))
    ).toEqual(['joined Caio'])
    expect(ana.messages((m) => m.roomId === room.id).map((m) => m.seq)).toEqual([1, 2, 3])
  })
})
