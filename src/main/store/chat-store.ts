import { randomUUID } from 'node:crypto'
import { closeSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'libsql'
import { LIMITS, LOBBY_ROOM_ID } from '../../shared/limits'
import type {
  HistoryPage,
  Message,
  NoticeType,
  Room,
  RoomSummary,
  UserRef
} from '../../shared/models'
import {
  toMessage,
  toRoom,
  toSummary,
  type MessageRow,
  type RoomRow,
  type SummaryRow,
  type UserRow
} from './rows'
import { MIGRATIONS } from './schema'
import { legacyLookup } from '../crypto/identity-proof'
import { rekeyPlan } from './rekey-nicknames'
import { ensurePrivateDir, tightenMode } from '../storage/private-files'

export interface StoredUser {
  id: string
  nickname: string
  nicknameKey: string
}

/** An identity from before keys, found by its legacy lookup: the hash its proof is keyed with. */
export interface LegacyUser extends StoredUser {
  secretHash: string
}

export interface HistoryQuery {
  /** Messages strictly older than this seq (scrolling back). */
  beforeSeq?: number
  /** Messages strictly newer than this seq (catching up). Not with `beforeSeq`. */
  afterSeq?: number
  /** At most this many messages. */
  limit: number
  /** The page stops before its messages (as JSON) pass this; default LIMITS.historyPageMaxBytes. */
  maxBytes?: number
}

export interface StoreOptions {
  /**
   * FULL (the default): a commit is on the disk before it returns, so an acknowledged message
   * survives a power cut, not only a crash of the host. NORMAL is for the benchmark's comparison.
   */
  synchronous?: 'FULL' | 'NORMAL'
}

export interface NewUser {
  /** The identity's Ed25519 public key (raw, base64url). */
  publicKey: string
  nickname: string
  /** The nickname's uniqueness key (nicknameKey() in shared/nickname.ts). */
  nicknameKey: string
  at: number
}

export interface NewRoom {
  code: string
  name: string
  createdBy: string
  at: number
}

export interface NewText {
  roomId: string
  userId: string
  text: string
  /** The sender's id for the message; a second text with the same one is refused. */
  clientId: string | null
  at: number
}

export interface NewNotice {
  roomId: string
  /** Whom the notice is about. */
  userId: string
  notice: NoticeType
  at: number
}

/**
 * The host's durable state in one SQLite file (WAL): users, rooms, members, messages, read state.
 * Calls are synchronous and short. Every write is committed when the call returns (or, inside
 * {@link ChatStore.transaction}, when the outermost transaction does), so an ack sent after it
 * means the message survives a crash, a restart or a power cut.
 */
export interface ChatStore {
  /** Made with the data folder and kept: the same host across restarts. */
  readonly hostId: string

  /** The identity with this Ed25519 public key, if it ever connected. */
  userByPublicKey(publicKey: string): StoredUser | null
  /** An identity from before keys, by its legacy lookup (crypto/identity-proof.ts). */
  userByLegacyLookup(lookup: string): LegacyUser | null
  /** Moves an identity from before keys to its key; its old secret stops counting. */
  bindKey(userId: string, publicKey: string): void
  /** Who holds a nickname (by its case-folded key), if anyone. */
  userByNicknameKey(key: string): StoredUser | null
  /** Id and current nickname of a user, if it exists. */
  user(id: string): UserRef | null
  /** A new identity with a fresh id; its nickname key must be free. */
  createUser(user: NewUser): StoredUser
  renameUser(id: string, nickname: string, nicknameKey: string): void
  /** Records when the identity was last seen (its last connection ended). */
  touchUser(id: string, at: number): void

  /** Kept out by the person hosting, across restarts. */
  isRemoved(userId: string): boolean
  /** True when the identity was not removed before. */
  markRemoved(userId: string, at: number): boolean
  /** True when the identity was removed (it may come back now). */
  readmit(userId: string): boolean
  /** Everyone removed, newest first. */
  removedList(): { user: UserRef; removedAt: number }[]

  room(id: string): Room | null
  /** The room with this code (normalised, see shared/room-code.ts), if any. */
  roomByCode(code: string): Room | null
  /** A new room with no members and no messages (last seq 0). */
  createRoom(room: NewRoom): Room
  /** Gives a room another code (free, normalised); the old one stops finding it. */
  setRoomCode(roomId: string, code: string): void

  isMember(roomId: string, userId: string): boolean
  /** True when the user was not a member before. New members start with nothing unread. */
  addMember(roomId: string, userId: string, at: number): boolean
  /** True when the user was a member. Read state goes with the membership. */
  removeMember(roomId: string, userId: string): boolean
  /** A room's members, by nickname (case-insensitive). */
  members(roomId: string): UserRef[]
  /** Every room the user is a member of. */
  roomIdsOf(userId: string): string[]
  /** The user's rooms with their seq, read state and unread count: the lobby first, then by age. */
  summariesOf(userId: string): RoomSummary[]
  /** One room as `summariesOf` describes it, or null if the user is not a member. */
  summary(roomId: string, userId: string): RoomSummary | null

  /** Stores a text with the room's next seq (last seq + 1, in the same transaction). */
  appendText(text: NewText): Message
  /** Stores a notice with the room's next seq, like a text. */
  appendNotice(notice: NewNotice): Message
  /** The text this user stored under `clientId`, if any (a resend finds the first copy). */
  messageByClientId(userId: string, clientId: string): Message | null

  /**
   * A page of a room's messages, oldest first: the newest by default, strictly older than
   * `beforeSeq`, or strictly newer than `afterSeq` (not both). At most `limit` messages and, past
   * the first, no more than `maxBytes` of JSON; `hasMore` says whether messages exist beyond the
   * page in the direction asked for.
   */
  history(roomId: string, query: HistoryQuery): HistoryPage
  /** Moves the read marker forward only, never past the newest message; answers the marker. */
  markRead(roomId: string, userId: string, seq: number): number

  /** How commits reach the disk, as SQLite reports it (the pragma is per connection). */
  synchronous(): 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA'
  /**
   * Runs `run` in one transaction: all its writes are committed together, or none if it throws.
   * Transactions nest: an inner one is part of the outer one.
   */
  transaction<T>(run: () => T): T
  close(): void
}

const MESSAGE_COLUMNS = `x.id, x.room_id, x.seq, x.at, x.kind, x.user_id, u.nickname, x.body,
  x.notice, x.client_id`

const SUMMARY_SELECT = `SELECT r.*, m.last_read_seq,
    (SELECT COUNT(*) FROM messages x WHERE x.room_id = r.id AND x.seq > m.last_read_seq
      AND x.kind = 'text' AND x.user_id != m.user_id) AS unread,
    (SELECT COUNT(*) FROM members y WHERE y.room_id = r.id) AS member_count
  FROM members m JOIN rooms r ON r.id = m.room_id`

/**
 * Opens (creating if needed) the store in `file`, bringing an older data folder's schema up to
 * date first (schema.ts), and makes the lobby and the host id if they are not there yet.
 */
export function openChatStore(file: string, options: StoreOptions = {}): ChatStore {
  ensurePrivateDir(dirname(file))
  // Made 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database's mode.
  closeSync(openSync(file, 'a', 0o600))
  tightenMode(file, 0o600)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  for (const companion of ['-wal', '-shm']) tightenMode(file + companion, 0o600)
  // NORMAL under WAL survives a crash of the host but not of the OS or the power: the last
  // commits may be lost. FULL syncs the WAL on every commit; the host groups messages into one
  // commit per event-loop turn (group-commit.ts) so that costs one sync per turn, not per message.
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 2000')
  migrate(db)

  fillLegacyLookups(db)
  rekeyNicknamesOnce(db)

  const q = {
    userByPublicKey: db.prepare('SELECT * FROM users WHERE public_key = ?'),
    userByLegacyLookup: db.prepare(
      'SELECT * FROM users WHERE legacy_lookup = ? AND public_key IS NULL'
    ),
    bindKey: db.prepare(
      `UPDATE users SET public_key = ?, secret_hash = 'key:' || ?, legacy_lookup = NULL
       WHERE id = ?`
    ),
    isRemoved: db.prepare('SELECT 1 AS yes FROM removals WHERE user_id = ?'),
    markRemoved: db.prepare('INSERT OR IGNORE INTO removals (user_id, removed_at) VALUES (?, ?)'),
    readmit: db.prepare('DELETE FROM removals WHERE user_id = ?'),
    removedList: db.prepare(
      `SELECT u.id, u.nickname, r.removed_at FROM removals r JOIN users u ON u.id = r.user_id
       ORDER BY r.removed_at DESC, u.id`
    ),
    setRoomCode: db.prepare('UPDATE rooms SET code = ? WHERE id = ? AND is_lobby = 0'),
    userByKey: db.prepare('SELECT * FROM users WHERE nickname_key = ?'),
    userById: db.prepare('SELECT id, nickname FROM users WHERE id = ?'),
    insertUser: db.prepare(
      `INSERT INTO users (id, secret_hash, public_key, nickname, nickname_key, created_at,
         last_seen_at)
       VALUES (?, 'key:' || ?, ?, ?, ?, ?, ?)`
    ),
    renameUser: db.prepare('UPDATE users SET nickname = ?, nickname_key = ? WHERE id = ?'),
    touchUser: db.prepare('UPDATE users SET last_seen_at = ? WHERE id = ?'),
    roomById: db.prepare('SELECT * FROM rooms WHERE id = ?'),
    roomByCode: db.prepare('SELECT * FROM rooms WHERE code = ?'),
    insertRoom: db.prepare(
      'INSERT INTO rooms (id, code, name, is_lobby, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)'
    ),
    isMember: db.prepare('SELECT 1 AS yes FROM members WHERE room_id = ? AND user_id = ?'),
    insertMember: db.prepare(
      'INSERT OR IGNORE INTO members (room_id, user_id, joined_at, last_read_seq) VALUES (?, ?, ?, ?)'
    ),
    deleteMember: db.prepare('DELETE FROM members WHERE room_id = ? AND user_id = ?'),
    members: db.prepare(
      `SELECT u.id, u.nickname FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.room_id = ? ORDER BY u.nickname COLLATE NOCASE, u.id`
    ),
    roomIdsOf: db.prepare('SELECT room_id FROM members WHERE user_id = ?'),
    summariesOf: db.prepare(
      `${SUMMARY_SELECT} WHERE m.user_id = ? ORDER BY r.is_lobby DESC, r.created_at, r.id`
    ),
    summary: db.prepare(`${SUMMARY_SELECT} WHERE m.user_id = ? AND r.id = ?`),
    bumpSeq: db.prepare('UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
    insertMessage: db.prepare(
      `INSERT INTO messages (id, room_id, seq, at, kind, user_id, body, notice, client_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ),
    messageById: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages x JOIN users u ON u.id = x.user_id WHERE x.id = ?`
    ),
    messageByClientId: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages x JOIN users u ON u.id = x.user_id
       WHERE x.user_id = ? AND x.client_id = ?`
    ),
    latest: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages x JOIN users u ON u.id = x.user_id
       WHERE x.room_id = ? ORDER BY x.seq DESC LIMIT ?`
    ),
    before: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages x JOIN users u ON u.id = x.user_id
       WHERE x.room_id = ? AND x.seq < ? ORDER BY x.seq DESC LIMIT ?`
    ),
    after: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages x JOIN users u ON u.id = x.user_id
       WHERE x.room_id = ? AND x.seq > ? ORDER BY x.seq ASC LIMIT ?`
    ),
    markRead: db.prepare(
      `UPDATE members SET last_read_seq = MAX(last_read_seq, MIN(?, (SELECT last_seq FROM rooms
       WHERE id = ?))) WHERE room_id = ? AND user_id = ? RETURNING last_read_seq`
    )
  }

  const roomRow = (id: string): RoomRow | undefined => q.roomById.get(id) as RoomRow | undefined
  const toUser = (row: UserRow): StoredUser => ({
    id: row.id,
    nickname: row.nickname,
    nicknameKey: row.nickname_key
  })

  // libsql's transactions do not nest, so an outer transaction (a bulk import, a room created
  // with its first member) simply contains the inner ones.
  let depth = 0
  const atomically = <T>(run: () => T): T => {
    if (depth > 0) return run()
    depth++
    try {
      return db.transaction(run)()
    } finally {
      depth--
    }
  }

  const getMeta = db.prepare('SELECT value FROM meta WHERE key = ?')
  const setMeta = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)')
  setMeta.run('host_id', randomUUID())
  const hostId = (getMeta.get('host_id') as { value: string }).value

  if (!roomRow(LOBBY_ROOM_ID)) q.insertRoom.run(LOBBY_ROOM_ID, null, 'Lobby', 1, null, Date.now())

  function append(
    roomId: string,
    userId: string,
    at: number,
    fields:
      | { kind: 'text'; text: string; clientId: string | null }
      | { kind: 'notice'; notice: NoticeType }
  ): Message {
    const id = randomUUID()
    atomically(() => {
      const { last_seq: seq } = q.bumpSeq.get(roomId) as { last_seq: number }
      q.insertMessage.run(
        id,
        roomId,
        seq,
        at,
        fields.kind,
        userId,
        fields.kind === 'text' ? fields.text : null,
        fields.kind === 'notice' ? fields.notice : null,
        fields.kind === 'text' ? fields.clientId : null
      )
    })
    return toMessage(q.messageById.get(id) as MessageRow)
  }

  return {
    hostId,

    userByPublicKey(publicKey: string): StoredUser | null {
      const row = q.userByPublicKey.get(publicKey) as UserRow | undefined
      return row ? toUser(row) : null
    },

    userByLegacyLookup(lookup: string): LegacyUser | null {
      const row = q.userByLegacyLookup.get(lookup) as UserRow | undefined
      return row ? { ...toUser(row), secretHash: row.secret_hash } : null
    },

    bindKey(userId: string, publicKey: string): void {
      q.bindKey.run(publicKey, publicKey, userId)
    },

    isRemoved(userId: string): boolean {
      return q.isRemoved.get(userId) !== undefined
    },

    markRemoved(userId: string, at: number): boolean {
      return q.markRemoved.run(userId, at).changes > 0
    },

    readmit(userId: string): boolean {
      return q.readmit.run(userId).changes > 0
    },

    removedList() {
      return (q.removedList.all() as { id: string; nickname: string; removed_at: number }[]).map(
        (r) => ({ user: { id: r.id, nickname: r.nickname }, removedAt: r.removed_at })
      )
    },

    userByNicknameKey(key: string): StoredUser | null {
      const row = q.userByKey.get(key) as UserRow | undefined
      return row ? toUser(row) : null
    },

    user(id: string): UserRef | null {
      const row = q.userById.get(id) as { id: string; nickname: string } | undefined
      return row ? { id: row.id, nickname: row.nickname } : null
    },

    createUser(u: NewUser): StoredUser {
      const id = randomUUID()
      q.insertUser.run(id, u.publicKey, u.publicKey, u.nickname, u.nicknameKey, u.at, u.at)
      return { id, nickname: u.nickname, nicknameKey: u.nicknameKey }
    },

    renameUser(id: string, nickname: string, nicknameKey: string): void {
      q.renameUser.run(nickname, nicknameKey, id)
    },

    touchUser(id: string, at: number): void {
      q.touchUser.run(at, id)
    },

    room(id: string): Room | null {
      const row = roomRow(id)
      return row ? toRoom(row) : null
    },

    roomByCode(code: string): Room | null {
      const row = q.roomByCode.get(code) as RoomRow | undefined
      return row ? toRoom(row) : null
    },

    createRoom(r: NewRoom): Room {
      const id = randomUUID()
      q.insertRoom.run(id, r.code, r.name, 0, r.createdBy, r.at)
      return toRoom(roomRow(id) as RoomRow)
    },

    setRoomCode(roomId: string, code: string): void {
      q.setRoomCode.run(code, roomId)
    },

    isMember(roomId: string, userId: string): boolean {
      return q.isMember.get(roomId, userId) !== undefined
    },

    addMember(roomId: string, userId: string, at: number): boolean {
      const lastSeq = roomRow(roomId)?.last_seq ?? 0
      return q.insertMember.run(roomId, userId, at, lastSeq).changes > 0
    },

    removeMember(roomId: string, userId: string): boolean {
      return q.deleteMember.run(roomId, userId).changes > 0
    },

    members(roomId: string): UserRef[] {
      return (q.members.all(roomId) as { id: string; nickname: string }[]).map((r) => ({
        id: r.id,
        nickname: r.nickname
      }))
    },

    roomIdsOf(userId: string): string[] {
      return (q.roomIdsOf.all(userId) as { room_id: string }[]).map((r) => r.room_id)
    },

    summariesOf(userId: string): RoomSummary[] {
      return (q.summariesOf.all(userId) as SummaryRow[]).map(toSummary)
    },

    summary(roomId: string, userId: string): RoomSummary | null {
      const row = q.summary.get(userId, roomId) as SummaryRow | undefined
      return row ? toSummary(row) : null
    },

    appendText(m: NewText): Message {
      return append(m.roomId, m.userId, m.at, { kind: 'text', text: m.text, clientId: m.clientId })
    },

    appendNotice(m: NewNotice): Message {
      return append(m.roomId, m.userId, m.at, { kind: 'notice', notice: m.notice })
    },

    messageByClientId(userId: string, clientId: string): Message | null {
      const row = q.messageByClientId.get(userId, clientId) as MessageRow | undefined
      return row ? toMessage(row) : null
    },

    history(roomId: string, query: HistoryQuery): HistoryPage {
      const take = query.limit + 1
      let rows: MessageRow[]
      if (query.afterSeq !== undefined) {
        rows = q.after.all(roomId, query.afterSeq, take) as MessageRow[]
      } else {
        const older = query.beforeSeq !== undefined
        rows = (
          older ? q.before.all(roomId, query.beforeSeq, take) : q.latest.all(roomId, take)
        ) as MessageRow[]
      }
      // Rows come nearest to the cursor first; the page keeps as many as fit the byte bound, and
      // always one, so paging on from its edge never gets stuck.
      const maxBytes = query.maxBytes ?? LIMITS.historyPageMaxBytes
      const messages: Message[] = []
      let bytes = 0
      let cut = false
      for (const row of rows.slice(0, query.limit)) {
        const message = toMessage(row)
        const size = Buffer.byteLength(JSON.stringify(message))
        if (messages.length > 0 && bytes + size > maxBytes) {
          cut = true
          break
        }
        messages.push(message)
        bytes += size
      }
      if (query.afterSeq === undefined) messages.reverse()
      return { messages, hasMore: cut || rows.length > query.limit }
    },

    markRead(roomId: string, userId: string, seq: number): number {
      const row = q.markRead.get(seq, roomId, roomId, userId) as
        { last_read_seq: number } | undefined
      return row?.last_read_seq ?? 0
    },

    synchronous(): 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA' {
      const row = db.prepare('PRAGMA synchronous').get() as { synchronous: number }
      return (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[row.synchronous] ?? 'OFF'
    },

    transaction<T>(run: () => T): T {
      return atomically(run)
    },

    close(): void {
      db.close()
    }
  }
}

/**
 * Identities from before keys get their legacy lookup (a hash of their secret's hash, which SQL
 * cannot compute), so their first signed login can find them. Only rows without one.
 */
function fillLegacyLookups(db: Database.Database): void {
  const rows = db
    .prepare(
      `SELECT id, secret_hash FROM users
       WHERE public_key IS NULL AND legacy_lookup IS NULL AND secret_hash NOT LIKE 'key:%'`
    )
    .all() as { id: string; secret_hash: string }[]
  if (rows.length === 0) return
  const update = db.prepare('UPDATE users SET legacy_lookup = ? WHERE id = ?')
  db.transaction(() => {
    for (const row of rows) update.run(legacyLookup(row.secret_hash), row.id)
  })()
}

/** Bumped whenever nicknameKey() changes its rule, so stored keys are made again once. */
export const NICKNAME_KEY_RULE = 'uts39-skeleton-1'

/**
 * Nickname keys made under an older rule are made again under the current one (rekeyPlan: the
 * oldest holder of a look-alike name keeps it plainly, later ones keep theirs under a suffixed
 * key), in two passes because UNIQUE is checked per statement.
 */
function rekeyNicknamesOnce(db: Database.Database): void {
  const rule = db.prepare("SELECT value FROM meta WHERE key = 'nickname_key_rule'").get() as
    { value: string } | undefined
  if (rule?.value === NICKNAME_KEY_RULE) return
  const users = (
    db.prepare('SELECT id, nickname, created_at FROM users').all() as {
      id: string
      nickname: string
      created_at: number
    }[]
  ).map((u) => ({ id: u.id, nickname: u.nickname, createdAt: u.created_at }))
  const setKey = db.prepare('UPDATE users SET nickname_key = ? WHERE id = ?')
  db.transaction(() => {
    for (const user of users) setKey.run(`rekey:${user.id}`, user.id)
    for (const { id, key } of rekeyPlan(users)) setKey.run(key, id)
    db.prepare(
      "INSERT INTO meta (key, value) VALUES ('nickname_key_rule', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
    ).run(NICKNAME_KEY_RULE)
  })()
}

function migrate(db: Database.Database): void {
  // libsql's pragma() ignores `simple`, so read the row directly.
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number }
  const current = row.user_version
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}
