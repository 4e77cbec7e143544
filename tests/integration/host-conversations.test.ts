import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HOST_DB_FILE } from '../../src/main/host'
import { LIMITS, LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { TextMessage } from '../../src/shared/models'
import { idOf, say, useConversationHost } from '../helpers/conversation-host'
import { expectOk, sleep, type WireClient } from '../helpers/wire-client'

// Issue 12 on a real host: replies, edits, deletes (really erased from the database file),
// reactions per identity, `message:changed` to every window, the change cursor
// (room:changes) and history around a seq.

const { host, client, owner } = useConversationHost()

/** A room made by the first client and joined by the others. */
async function roomWith(first: WireClient, ...others: WireClient[]): Promise<string> {
  const room = expectOk(await first.request('room:create', { name: 'Conversa' })).room
  for (const c of others) expectOk(await c.request('room:join', { code: room.code as string }))
  return room.id
}

const changedPushes = (c: WireClient, id: string): TextMessage[] =>
  c.pushed('message:changed', (p) => p.message.id === id).map((p) => p.message)

const refused = (code: string) => ({ ok: false, error: { code } })

/** `message:react` on one message, from any client. */
const reactTo = (messageId: string) => (c: WireClient, emoji: string, on: boolean) =>
  c.request('message:react', { messageId, emoji, on })

describe('replies', () => {
  it('quote a message from an older page, and say so once it is deleted', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const anaId = await idOf(ana)
    const roomId = await roomWith(ana, bia)
    const long = `${'início '.repeat(30)}fim`
    const original = await say(ana, roomId, long)
    for (let i = 0; i < 80; i++) await say(bia, roomId, `recheio ${i}`)

    const reply = await say(bia, roomId, 'respondendo lá atrás', original.id)
    expect(reply.replyTo).toEqual({
      id: original.id,
      seq: original.seq,
      author: { id: anaId, nickname: 'Ana' },
      excerpt: long.slice(0, LIMITS.replyExcerptMax),
      deleted: false
    })
    // Pushed with its quote too, and in the latest page although the original is far older.
    const pushed = await ana.waitFor('message:new', (m) => m.id === reply.id)
    expect(pushed).toEqual(reply)
    const latest = expectOk(await ana.request('room:history', { roomId, limit: 10 }))
    expect(latest.messages.some((m) => m.id === original.id)).toBe(false)
    expect(latest.messages.at(-1)).toEqual(reply)

    // Jumping to the quote: a page around its seq, with more on both sides.
    const around = expectOk(
      await ana.request('room:history', { roomId, aroundSeq: original.seq + 30, limit: 11 })
    )
    expect(around.messages.map((m) => m.seq)).toEqual(
      Array.from({ length: 11 }, (_, i) => original.seq + 25 + i)
    )
    expect(around).toMatchObject({ hasMore: true, hasMoreAfter: true })
    const start = expectOk(await ana.request('room:history', { roomId, aroundSeq: 1, limit: 10 }))
    expect(start.messages.map((m) => m.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
    expect(start).toMatchObject({ hasMore: false, hasMoreAfter: true })
    const end = expectOk(
      await ana.request('room:history', { roomId, aroundSeq: reply.seq, limit: 10 })
    )
    expect(end.messages.at(-1)?.id).toBe(reply.id)
    expect(end.messages).toHaveLength(10)
    expect(end).toMatchObject({ hasMore: true, hasMoreAfter: false })
    expect(await ana.request('room:history', { roomId, aroundSeq: 5, beforeSeq: 9 })).toMatchObject(
      refused('BAD_REQUEST')
    )

    // The original deleted: old and new replies quote it as deleted, with no text.
    expectOk(await ana.request('message:delete', { messageId: original.id }))
    const gone = { id: original.id, deleted: true, excerpt: '' }
    const again = await say(bia, roomId, 'e agora?', original.id)
    expect(again.replyTo).toMatchObject(gone)
    const page = expectOk(
      await bia.request('room:history', { roomId, aroundSeq: reply.seq, limit: 3 })
    )
    expect(page.messages.find((m) => m.id === reply.id)).toMatchObject({ replyTo: gone })
  })

  it('refuse a reply to a message of another room, a notice or nothing', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const roomId = await roomWith(ana)
    const elsewhere = await say(ana, LOBBY_ROOM_ID, 'no saguão')
    const notice = expectOk(await ana.request('room:history', { roomId })).messages[0]
    expect(notice?.kind).toBe('notice')
    for (const replyTo of [elsewhere.id, notice?.id ?? '', 'no-such-message']) {
      expect(
        await ana.request('message:send', { roomId, text: 'oi', clientId: replyTo, replyTo })
      ).toMatchObject(refused('MESSAGE_NOT_FOUND'))
    }
  })
})

describe('edits and deletes', () => {
  it('the author edits and deletes; others may not; the person hosting deletes anyone’s', async () => {
    const h = await host()
    const boss = await client(h, 'Dona', owner)
    const ana1 = await client(h, 'Ana')
    const ana2 = await client(h, 'Ana', ana1.secret)
    const bia = await client(h, 'Bia')
    const roomId = await roomWith(ana1, bia, boss)
    const mine = await say(ana1, roomId, 'com erro de digitação')
    const hers = await say(bia, roomId, 'spam spam spam')

    expect(await bia.request('message:edit', { messageId: mine.id, text: 'x' })).toMatchObject(
      refused('FORBIDDEN')
    )
    expect(await bia.request('message:delete', { messageId: mine.id })).toMatchObject(
      refused('FORBIDDEN')
    )
    expect(await boss.request('message:edit', { messageId: hers.id, text: 'x' })).toMatchObject(
      refused('FORBIDDEN')
    )

    const edited = expectOk(
      await ana2.request('message:edit', { messageId: mine.id, text: 'sem erro de digitação' })
    ).message
    expect(edited).toMatchObject({
      id: mine.id,
      seq: mine.seq,
      text: 'sem erro de digitação',
      editedAt: expect.any(Number),
      deletedAt: null,
      change: 1
    })
    // Every window of every member hears it, the editor's own included.
    for (const c of [ana1, ana2, bia, boss]) {
      await c.waitFor('message:changed', (p) => p.message.id === mine.id)
      expect(changedPushes(c, mine.id)).toEqual([edited])
    }

    const removed = expectOk(await boss.request('message:delete', { messageId: hers.id })).message
    expect(removed).toMatchObject({ text: '', deletedAt: expect.any(Number), change: 2 })
    await bia.waitFor('message:changed', (p) => p.message.id === hers.id)
    // Deleting again answers the same and pushes nothing more (a retry after a lost ack).
    expect(expectOk(await bia.request('message:delete', { messageId: hers.id })).message).toEqual(
      removed
    )
    expect(await bia.request('message:edit', { messageId: hers.id, text: 'volta' })).toMatchObject(
      refused('MESSAGE_NOT_FOUND')
    )
    await sleep(50)
    expect(changedPushes(ana1, hers.id)).toEqual([removed])

    const notice = expectOk(await ana1.request('room:history', { roomId })).messages[0]
    expect(
      await ana1.request('message:edit', { messageId: notice?.id ?? '', text: 'x' })
    ).toMatchObject(refused('MESSAGE_NOT_FOUND'))
    expect(
      await ana1.request('message:edit', { messageId: 'no-such-id', text: 'x' })
    ).toMatchObject(refused('MESSAGE_NOT_FOUND'))

    // History says the same after a reload: edited, deleted, in place.
    const page = expectOk(await bia.request('room:history', { roomId }))
    expect(page.messages.filter((m) => m.kind === 'text')).toEqual([edited, removed])
  })

  it('a deleted text is gone from the database file and its WAL', async () => {
    const h = await host()
    const ana = await client(h, 'ana')
    const roomId = await roomWith(ana)
    const words = ['zimbabwequartzo', 'xilofonemarcador']
    const text = `${words[0]} e ${words[1]}`
    const doomed = await say(ana, roomId, text)
    // A long one too: its text spills over into overflow pages of its own.
    const long = `começo ${'w'.repeat(3_000)} ultimapalavrarara`
    const doomedLong = await say(ana, roomId, long)
    // Others around it, so the page it was on stays in use.
    await say(ana, roomId, 'antes de apagar')
    await say(ana, roomId, 'mais uma')

    const files = [HOST_DB_FILE, `${HOST_DB_FILE}-wal`].map((f) => join(h.dataDir, f))
    const bytes = (): Buffer =>
      Buffer.concat(files.filter((f) => existsSync(f)).map((f) => readFileSync(f)))
    // Before: the text is in the files (the test proves something), and so is each word (the
    // index keeps its own copy of the words).
    const before = bytes()
    for (const s of [text, ...words, long, 'ultimapalavrarara'])
      expect(before.includes(s)).toBe(true)

    expectOk(await ana.request('message:delete', { messageId: doomed.id }))
    expectOk(await ana.request('message:delete', { messageId: doomedLong.id }))
    const after = bytes()
    for (const s of [text, ...words, long, 'ultimapalavrarara', 'w'.repeat(100)]) {
      expect(after.includes(s)).toBe(false)
    }
    // The rest is still there and still found.
    expect(after.includes('antes de apagar')).toBe(true)
    const hits = expectOk(await ana.request('search', { query: 'apagar' })).hits
    expect(hits).toHaveLength(1)
    expect(expectOk(await ana.request('search', { query: words[0] as string })).hits).toEqual([])

    // And after a restart (nothing brought back from a journal).
    ana.close()
    await h.restart()
    const again = bytes()
    for (const s of [text, ...words, 'ultimapalavrarara']) expect(again.includes(s)).toBe(false)
  })
})

describe('reactions', () => {
  it('toggle per identity, not per window, each emoji once in order of first use', async () => {
    const h = await host()
    const ana1 = await client(h, 'Ana')
    const ana2 = await client(h, 'Ana', ana1.secret)
    const bia = await client(h, 'Bia')
    const [anaId, biaId] = [await idOf(ana1), await idOf(bia)]
    const roomId = await roomWith(ana1, bia)
    const m = await say(bia, roomId, 'reaja')
    const react = reactTo(m.id)

    expectOk(await react(ana1, '👍', true))
    const twice = expectOk(await react(ana2, '👍', true)).message
    expect(twice.reactions).toEqual([{ emoji: '👍', userIds: [anaId] }])
    expect(twice.change).toBe(1)
    expectOk(await react(bia, '❤️', true))
    const both = expectOk(await react(bia, '👍', true)).message
    expect(both.reactions).toEqual([
      { emoji: '👍', userIds: [anaId, biaId] },
      { emoji: '❤️', userIds: [biaId] }
    ])
    // "First used" counts the reactions still there: Bia's 👍 came after her ❤️.
    const off = expectOk(await react(ana2, '👍', false)).message
    expect(off.reactions).toEqual([
      { emoji: '❤️', userIds: [biaId] },
      { emoji: '👍', userIds: [biaId] }
    ])
    // Taking away what is not there changes nothing.
    expect(expectOk(await react(ana1, '🎉', false)).message).toEqual(off)

    // Only real changes were pushed, to every window.
    await sleep(50)
    for (const c of [ana1, ana2, bia]) {
      expect(changedPushes(c, m.id).map((x) => x.change)).toEqual([1, 2, 3, 4])
    }
    expect(changedPushes(ana1, m.id).at(-1)).toEqual(off)

    for (const emoji of ['a', 'ab', '👍👍', '👍 ', '🇧', '1']) {
      expect(await react(ana1, emoji, true)).toMatchObject(refused('BAD_REQUEST'))
    }
    for (const emoji of ['👍🏽', '👨‍👩‍👧', '🇧🇷', '1️⃣', '🏳️‍🌈']) expectOk(await react(ana1, emoji, true))
  })

  it('keeps one spelling per emoji, whichever a client sends', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const [anaId, biaId] = [await idOf(ana), await idOf(bia)]
    const roomId = await roomWith(ana, bia)
    const m = await say(bia, roomId, 'grafias')
    const react = reactTo(m.id)
    // "👍" with a redundant VS16, "❤" without the one it needs: stored as "👍" and "❤️".
    expectOk(await react(ana, '👍\uFE0F', true))
    expectOk(await react(ana, '❤', true))
    const both = expectOk(await react(bia, '👍', true)).message
    expect(both.reactions).toEqual([
      { emoji: '👍', userIds: [anaId, biaId] },
      { emoji: '❤\uFE0F', userIds: [anaId] }
    ])
    // Taken away in the other spelling, it is gone.
    const off = expectOk(await react(ana, '❤\uFE0F', false)).message
    expect(off.reactions).toEqual([{ emoji: '👍', userIds: [anaId, biaId] }])
  })

  it('at most LIMITS.reactionsPerMessageMax different emoji; none on a deleted message', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const roomId = await roomWith(ana, bia)
    const m = await say(ana, roomId, 'popular')
    const emoji = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩🤔'].slice(
      0,
      LIMITS.reactionsPerMessageMax + 1
    )
    for (const e of emoji.slice(0, -1)) {
      expectOk(await ana.request('message:react', { messageId: m.id, emoji: e, on: true }))
    }
    const extra = emoji.at(-1) as string
    expect(
      await bia.request('message:react', { messageId: m.id, emoji: extra, on: true })
    ).toMatchObject(refused('BAD_REQUEST'))
    // One already there may still gain people.
    const more = expectOk(
      await bia.request('message:react', { messageId: m.id, emoji: emoji[0] as string, on: true })
    ).message
    expect(more.reactions).toHaveLength(LIMITS.reactionsPerMessageMax)
    expect(more.reactions[0]?.userIds).toHaveLength(2)

    const deleted = expectOk(await ana.request('message:delete', { messageId: m.id })).message
    expect(deleted.reactions).toEqual([])
    expect(
      await bia.request('message:react', { messageId: m.id, emoji: '👍', on: true })
    ).toMatchObject(refused('MESSAGE_NOT_FOUND'))
  })
})

describe('the change cursor', () => {
  it('a member away during edits, deletes and reactions catches up with room:changes', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const roomId = await roomWith(ana, bia)
    const [a, b, c, d] = [
      await say(ana, roomId, 'um'),
      await say(ana, roomId, 'dois'),
      await say(ana, roomId, 'três'),
      await say(bia, roomId, 'quatro')
    ]
    expectOk(await bia.request('message:react', { messageId: a.id, emoji: '👀', on: true }))
    const seen = expectOk(await bia.request('session:start', {})).rooms.find((r) => r.id === roomId)
    expect(seen?.lastChange).toBe(1)
    bia.close()

    expectOk(await ana.request('message:edit', { messageId: b.id, text: 'dois!' }))
    expectOk(await ana.request('message:delete', { messageId: c.id }))
    expectOk(await ana.request('message:react', { messageId: d.id, emoji: '👍', on: true }))
    expectOk(await ana.request('message:edit', { messageId: b.id, text: 'dois!!' }))
    expectOk(await ana.request('message:react', { messageId: a.id, emoji: '👀', on: true }))

    const back = await client(h, 'Bia', bia.secret)
    const room = expectOk(await back.request('session:start', {})).rooms.find(
      (r) => r.id === roomId
    )
    expect(room?.lastChange).toBe(6)
    const changes = expectOk(
      await back.request('room:changes', { roomId, afterChange: seen?.lastChange ?? 0 })
    )
    // Each changed message once, as it is now, in the order of its last change.
    expect(changes.lastChange).toBe(6)
    expect(changes.hasMore).toBe(false)
    expect(changes.messages.map((m) => [m.id, m.change])).toEqual([
      [c.id, 3],
      [d.id, 4],
      [b.id, 5],
      [a.id, 6]
    ])
    expect(changes.messages.map((m) => m.text)).toEqual(['', 'quatro', 'dois!!', 'um'])
    expect(changes.messages[3]?.reactions.map((r) => r.userIds.length)).toEqual([2])

    // Paging: a small limit says there is more; asking after the last change goes on.
    const first = expectOk(await back.request('room:changes', { roomId, afterChange: 0, limit: 3 }))
    expect(first.messages.map((m) => m.change)).toEqual([3, 4, 5])
    expect(first.hasMore).toBe(true)
    const rest = expectOk(await back.request('room:changes', { roomId, afterChange: 5, limit: 3 }))
    expect(rest).toMatchObject({ lastChange: 6, hasMore: false })
    expect(rest.messages.map((m) => m.change)).toEqual([6])
    expect(
      expectOk(await back.request('room:changes', { roomId, afterChange: 6 })).messages
    ).toEqual([])
    // Another room's cursor is its own.
    expect(
      expectOk(await back.request('room:changes', { roomId: LOBBY_ROOM_ID, afterChange: 0 }))
    ).toEqual({ messages: [], lastChange: 0, hasMore: false })
  })
})
