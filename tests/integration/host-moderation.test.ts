import { describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { NoticeMessage } from '../../src/shared/models'
import {
  expectOk,
  newSecret,
  sleep,
  tryConnect,
  useHostFixtures,
  waitForPresence
} from '../helpers/wire-client'
import { identityForSecret } from '../helpers/handshake'

// Issue 4's "kicked out" state needs a way to be kicked out: the person hosting can remove
// someone. Removal ends every connection of that identity, takes it out of every room with a
// notice, and keeps it out until the host restarts.

const owner = newSecret()
const { host, client } = useHostFixtures({ ownerPublicKey: identityForSecret(owner).publicKey })

const notices = (messages: { kind: string }[]): NoticeMessage[] =>
  messages.filter((m): m is NoticeMessage => m.kind === 'notice')

describe('removing someone', () => {
  it('ends all their windows, leaves a notice in their rooms and keeps them out', async () => {
    const h = await host()
    const ana = await client(h, 'Ana', owner)
    const caio = await client(h, 'Caio')
    const bia1 = await client(h, 'Bia')
    const bia2 = await client(h, 'Bia', bia1.secret)

    const start = expectOk(await caio.request('session:start', {}))
    const anaSelf = expectOk(await ana.request('session:start', {})).self
    expect(start.hostUserId).toBe(anaSelf.id)
    const biaSelf = expectOk(await bia1.request('session:start', {})).self

    const room = expectOk(await ana.request('room:create', { name: 'Grupo' })).room
    expectOk(await caio.request('room:join', { code: room.code ?? '' }))
    expectOk(await bia1.request('room:join', { code: room.code ?? '' }))

    const gone = [bia1.waitForDisconnect(), bia2.waitForDisconnect()]
    expectOk(await ana.request('member:remove', { userId: biaSelf.id }))
    await Promise.all(gone)
    expect(bia1.pushed('session:ended')).toEqual([{ reason: 'removed' }])
    expect(bia2.pushed('session:ended')).toEqual([{ reason: 'removed' }])

    // Everyone still there hears it once per room, and she is out of the member lists.
    await caio.waitForMessage(
      (m) => m.kind === 'notice' && m.notice === 'removed' && m.roomId === room.id
    )
    await waitForPresence(caio, (p) => p.user.id === biaSelf.id && !p.online)
    for (const roomId of [LOBBY_ROOM_ID, room.id]) {
      await caio.waitFor(
        'members:changed',
        (c) => c.roomId === roomId && c.left.includes(biaSelf.id)
      )
    }
    await sleep(100)
    const aboutBia = notices(caio.messages()).filter((m) => m.user.id === biaSelf.id)
    const seen = aboutBia.map((m) => `${m.roomId === LOBBY_ROOM_ID ? 'lobby' : 'room'} ${m.notice}`)
    // Removed, not also "went offline": one notice per room says what happened.
    expect(seen.sort()).toEqual(['lobby joined', 'lobby removed', 'room joined', 'room removed'])
    for (const roomId of [LOBBY_ROOM_ID, room.id]) {
      const members = expectOk(await caio.request('room:members', { roomId })).members
      expect(members.map((m) => m.nickname).sort()).toEqual(['Ana', 'Caio'])
    }

    // Back with the same identity: refused, with a reason the app can show.
    const again = await tryConnect(h.port, 'Bia', { secret: bia1.secret })
    expect(again).toMatchObject({ code: 'REMOVED' })
    // Her nickname is still hers: nobody else takes it meanwhile.
    expect(await tryConnect(h.port, 'bia')).toMatchObject({ code: 'NICKNAME_TAKEN' })

    // A restart does not undo it: the removal is stored, by identity key.
    await h.restart()
    expect(await tryConnect(h.port, 'Bia', { secret: bia1.secret })).toMatchObject({
      code: 'REMOVED'
    })
    const owner2 = await client(h, 'Ana', owner)
    const removed = expectOk(await owner2.request('host:removed', {})).removed
    expect(removed.map((r) => r.user.nickname)).toEqual(['Bia'])
    // "Let back in": she comes back as a newcomer to the lobby only.
    expectOk(await owner2.request('member:readmit', { userId: removed[0]!.user.id }))
    expect(expectOk(await owner2.request('host:removed', {})).removed).toEqual([])
    const back = await client(h, 'Bia', bia1.secret)
    const afterRestart = expectOk(await back.request('session:start', {}))
    expect(afterRestart.rooms.map((r) => r.id)).toEqual([LOBBY_ROOM_ID])
    // The restarted host knows who hosts.
    expect(afterRestart.hostUserId).toBe(anaSelf.id)
  })

  it('removal, the removed list and letting back in are for the person hosting only', async () => {
    const h = await host()
    await client(h, 'Ana', owner)
    const bia = await client(h, 'Bia')
    const caio = await client(h, 'Caio')
    const caioId = expectOk(await caio.request('session:start', {})).self.id
    for (const [name, payload] of [
      ['host:removed', {}],
      ['member:readmit', { userId: caioId }],
      ['host:knocks', {}],
      ['host:answer-knock', { knockId: 'k', admit: true }],
      ['host:activity', {}]
    ] as const) {
      expect(await bia.request(name, payload as never)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' }
      })
    }
  })

  it('is only for the person hosting, and only for someone who exists', async () => {
    const h = await host()
    const ana = await client(h, 'Ana', owner)
    const bia = await client(h, 'Bia')
    const caio = await client(h, 'Caio')
    const anaId = expectOk(await ana.request('session:start', {})).self.id
    const caioId = expectOk(await caio.request('session:start', {})).self.id

    const byGuest = await bia.request('member:remove', { userId: caioId })
    expect(byGuest).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ana.request('member:remove', { userId: anaId })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(await ana.request('member:remove', { userId: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'USER_NOT_FOUND' }
    })
    expect(await ana.request('member:remove', { userId: 42 } as never)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    await sleep(100)
    expect(caio.socket.connected).toBe(true)
    expect(caio.pushed('session:ended')).toEqual([])
  })

  it('a headless host (nobody hosting in the app) lets nobody remove anyone', async () => {
    const h = await host({ ownerPublicKey: undefined })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    expect(expectOk(await ana.request('session:start', {})).hostUserId).toBeNull()
    const biaId = expectOk(await bia.request('session:start', {})).self.id
    expect(await ana.request('member:remove', { userId: biaId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
  })
})
