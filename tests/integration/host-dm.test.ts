import { describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import { idOf, useConversationHost } from '../helpers/conversation-host'
import { expectOk, sleep } from '../helpers/wire-client'

// Issue 12, direct conversations: two identities, made on first use, nobody else can reach one
// (the person hosting included), no notices in them, never left, never opened with a removed
// person.

const { host, client, owner } = useConversationHost()

describe('direct conversations', () => {
  it('opens on first use for both, named after the other person, the same one after', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia1 = await client(h, 'Bia')
    const bia2 = await client(h, 'Bia', bia1.secret)
    const [anaId, biaId] = [await idOf(ana), await idOf(bia1)]

    const opened = expectOk(await ana.request('dm:open', { userId: biaId }))
    expect(opened.room).toMatchObject({
      isDirect: true,
      isLobby: false,
      code: null,
      name: 'Bia',
      peer: { id: biaId, nickname: 'Bia' },
      memberCount: 2,
      lastSeq: 0,
      lastChange: 0
    })
    expect(opened.members.map((m) => m.nickname)).toEqual(['Ana', 'Bia'])
    expect(opened.history).toEqual({ messages: [], hasMore: false })

    // Both of Bia's windows hear of it, as she sees it; Ana's window too.
    for (const w of [bia1, bia2]) {
      const added = await w.waitFor('room:added', (r) => r.id === opened.room.id)
      expect(added).toMatchObject({ name: 'Ana', peer: { id: anaId, nickname: 'Ana' } })
    }
    await ana.waitFor('room:added', (r) => r.id === opened.room.id)

    // Opening again (either side) is the same conversation; it is in both sessions.
    const again = expectOk(await bia2.request('dm:open', { userId: anaId }))
    expect(again.room.id).toBe(opened.room.id)
    expect(again.room.name).toBe('Ana')
    const rooms = expectOk(await bia1.request('session:start', {})).rooms
    expect(rooms.filter((r) => r.isDirect).map((r) => [r.id, r.name])).toEqual([
      [opened.room.id, 'Ana']
    ])
    expect(rooms.find((r) => r.isLobby)).toMatchObject({ isDirect: false, peer: null })

    // Messages reach both windows of the other person, and nobody writes notices in it.
    const sent = expectOk(
      await ana.request('message:send', { roomId: opened.room.id, text: 'oi', clientId: 'd1' })
    ).message
    for (const w of [bia1, bia2]) await w.waitFor('message:new', (m) => m.id === sent.id)
    const history = expectOk(await bia1.request('room:history', { roomId: opened.room.id }))
    expect(history.messages.map((m) => m.kind)).toEqual(['text'])

    // A new connection of a member is in the conversation's channel from the start.
    const bia3 = await client(h, 'Bia', bia1.secret)
    const next = expectOk(
      await ana.request('message:send', { roomId: opened.room.id, text: 'e aí', clientId: 'd2' })
    ).message
    await bia3.waitFor('message:new', (m) => m.id === next.id)
  })

  it('keeps everyone else out, the person hosting included', async () => {
    const h = await host()
    const boss = await client(h, 'Dona', owner)
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const biaId = await idOf(bia)
    const dm = expectOk(await ana.request('dm:open', { userId: biaId })).room
    const secret = expectOk(
      await ana.request('message:send', {
        roomId: dm.id,
        text: 'segredo guardado',
        clientId: 's1'
      })
    ).message

    for (const outsider of [boss, await client(h, 'Caio')]) {
      const refused = { ok: false, error: { code: 'NOT_A_MEMBER' } }
      expect(await outsider.request('room:history', { roomId: dm.id })).toMatchObject(refused)
      expect(await outsider.request('room:members', { roomId: dm.id })).toMatchObject(refused)
      expect(
        await outsider.request('message:send', { roomId: dm.id, text: 'x', clientId: 'x' })
      ).toMatchObject(refused)
      expect(
        await outsider.request('message:react', { messageId: secret.id, emoji: '👍', on: true })
      ).toMatchObject(refused)
      expect(
        await outsider.request('message:edit', { messageId: secret.id, text: 'mudei' })
      ).toMatchObject(refused)
      expect(await outsider.request('message:delete', { messageId: secret.id })).toMatchObject(
        refused
      )
      expect(
        await outsider.request('room:changes', { roomId: dm.id, afterChange: 0 })
      ).toMatchObject(refused)
      expect(await outsider.request('search', { query: 'segredo', roomId: dm.id })).toMatchObject(
        refused
      )
      expect(await outsider.request('typing:set', { roomId: dm.id, typing: true })).toMatchObject(
        refused
      )
      expect(await outsider.request('room:read', { roomId: dm.id, seq: 1 })).toMatchObject(refused)
      // Its own search never finds it; the two members' do.
      expect(expectOk(await outsider.request('search', { query: 'segredo' })).hits).toEqual([])
      // Replying from elsewhere to a message of the conversation: not a message of that room.
      expect(
        await outsider.request('message:send', {
          roomId: LOBBY_ROOM_ID,
          text: 'eco',
          clientId: 'r1',
          replyTo: secret.id
        })
      ).toMatchObject({ ok: false, error: { code: 'MESSAGE_NOT_FOUND' } })
      // The refusal does not say who is in it.
      const refusal = await outsider.request('room:history', { roomId: dm.id })
      expect(JSON.stringify(refusal)).not.toMatch(/Ana|Bia/)
    }
    for (const member of [ana, bia]) {
      const hits = expectOk(await member.request('search', { query: 'segredo' })).hits
      expect(hits.map((hit) => hit.message.id)).toEqual([secret.id])
    }
    // Nobody outside heard anything of it.
    await sleep(50)
    expect(boss.pushes.filter((p) => JSON.stringify(p.payload).includes(dm.id))).toEqual([])
  })

  it('cannot be left, given a code, nor opened with yourself or nobody', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const [anaId, biaId] = [await idOf(ana), await idOf(bia)]
    const dm = expectOk(await ana.request('dm:open', { userId: biaId })).room
    expect(await ana.request('room:leave', { roomId: dm.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
    expect(await ana.request('room:new-code', { roomId: dm.id })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(await ana.request('dm:open', { userId: anaId })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(await ana.request('dm:open', { userId: 'nobody-has-this-id' })).toMatchObject({
      ok: false,
      error: { code: 'USER_NOT_FOUND' }
    })
  })

  it('a removed person cannot be messaged; their conversations stay without a notice', async () => {
    const h = await host()
    const boss = await client(h, 'Dona', owner)
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const caio = await client(h, 'Caio')
    const [biaId, caioId] = [await idOf(bia), await idOf(caio)]
    const dm = expectOk(await ana.request('dm:open', { userId: biaId })).room
    expectOk(await ana.request('message:send', { roomId: dm.id, text: 'oi', clientId: 'o1' }))

    const gone = bia.waitForDisconnect()
    expectOk(await boss.request('member:remove', { userId: biaId }))
    await gone
    await sleep(100)
    const forbidden = { ok: false, error: { code: 'FORBIDDEN' } }
    expect(await ana.request('dm:open', { userId: biaId })).toMatchObject(forbidden)
    expect(await caio.request('dm:open', { userId: biaId })).toMatchObject(forbidden)
    expect(
      await ana.request('message:send', { roomId: dm.id, text: 'ainda?', clientId: 'o2' })
    ).toMatchObject(forbidden)
    // Ana keeps the conversation as it was: no "removed" line in it.
    const page = expectOk(await ana.request('room:history', { roomId: dm.id }))
    expect(page.messages.map((m) => m.kind)).toEqual(['text'])
    // Someone not removed still can be.
    expectOk(await ana.request('dm:open', { userId: caioId }))
  })

  it('counts only creations against the rate limit', async () => {
    const h = await host({
      rateLimits: { directOpensPerIdentity: { count: 1, windowMs: 60_000 } }
    })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const caio = await client(h, 'Caio')
    const [biaId, caioId] = [await idOf(bia), await idOf(caio)]
    expectOk(await ana.request('dm:open', { userId: biaId }))
    expectOk(await ana.request('dm:open', { userId: biaId }))
    expect(await ana.request('dm:open', { userId: caioId })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' }
    })
  })
})
