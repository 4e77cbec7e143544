import { describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { Message } from '../../src/shared/models'
import {
  expectOk,
  presenceChanges,
  sleep,
  tryConnect,
  type WireClient,
  useHostFixtures,
  waitForPresence
} from '../helpers/wire-client'

// Issue 3, identity: one person across windows and reconnects is one member, with one join
// notice and one leave notice; logging out in one window ends them all.

const { host, client } = useHostFixtures({})

const noticesAbout = (c: WireClient, nickname: string): string[] =>
  c
    .messages()
    .filter((m): m is Extract<Message, { kind: 'notice' }> => m.kind === 'notice')
    .filter((m) => m.user.nickname === nickname)
    .map((m) => m.notice)

describe('one identity, several connections', () => {
  it('gets one join notice, one online entry and one leave notice', async () => {
    const h = await host()
    const watcher = await client(h, 'Ana')
    const first = await client(h, 'Bia')
    const second = await client(h, 'Bia', first.secret)
    expectOk(await second.request('session:start', {}))
    await watcher.waitForMessage((m) => m.kind === 'notice' && m.user.nickname === 'Bia')

    const members = expectOk(
      await watcher.request('room:members', { roomId: LOBBY_ROOM_ID })
    ).members
    expect(members.filter((m) => m.nickname === 'Bia')).toEqual([
      expect.objectContaining({ online: true })
    ])
    expect(members).toHaveLength(2)

    first.close()
    await sleep(200)
    expect(noticesAbout(watcher, 'Bia')).toEqual(['joined'])
    const still = expectOk(await watcher.request('room:members', { roomId: LOBBY_ROOM_ID })).members
    expect(still.find((m) => m.nickname === 'Bia')?.online).toBe(true)

    second.close()
    await watcher.waitForMessage((m) => m.kind === 'notice' && m.notice === 'offline')
    // Presence changes are gathered for a moment (TIMEOUTS.rosterBatchMs) before they go out.
    await waitForPresence(watcher, (p) => p.user.nickname === 'Bia' && !p.online)
    await sleep(100)
    expect(noticesAbout(watcher, 'Bia')).toEqual(['joined', 'offline'])
    expect(presenceChanges(watcher).filter((p) => p.user.nickname === 'Bia')).toEqual([
      expect.objectContaining({ online: true }),
      expect.objectContaining({ online: false })
    ])
  })

  it('both windows see the same rooms and messages, and what one reads the other hears', async () => {
    const h = await host()
    const a1 = await client(h, 'Ana')
    const a2 = await client(h, 'Ana', a1.secret)
    const room = expectOk(await a1.request('room:create', { name: 'Estudos' })).room
    expect(await a2.waitFor('room:added', (r) => r.id === room.id)).toMatchObject({
      name: 'Estudos'
    })
    const bia = await client(h, 'Bia')
    expectOk(await bia.request('room:join', { code: room.code as string }))
    const sent = expectOk(
      await bia.request('message:send', { roomId: room.id, text: 'oi', clientId: 'b1' })
    ).message
    for (const c of [a1, a2]) await c.waitFor('message:new', (m) => m.id === sent.id)
    expectOk(await a1.request('room:read', { roomId: room.id, seq: sent.seq }))
    expect(await a2.waitFor('room:read', (r) => r.roomId === room.id)).toEqual({
      roomId: room.id,
      seq: sent.seq
    })
  })

  it('logging out in one window ends every connection of that identity', async () => {
    const h = await host()
    const watcher = await client(h, 'Caio')
    const w1 = await client(h, 'Ana')
    const w2 = await client(h, 'Ana', w1.secret)
    const gone = [w1.waitForDisconnect(), w2.waitForDisconnect()]
    expectOk(await w1.request('session:logout', {}))
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect'])
    for (const w of [w1, w2]) expect(w.pushed('session:ended')).toEqual([{ reason: 'logout' }])
    await watcher.waitForMessage((m) => m.kind === 'notice' && m.notice === 'offline')
    expect(noticesAbout(watcher, 'Ana')).toEqual(['joined', 'offline'])
  })

  it('a reconnect inside the grace period produces no leave or return notices', async () => {
    const h = await host({ presenceGraceMs: 500 })
    const watcher = await client(h, 'Caio')
    const first = await client(h, 'Ana')
    await watcher.waitForMessage((m) => m.kind === 'notice' && m.user.nickname === 'Ana')
    first.close()
    await sleep(100)
    await client(h, 'Ana', first.secret)
    await sleep(700)
    expect(noticesAbout(watcher, 'Ana')).toEqual(['joined'])
  })
})

describe('nicknames belong to identities', () => {
  it('its owner gets a nickname back on reconnecting; nobody else can take it meanwhile', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const id = expectOk(await ana.request('session:start', {})).self.id
    ana.close()
    await sleep(100)
    expect(await tryConnect(h.port, 'ana')).toMatchObject({ code: 'NICKNAME_TAKEN' })
    const back = await client(h, 'Ana', ana.secret)
    const self = expectOk(await back.request('session:start', {})).self
    expect(self).toEqual({ id, nickname: 'Ana' })
  })

  it('an identity that comes back under a new name keeps its id, history and rooms', async () => {
    const h = await host()
    const watcher = await client(h, 'Caio')
    const ana = await client(h, 'Ana')
    const room = expectOk(await ana.request('room:create', { name: 'Grupo' })).room
    expectOk(
      await ana.request('message:send', { roomId: LOBBY_ROOM_ID, text: 'oi', clientId: 'a1' })
    )
    ana.close()
    await sleep(100)
    const renamed = await client(h, 'Ana Paula', ana.secret)
    const start = expectOk(await renamed.request('session:start', {}))
    expect(start.self.nickname).toBe('Ana Paula')
    expect(start.rooms.map((r) => r.id)).toContain(room.id)
    const page = expectOk(await watcher.request('room:history', { roomId: LOBBY_ROOM_ID }))
    const text = page.messages.find((m) => m.kind === 'text')
    expect(text?.kind === 'text' && text.author.nickname).toBe('Ana Paula')
    // The old name is free again.
    expect((await client(h, 'ana')).socket.connected).toBe(true)
  })
})
