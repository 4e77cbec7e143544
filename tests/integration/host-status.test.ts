import { describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { Member } from '../../src/shared/models'
import {
  connectClient,
  expectOk,
  newSecret,
  presenceChanges,
  sleep,
  useHostFixtures,
  waitForPresence,
  type WireClient
} from '../helpers/wire-client'

// Issue 14, Status: available, away or do not disturb, per identity, told to everyone with
// presence and carried in every member list, for as long as the identity is online.

const { host, client } = useHostFixtures({ rosterBatchMs: 20 })

async function selfId(c: WireClient): Promise<string> {
  return expectOk(await c.request('session:start', {})).self.id
}

async function lobby(c: WireClient): Promise<Member[]> {
  return expectOk(await c.request('room:members', { roomId: LOBBY_ROOM_ID })).members
}

const statusOf = (members: Member[], id: string): [boolean, string] | undefined => {
  const m = members.find((x) => x.id === id)
  return m && [m.online, m.status]
}

describe('status on a real host', () => {
  it('is seen by everyone: in presence at once, in member lists, by newcomers and in rooms', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const anaId = await selfId(ana)
    expect(statusOf(await lobby(bia), anaId)).toEqual([true, 'available'])

    expectOk(await ana.request('status:set', { status: 'dnd' }))
    const change = await waitForPresence(bia, (c) => c.user.id === anaId && c.status === 'dnd')
    expect(change).toEqual({ user: { id: anaId, nickname: 'Ana' }, online: true, status: 'dnd' })
    // Ana's own windows hear it too (everyone shares the lobby).
    await waitForPresence(ana, (c) => c.user.id === anaId && c.status === 'dnd')
    expect(statusOf(await lobby(bia), anaId)).toEqual([true, 'dnd'])

    // Someone who arrives later sees it in the list they ask for.
    const caio = await client(h, 'Caio')
    expect(statusOf(await lobby(caio), anaId)).toEqual([true, 'dnd'])

    // And in a room's answer when they join it, and in members:changed when Ana joins one.
    const room = expectOk(await caio.request('room:create', { name: 'Grupo' })).room
    const joined = expectOk(await ana.request('room:join', { code: room.code as string }))
    expect(statusOf(joined.members, anaId)).toEqual([true, 'dnd'])
    const added = await caio.waitFor('members:changed', (p) => p.roomId === room.id)
    expect(added.joined).toEqual([{ id: anaId, nickname: 'Ana', online: true, status: 'dnd' }])

    expectOk(await ana.request('status:set', { status: 'away' }))
    await waitForPresence(bia, (c) => c.user.id === anaId && c.status === 'away')
    const before = presenceChanges(bia).length
    expectOk(await ana.request('status:set', { status: 'available' }))
    await bia.waitFor('presence:update', () =>
      presenceChanges(bia)
        .slice(before)
        .some((c) => c.user.id === anaId && c.status === 'available')
    )
    // Once per change, nothing twice (and Ana's arrival before, if Bia was there in time).
    const heard = presenceChanges(bia)
      .filter((c) => c.user.id === anaId)
      .map((c) => c.status)
    expect(heard.slice(heard.indexOf('dnd'))).toEqual(['dnd', 'away', 'available'])
    expect(heard.slice(0, heard.indexOf('dnd')).length).toBeLessThanOrEqual(1)
  })

  it('takes only the three statuses, and a payload that says nothing else', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    for (const payload of [
      { status: 'busy' },
      { status: 'DND' },
      { status: '' },
      { status: null },
      {},
      'dnd'
    ]) {
      const answer = (await ana.raw('status:set', payload)) as {
        ok: boolean
        error?: { code: string }
      }
      expect(answer, JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' }
      })
    }
    expect(statusOf(await lobby(ana), await selfId(ana))).toEqual([true, 'available'])
    for (const status of ['away', 'dnd', 'available'] as const) {
      expectOk(await ana.request('status:set', { status }))
    }
  })

  it('limits changes per identity; saying the same again is free and tells nobody', async () => {
    const h = await host({
      rateLimits: { statusChangesPerIdentity: { count: 2, windowMs: 60_000 } }
    })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const anaId = await selfId(ana)
    expectOk(await ana.request('status:set', { status: 'away' }))
    expectOk(await ana.request('status:set', { status: 'dnd' }))
    await waitForPresence(bia, (c) => c.user.id === anaId && c.status === 'dnd')
    const pushesBefore = bia.pushed('presence:update').length
    // Repeats: not counted, no push.
    for (let i = 0; i < 5; i++) expectOk(await ana.request('status:set', { status: 'dnd' }))
    const refused = await ana.request('status:set', { status: 'available' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } })
    expect(refused.ok ? 0 : (refused.error.retryAfterMs ?? 0)).toBeGreaterThan(0)
    await sleep(150)
    expect(bia.pushed('presence:update')).toHaveLength(pushesBefore)
    expect(statusOf(await lobby(bia), anaId)).toEqual([true, 'dnd'])
  })

  it('goes with the identity: offline says "available", and it comes back available', async () => {
    const h = await host()
    const secret = newSecret()
    const ana = await connectClient(h.port, 'Ana', { secret })
    const bia = await client(h, 'Bia')
    const anaId = await selfId(ana)
    expectOk(await ana.request('status:set', { status: 'dnd' }))
    await waitForPresence(bia, (c) => c.user.id === anaId && c.status === 'dnd')

    ana.close()
    const gone = await waitForPresence(bia, (c) => c.user.id === anaId && !c.online)
    expect(gone.status).toBe('available')
    expect(statusOf(await lobby(bia), anaId)).toEqual([false, 'available'])

    // Pushes are kept in order: the first change after going offline is the return.
    const seen = presenceChanges(bia).length
    const back = await client(h, 'Ana', secret)
    await bia.waitFor('presence:update', () => presenceChanges(bia).length > seen)
    expect(presenceChanges(bia).slice(seen)[0]).toMatchObject({ online: true, status: 'available' })
    expect(statusOf(await lobby(back), anaId)).toEqual([true, 'available'])
  })

  it('is the identity’s: the latest set from any connection wins, kept while one is open', async () => {
    const h = await host()
    const secret = newSecret()
    const first = await client(h, 'Ana', secret)
    const second = await client(h, 'Ana', secret)
    const bia = await client(h, 'Bia')
    const anaId = await selfId(first)
    expectOk(await first.request('status:set', { status: 'dnd' }))
    expect(statusOf(await lobby(second), anaId)).toEqual([true, 'dnd'])
    expectOk(await second.request('status:set', { status: 'away' }))
    await waitForPresence(bia, (c) => c.user.id === anaId && c.status === 'away')
    second.close()
    await sleep(200)
    expect(statusOf(await lobby(bia), anaId)).toEqual([true, 'away'])
  })

  it('outlives a blip inside the grace period', async () => {
    const h = await host({ presenceGraceMs: 2_000 })
    const secret = newSecret()
    const ana = await client(h, 'Ana', secret)
    const bia = await client(h, 'Bia')
    const anaId = await selfId(ana)
    expectOk(await ana.request('status:set', { status: 'away' }))
    await waitForPresence(bia, (c) => c.user.id === anaId && c.status === 'away')
    ana.close()
    await sleep(100)
    await client(h, 'Ana', secret)
    expect(statusOf(await lobby(bia), anaId)).toEqual([true, 'away'])
    expect(presenceChanges(bia).filter((c) => c.user.id === anaId && !c.online)).toEqual([])
  })
})
