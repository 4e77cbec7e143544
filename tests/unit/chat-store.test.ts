import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, describe, expect, it } from 'vitest'
import {
  openChatStore,
  type ChatStore,
  type HistoryQuery,
  type StoreOptions
} from '../../src/main/store'
import { LIMITS, LOBBY_ROOM_ID } from '../../src/shared/limits'
import { makeTempDir } from '../helpers/temp-dir'

// The host's SQLite store: durability settings, the host's lasting id, history pages bounded in
// bytes as well as in count (issue 7), seq assignment and paging at its edges (issue 8).

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

function open(options?: StoreOptions): { store: ChatStore } {
  const temp = makeTempDir('papo-store-')
  const store = openChatStore(join(temp.dir, 'host.db'), options)
  cleanups.push(temp.remove, () => store.close())
  return { store }
}

function author(store: ChatStore, nickname = 'Ana') {
  const user = store.createUser({
    publicKey: `key-${nickname}`,
    nickname,
    nicknameKey: nickname.toLowerCase(),
    at: 1
  })
  store.addMember(LOBBY_ROOM_ID, user.id, 1)
  return user
}

function room(store: ChatStore, code: string, createdBy: string) {
  const created = store.createRoom({ code, name: code, createdBy, at: 2 })
  store.addMember(created.id, createdBy, 2)
  return created
}

const say = (store: ChatStore, roomId: string, userId: string, text: string, clientId = null) =>
  store.appendText({ roomId, userId, text, clientId, at: 3 })

const seqs = (messages: readonly { seq: number }[]): number[] => messages.map((m) => m.seq)
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('chat store', () => {
  it('syncs every commit to disk by default (synchronous = FULL)', () => {
    const { store } = open()
    expect(store.synchronous()).toBe('FULL')
    const normal = open({ synchronous: 'NORMAL' }).store
    expect(normal.synchronous()).toBe('NORMAL')
  })

  it('commits a transaction without waiting for the disk only when asked, then syncs the WAL', async () => {
    const { store } = open()
    const ana = author(store)
    const level = (): string => store.synchronous()
    const during = store.transactionUnsynced(() => {
      say(store, LOBBY_ROOM_ID, ana.id, 'quick')
      return level()
    })
    expect(during).toBe('NORMAL')
    // Only that commit: the next ones sync as they commit again.
    expect(level()).toBe('FULL')
    expect(store.transaction(() => level())).toBe('FULL')
    expect(() => store.transaction(() => store.transactionUnsynced(() => 1))).toThrow()
    expect(level()).toBe('FULL')
    // The sync of the WAL, off the loop and on it.
    await expect(new Promise((resolve) => store.syncLog(resolve))).resolves.toBeNull()
    expect(() => store.syncLogNow()).not.toThrow()
    expect(
      store.history(LOBBY_ROOM_ID, { limit: 10 }).messages.map((m) => m.kind === 'text' && m.text)
    ).toEqual(['quick'])
    // A store opened at NORMAL stays there, and its syncs are done at once.
    const normal = open({ synchronous: 'NORMAL' }).store
    expect(normal.transactionUnsynced(() => normal.synchronous())).toBe('NORMAL')
    expect(normal.synchronous()).toBe('NORMAL')
    await expect(new Promise((resolve) => normal.syncLog(resolve))).resolves.toBeNull()
  })

  it('answers membership from memory only for what is committed, and sees a removal at once', () => {
    const { store } = open()
    const ana = author(store)
    const bia = author(store, 'Bia')
    const delas = room(store, 'DELAS1', ana.id)
    expect(store.isMember(delas.id, ana.id)).toBe(true)
    expect(store.isMember(delas.id, ana.id)).toBe(true)
    store.removeMember(delas.id, ana.id)
    expect(store.isMember(delas.id, ana.id)).toBe(false)
    // Added in a transaction that rolls back: a member inside it, nobody after.
    expect(() =>
      store.transaction(() => {
        store.addMember(delas.id, bia.id, 3)
        expect(store.isMember(delas.id, bia.id)).toBe(true)
        throw new Error('rolled back')
      })
    ).toThrow('rolled back')
    expect(store.isMember(delas.id, bia.id)).toBe(false)
    // Removed in a transaction that rolls back: still a member.
    store.addMember(delas.id, bia.id, 3)
    expect(store.isMember(delas.id, bia.id)).toBe(true)
    expect(() =>
      store.transaction(() => {
        store.removeMember(delas.id, bia.id)
        expect(store.isMember(delas.id, bia.id)).toBe(false)
        throw new Error('rolled back')
      })
    ).toThrow('rolled back')
    expect(store.isMember(delas.id, bia.id)).toBe(true)
  })

  it('hands out a commit’s seqs in memory: written before it commits or anything reads them, forgotten with a rollback', () => {
    const temp = makeTempDir('papo-store-')
    cleanups.push(temp.remove)
    const file = join(temp.dir, 'host.db')
    const store = openChatStore(file)
    const ana = author(store)
    const bia = author(store, 'Bia')
    const delas = room(store, 'DELAS1', ana.id)
    const lastSeq = (userId = ana.id): number | undefined =>
      store.summary(delas.id, userId)?.lastSeq
    store.transaction(() => {
      expect(seqs([1, 2, 3].map((i) => say(store, delas.id, ana.id, `t${i}`)))).toEqual([1, 2, 3])
      // Read inside the same transaction: already there.
      expect(lastSeq()).toBe(3)
      expect(say(store, delas.id, ana.id, 't4').seq).toBe(4)
      // Someone joining in it starts with everything so far read.
      store.addMember(delas.id, bia.id, 3)
      expect(store.summary(delas.id, bia.id)).toMatchObject({
        lastSeq: 4,
        lastReadSeq: 4,
        unread: 0
      })
      expect(store.markRead(delas.id, ana.id, 99)).toBe(4)
    })
    expect(lastSeq()).toBe(4)
    expect(() =>
      store.transaction(() => {
        say(store, delas.id, ana.id, 'lost 1')
        say(store, delas.id, ana.id, 'lost 2')
        throw new Error('rolled back')
      })
    ).toThrow('rolled back')
    expect(lastSeq()).toBe(4)
    expect(say(store, delas.id, ana.id, 't5').seq).toBe(5)
    store.close()
    const again = openChatStore(file)
    cleanups.push(() => again.close())
    expect(again.summary(delas.id, ana.id)?.lastSeq).toBe(5)
    expect(
      again.appendText({ roomId: delas.id, userId: ana.id, text: 't6', clientId: null, at: 4 }).seq
    ).toBe(6)
    expect(seqs(again.history(delas.id, { limit: 50 }).messages)).toEqual(range(1, 6))
  })

  it('keeps one host id per data file, across reopenings', () => {
    const temp = makeTempDir('papo-store-')
    cleanups.push(temp.remove)
    const file = join(temp.dir, 'host.db')
    const first = openChatStore(file)
    const id = first.hostId
    expect(id).toMatch(/^[\w-]{8,64}$/)
    first.close()
    const again = openChatStore(file)
    expect(again.hostId).toBe(id)
    again.close()
    const db = new Database(file)
    expect(db.prepare("SELECT COUNT(*) AS n FROM meta WHERE key = 'host_id'").get()).toMatchObject({
      n: 1
    })
    db.close()
  })

  it('cuts a history page before it passes the byte bound, and always returns one message', () => {
    const { store } = open()
    const user = author(store)
    const big = 'x'.repeat(3_000)
    for (let i = 1; i <= 30; i++) {
      store.appendText({
        roomId: LOBBY_ROOM_ID,
        userId: user.id,
        text: `${i} ${big}`,
        clientId: null,
        at: i
      })
    }
    const size = (m: unknown) => Buffer.byteLength(JSON.stringify(m))
    const latest = store.history(LOBBY_ROOM_ID, { limit: 30, maxBytes: 10_000 })
    expect(latest.messages.map((m) => m.seq)).toEqual([28, 29, 30])
    expect(latest.hasMore).toBe(true)
    expect(latest.messages.reduce((sum, m) => sum + size(m), 0)).toBeLessThanOrEqual(10_000)

    const older = store.history(LOBBY_ROOM_ID, { beforeSeq: 28, limit: 30, maxBytes: 10_000 })
    expect(older.messages.map((m) => m.seq)).toEqual([25, 26, 27])
    const after = store.history(LOBBY_ROOM_ID, { afterSeq: 20, limit: 30, maxBytes: 10_000 })
    expect(after.messages.map((m) => m.seq)).toEqual([21, 22, 23])
    expect(after.hasMore).toBe(true)
    const tail = store.history(LOBBY_ROOM_ID, { afterSeq: 27, limit: 30, maxBytes: 10_000 })
    expect(tail).toMatchObject({ hasMore: false })
    expect(tail.messages.map((m) => m.seq)).toEqual([28, 29, 30])

    // One message over the bound still comes alone, so paging never gets stuck.
    const tiny = store.history(LOBBY_ROOM_ID, { afterSeq: 0, limit: 30, maxBytes: 10 })
    expect(tiny.messages.map((m) => m.seq)).toEqual([1])
    expect(tiny.hasMore).toBe(true)
  })

  it('bounds pages by LIMITS.historyPageMaxBytes by default', () => {
    const { store } = open()
    const user = author(store)
    const text = 'é'.repeat(LIMITS.messageMax)
    store.transaction(() => {
      for (let i = 0; i < LIMITS.historyPageMax; i++) {
        store.appendText({ roomId: LOBBY_ROOM_ID, userId: user.id, text, clientId: null, at: i })
      }
    })
    const page = store.history(LOBBY_ROOM_ID, { limit: LIMITS.historyPageMax })
    expect(page.hasMore).toBe(true)
    expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(LIMITS.historyPageMaxBytes + 1_000)
    expect(page.messages.length).toBeGreaterThan(10)
  })
})

describe('chat store: a message as it is stored', () => {
  it('answers a new text, reply and notice exactly as history reads them back', () => {
    const { store } = open()
    const ana = author(store)
    const bia = author(store, 'Bia')
    store.renameUser(bia.id, 'Bia Souza', 'bia souza')
    const plain = store.appendText({
      roomId: LOBBY_ROOM_ID,
      userId: bia.id,
      text: 'Oi, tudo bem?',
      clientId: 'c1',
      at: 5
    })
    const reply = store.appendText({
      roomId: LOBBY_ROOM_ID,
      userId: ana.id,
      text: 'Tudo!',
      clientId: 'c2',
      replyTo: plain.id,
      at: 6
    })
    const notice = store.appendNotice({
      roomId: LOBBY_ROOM_ID,
      userId: ana.id,
      notice: 'online',
      at: 7
    })
    // The plain text and the notice are built from what was written, the reply read back
    // through the joined query: all three must be what history and message() say.
    expect(plain.kind === 'text' && plain.author.nickname).toBe('Bia Souza')
    expect(reply.kind === 'text' && reply.replyTo?.id).toBe(plain.id)
    for (const message of [plain, reply, notice]) {
      expect(store.message(message.id)).toEqual(message)
    }
    expect(store.history(LOBBY_ROOM_ID, { limit: 10 }).messages.slice(-3)).toEqual([
      plain,
      reply,
      notice
    ])
  })
})

describe('chat store: rooms kept in memory', () => {
  it('answers a room with its new code, and never one a rolled-back transaction made', () => {
    const { store } = open()
    const ana = author(store)
    const made = room(store, 'AULA01', ana.id)
    expect(store.room(made.id)?.code).toBe('AULA01')
    store.setRoomCode(made.id, 'AULA02')
    expect(store.room(made.id)?.code).toBe('AULA02')
    // A copy each time: what a caller does with it cannot change what the next caller reads.
    const first = store.room(made.id)
    if (first) first.name = 'changed by a caller'
    expect(store.room(made.id)?.name).toBe('AULA01')

    let rolledBack = ''
    expect(() =>
      store.transaction(() => {
        rolledBack = store.createRoom({ code: 'NOPE01', name: 'Nope', createdBy: ana.id, at: 3 }).id
        expect(store.room(rolledBack)?.name).toBe('Nope')
        throw new Error('roll back')
      })
    ).toThrow('roll back')
    expect(store.room(rolledBack)).toBeNull()
  })
})

describe('chat store: seq', () => {
  it('numbers each room 1, 2, 3… on its own, texts and notices alike', () => {
    const { store } = open()
    const ana = author(store)
    const a = room(store, 'AAAAAA', ana.id)
    const b = room(store, 'BBBBBB', ana.id)
    const got: Record<string, number[]> = { [LOBBY_ROOM_ID]: [], [a.id]: [], [b.id]: [] }
    // Interleaved across rooms: one room's messages never take another's numbers.
    for (let i = 0; i < 30; i++) {
      const roomId = [LOBBY_ROOM_ID, a.id, a.id, b.id][i % 4] as string
      const message =
        i % 3 === 0
          ? store.appendNotice({ roomId, userId: ana.id, notice: 'online', at: i })
          : say(store, roomId, ana.id, `m${i}`)
      got[roomId]?.push(message.seq)
    }
    for (const [roomId, numbers] of Object.entries(got)) {
      expect(numbers).toEqual(range(1, numbers.length))
      expect(store.summary(roomId, ana.id)?.lastSeq).toBe(numbers.length)
      expect(seqs(store.history(roomId, { limit: 200 }).messages)).toEqual(numbers)
    }
  })

  it('gives consecutive seqs inside one transaction, across rooms', () => {
    const { store } = open()
    const ana = author(store)
    const a = room(store, 'AAAAAA', ana.id)
    say(store, a.id, ana.id, 'before')
    const stored = store.transaction(() =>
      [a.id, LOBBY_ROOM_ID, a.id, a.id, LOBBY_ROOM_ID].map((roomId, i) =>
        say(store, roomId, ana.id, `t${i}`)
      )
    )
    expect(stored.map((m) => `${m.roomId === a.id ? 'a' : 'lobby'}:${m.seq}`)).toEqual([
      'a:2',
      'lobby:1',
      'a:3',
      'a:4',
      'lobby:2'
    ])
  })

  it('hands out no seq for what is rolled back, so no gap appears', () => {
    const { store } = open()
    const ana = author(store)
    say(store, LOBBY_ROOM_ID, ana.id, 'one')
    expect(() =>
      store.transaction(() => {
        say(store, LOBBY_ROOM_ID, ana.id, 'two')
        // A nested transaction is part of the outer one: it goes too.
        store.transaction(() => say(store, LOBBY_ROOM_ID, ana.id, 'three'))
        throw new Error('the commit fails')
      })
    ).toThrow('the commit fails')
    expect(store.summary(LOBBY_ROOM_ID, ana.id)?.lastSeq).toBe(1)

    // A text refused by the store (a clientId already used) takes no seq either.
    store.appendText({ roomId: LOBBY_ROOM_ID, userId: ana.id, text: 'x', clientId: 'c1', at: 4 })
    expect(() =>
      store.appendText({ roomId: LOBBY_ROOM_ID, userId: ana.id, text: 'y', clientId: 'c1', at: 5 })
    ).toThrow()
    const next = say(store, LOBBY_ROOM_ID, ana.id, 'four')
    expect(next.seq).toBe(3)
    expect(seqs(store.history(LOBBY_ROOM_ID, { limit: 200 }).messages)).toEqual([1, 2, 3])
    expect(store.messageByClientId(ana.id, 'c1')).toMatchObject({ seq: 2, text: 'x' })
  })

  it('says what a clientId names already, per author: a message, an open upload or nothing', () => {
    const { store } = open()
    const ana = author(store)
    const bia = author(store, 'Bia')
    store.appendText({ roomId: LOBBY_ROOM_ID, userId: ana.id, text: 'x', clientId: 'm1', at: 1 })
    store.files.createUpload({
      id: 'u-1',
      userId: ana.id,
      roomId: LOBBY_ROOM_ID,
      clientId: 'f1',
      name: 'a.txt',
      size: 3,
      caption: '',
      replyTo: null,
      thumbSha256: null,
      createdAt: 2
    })
    expect(store.clientIdUse(ana.id, 'm1')).toBe('message')
    expect(store.clientIdUse(ana.id, 'f1')).toBe('upload')
    expect(store.clientIdUse(ana.id, 'new')).toBeNull()
    // Another author's clientIds are theirs alone.
    expect(store.clientIdUse(bia.id, 'm1')).toBeNull()
    expect(store.clientIdUse(bia.id, 'f1')).toBeNull()
  })

  it('keeps read state per member: forward only, capped, nothing unread on joining', () => {
    const { store } = open()
    const ana = author(store)
    const bia = author(store, 'Bia')
    for (let i = 0; i < 5; i++) say(store, LOBBY_ROOM_ID, ana.id, `m${i}`)
    store.appendNotice({ roomId: LOBBY_ROOM_ID, userId: ana.id, notice: 'offline', at: 9 })
    // Bia was in the lobby before any of it: five texts by another are unread (not the notice).
    expect(store.summary(LOBBY_ROOM_ID, bia.id)).toMatchObject({ lastReadSeq: 0, unread: 5 })
    expect(store.summary(LOBBY_ROOM_ID, ana.id)).toMatchObject({ unread: 0 })
    expect(store.markRead(LOBBY_ROOM_ID, bia.id, 3)).toBe(3)
    expect(store.markRead(LOBBY_ROOM_ID, bia.id, 2)).toBe(3)
    expect(store.summary(LOBBY_ROOM_ID, bia.id)).toMatchObject({ lastReadSeq: 3, unread: 2 })
    expect(store.markRead(LOBBY_ROOM_ID, bia.id, 1_000)).toBe(6)
    expect(store.summary(LOBBY_ROOM_ID, bia.id)).toMatchObject({ lastReadSeq: 6, unread: 0 })
    // Not a member: nothing to move.
    const a = room(store, 'AAAAAA', ana.id)
    expect(store.markRead(a.id, bia.id, 1)).toBe(0)
    // Someone joining a room with history starts at its newest message.
    say(store, a.id, ana.id, 'hi')
    expect(store.addMember(a.id, bia.id, 10)).toBe(true)
    expect(store.addMember(a.id, bia.id, 11)).toBe(false)
    expect(store.summary(a.id, bia.id)).toMatchObject({
      lastSeq: 1,
      lastReadSeq: 1,
      unread: 0,
      memberCount: 2
    })
    expect(store.removeMember(a.id, bia.id)).toBe(true)
    expect(store.summary(a.id, bia.id)).toBeNull()
  })
})

describe('chat store: paging', () => {
  /** Ten texts in the lobby, of different lengths (and multi-byte characters), plus a room's. */
  function tenMessages() {
    const { store } = open()
    const ana = author(store)
    for (let i = 1; i <= 10; i++) say(store, LOBBY_ROOM_ID, ana.id, `${i} ${'é'.repeat(i * 7)}`)
    const other = room(store, 'AAAAAA', ana.id)
    say(store, other.id, ana.id, 'elsewhere')
    const all = store.history(LOBBY_ROOM_ID, { limit: 200 }).messages
    const bytes = (...at: number[]) =>
      at.reduce((sum, seq) => sum + Buffer.byteLength(JSON.stringify(all[seq - 1])), 0)
    const page = (query: Omit<HistoryQuery, 'limit'> & { limit?: number }) => {
      const result = store.history(LOBBY_ROOM_ID, { limit: 200, ...query })
      return { seqs: seqs(result.messages), hasMore: result.hasMore }
    }
    return { store, all, bytes, page }
  }

  it('has every message of the room once, oldest first, and none of another room', () => {
    const { all } = tenMessages()
    expect(seqs(all)).toEqual(range(1, 10))
    expect(all.every((m) => m.roomId === LOBBY_ROOM_ID)).toBe(true)
  })

  it('says hasMore exactly at the count bound, newest page first', () => {
    const { page } = tenMessages()
    expect(page({ limit: 3 })).toEqual({ seqs: [8, 9, 10], hasMore: true })
    expect(page({ limit: 9 })).toEqual({ seqs: range(2, 10), hasMore: true })
    expect(page({ limit: 10 })).toEqual({ seqs: range(1, 10), hasMore: false })
    expect(page({ limit: 11 })).toEqual({ seqs: range(1, 10), hasMore: false })
  })

  it('pages back strictly before a seq, down to the first message', () => {
    const { page } = tenMessages()
    expect(page({ beforeSeq: 5, limit: 3 })).toEqual({ seqs: [2, 3, 4], hasMore: true })
    expect(page({ beforeSeq: 4, limit: 3 })).toEqual({ seqs: [1, 2, 3], hasMore: false })
    expect(page({ beforeSeq: 2, limit: 3 })).toEqual({ seqs: [1], hasMore: false })
    expect(page({ beforeSeq: 1, limit: 3 })).toEqual({ seqs: [], hasMore: false })
    expect(page({ beforeSeq: 0, limit: 3 })).toEqual({ seqs: [], hasMore: false })
    // Past the newest: the newest page.
    expect(page({ beforeSeq: 11, limit: 3 })).toEqual({ seqs: [8, 9, 10], hasMore: true })
    expect(page({ beforeSeq: 1_000, limit: 10 })).toEqual({ seqs: range(1, 10), hasMore: false })
  })

  it('catches up strictly after a seq, up to the newest message', () => {
    const { page } = tenMessages()
    expect(page({ afterSeq: 0, limit: 10 })).toEqual({ seqs: range(1, 10), hasMore: false })
    expect(page({ afterSeq: 0, limit: 9 })).toEqual({ seqs: range(1, 9), hasMore: true })
    expect(page({ afterSeq: 6, limit: 3 })).toEqual({ seqs: [7, 8, 9], hasMore: true })
    expect(page({ afterSeq: 7, limit: 3 })).toEqual({ seqs: [8, 9, 10], hasMore: false })
    expect(page({ afterSeq: 9, limit: 3 })).toEqual({ seqs: [10], hasMore: false })
    expect(page({ afterSeq: 10, limit: 3 })).toEqual({ seqs: [], hasMore: false })
    expect(page({ afterSeq: 1_000, limit: 3 })).toEqual({ seqs: [], hasMore: false })
  })

  it('fills a page up to exactly the byte bound, and says hasMore one byte below it', () => {
    const { page, bytes } = tenMessages()
    // Forward: what exactly fits is the whole rest of the room.
    expect(page({ afterSeq: 7, maxBytes: bytes(8, 9, 10) })).toEqual({
      seqs: [8, 9, 10],
      hasMore: false
    })
    expect(page({ afterSeq: 7, maxBytes: bytes(8, 9, 10) - 1 })).toEqual({
      seqs: [8, 9],
      hasMore: true
    })
    // Newest page: kept from the newest backwards.
    const everything = bytes(...range(1, 10))
    expect(page({ maxBytes: everything })).toEqual({ seqs: range(1, 10), hasMore: false })
    expect(page({ maxBytes: everything - 1 })).toEqual({ seqs: range(2, 10), hasMore: true })
    // Back: kept from the cursor backwards.
    expect(page({ beforeSeq: 4, maxBytes: bytes(2, 3) })).toEqual({ seqs: [2, 3], hasMore: true })
    expect(page({ beforeSeq: 4, maxBytes: bytes(1, 2, 3) })).toEqual({
      seqs: [1, 2, 3],
      hasMore: false
    })
    // Count and bytes meeting at the same message.
    expect(page({ afterSeq: 4, limit: 3, maxBytes: bytes(5, 6, 7) })).toEqual({
      seqs: [5, 6, 7],
      hasMore: true
    })
    // A message alone over the bound still comes, so paging never gets stuck.
    expect(page({ beforeSeq: 10, maxBytes: 1 })).toEqual({ seqs: [9], hasMore: true })
    expect(page({ afterSeq: 9, maxBytes: 1 })).toEqual({ seqs: [10], hasMore: false })
  })

  it('answers an empty page for a room without messages', () => {
    const { store } = open()
    const ana = author(store)
    const empty = room(store, 'AAAAAA', ana.id)
    for (const query of [{}, { beforeSeq: 1 }, { afterSeq: 0 }]) {
      expect(store.history(empty.id, { limit: 50, ...query })).toEqual({
        messages: [],
        hasMore: false
      })
    }
  })
})
