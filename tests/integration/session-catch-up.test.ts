import { describe, expect, it } from 'vitest'
import type { Message } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { childProcessHost, inProcessHost } from '../helpers/restartable-host'
import {
  createRoom,
  expectOk,
  expectSameAsHost,
  joinAs,
  joinRoom,
  say,
  sleep,
  texts,
  useSessionFixtures
} from '../helpers/session-harness'
import { anaAndBiaViaRelay, cutLine, holdingConnect, waitUntil } from '../helpers/session-line'

// Exact catch-up through real hosts and real sockets: after a kill -9, a blip or a restart, the
// session hands the renderer every message it missed, once, in order, and nothing twice.

const fx = useSessionFixtures({ session: { rejoinDelays: { firstMs: 200, maxMs: 1_000 } } })

describe('catch-up after the host is killed and restarted', () => {
  it('kill -9, restart on the same port and folder, 5 lobby messages from another person in the gap: all delivered, once, in order', async () => {
    const host = await childProcessHost()
    fx.later(() => host.close())
    const { relay, ana, bia, biaJoined: joined } = await anaAndBiaViaRelay(fx, host.port)
    const from = joined.rooms.find((r) => r.isLobby)?.lastSeq ?? 0

    await say(ana, 'lobby', 'before the crash')
    await bia.waitForEvent('message:new', (e) => texts([e.payload])[0] === 'before the crash')

    // Bia's line stays down until Ana has spoken: the 5 messages fall squarely in her gap.
    const anaMark = ana.mark()
    const biaMark = bia.mark()
    relay.cut()
    await host.kill()
    await host.start()
    await ana.waitForEvent('session:synced', undefined, 20_000, anaMark)
    const gap: string[] = []
    for (let i = 1; i <= 5; i++) gap.push((await say(ana, 'lobby', `during the gap ${i}`)).id)
    relay.restore()
    await bia.waitForEvent('session:synced', undefined, 20_000, biaMark)

    const seen = await expectSameAsHost(bia, ana, 'lobby', from)
    expect(seen.filter((m) => gap.includes(m.id)).map((m) => m.id)).toEqual(gap)
    expect(texts(seen)).toEqual([
      'before the crash',
      ...gap.map((_, i) => `during the gap ${i + 1}`)
    ])
    expect(bia.events.some((e) => e.type === 'session:closed')).toBe(false)
  })
})

describe('catch-up after a blip', () => {
  it('a message queued for a room during a 1.5 s cut: everything arrives and the cursor stays right', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const { relay, ana, bia, biaJoined: joined } = await anaAndBiaViaRelay(fx, host.port)
    const lobbyFrom = joined.rooms.find((r) => r.isLobby)?.lastSeq ?? 0
    const room = await createRoom(ana, 'Trabalho')
    const entered = await joinRoom(bia, room.room.code as string)
    const roomFrom = entered.room.lastSeq
    await say(ana, room.room.id, 'first')
    await bia.waitForEvent('message:new', (e) => texts([e.payload])[0] === 'first')

    const mark = await cutLine(bia, relay)
    const queued = bia.dispatch('message:send', {
      roomId: room.room.id,
      text: 'typed during the blip',
      clientId: 'blip-1'
    }) as Promise<Result<{ message: Message }>>
    for (let i = 1; i <= 3; i++) await say(ana, room.room.id, `missed ${i}`)
    await say(ana, 'lobby', 'missed in the lobby')
    await sleep(1_500)
    relay.restore()

    const sent = expectOk(await queued).message
    await bia.waitForEvent('session:synced', undefined, 15_000, mark)
    // After the catch-up, the next push lands right after the cursor: delivered, not dropped.
    const after = await say(ana, room.room.id, 'after the blip')
    await bia.waitForEvent('message:new', (e) => e.payload.id === after.id)

    const seen = await expectSameAsHost(bia, ana, room.room.id, roomFrom)
    expect(texts(seen)).toEqual([
      'first',
      'missed 1',
      'missed 2',
      'missed 3',
      'typed during the blip',
      'after the blip'
    ])
    expect(seen.filter((m) => m.id === sent.id)).toHaveLength(1)
    await expectSameAsHost(bia, ana, 'lobby', lobbyFrom)
  })
})

/**
 * A `connect` for the session that, once armed, holds the next line's `session:start` (before it
 * reaches the host) until the test lets it go, and records what the host pushed on that line
 * meanwhile.
 */
const holdSessionStart = () =>
  holdingConnect({ holds: (name) => name === 'session:start', waits: 'request' })

describe('pushes that arrive before session:start answers', () => {
  it('on a reconnect: none lost, none twice, holes filled around them', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const hold = holdSessionStart()
    const {
      relay,
      ana,
      bia,
      biaJoined: joined
    } = await anaAndBiaViaRelay(fx, host.port, {
      session: { connect: hold.connect }
    })
    const lobbyFrom = joined.rooms.find((r) => r.isLobby)?.lastSeq ?? 0
    const room = await createRoom(ana, 'Grupo')
    const roomFrom = (await joinRoom(bia, room.room.code as string)).room.lastSeq

    const mark = await cutLine(bia, relay)
    await say(ana, 'lobby', 'gap lobby 1')
    await say(ana, 'lobby', 'gap lobby 2')
    await say(ana, room.room.id, 'gap room 1')

    hold.state.arm()
    relay.restore()
    await hold.state.reached
    // Bia's new line is in the rooms but her session:start has not reached the host: these are
    // pushed to her first, at seqs past the hole the gap left.
    await say(ana, 'lobby', 'early lobby 1')
    await say(ana, room.room.id, 'early room 1')
    await say(ana, 'lobby', 'early lobby 2')
    const messagesHeld = (): number =>
      hold.state.pushedWhileHeld.filter((p) => p.name === 'message:new').length
    await waitUntil(() => messagesHeld() >= 3, 'the early pushes')
    hold.state.release()
    await bia.waitForEvent('session:synced', undefined, 15_000, mark)

    const lobby = await expectSameAsHost(bia, ana, 'lobby', lobbyFrom)
    expect(texts(lobby)).toEqual(['gap lobby 1', 'gap lobby 2', 'early lobby 1', 'early lobby 2'])
    const inRoom = await expectSameAsHost(bia, ana, room.room.id, roomFrom)
    expect(texts(inRoom)).toEqual(['gap room 1', 'early room 1'])
    // And the line goes on normally.
    const next = await say(ana, 'lobby', 'next')
    await bia.waitForEvent('message:new', (e) => e.payload.id === next.id)
    await expectSameAsHost(bia, ana, 'lobby', lobbyFrom)
  })

  it('on the first connection: what session:start already counts is left to the renderer, once', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const hold = holdSessionStart()
    const ana = fx.session()
    const bia = fx.session({ session: { connect: hold.connect } })
    await joinAs(ana, 'Ana', host.port)
    hold.state.arm()
    const joining = joinAs(bia, 'Bia', host.port)
    await hold.state.reached
    await say(ana, 'lobby', 'while Bia arrives')
    await waitUntil(
      () => hold.state.pushedWhileHeld.some((p) => p.name === 'message:new'),
      'the early push'
    )
    hold.state.release()
    const joined = await joining
    const lobbyFrom = joined.rooms.find((r) => r.isLobby)?.lastSeq ?? 0
    // The early pushes are inside what start counted: the renderer's first page has them.
    expect(bia.delivered('lobby').filter((m) => m.seq <= lobbyFrom)).toEqual([])
    const next = await say(ana, 'lobby', 'after Bia arrived')
    await bia.waitForEvent('message:new', (e) => e.payload.id === next.id)
    const seen = await expectSameAsHost(bia, ana, 'lobby', lobbyFrom)
    expect(texts(seen)).toEqual(['after Bia arrived'])
  })
})
