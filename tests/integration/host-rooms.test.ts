import { describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import { ROOM_CODE_ALPHABET } from '../../src/shared/room-code'
import { expectOk, sleep, type WireClient, useHostFixtures } from '../helpers/wire-client'

// Issue 3, rooms: created with a name, joined by a short code, and sealed: messages, notices,
// presence of membership and typing reach only the room's members.

const { host, client } = useHostFixtures({})

describe('rooms by code', () => {
  it('creates a room with a 6-character code from the unambiguous alphabet', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const created = expectOk(await ana.request('room:create', { name: '  Trabalho   de grupo ' }))
    expect(created.room).toMatchObject({
      name: 'Trabalho de grupo',
      isLobby: false,
      memberCount: 1
    })
    const code = created.room.code as string
    expect(code).toMatch(new RegExp(`^[${ROOM_CODE_ALPHABET}]{6}$`))
    expect(created.members).toEqual([
      expect.objectContaining({ nickname: 'Ana', online: true, status: 'available' })
    ])
    expect(created.history.messages).toEqual([
      expect.objectContaining({ kind: 'notice', notice: 'created', seq: 1 })
    ])
    const rooms = expectOk(await ana.request('session:start', {})).rooms
    expect(rooms.map((r) => r.name)).toEqual(['Lobby', 'Trabalho de grupo'])
  })

  it('joins by code typed loosely, and refuses unknown codes clearly', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const room = expectOk(await ana.request('room:create', { name: 'Estudos' })).room
    const typed = `${(room.code as string).slice(0, 3).toLowerCase()}-${(room.code as string).slice(3)}`
    const joined = expectOk(await bia.request('room:join', { code: typed }))
    expect(joined.room.id).toBe(room.id)
    expect(joined.members.map((m) => m.nickname)).toEqual(['Ana', 'Bia'])
    // Room-mates hear the change, not the whole list again.
    expect(await ana.waitFor('members:changed', (u) => u.roomId === room.id)).toEqual({
      roomId: room.id,
      joined: [{ id: joined.members[1]?.id, nickname: 'Bia', online: true, status: 'available' }],
      left: []
    })
    expect(
      await ana.waitForMessage(
        (m) => m.roomId === room.id && m.kind === 'notice' && m.notice === 'joined'
      )
    ).toMatchObject({ user: { nickname: 'Bia' } })

    // Joining again is harmless: no second notice.
    expectOk(await bia.request('room:join', { code: room.code as string }))
    const wrong = await bia.request('room:join', { code: 'ZZZZZZ' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } })
    expect(!wrong.ok && wrong.error.message).toContain('ZZZZZZ')
    expect(await bia.request('room:join', { code: 'O0l1' })).toMatchObject({
      ok: false,
      error: { code: 'ROOM_NOT_FOUND' }
    })
    await sleep(200)
    expect(
      ana.messages((m) => m.roomId === room.id && m.kind === 'notice' && m.notice === 'joined')
    ).toHaveLength(1)
  })

  it('keeps everything in a room away from people who are not in it', async () => {
    const h = await host({ typingExpireMs: 300 })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const caio = await client(h, 'Caio')
    const room = expectOk(await ana.request('room:create', { name: 'Segredo' })).room
    expectOk(await bia.request('room:join', { code: room.code as string }))
    expectOk(await bia.request('typing:set', { roomId: room.id, typing: true }))
    await ana.waitFor('typing:update', (t) => t.roomId === room.id && t.typing)
    const sent = expectOk(
      await bia.request('message:send', { roomId: room.id, text: 'só nós', clientId: 'b1' })
    ).message
    await ana.waitFor('message:new', (m) => m.id === sent.id)
    expectOk(await ana.request('room:leave', { roomId: room.id }))
    await bia.waitForMessage(
      (m) => m.roomId === room.id && m.kind === 'notice' && m.notice === 'left'
    )
    await sleep(150)

    const leaked = caio.pushes.filter(
      (p) =>
        (p.payload as { roomId?: string; id?: string }).roomId === room.id ||
        (p.payload as { id?: string }).id === room.id
    )
    expect(leaked).toEqual([])
    for (const name of ['room:history', 'room:members'] as const) {
      expect(await caio.request(name, { roomId: room.id })).toMatchObject({
        ok: false,
        error: { code: 'NOT_A_MEMBER' }
      })
    }
    expect(
      await caio.request('message:send', { roomId: room.id, text: 'entrei?', clientId: 'c1' })
    ).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } })
    expect(await caio.request('room:history', { roomId: 'no-such-room' })).toMatchObject({
      ok: false,
      error: { code: 'ROOM_NOT_FOUND' }
    })
    // Ana left: she hears nothing more from the room.
    const countBefore = ana.messages((m) => m.roomId === room.id).length
    expectOk(
      await bia.request('message:send', { roomId: room.id, text: 'ainda aí?', clientId: 'b2' })
    )
    await sleep(150)
    expect(ana.messages((m) => m.roomId === room.id)).toHaveLength(countBefore)
    expect(ana.pushed('room:removed')).toEqual([{ roomId: room.id }])
  })

  it('nobody leaves the lobby', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    expect(await ana.request('room:leave', { roomId: LOBBY_ROOM_ID })).toMatchObject({
      ok: false,
      error: { code: 'CANNOT_LEAVE_LOBBY' }
    })
  })
})

describe('typing', () => {
  it('shows to the others (not to the typist) and stops on send or after a while', async () => {
    const h = await host({ typingExpireMs: 400 })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const biaWindow2 = await client(h, 'Bia', bia.secret)
    const at = (c: WireClient) =>
      c.pushed('typing:update').map((t) => `${t.user.nickname}:${t.typing}`)

    bia.socket.emit('typing:set', { roomId: LOBBY_ROOM_ID, typing: true })
    await ana.waitFor('typing:update', (t) => t.typing)
    expectOk(
      await bia.request('message:send', { roomId: LOBBY_ROOM_ID, text: 'oi', clientId: 'b1' })
    )
    await ana.waitFor('typing:update', (t) => !t.typing)
    expect(at(ana)).toEqual(['Bia:true', 'Bia:false'])

    bia.socket.emit('typing:set', { roomId: LOBBY_ROOM_ID, typing: true })
    await sleep(600)
    expect(at(ana)).toEqual(['Bia:true', 'Bia:false', 'Bia:true', 'Bia:false'])
    expect(at(bia)).toEqual([])
    expect(at(biaWindow2)).toEqual([])
  })
})

describe('read state', () => {
  it('counts unread texts from others per room and clears them on read', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    let last = 0
    for (let i = 0; i < 3; i++) {
      last = expectOk(
        await bia.request('message:send', {
          roomId: LOBBY_ROOM_ID,
          text: `m${i}`,
          clientId: `b${i}`
        })
      ).message.seq
    }
    expectOk(
      await ana.request('message:send', { roomId: LOBBY_ROOM_ID, text: 'mine', clientId: 'a' })
    )
    const lobby = () =>
      ana.request('session:start', {}).then((r) => expectOk(r).rooms.find((x) => x.isLobby))
    // Ana wrote after them, which counts as having read the room.
    expect(await lobby()).toMatchObject({ unread: 0 })
    const biaLobby = expectOk(await bia.request('session:start', {})).rooms[0]
    expect(biaLobby).toMatchObject({ unread: 1, lastReadSeq: last })
    expectOk(await bia.request('room:read', { roomId: LOBBY_ROOM_ID, seq: 10_000 }))
    const after = expectOk(await bia.request('session:start', {})).rooms[0]
    expect(after).toMatchObject({ unread: 0 })
    expect(after?.lastReadSeq).toBe(after?.lastSeq)
  })
})
