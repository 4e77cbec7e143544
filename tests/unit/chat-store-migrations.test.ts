import { legacyLookup } from '../../src/main/crypto/identity-proof'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, describe, expect, it } from 'vitest'
import { openChatStore } from '../../src/main/store'
import { MIGRATIONS } from '../../src/main/store/schema'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import { makeTempDir } from '../helpers/temp-dir'

// A host started on the data folder of an older release brings it up to date in place and keeps
// everything in it: identities, rooms, members, history, read state.

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

const T = 1_700_000_000_000

/**
 * A database as release 0.1 (schema version 1, before the `meta` table and the host id) left
 * it: its migration only, and rows written with the statements that release used. Ana and Bia in
 * the lobby and in "Estudos"; Ana has not read Bia's last message in either room.
 */
function writeVersion1(file: string) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.exec(MIGRATIONS[0] as string)
  db.pragma('user_version = 1')

  const ana = randomUUID()
  const bia = randomUUID()
  const room = randomUUID()
  const insertUser = db.prepare(
    `INSERT INTO users (id, secret_hash, nickname, nickname_key, created_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?)`
  )
  const insertRoom = db.prepare(
    'INSERT INTO rooms (id, code, name, is_lobby, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)'
  )
  const insertMember = db.prepare(
    'INSERT OR IGNORE INTO members (room_id, user_id, joined_at, last_read_seq) VALUES (?, ?, ?, ?)'
  )
  const bumpSeq = db.prepare(
    'UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'
  )
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, room_id, seq, at, kind, user_id, body, notice, client_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const text = (roomId: string, userId: string, at: number, body: string, clientId: string) => {
    const { last_seq: seq } = bumpSeq.get(roomId) as { last_seq: number }
    insertMessage.run(randomUUID(), roomId, seq, at, 'text', userId, body, null, clientId)
  }
  const notice = (roomId: string, userId: string, at: number, kind: string) => {
    const { last_seq: seq } = bumpSeq.get(roomId) as { last_seq: number }
    insertMessage.run(randomUUID(), roomId, seq, at, 'notice', userId, null, kind, null)
  }
  const markRead = db.prepare(
    'UPDATE members SET last_read_seq = ? WHERE room_id = ? AND user_id = ?'
  )

  db.transaction(() => {
    insertRoom.run(LOBBY_ROOM_ID, null, 'Lobby', 1, null, T)
    insertUser.run(ana, 'hash-ana', 'Ana', 'ana', T + 1, T + 1)
    insertMember.run(LOBBY_ROOM_ID, ana, T + 1, 0)
    notice(LOBBY_ROOM_ID, ana, T + 1, 'joined')
    insertUser.run(bia, 'hash-bia', 'Bia', 'bia', T + 2, T + 9)
    insertMember.run(LOBBY_ROOM_ID, bia, T + 2, 1)
    notice(LOBBY_ROOM_ID, bia, T + 2, 'joined')
    text(LOBBY_ROOM_ID, ana, T + 3, 'oi', 'a1')
    text(LOBBY_ROOM_ID, bia, T + 4, 'olá', 'b1')
    markRead.run(3, LOBBY_ROOM_ID, ana)
    markRead.run(4, LOBBY_ROOM_ID, bia)

    insertRoom.run(room, 'K7MQ2X', 'Estudos', 0, ana, T + 5)
    insertMember.run(room, ana, T + 5, 0)
    notice(room, ana, T + 5, 'created')
    insertMember.run(room, bia, T + 6, 1)
    notice(room, bia, T + 6, 'joined')
    text(room, bia, T + 7, 'estudar?', 'b2')
    markRead.run(1, room, ana)
    markRead.run(3, room, bia)
  })()
  db.close()
  return { ana, bia, room }
}

function pragma(file: string, name: string): unknown {
  const db = new Database(file)
  try {
    return (db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>)[name]
  } finally {
    db.close()
  }
}

describe('chat store on an older data folder', () => {
  it('migrates a version-1 database in place and keeps every row', () => {
    const temp = makeTempDir('papo-store-')
    cleanups.push(temp.remove)
    const file = join(temp.dir, 'papo-host.db')
    const v1 = writeVersion1(file)
    expect(pragma(file, 'user_version')).toBe(1)

    const store = openChatStore(file)
    cleanups.push(() => store.close())

    // Identities and their nicknames.
    // An identity from before keys waits to be moved to its key, found by its legacy lookup.
    expect(store.userByLegacyLookup(legacyLookup('hash-ana'))).toEqual({
      id: v1.ana,
      nickname: 'Ana',
      nicknameKey: 'ana',
      secretHash: 'hash-ana'
    })
    expect(store.userByNicknameKey('bia')).toMatchObject({ id: v1.bia, nickname: 'Bia' })
    // Rooms, codes and members; the lobby is not made a second time.
    expect(store.roomByCode('K7MQ2X')).toEqual({
      id: v1.room,
      code: 'K7MQ2X',
      name: 'Estudos',
      isLobby: false,
      createdBy: v1.ana,
      createdAt: T + 5,
      isDirect: false
    })
    expect(store.room(LOBBY_ROOM_ID)).toMatchObject({ isLobby: true, createdAt: T })
    expect(store.members(v1.room).map((u) => u.nickname)).toEqual(['Ana', 'Bia'])
    expect(store.roomIdsOf(v1.bia).sort()).toEqual([LOBBY_ROOM_ID, v1.room].sort())

    // Read state and unread counts as they were.
    const lobby = { id: LOBBY_ROOM_ID, lastSeq: 4, memberCount: 2 }
    const estudos = { id: v1.room, lastSeq: 3, memberCount: 2 }
    expect(store.summariesOf(v1.ana)).toEqual([
      expect.objectContaining({ ...lobby, lastReadSeq: 3, unread: 1 }),
      expect.objectContaining({ ...estudos, lastReadSeq: 1, unread: 1 })
    ])
    expect(store.summariesOf(v1.bia)).toEqual([
      expect.objectContaining({ ...lobby, lastReadSeq: 4, unread: 0 }),
      expect.objectContaining({ ...estudos, lastReadSeq: 3, unread: 0 })
    ])

    // History, notices and texts, in seq order.
    const page = store.history(v1.room, { limit: 50 })
    expect(page.hasMore).toBe(false)
    expect(page.messages).toEqual([
      expect.objectContaining({
        seq: 1,
        at: T + 5,
        kind: 'notice',
        notice: 'created',
        user: { id: v1.ana, nickname: 'Ana' }
      }),
      expect.objectContaining({ seq: 2, kind: 'notice', notice: 'joined' }),
      expect.objectContaining({
        roomId: v1.room,
        seq: 3,
        at: T + 7,
        kind: 'text',
        author: { id: v1.bia, nickname: 'Bia' },
        text: 'estudar?',
        clientId: 'b2'
      })
    ])
    // Texts written before the search index are in it (the migration filled it), accents folded.
    const found = store.search({ userId: v1.ana, match: '"ola"*', limit: 10 })
    expect(found.hits.map((h) => [h.message.text, h.roomName])).toEqual([['olá', 'Lobby']])
    expect(store.history(v1.room, { limit: 50 }).messages[2]).toMatchObject({
      replyTo: null,
      editedAt: null,
      deletedAt: null,
      reactions: [],
      change: 0
    })

    // A resend of an old clientId still finds the stored copy.
    expect(store.messageByClientId(v1.ana, 'a1')).toMatchObject({ seq: 3, text: 'oi' })

    // New rows continue each room's seq.
    const next = store.appendText({
      roomId: v1.room,
      userId: v1.ana,
      text: 'vamos',
      clientId: 'a2',
      at: T + 10
    })
    expect(next.seq).toBe(4)
    const lobbyNext = store.appendNotice({
      roomId: LOBBY_ROOM_ID,
      userId: v1.bia,
      notice: 'offline',
      at: T + 11
    })
    expect(lobbyNext.seq).toBe(5)

    // The host id is made once, and the schema is at the latest version.
    expect(store.hostId).toMatch(/^[0-9a-f-]{36}$/)
    const hostId = store.hostId
    store.close()
    cleanups.pop()
    expect(pragma(file, 'user_version')).toBe(MIGRATIONS.length)
    const again = openChatStore(file)
    expect(again.hostId).toBe(hostId)
    expect(again.history(LOBBY_ROOM_ID, { limit: 50 }).messages.map((m) => m.seq)).toEqual([
      1, 2, 3, 4, 5
    ])
    again.close()
    const db = new Database(file)
    expect(db.prepare('SELECT COUNT(*) AS n FROM rooms WHERE is_lobby = 1').get()).toMatchObject({
      n: 1
    })
    const meta = db.prepare('SELECT key FROM meta ORDER BY key').all() as { key: string }[]
    expect(meta.map((row) => row.key)).toEqual(['host_id', 'nickname_key_rule'])
    db.close()
  })

  it('creates every table on an empty folder and leaves an up-to-date one as it is', () => {
    const temp = makeTempDir('papo-store-')
    cleanups.push(temp.remove)
    const file = join(temp.dir, 'nested', 'papo-host.db')
    const first = openChatStore(file)
    const hostId = first.hostId
    first.close()
    expect(pragma(file, 'user_version')).toBe(MIGRATIONS.length)
    const second = openChatStore(file)
    expect(second.hostId).toBe(hostId)
    expect(second.summariesOf('nobody')).toEqual([])
    second.close()
    expect(pragma(file, 'user_version')).toBe(MIGRATIONS.length)
  })
})
