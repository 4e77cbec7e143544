import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, describe, expect, it } from 'vitest'
import { openChatStore, type ChatStore } from '../../src/main/store'
import { LIMITS, LOBBY_ROOM_ID } from '../../src/shared/limits'
import { makeTempDir } from '../helpers/temp-dir'

// The host's SQLite store: durability settings, the host's lasting id, and history pages
// bounded in bytes as well as in count (issue 7).

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

function open(options?: Parameters<typeof openChatStore>[1]): { store: ChatStore } {
  const temp = makeTempDir('papo-store-')
  const store = openChatStore(join(temp.dir, 'host.db'), options)
  cleanups.push(temp.remove, () => store.close())
  return { store }
}

function author(store: ChatStore) {
  const user = store.createUser({ secretHash: 'h', nickname: 'Ana', nicknameKey: 'ana', at: 1 })
  store.addMember(LOBBY_ROOM_ID, user.id, 1)
  return user
}

describe('chat store', () => {
  it('syncs every commit to disk by default (synchronous = FULL)', () => {
    const { store } = open()
    expect(store.synchronous()).toBe('FULL')
    const normal = open({ synchronous: 'NORMAL' }).store
    expect(normal.synchronous()).toBe('NORMAL')
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
    expect(db.prepare('SELECT COUNT(*) AS n FROM meta').get()).toMatchObject({ n: 1 })
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
