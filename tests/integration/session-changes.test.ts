import { describe, expect, it } from 'vitest'
import { createChangeFeeds, type ChangeFeeds } from '../../src/main/session/change-feeds'
import type { Connect } from '../../src/main/session/line'
import type { BridgeEvent } from '../../src/shared/bridge'
import { LIMITS } from '../../src/shared/limits'
import type { Message, TextMessage } from '../../src/shared/models'
import { ok, type Result } from '../../src/shared/result'
import type { ResponseData } from '../../src/shared/wire/protocol'
import { scriptedText } from '../helpers/messages'
import { inProcessHost } from '../helpers/restartable-host'
import {
  createRoom,
  expectOk,
  hostHistory,
  joinAs,
  joinRoom,
  say,
  sleep,
  type TestSession,
  useSessionFixtures
} from '../helpers/session-harness'
import { cutLine, holdingConnect, waitUntil } from '../helpers/session-line'
import { startRelay } from '../helpers/tcp-tools'

// Edits, deletes and reactions reach the renderer live and after a reconnect: each room's
// change cursor (change-feeds.ts) catches up with `room:changes` after the new messages, before
// `session:synced`, and a message's later state is never followed by an earlier one.

const fx = useSessionFixtures({ session: { rejoinDelays: { firstMs: 100, maxMs: 800 } } })

// ---------------------------------------------------------------------------------------------
// The change feeds alone, against a scripted host.

type ChangesPage = ResponseData<'room:changes'>

/**
 * A room's messages and change counter, answering room:changes as the contract says. With
 * `lastChangeIsRoom`, lastChange is always the room's cursor (even with hasMore); otherwise the
 * last message's change when hasMore.
 */
function scriptedRoom(roomId: string, count: number, lastChangeIsRoom = false) {
  const messages = new Map<string, TextMessage>()
  for (let seq = 1; seq <= count; seq++) {
    const m = scriptedText(roomId, seq)
    messages.set(m.id, m)
  }
  let counter = 0
  const calls: number[] = []
  return {
    calls,
    get counter() {
      return counter
    },
    current: (id: string) => messages.get(id) as TextMessage,
    all: () => [...messages.values()],
    /** Edits a message (by seq); returns the push the host would send. */
    change(seq: number): TextMessage {
      const id = `${roomId}-${seq}`
      const before = messages.get(id) as TextMessage
      counter++
      const next = {
        ...before,
        text: `${before.text}'`,
        editedAt: 2_000 + counter,
        change: counter
      }
      messages.set(id, next)
      return next
    },
    answer(afterChange: number, limit: number): Result<ChangesPage> {
      calls.push(afterChange)
      const changed = [...messages.values()]
        .filter((m) => m.change > afterChange)
        .sort((a, b) => a.change - b.change)
      const page = changed.slice(0, limit)
      const hasMore = changed.length > limit
      const lastChange =
        hasMore && !lastChangeIsRoom ? (page.at(-1) as TextMessage).change : counter
      return ok({ messages: page, lastChange, hasMore })
    }
  }
}

/** Feeds for one scripted room, recording what they deliver. */
function feedsOn(
  room: ReturnType<typeof scriptedRoom>,
  opts: {
    limit?: number
    beforeAnswer?: () => void | Promise<void>
    /**
     * Pushes sent after the answer that still reach the feed before it (one TCP chunk: the ack
     * settles a promise, the pushes after it are handled at once).
     */
    afterAnswer?: () => void
  } = {}
) {
  const delivered: TextMessage[] = []
  const broken: string[] = []
  const feeds: ChangeFeeds = createChangeFeeds({
    async fetchChanges(_roomId, afterChange, limit) {
      // The host computes the answer after whatever happens first (pushes reach the client
      // before the answer, as on one socket).
      await new Promise((resolve) => setImmediate(resolve))
      await opts.beforeAnswer?.()
      const answer = room.answer(afterChange, Math.min(limit, opts.limit ?? limit))
      opts.afterAnswer?.()
      return answer
    },
    deliver: (m) => delivered.push(m),
    wait: async () => {},
    onBroken: (roomId) => broken.push(roomId)
  })
  return { feeds, delivered, broken }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** Per room, deliveries rise strictly in change number (so per message too). */
function expectRising(delivered: readonly TextMessage[]): void {
  const last = new Map<string, number>()
  for (const m of delivered) {
    expect(m.change, `${m.id} at change ${m.change}`).toBeGreaterThan(last.get(m.roomId) ?? -1)
    last.set(m.roomId, m.change)
  }
}

/** The last state delivered of each message equals the host's, for every message changed. */
function expectCurrent(
  room: ReturnType<typeof scriptedRoom>,
  delivered: readonly TextMessage[],
  from = 0
): void {
  const seen = new Map<string, TextMessage>()
  for (const m of delivered) seen.set(m.id, m)
  for (const m of room.all()) if (m.change > from) expect(seen.get(m.id)).toEqual(m)
}

describe('change feeds against a scripted host', () => {
  it('live: the next change goes out at once, an old or repeated one is dropped', async () => {
    const room = scriptedRoom('r', 5)
    const { feeds, delivered } = feedsOn(room)
    feeds.track('r', 0)
    const first = room.change(1)
    const second = room.change(2)
    feeds.receive(first)
    feeds.receive(second)
    feeds.receive(first)
    feeds.receive(second)
    await settle()
    expect(delivered).toEqual([first, second])
    expect(room.calls).toEqual([])
    expect(feeds.cursor('r')).toBe(2)
  })

  it('live: a push past a hole waits for room:changes to bring what was missed', async () => {
    const room = scriptedRoom('r', 5)
    const { feeds, delivered } = feedsOn(room)
    feeds.track('r', 0)
    room.change(1)
    room.change(2)
    room.change(1)
    const late = room.change(3)
    feeds.receive(late)
    await settle()
    expect(room.calls).toEqual([0])
    expectRising(delivered)
    expectCurrent(room, delivered)
    expect(delivered.map((m) => `${m.id}@${m.change}`)).toEqual(['r-2@2', 'r-1@3', 'r-3@4'])
  })

  it('sync: pushes wait for fillAll, then go out after the pages, superseded ones dropped', async () => {
    const room = scriptedRoom('r', 10)
    let during: TextMessage[] = []
    const { feeds, delivered } = feedsOn(room, {
      limit: 2,
      // While the pages are asked for, more changes are made and pushed.
      beforeAnswer: () => {
        if (room.calls.length < 2) {
          during = [room.change(1), room.change(7)]
          for (const m of during) feeds.receive(m)
        }
      }
    })
    feeds.track('r', 0)
    const seen = room.change(1)
    feeds.receive(seen)
    // The line drops; four changes are missed.
    for (const seq of [2, 3, 1, 4]) room.change(seq)
    feeds.beginSync()
    // Pushed on the new line before session:start answered: held.
    const early = room.change(5)
    feeds.receive(early)
    feeds.rebase('r', room.counter)
    feeds.track('r', room.counter)
    expect(delivered).toEqual([seen])
    expect(await feeds.fillAll()).toBe('done')
    expectRising(delivered)
    expectCurrent(room, delivered)
    // And live again: the next push goes straight out.
    const next = room.change(9)
    feeds.receive(next)
    expect(delivered.at(-1)).toEqual(next)
  })

  for (const lastChangeIsRoom of [false, true]) {
    it(`random interleavings (lastChange ${lastChangeIsRoom ? 'the room cursor' : 'per page'}): rising, current, nothing lost`, async () => {
      let seed = 12345 + (lastChangeIsRoom ? 1 : 0)
      const random = (): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
        return seed / 2_147_483_648
      }
      for (let round = 0; round < 40; round++) {
        const room = scriptedRoom('r', 12, lastChangeIsRoom)
        let connected = true
        let quiet = false
        const act = (): void => {
          if (quiet) return
          for (let n = Math.floor(random() * 3); n > 0; n--) {
            const pushed = room.change(1 + Math.floor(random() * 12))
            // On a live line a push may still be lost (a hole); never while disconnected.
            if (connected && random() > 0.15) feeds.receive(pushed)
          }
        }
        const { feeds, delivered } = feedsOn(room, {
          limit: 3,
          beforeAnswer: act,
          afterAnswer: () => {
            if (random() < 0.5) act()
          }
        })
        feeds.track('r', 0)
        for (let step = 0; step < 12; step++) {
          const what = random()
          if (what < 0.5) {
            act()
            await settle()
          } else {
            connected = false
            for (let n = Math.floor(random() * 5); n > 0; n--)
              room.change(1 + Math.floor(random() * 12))
            connected = true
            feeds.beginSync()
            act()
            feeds.rebase('r', room.counter)
            feeds.track('r', room.counter)
            expect(await feeds.fillAll()).toBe('done')
          }
        }
        // Quiet now (a push lost with nothing after it shows no hole until the next sync): a
        // last sync, then everything must be current.
        quiet = true
        await settle()
        feeds.beginSync()
        feeds.track('r', room.counter)
        await feeds.fillAll()
        await settle()
        expectRising(delivered)
        expectCurrent(room, delivered)
        feeds.close()
      }
    })
  }
})

// ---------------------------------------------------------------------------------------------
// Real host, real sockets.

const changedOf = (s: TestSession, since = 0): TextMessage[] =>
  s.events.slice(since).flatMap((e) => (e.type === 'message:changed' ? [e.payload.message] : []))

/** Every state of each message the session handed over (message:new, then message:changed). */
function statesById(events: readonly BridgeEvent[]): Map<string, number[]> {
  const states = new Map<string, number[]>()
  for (const e of events) {
    const m =
      e.type === 'message:new' && e.payload.kind === 'text'
        ? e.payload
        : e.type === 'message:changed'
          ? e.payload.message
          : null
    if (!m) continue
    states.set(m.id, [...(states.get(m.id) ?? []), m.change])
  }
  return states
}

/** No message's state ever goes back: each message's change numbers never fall. */
function expectNoRegression(events: readonly BridgeEvent[]): void {
  for (const [id, changes] of statesById(events)) {
    const sorted = [...changes].sort((a, b) => a - b)
    expect(changes, `states of ${id}`).toEqual(sorted)
  }
}

/** The last state the session handed over of a message. */
function lastState(s: TestSession, id: string): TextMessage | undefined {
  let last: TextMessage | undefined
  for (const e of s.events) {
    if (e.type === 'message:new' && e.payload.id === id && e.payload.kind === 'text')
      last = e.payload
    if (e.type === 'message:changed' && e.payload.message.id === id) last = e.payload.message
  }
  return last
}

async function edit(s: TestSession, messageId: string, text: string): Promise<TextMessage> {
  const answer = (await s.dispatch('message:edit', { messageId, text })) as Result<{
    message: TextMessage
  }>
  return expectOk(answer).message
}

async function remove(s: TestSession, messageId: string): Promise<TextMessage> {
  const answer = (await s.dispatch('message:delete', { messageId })) as Result<{
    message: TextMessage
  }>
  return expectOk(answer).message
}

async function react(
  s: TestSession,
  messageId: string,
  emoji: string,
  on: boolean
): Promise<TextMessage> {
  const answer = (await s.dispatch('message:react', { messageId, emoji, on })) as Result<{
    message: TextMessage
  }>
  return expectOk(answer).message
}

/** The host's current state of a room's text messages, by id (read through a member). */
async function hostStates(reader: TestSession, roomId: string): Promise<Map<string, TextMessage>> {
  const all = await hostHistory(reader, roomId, 0)
  return new Map(all.flatMap((m) => (m.kind === 'text' ? [[m.id, m] as const] : [])))
}

/**
 * A `connect` that, once armed, holds the answer to the next room:changes (already computed by
 * the host) until the test lets it go, recording what the host pushes meanwhile.
 */
const gatedChanges = () =>
  holdingConnect({ holds: (name) => name === 'room:changes', waits: 'answer' })

/** Ana on the host, Bia through a relay the test can cut, both in one room with 4 messages. */
async function twoInARoom(biaConnect?: Connect) {
  const host = await inProcessHost()
  fx.later(() => host.close())
  const relay = await startRelay(host.port)
  fx.later(() => relay.close())
  const ana = fx.session()
  const bia = fx.session(biaConnect ? { session: { connect: biaConnect } } : {})
  await joinAs(ana, 'Ana', host.port)
  await joinAs(bia, 'Bia', relay.port)
  const room = await createRoom(ana, 'Conversa')
  await joinRoom(bia, room.room.code as string)
  const roomId = room.room.id
  const m: Message[] = []
  for (let i = 1; i <= 4; i++) m.push(await say(ana, roomId, `message ${i}`))
  const last = m[3] as Message
  await bia.waitForEvent('message:new', (e) => e.payload.id === last.id)
  return {
    host,
    relay,
    ana,
    bia,
    roomId,
    m: m.map((x) => x.id) as [string, string, string, string]
  }
}

describe('changes made while a client is away', () => {
  it('edit, delete, react, un-react, a new message edited: all delivered in their final state before session:synced', async () => {
    const { relay, ana, bia, roomId, m } = await twoInARoom()
    const [m1, m2, m3, m4] = m
    // A reaction from before the cut, seen live.
    const thumbs = await react(ana, m4, '👍', true)
    await bia.waitForEvent('message:changed', (e) => e.payload.message.change === thumbs.change)
    expect(lastState(bia, m4)?.reactions).toEqual([{ emoji: '👍', userIds: [thumbs.author.id] }])

    const mark = await cutLine(bia, relay)
    await edit(ana, m1, 'message 1, first edit')
    await edit(ana, m1, 'message 1, edited')
    await remove(ana, m2)
    await react(ana, m3, '❤️', true)
    await react(ana, m4, '👍', false)
    const fresh = await say(ana, roomId, 'new in the gap')
    await edit(ana, fresh.id, 'new in the gap, edited')
    // Bia's queued reply to m1 keeps its replyTo through the outbox.
    const reply = bia.dispatch('message:send', {
      roomId,
      text: 'a reply typed while away',
      clientId: 'reply-away-1',
      replyTo: m1
    }) as Promise<Result<{ message: Message }>>
    await sleep(300)
    relay.restore()

    const synced = await bia.waitForEvent('session:synced', undefined, 15_000, mark)
    const syncedAt = bia.events.indexOf(synced)
    const host = await hostStates(ana, roomId)
    const before = bia.events.slice(mark, syncedAt)
    // Each one is current by session:synced.
    for (const id of [m1, m2, m3, m4, fresh.id]) {
      const seen = statesById(before).get(id)
      expect(seen, `${id} delivered during the catch-up`).toBeDefined()
      let last: TextMessage | undefined
      for (const e of before) {
        if (e.type === 'message:new' && e.payload.id === id && e.payload.kind === 'text')
          last = e.payload
        if (e.type === 'message:changed' && e.payload.message.id === id) last = e.payload.message
      }
      expect(last).toEqual(host.get(id))
    }
    expect(host.get(m1)?.text).toBe('message 1, edited')
    expect(host.get(m1)?.editedAt).not.toBeNull()
    expect(host.get(m2)?.deletedAt).not.toBeNull()
    expect(host.get(m2)?.text).toBe('')
    expect(host.get(m3)?.reactions.map((r) => r.emoji)).toEqual(['❤️'])
    expect(host.get(m4)?.reactions).toEqual([])
    expect(host.get(fresh.id)?.text).toBe('new in the gap, edited')
    // The message new in the gap came as message:new already edited.
    const arrived = before.find((e) => e.type === 'message:new' && e.payload.id === fresh.id)
    expect(
      arrived?.type === 'message:new' && arrived.payload.kind === 'text' && arrived.payload.text
    ).toBe('new in the gap, edited')
    // Each change of an old message came once, in the room's change order.
    const changes = changedOf(bia, mark)
      .filter((c) => c.roomId === roomId)
      .map((c) => c.change)
    expect(changes).toEqual([...new Set(changes)].sort((a, b) => a - b))
    expectNoRegression(bia.events)
    // The summary moved with the changes.
    const room = synced.payload.rooms.find((r) => r.id === roomId)
    expect(room?.lastChange).toBe(Math.max(...[...host.values()].map((x) => x.change)))

    const sent = expectOk(await reply).message
    expect(sent.kind === 'text' && sent.replyTo?.id).toBe(m1)

    // Live again: the next change goes straight to her.
    const later = await edit(ana, m3, 'message 3, edited after')
    await bia.waitForEvent('message:changed', (e) => e.payload.message.change === later.change)
    expect(lastState(bia, m3)).toEqual(later)
    expectNoRegression(bia.events)
  })

  it('a change pushed while room:changes is on its way: not lost, not overtaken by the older page', async () => {
    const gate = gatedChanges()
    const { relay, ana, bia, roomId, m } = await twoInARoom(gate.connect)
    const [m1, m2] = m
    const mark = await cutLine(bia, relay)
    await edit(ana, m1, 'm1 in the gap')
    await react(ana, m2, '🎉', true)
    gate.state.arm()
    relay.restore()
    // The host answered room:changes (m1 "in the gap"); the answer waits while m1 changes again.
    await gate.state.reached
    const newest = await edit(ana, m1, 'm1 after the page')
    await waitUntil(
      () => gate.state.pushedWhileHeld.some((p) => p.name === 'message:changed'),
      'the push during the catch-up'
    )
    expect(bia.events.slice(mark).some((e) => e.type === 'session:synced')).toBe(false)
    gate.state.release()
    const synced = await bia.waitForEvent('session:synced', undefined, 15_000, mark)
    const before = bia.events.slice(mark, bia.events.indexOf(synced))
    expectNoRegression(bia.events)
    expect(lastState(bia, m1)).toEqual(newest)
    const host = await hostStates(ana, roomId)
    expect(lastState(bia, m2)).toEqual(host.get(m2))
    // Both changes arrived before session:synced, the newest last.
    expect(before.filter((e) => e.type === 'message:changed').at(-1)).toEqual({
      type: 'message:changed',
      payload: { message: newest }
    })
  })

  it('changes pushed before session:start answers are held and caught up in order', async () => {
    const { relay, ana, bia, roomId, m } = await twoInARoom()
    const mark = await cutLine(bia, relay)
    for (const id of m) await edit(ana, id, `gap edit of ${id}`)
    relay.restore()
    // Race changes against the reconnect: some land before, some during, some after catch-up.
    const racing: Promise<TextMessage>[] = []
    for (let i = 0; i < 6; i++) {
      racing.push(react(ana, m[i % 4] as string, i % 2 === 0 ? '👀' : '✅', true))
      await sleep(40)
    }
    await Promise.all(racing)
    await bia.waitForEvent('session:synced', undefined, 15_000, mark)
    const host = await hostStates(ana, roomId)
    await waitUntil(
      () => m.every((id) => lastState(bia, id)?.change === host.get(id)?.change),
      'every message current'
    )
    for (const id of m) expect(lastState(bia, id)).toEqual(host.get(id))
    expectNoRegression(bia.events)
  })
})

/**
 * A `connect` that can drop the next `message:new` push (a hole on a live line) and hold the
 * answer to the `room:history` page that fills it (already computed by the host) until the
 * test lets it go, recording what the host pushes meanwhile.
 */
const holeThenGatedHistory = () =>
  holdingConnect({
    holds: (name, payload) =>
      name === 'room:history' && (payload as { afterSeq?: number }).afterSeq !== undefined,
    waits: 'answer',
    drops: (push) => push.name === 'message:new'
  })

describe('a change of a message still held past a hole', () => {
  it('goes out with the message: the renderer never gets the older state after it', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const wire = holeThenGatedHistory()
    const ana = fx.session()
    const bia = fx.session({ session: { connect: wire.connect } })
    await joinAs(ana, 'Ana', host.port)
    await joinAs(bia, 'Bia', host.port)
    const room = await createRoom(ana, 'Buracos')
    const roomId = room.room.id
    await joinRoom(bia, room.room.code as string)
    const first = await say(ana, roomId, 'before the hole')
    await bia.waitForEvent('message:new', (e) => e.payload.id === first.id)

    wire.state.arm()
    await say(ana, roomId, 'lost on the way')
    const held = await say(ana, roomId, 'held past the hole')
    // Bia's fill of the hole has its answer (with the message unedited) but not yet in hand.
    await wire.state.reached
    const edited = await edit(ana, held.id, 'held past the hole, edited')
    await waitUntil(
      () => wire.state.pushedWhileHeld.some((p) => p.name === 'message:changed'),
      'the edit pushed during the fill'
    )
    wire.state.release()
    await bia.waitForEvent('message:new', (e) => e.payload.id === held.id)
    expect(lastState(bia, held.id)).toEqual(edited)
    expectNoRegression(bia.events)
    // No message:changed of it went out before the message itself.
    const firstSeen = bia.events.findIndex(
      (e) =>
        (e.type === 'message:new' && e.payload.id === held.id) ||
        (e.type === 'message:changed' && e.payload.message.id === held.id)
    )
    expect(bia.events[firstSeen]?.type).toBe('message:new')
  })
})

describe('another window of the same person', () => {
  it('sees the same edits, deletes and reactions live', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const ana = fx.session()
    await joinAs(ana, 'Ana', host.port)
    const second = fx.session({ dataDir: ana.dataDir })
    const info = await joinAs(second, 'Ana', host.port)
    expect(info.self.id).toBe((await ana.session.info())?.self.id)
    const room = await createRoom(ana, 'Janelas')
    const roomId = room.room.id
    await second.waitForEvent('room:added', (e) => e.payload.id === roomId)
    const a = await say(ana, roomId, 'one')
    const b = await say(ana, roomId, 'two')
    await second.waitForEvent('message:new', (e) => e.payload.id === b.id)

    const edited = await edit(ana, a.id, 'one, edited')
    const reacted = await react(second, a.id, '👍', true)
    const deleted = await remove(second, b.id)
    for (const c of [edited, reacted, deleted]) {
      for (const w of [ana, second]) {
        await w.waitForEvent('message:changed', (e) => e.payload.message.change === c.change)
      }
    }
    const states = await hostStates(ana, roomId)
    for (const w of [ana, second]) {
      expect(lastState(w, a.id)).toEqual(states.get(a.id))
      expect(lastState(w, b.id)).toEqual(states.get(b.id))
      expectNoRegression(w.events)
    }
    expect(states.get(a.id)?.reactions).toEqual([{ emoji: '👍', userIds: [info.self.id] }])
  })
})

describe('the bridge methods for changes, DMs and search', () => {
  it('validate their arguments before the host, then reach it', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const ana = fx.session()
    // Not in a chat: well-formed calls get as far as the session (NOT_CONNECTED), bad ones not.
    const offline = [
      ['message:edit', { messageId: 'm', text: 'fine' }],
      ['message:delete', { messageId: 'm' }],
      ['message:react', { messageId: 'm', emoji: '👍', on: true }],
      ['dm:open', { userId: 'u' }],
      ['search', { query: 'voce' }]
    ] as const
    for (const [method, args] of offline) {
      const answer = await ana.dispatch(method, args)
      expect(answer.ok || answer.error.code, method).toBe('NOT_CONNECTED')
    }
    const refused: [string, unknown, string][] = [
      ['message:react', { messageId: 'm', emoji: 5, on: true }, 'BAD_REQUEST'],
      [
        'message:react',
        { messageId: 'm', emoji: 'x'.repeat(LIMITS.reactionMax + 1), on: true },
        'BAD_REQUEST'
      ],
      ['message:react', { messageId: 'm', emoji: '👍' }, 'BAD_REQUEST'],
      ['message:edit', { messageId: 'm', text: 'x'.repeat(LIMITS.messageMax + 1) }, 'TOO_LONG'],
      ['message:edit', { messageId: 'm' }, 'BAD_REQUEST'],
      ['message:delete', {}, 'BAD_REQUEST'],
      ['dm:open', { userId: 7 }, 'BAD_REQUEST'],
      ['search', { query: '' }, 'BAD_REQUEST'],
      ['search', { query: 'q'.repeat(LIMITS.searchQueryMax + 1) }, 'BAD_REQUEST'],
      ['message:send', { roomId: 'lobby', text: 'hi', clientId: 'c', replyTo: 3 }, 'BAD_REQUEST']
    ]
    for (const [method, args, code] of refused) {
      const answer = await ana.dispatch(method, args)
      expect(answer.ok || answer.error.code, `${method} ${JSON.stringify(args)}`).toBe(code)
    }

    // In a chat: the same calls are the host's to answer.
    await joinAs(ana, 'Ana', host.port)
    const bia = fx.session()
    const biaInfo = await joinAs(bia, 'Bia', host.port)
    const mine = await say(ana, 'lobby', 'você está aí?')
    const edited = (await ana.dispatch('message:edit', {
      messageId: mine.id,
      text: '  você está aí, Bia?  '
    })) as Result<{ message: TextMessage }>
    expect(expectOk(edited).message.text).toBe('você está aí, Bia?')
    const notHers = await bia.dispatch('message:edit', { messageId: mine.id, text: 'mine now' })
    expect(notHers.ok || notHers.error.code).toBe('FORBIDDEN')
    const unknown = await ana.dispatch('message:delete', { messageId: 'no-such-message' })
    expect(unknown.ok || unknown.error.code).toBe('MESSAGE_NOT_FOUND')
    const reacted = (await bia.dispatch('message:react', {
      messageId: mine.id,
      emoji: '👍',
      on: true
    })) as Result<{ message: TextMessage }>
    expect(expectOk(reacted).message.reactions).toEqual([
      { emoji: '👍', userIds: [biaInfo.self.id] }
    ])
    const found = (await ana.dispatch('search', { query: 'voce' })) as Result<
      ResponseData<'search'>
    >
    expect(expectOk(found).hits.map((h) => h.message.id)).toContain(mine.id)
    const dm = (await ana.dispatch('dm:open', { userId: biaInfo.self.id })) as Result<
      ResponseData<'dm:open'>
    >
    const opened = expectOk(dm).room
    expect(opened.isDirect).toBe(true)
    // The session took the DM in as a room of its own.
    expect((await ana.session.info())?.rooms.some((r) => r.id === opened.id)).toBe(true)
  })
})
