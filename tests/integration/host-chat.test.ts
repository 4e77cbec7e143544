import { describe, expect, it } from 'vitest'
import { LIMITS, LOBBY_ROOM_ID, PROTOCOL_VERSION } from '../../src/shared/limits'
import type { Message } from '../../src/shared/models'
import {
  expectOk,
  newSecret,
  tryConnect,
  useHostFixtures,
  waitForPresence
} from '../helpers/wire-client'
import { signedAuth } from '../helpers/handshake'
import { probeAddress } from '../../src/main/client/probe'

// Issue 2 on the wire: a real host, several real socket.io clients on 127.0.0.1.

const { host, client } = useHostFixtures({ name: 'Sala 12' })

describe('host: joining', () => {
  it('answers the probe with who it is', async () => {
    const h = await host()
    const answer = await probeAddress({ host: '127.0.0.1', port: h.port }, 2_000)
    expect(answer).toMatchObject({
      kind: 'papo',
      info: {
        app: 'papo',
        protocol: PROTOCOL_VERSION,
        hostId: h.host.info.hostId,
        name: 'Sala 12',
        version: '0.0.0',
        access: { password: false, askFirst: false }
      },
      // The certificate the probe saw is the one the host serves (and prints).
      certificate: { fingerprint: h.host.fingerprint }
    })
    expect(h.host.info.hostId).toMatch(/^[\w-]{8,64}$/)
  })

  it('accepts a client, which starts in the lobby as itself', async () => {
    const h = await host()
    const ana = await client(h, '  Ana  ')
    const start = expectOk(await ana.request('session:start', {}))
    expect(start.self.nickname).toBe('Ana')
    expect(start.host.name).toBe('Sala 12')
    expect(start.rooms.map((r) => r.id)).toEqual([LOBBY_ROOM_ID])
    expect(start.rooms[0]?.isLobby).toBe(true)
  })

  it('refuses a nickname someone else holds, compared case-insensitively after trimming', async () => {
    const h = await host()
    await client(h, 'Ana')
    expect(await tryConnect(h.port, ' ANA ')).toMatchObject({ code: 'NICKNAME_TAKEN' })
    expect(await tryConnect(h.port, '')).toMatchObject({ code: 'NICKNAME_INVALID' })
    expect(await tryConnect(h.port, 'x'.repeat(33))).toMatchObject({ code: 'NICKNAME_INVALID' })
  })

  it('refuses handshakes that are not Papo or speak another protocol version', async () => {
    const h = await host()
    expect(await tryConnect(h.port, 'x', { auth: { hello: 1 } })).toMatchObject({
      code: 'BAD_REQUEST'
    })
    const { auth } = await signedAuth(h.port, newSecret(), 'x')
    expect(
      await tryConnect(h.port, 'x', { auth: { ...auth, protocol: PROTOCOL_VERSION + 1 } })
    ).toMatchObject({ code: 'PROTOCOL_MISMATCH' })
  })
})

describe('host: chatting in the lobby', () => {
  it('delivers a message to every member with the host id, seq and time', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const caio = await client(h, 'Caio')
    const before = Date.now()
    const sent = expectOk(
      await ana.request('message:send', {
        roomId: LOBBY_ROOM_ID,
        text: ' oi <b>gente</b> ',
        clientId: 'c1'
      })
    ).message
    const after = Date.now()
    expect(sent).toMatchObject({ kind: 'text', text: 'oi <b>gente</b>', clientId: 'c1' })
    expect(sent.at).toBeGreaterThanOrEqual(before)
    expect(sent.at).toBeLessThanOrEqual(after)
    for (const c of [ana, bia, caio]) {
      const got = await c.waitFor('message:new', (m) => m.kind === 'text')
      expect(got).toEqual(sent)
    }
  })

  it('announces arrivals and departures in the lobby, with presence for everyone', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const joined = await ana.waitForMessage((m) => m.kind === 'notice' && m.user.nickname === 'Bia')
    expect(joined).toMatchObject({ kind: 'notice', notice: 'joined', roomId: LOBBY_ROOM_ID })
    expect(await waitForPresence(ana, (p) => p.user.nickname === 'Bia')).toMatchObject({
      online: true
    })
    const members = expectOk(await ana.request('room:members', { roomId: LOBBY_ROOM_ID })).members
    expect(members.map((m) => [m.nickname, m.online])).toEqual([
      ['Ana', true],
      ['Bia', true]
    ])

    bia.close()
    const left = await ana.waitForMessage(
      (m) => m.kind === 'notice' && m.notice === 'offline' && m.user.nickname === 'Bia'
    )
    expect(left.seq).toBeGreaterThan(joined.seq)
    expect(await waitForPresence(ana, (p) => p.user.nickname === 'Bia' && !p.online)).toBeTruthy()
    const after = expectOk(await ana.request('room:members', { roomId: LOBBY_ROOM_ID })).members
    expect(after.find((m) => m.nickname === 'Bia')?.online).toBe(false)
  })

  it('answers invalid payloads with BAD_REQUEST and keeps serving', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bad = async (name: string, ...args: unknown[]) =>
      (await ana.raw(name, ...args)) as { ok: false; error: { code: string } }
    expect((await bad('message:send', { roomId: LOBBY_ROOM_ID })).error.code).toBe('BAD_REQUEST')
    expect((await bad('message:send', 'hello')).error.code).toBe('BAD_REQUEST')
    expect((await bad('message:send', null)).error.code).toBe('BAD_REQUEST')
    expect((await bad('message:send')).error.code).toBe('BAD_REQUEST')
    expect(
      (await bad('message:send', { roomId: LOBBY_ROOM_ID, text: 5, clientId: 'x' })).error.code
    ).toBe('BAD_REQUEST')
    expect((await bad('room:history', { roomId: LOBBY_ROOM_ID, limit: 10_000 })).error.code).toBe(
      'BAD_REQUEST'
    )
    expect((await bad('no:such-event', {})).error.code).toBe('BAD_REQUEST')
    expect(
      (await bad('message:send', { roomId: LOBBY_ROOM_ID, text: '   ', clientId: 'x' })).error.code
    ).toBe('BAD_REQUEST')
    // A request without an ack callback is not an error either.
    ana.socket.emit('typing:set', { roomId: LOBBY_ROOM_ID, typing: 'yes' })
    ana.socket.emit('message:send', { bogus: true })

    const ok = await ana.request('message:send', {
      roomId: LOBBY_ROOM_ID,
      text: 'still here',
      clientId: 'c2'
    })
    expect(ok.ok).toBe(true)
    const other = await client(h, 'Bia')
    expect((await other.request('session:start', {})).ok).toBe(true)
  })

  it('keeps message order per room with seqs 1, 2, 3… and no gaps', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? ana : bia).request('message:send', {
          roomId: LOBBY_ROOM_ID,
          text: `m${i}`,
          clientId: `c${i}`
        })
      )
    )
    const page = expectOk(await ana.request('room:history', { roomId: LOBBY_ROOM_ID, limit: 200 }))
    const seqs = page.messages.map((m: Message) => m.seq)
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1))
    expect(page.messages.filter((m) => m.kind === 'text')).toHaveLength(10)
  })
})

describe('host: many people writing at once', () => {
  it('delivers every text to every member once, in seq order, however they were batched', async () => {
    const fast = { count: 1_000, windowMs: 60_000 }
    const h = await host({ rateLimits: { messagesPerIdentity: fast, messagesPerAddress: fast } })
    const people = await Promise.all(['Ana', 'Bia', 'Caio', 'Duda', 'Edu'].map((n) => client(h, n)))
    const watcher = await client(h, 'Fabi')
    // Each sends as many texts as may wait for an answer at once, without waiting for acks:
    // they reach the host together, so many commit in one group.
    const perPerson = LIMITS.requestsInFlightMax
    const acks = await Promise.all(
      people.flatMap((p, who) =>
        Array.from({ length: perPerson }, (_, i) =>
          p.request('message:send', {
            roomId: LOBBY_ROOM_ID,
            text: `${who}:${i}`,
            clientId: `w${who}-${i}`
          })
        )
      )
    )
    const sent = acks.map((a) => expectOk(a).message)
    const total = people.length * perPerson
    const texts = (c: typeof watcher) => c.messages((m) => m.kind === 'text')
    const deadline = Date.now() + 10_000
    while ([watcher, ...people].some((c) => texts(c).length < total) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const bySeq = [...sent].sort((a, b) => a.seq - b.seq)
    for (const c of [watcher, ...people]) {
      // Exactly what was acknowledged, each once, in seq order, and seqs with no gap between
      // them (notices of arrivals included).
      expect(texts(c)).toEqual(bySeq)
      const seqs = c.messages().map((m) => m.seq)
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] ?? 0) + i))
    }
    // Each person's own texts keep the order they were sent in.
    for (const [who] of people.entries()) {
      const own = bySeq.filter((m) => m.kind === 'text' && m.text.startsWith(`${who}:`))
      expect(own.map((m) => (m.kind === 'text' ? m.text : ''))).toEqual(
        Array.from({ length: perPerson }, (_, i) => `${who}:${i}`)
      )
    }
    // How many came batched depends on how the sends met the host's event loop; that texts of
    // one commit make one push is shown byte for byte in host-durability.test.ts.
  })
})
