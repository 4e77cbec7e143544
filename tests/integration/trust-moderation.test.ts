import { afterEach, describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import { identityForSecret } from '../helpers/handshake'
import {
  connectClient,
  expectOk,
  newSecret,
  tryConnect,
  useHostFixtures,
  type TestHost,
  type WireClient
} from '../helpers/wire-client'

// Issue 10, "moderation holds": a new room code locks the old one out (the person hosting or the
// room's creator may give one); a removed person who comes back with a new key is a new identity,
// and the password and "ask me first" are what stop that.

const owner = newSecret()
const fixtures = useHostFixtures({ ownerPublicKey: identityForSecret(owner).publicKey })

const open: WireClient[] = []
afterEach(() => {
  for (const c of open.splice(0)) c.close()
})

async function client(h: TestHost, nickname: string, secret?: string): Promise<WireClient> {
  const c = await connectClient(h.port, nickname, { secret })
  open.push(c)
  return c
}

const failure = (r: { ok: boolean; error?: { code: string } }): string =>
  r.ok ? 'ok' : (r.error?.code ?? '?')

describe('a new room code', () => {
  it('by the creator or the person hosting; the old code stops working, across a restart too', async () => {
    const h = await fixtures.host()
    const ana = await client(h, 'Ana', owner)
    const bia = await client(h, 'Bia')
    const caio = await client(h, 'Caio')
    const dani = await client(h, 'Dani')

    // Bia creates the room; Caio and the person hosting join it.
    const room = expectOk(await bia.request('room:create', { name: 'Grupo' })).room
    const oldCode = room.code as string
    expectOk(await caio.request('room:join', { code: oldCode }))

    // A member who did not create it may not; someone outside it is not even in it.
    expect(failure(await caio.request('room:new-code', { roomId: room.id }))).toBe('FORBIDDEN')
    expect(failure(await dani.request('room:new-code', { roomId: room.id }))).toBe('NOT_A_MEMBER')
    expect(failure(await ana.request('room:new-code', { roomId: LOBBY_ROOM_ID }))).toBe(
      'BAD_REQUEST'
    )
    expect(failure(await ana.request('room:new-code', { roomId: 'no-such-room' }))).toBe(
      'ROOM_NOT_FOUND'
    )

    const byCreator = expectOk(await bia.request('room:new-code', { roomId: room.id }))
    expect(byCreator.roomId).toBe(room.id)
    expect(byCreator.code).not.toBe(oldCode)
    for (const member of [bia, caio]) {
      const told = await member.waitFor('room:code-changed', (p) => p.roomId === room.id)
      expect(told).toEqual({ roomId: room.id, code: byCreator.code })
    }
    expect(dani.pushed('room:code-changed')).toEqual([])
    expect(failure(await dani.request('room:join', { code: oldCode }))).toBe('ROOM_NOT_FOUND')

    // The person hosting, once in the room, may change it too.
    expectOk(await ana.request('room:join', { code: byCreator.code }))
    const byHost = expectOk(await ana.request('room:new-code', { roomId: room.id }))
    expect(byHost.code).not.toBe(byCreator.code)
    await caio.waitFor('room:code-changed', (p) => p.code === byHost.code)
    expect(failure(await dani.request('room:join', { code: byCreator.code }))).toBe(
      'ROOM_NOT_FOUND'
    )
    // Members who are in stay in; the room's summary shows the code now in use.
    const summary = expectOk(await caio.request('session:start', {})).rooms.find(
      (r) => r.id === room.id
    )
    expect(summary?.code).toBe(byHost.code)

    // Stored: after a restart the old codes still find nothing, the new one finds the room.
    for (const c of open.splice(0)) c.close()
    await h.restart()
    const eva = await client(h, 'Eva')
    for (const code of [oldCode, byCreator.code]) {
      expect(failure(await eva.request('room:join', { code }))).toBe('ROOM_NOT_FOUND')
    }
    const joined = expectOk(await eva.request('room:join', { code: byHost.code }))
    expect(joined.room.id).toBe(room.id)
  })
})

describe('a removed person with a new key', () => {
  /**
   * Bia comes in through whatever door the host has (its password, or a knock the person hosting
   * lets in), then the person hosting removes her.
   */
  async function removeBia(
    h: TestHost,
    password?: string
  ): Promise<{ ana: WireClient; biaSecret: string }> {
    const ana = await client(h, 'Ana', owner)
    const biaSecret = newSecret()
    let entered = await tryConnect(h.port, 'Bia', { secret: biaSecret, password })
    if ('code' in entered && entered.code === 'KNOCKING') {
      const { knocks } = await ana.waitFor('knocks:changed', (p) => p.knocks.length === 1)
      expectOk(await ana.request('host:answer-knock', { knockId: knocks[0]!.id, admit: true }))
      entered = await tryConnect(h.port, 'Bia', { secret: biaSecret, password })
    }
    if ('code' in entered) throw new Error(`Bia could not come in: ${entered.code}`)
    const bia = entered
    open.push(bia)
    const biaId = expectOk(await bia.request('session:start', {})).self.id
    const gone = bia.waitForDisconnect()
    expectOk(await ana.request('member:remove', { userId: biaId }))
    await gone
    expect(await tryConnect(h.port, 'Bia', { secret: biaSecret, password })).toMatchObject({
      code: 'REMOVED'
    })
    return { ana, biaSecret }
  }

  it('on an open host is a new identity: her old name stays taken, another one gets in', async () => {
    const h = await fixtures.host()
    const { ana } = await removeBia(h)
    const newKey = newSecret()
    expect(await tryConnect(h.port, 'Bia', { secret: newKey })).toMatchObject({
      code: 'NICKNAME_TAKEN'
    })
    const back = await client(h, 'Bia 2', newKey)
    const start = expectOk(await back.request('session:start', {}))
    const removed = expectOk(await ana.request('host:removed', {})).removed
    expect(removed.map((r) => r.user.nickname)).toEqual(['Bia'])
    // A different person to the host: a new id, in the lobby only, not on the removed list.
    expect(start.self.id).not.toBe(removed[0]?.user.id)
    expect(start.rooms.map((r) => r.id)).toEqual([LOBBY_ROOM_ID])
  })

  it('on a host with a password is asked for it', async () => {
    const h = await fixtures.host({ password: 'segredo' })
    await removeBia(h, 'segredo')
    expect(await tryConnect(h.port, 'Bia 2')).toMatchObject({ code: 'PASSWORD_REQUIRED' })
    expect(await tryConnect(h.port, 'Bia 2', { password: 'segredo?' })).toMatchObject({
      code: 'PASSWORD_WRONG'
    })
  })

  it('on an "ask me first" host knocks, and the person hosting can turn her away', async () => {
    const h = await fixtures.host({ askFirst: true, knockRetryMs: 300 })
    const { ana, biaSecret } = await removeBia(h)
    // Her old key is simply refused: no knock to bother the host with.
    expect(await tryConnect(h.port, 'Bia', { secret: biaSecret })).toMatchObject({
      code: 'REMOVED'
    })
    expect(expectOk(await ana.request('host:knocks', {})).knocks).toEqual([])

    const newKey = newSecret()
    expect(await tryConnect(h.port, 'Bia 2', { secret: newKey, device: 'PC-03' })).toMatchObject({
      code: 'KNOCKING'
    })
    const { knocks } = await ana.waitFor('knocks:changed', (p) =>
      p.knocks.some((k) => k.nickname === 'Bia 2')
    )
    expect(knocks[0]).toMatchObject({ nickname: 'Bia 2', device: 'PC-03', address: '127.0.0.1' })
    expectOk(await ana.request('host:answer-knock', { knockId: knocks[0]!.id, admit: false }))
    expect(await tryConnect(h.port, 'Bia 2', { secret: newKey })).toMatchObject({
      code: 'TURNED_AWAY'
    })

    // "Let back in" of the old identity: known again, so she does not knock.
    const removed = expectOk(await ana.request('host:removed', {})).removed
    expectOk(await ana.request('member:readmit', { userId: removed[0]!.user.id }))
    const back = await client(h, 'Bia', biaSecret)
    expect(expectOk(await back.request('session:start', {})).self.id).toBe(removed[0]!.user.id)
  })
})
