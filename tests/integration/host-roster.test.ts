import { describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import { applyMemberChanges, expectOk, sleep, useHostFixtures } from '../helpers/wire-client'

// Issue 7, joining costs O(people): who is in a room and who is online travel as changes,
// gathered over a short window, never as the whole member list again.

const { host, client } = useHostFixtures({
  rateLimits: { newIdentitiesPerAddress: { count: 100, windowMs: 60_000 } }
})

describe('roster batching', () => {
  it('gathers arrivals into a few pushes, each newcomer told once, in the lobby member change', async () => {
    const h = await host({ rosterBatchMs: 1_000 })
    const watcher = await client(h, 'Vigia')
    const start = expectOk(await watcher.request('room:members', { roomId: LOBBY_ROOM_ID })).members
    const names = Array.from({ length: 12 }, (_, i) => `Pessoa ${i}`)
    await Promise.all(names.map((name) => client(h, name)))
    await watcher.waitFor('members:changed', () =>
      names.every((n) => watcher.presence((c) => c.user.nickname === n && c.online).length > 0)
    )
    // Twelve arrivals inside one window: not twelve pushes (a slow machine may split them over
    // a window or two).
    expect(watcher.pushed('members:changed').length).toBeLessThanOrEqual(3)
    await sleep(1_200)
    for (const name of names) {
      const told = (event: string) =>
        watcher.pushes.filter(
          (p) => p.name === event && JSON.stringify(p.payload).includes(`"nickname":"${name}"`)
        ).length
      // Online and available, in the member entry; presence:update does not say it again.
      expect(told('members:changed')).toBe(1)
      expect(told('presence:update')).toBe(0)
    }
    // The list a client keeps by applying the changes equals the host's.
    const kept = applyMemberChanges(watcher, LOBBY_ROOM_ID, start)
    const truth = expectOk(await watcher.request('room:members', { roomId: LOBBY_ROOM_ID })).members
    expect(kept.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      truth.sort((a, b) => a.id.localeCompare(b.id))
    )
  })

  it('says how things are when the batch goes out: a leave and a re-join read "joined"', async () => {
    const h = await host({ rosterBatchMs: 1_500 })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const room = expectOk(await ana.request('room:create', { name: 'Grupo' })).room
    await ana.waitForPresence((c) => c.user.nickname === 'Bia')
    const biaId = expectOk(await bia.request('session:start', {})).self.id
    ana.pushes.length = 0

    const code = room.code as string
    expectOk(await bia.request('room:join', { code }))
    expectOk(await bia.request('room:leave', { roomId: room.id }))
    const again = expectOk(await bia.request('room:join', { code }))
    // The joiner gets the whole list once, in the ack.
    expect(again.members.map((m) => m.nickname)).toEqual(['Ana', 'Bia'])

    const change = await ana.waitFor('members:changed', (c) => c.roomId === room.id, 5_000)
    expect(change).toEqual({
      roomId: room.id,
      joined: [{ id: biaId, nickname: 'Bia', online: true, status: 'available' }],
      left: []
    })
    await sleep(200)
    expect(ana.pushed('members:changed')).toHaveLength(1)
    // The notices are history, so each one is told, in order, none collapsed.
    expect(
      ana
        .messages((m) => m.roomId === room.id && m.kind === 'notice')
        .map((m) => (m.kind === 'notice' ? m.notice : m.kind))
    ).toEqual(['joined', 'left', 'joined'])
  })

  it('never pushes a whole member list', async () => {
    const h = await host({ rosterBatchMs: 20 })
    const ana = await client(h, 'Ana')
    const room = expectOk(await ana.request('room:create', { name: 'Grupo' })).room
    const others = await Promise.all(['Bia', 'Caio', 'Duda'].map((n) => client(h, n)))
    for (const other of others)
      expectOk(await other.request('room:join', { code: room.code as string }))
    others[0]?.close()
    await ana.waitForPresence((c) => c.user.nickname === 'Bia' && !c.online)
    await sleep(100)
    expect(ana.pushed('members:changed').length).toBeGreaterThan(0)
    for (const push of ana.pushes) expect(push.payload).not.toHaveProperty('members')
  })

  it('pushes what it gathered before telling clients the host stops', async () => {
    const h = await host({ rosterBatchMs: 60_000 })
    const ana = await client(h, 'Ana')
    const room = expectOk(await ana.request('room:create', { name: 'Grupo' })).room
    const bia = await client(h, 'Bia')
    expectOk(await bia.request('room:join', { code: room.code as string }))
    expect(ana.pushed('members:changed')).toEqual([])
    const gone = ana.waitForDisconnect()
    await h.host.stop()
    await gone
    const names = ana.pushes.map((p) => p.name)
    expect(names.indexOf('members:changed')).toBeGreaterThanOrEqual(0)
    expect(names.indexOf('members:changed')).toBeLessThan(names.indexOf('session:ended'))
    // Bia's arrival (her presence rides in the lobby's member change) is told first too.
    const lobbyChange = ana.pushes.findIndex(
      (p) =>
        p.name === 'members:changed' && (p.payload as { roomId: string }).roomId === LOBBY_ROOM_ID
    )
    expect(lobbyChange).toBeGreaterThanOrEqual(0)
    expect(lobbyChange).toBeLessThan(names.indexOf('session:ended'))
  })
})
