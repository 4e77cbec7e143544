import { describe, expect, it } from 'vitest'
import { APP_ID, LIMITS, LOBBY_ROOM_ID, PROTOCOL_VERSION } from '../../src/shared/limits'
import type { Message } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { rawConnect } from '../helpers/raw-socket'
import {
  expectOk,
  newSecret,
  sleep,
  tryConnect,
  type WireClient,
  useHostFixtures,
  waitForPresence
} from '../helpers/wire-client'

// Issue 7, abuse limits: each rule of RATE_LIMITS crossed answers RATE_LIMITED with the time
// until the same request can succeed; ordinary use never meets them.

const { host, client } = useHostFixtures({})

const rule = (count: number, windowMs = 60_000) => ({ count, windowMs })

function expectLimited(result: Result<unknown>, maxWaitMs: number): number {
  expect(result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } })
  const wait = !result.ok ? result.error.retryAfterMs : undefined
  expect(wait).toBeGreaterThan(0)
  expect(wait).toBeLessThanOrEqual(maxWaitMs)
  return wait as number
}

const send = (c: WireClient, text: string, clientId = text, roomId = LOBBY_ROOM_ID) =>
  c.request('message:send', { roomId, text, clientId })

const noticesAbout = (c: WireClient, nickname: string): string[] =>
  c
    .messages()
    .filter((m): m is Extract<Message, { kind: 'notice' }> => m.kind === 'notice')
    .filter((m) => m.user.nickname === nickname && m.roomId === LOBBY_ROOM_ID)
    .map((m) => m.notice)

describe('message limits', () => {
  it('hold per network address too, whatever identities it uses', async () => {
    const h = await host({
      rateLimits: { messagesPerIdentity: rule(100), messagesPerAddress: rule(3, 10_000) }
    })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    expectOk(await send(ana, 'a1'))
    expectOk(await send(ana, 'a2'))
    expectOk(await send(bia, 'b1'))
    expectLimited(await send(bia, 'b2'), 10_000)
    expectLimited(await send(ana, 'a3'), 10_000)
  })

  it('never refuse the resend of a message already stored', async () => {
    const h = await host({ rateLimits: { messagesPerIdentity: rule(2) } })
    const ana = await client(h, 'Ana')
    const first = expectOk(await send(ana, 'um', 'c1')).message
    expectOk(await send(ana, 'dois', 'c2'))
    expectLimited(await send(ana, 'três', 'c3'), 60_000)
    expect(expectOk(await send(ana, 'um', 'c1')).message).toEqual(first)
  })

  it('bound the requests one connection has waiting for an answer', async () => {
    const h = await host()
    const auth = { app: APP_ID, protocol: PROTOCOL_VERSION, secret: newSecret(), nickname: 'Ana' }
    const raw = await rawConnect(h.port, auth)
    try {
      // Twenty sends in one TCP segment: all arrive in the same turn, before any commit.
      const answers = (await Promise.all(
        raw.emitAll(
          Array.from({ length: 20 }, (_, i) => [
            'message:send',
            { roomId: LOBBY_ROOM_ID, text: `m${i}`, clientId: `c${i}` }
          ])
        )
      )) as Result<{ message: Message }>[]
      const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code))
      expect(codes.filter((c) => c === 'ok')).toHaveLength(LIMITS.requestsInFlightMax)
      expect(codes.slice(0, LIMITS.requestsInFlightMax).every((c) => c === 'ok')).toBe(true)
      for (const refused of answers.slice(LIMITS.requestsInFlightMax)) expectLimited(refused, 1_000)
      // Once answered, the connection may send again.
      const [again] = raw.emitAll([
        ['message:send', { roomId: LOBBY_ROOM_ID, text: 'de novo', clientId: 'again' }]
      ])
      expect(await again).toMatchObject({ ok: true })
    } finally {
      raw.destroy()
    }
  })
})

describe('room limits', () => {
  it('limit room creation per identity and per address', async () => {
    const h = await host({
      rateLimits: { roomCreatesPerIdentity: rule(2), roomCreatesPerAddress: rule(3) }
    })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    expectOk(await ana.request('room:create', { name: 'Um' }))
    expectOk(await ana.request('room:create', { name: 'Dois' }))
    expectLimited(await ana.request('room:create', { name: 'Três' }), 60_000)
    expectOk(await bia.request('room:create', { name: 'Quatro' }))
    expectLimited(await bia.request('room:create', { name: 'Cinco' }), 60_000)
  })

  it('refuse even the right code after a few wrong ones, until the window passes', async () => {
    let now = 1_800_000_000_000
    const h = await host({
      now: () => now,
      rateLimits: { failedJoinsPerConnection: rule(3), failedJoinsPerAddress: rule(100) }
    })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const room = expectOk(await ana.request('room:create', { name: 'Segredo' })).room
    for (const guess of ['AAAAAA', 'BBBBBB', 'not a code']) {
      expect(await bia.request('room:join', { code: guess })).toMatchObject({
        ok: false,
        error: { code: 'ROOM_NOT_FOUND' }
      })
    }
    now += 10_000
    expect(
      expectLimited(await bia.request('room:join', { code: room.code as string }), 60_000)
    ).toBe(50_000)
    now += 50_000
    expectOk(await bia.request('room:join', { code: room.code as string }))
  })

  it('limit joining and leaving rooms per identity, so a loop cannot flood a history', async () => {
    const h = await host({ rateLimits: { membershipChangesPerIdentity: rule(3) } })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const room = expectOk(await ana.request('room:create', { name: 'Sala' })).room
    const code = room.code as string
    expectOk(await bia.request('room:join', { code }))
    expectOk(await bia.request('room:leave', { roomId: room.id }))
    expectOk(await bia.request('room:join', { code }))
    expectLimited(await bia.request('room:leave', { roomId: room.id }), 60_000)
    // Already in: joining again changes nothing, writes nothing and is never refused.
    expectOk(await bia.request('room:join', { code }))
    const page = expectOk(await ana.request('room:history', { roomId: room.id }))
    const notices = page.messages.flatMap((m) => (m.kind === 'notice' ? [m.notice] : []))
    expect(notices).toEqual(['created', 'joined', 'left', 'joined'])
  })

  it('limit wrong codes per address across connections', async () => {
    const h = await host({
      rateLimits: { failedJoinsPerConnection: rule(100), failedJoinsPerAddress: rule(2) }
    })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const room = expectOk(await ana.request('room:create', { name: 'Segredo' })).room
    await bia.request('room:join', { code: 'AAAAAA' })
    const other = await client(h, 'Caio')
    await other.request('room:join', { code: 'BBBBBB' })
    expectLimited(await bia.request('room:join', { code: room.code as string }), 60_000)
    expectLimited(await other.request('room:join', { code: room.code as string }), 60_000)
  })
})

describe('typing limit', () => {
  it('refuses typing starts past the limit, and drops those sent without an ack', async () => {
    const h = await host({ rateLimits: { typingPerIdentity: rule(2, 10_000) } })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const typing = (on: boolean) => bia.request('typing:set', { roomId: LOBBY_ROOM_ID, typing: on })
    expectOk(await typing(true))
    expectOk(await typing(false))
    expectOk(await typing(true))
    // Stopping is always allowed: an indicator never sticks because of the limit.
    expectOk(await typing(false))
    expectLimited(await typing(true), 10_000)
    bia.socket.emit('typing:set', { roomId: LOBBY_ROOM_ID, typing: true })
    await sleep(200)
    expect(ana.pushed('typing:update').map((t) => t.typing)).toEqual([true, false, true, false])
    expect(bia.socket.connected).toBe(true)
  })
})

describe('identity and presence limits', () => {
  it('refuses the handshake of too many new identities from one address', async () => {
    const h = await host({ rateLimits: { newIdentitiesPerAddress: rule(2) } })
    const ana = await client(h, 'Ana')
    await client(h, 'Bia')
    const refused = await tryConnect(h.port, 'Caio')
    expect(refused).toMatchObject({ code: 'RATE_LIMITED' })
    expect('retryAfterMs' in refused && refused.retryAfterMs).toBeGreaterThan(50_000)
    // Someone already known comes back as usual.
    ana.close()
    await sleep(50)
    expect((await client(h, 'Ana', ana.secret)).socket.connected).toBe(true)
  })

  it('keeps presence live but writes only a few online/offline lines per identity', async () => {
    const h = await host({ rateLimits: { presenceNoticesPerIdentity: rule(1) } })
    const watcher = await client(h, 'Caio')
    let ana = await client(h, 'Ana')
    for (let round = 0; round < 3; round++) {
      await waitForPresence(watcher, (p) => p.user.nickname === 'Ana' && p.online)
      const online = watcher.pushed('presence:update').length
      ana.close()
      await watcher.waitFor('presence:update', (p) =>
        p.changes.some((c) => c.user.nickname === 'Ana' && !c.online)
      )
      await sleep(20)
      if (round < 2) {
        expect(watcher.pushed('presence:update').length).toBeGreaterThan(online)
        watcher.pushes.length = 0
        ana = await client(h, 'Ana', ana.secret)
      }
    }
    expect(noticesAbout(watcher, 'Ana')).toEqual([])
    const history = expectOk(await watcher.request('room:history', { roomId: LOBBY_ROOM_ID }))
    const lines = history.messages
      .filter((m): m is Extract<Message, { kind: 'notice' }> => m.kind === 'notice')
      .filter((m) => m.user.nickname === 'Ana')
      .map((m) => m.notice)
    // joined + offline, then one online/offline pair; the third visit is live only.
    expect(lines).toEqual(['joined', 'offline', 'online', 'offline'])
  })
})

describe('ordinary use', () => {
  it('a person typing and chatting, reconnecting and mistyping a code meets no limit', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const room = expectOk(await ana.request('room:create', { name: 'Grupo' })).room
    const people = [ana]
    for (const name of ['Bia', 'Caio', 'Duda', 'Edu']) people.push(await client(h, name))
    const answers: Result<unknown>[] = []
    for (const person of people.slice(1)) {
      answers.push(await person.request('room:join', { code: 'ABC-123' }))
      answers.push(await person.request('room:join', { code: room.code as string }))
    }
    for (let i = 0; i < 20; i++) {
      answers.push(await ana.request('typing:set', { roomId: room.id, typing: true }))
      answers.push(await send(ana, `mensagem ${i}`, `a${i}`, room.id))
      answers.push(await send(people[1 + (i % 4)] as WireClient, `resposta ${i}`, `r${i}`, room.id))
    }
    let again = ana
    for (let i = 0; i < 3; i++) {
      again.close()
      await sleep(30)
      again = await client(h, 'Ana', ana.secret)
      answers.push(await again.request('session:start', {}))
      answers.push(await again.request('room:history', { roomId: room.id, afterSeq: 1 }))
    }
    const limited = answers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED')
    expect(limited).toEqual([])
  })
})
