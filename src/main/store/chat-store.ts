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
  TextMessage,
  UserRef
} from '../../shared/models'
import {
  groupReactions,
  toMessage,
  toRoom,
  toSummary,
  type MessageRow,
  type ReactionRow,
  type RoomRow,
  type SummaryRow,
  type UserRow
} from './rows'
import { MIGRATIONS } from './schema'
import { createFileTables, type FileTables, type NewAttachment } from './file-tables'
import { legacyLookup } from '../crypto/identity-proof'
import { rekeyPlan } from './rekey-nicknames'
import { createLogSync } from './log-sync'
import { messageId } from './message-id'
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
  /** A page with this seq in its middle (jumping to a message). Not with the other two. */
  aroundSeq?: number
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
  /** The id of the message of the same room this one answers (the caller checked it). */
  replyTo?: string | null
  /** A file it carries (its text is then the caption, and may be empty). */
  attachment?: NewAttachment | null
  at: number
}

/** What changed in a room after a change cursor (room:changes). */
export interface ChangesPage {
  messages: TextMessage[]
  lastChange: number
  hasMore: boolean
}

export interface SearchQuery {
  /** Whose rooms: only those this identity is a member of are searched. */
  userId: string
  /** An FTS5 MATCH expression built by the caller from plain words (never the user's syntax). */
  match: string
  roomId?: string
  authorId?: string
  /** Hits strictly older than this message. */
  beforeMessageId?: string
  limit: number
}

export interface StoredHit {
  message: TextMessage
  /** The room's name, or for a direct conversation the other person's nickname. */
  roomName: string
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
  /** Stored contents, attachments and open uploads (file-tables.ts). */
  readonly files: FileTables

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

  /** The direct conversation between two identities, if it was ever opened. */
  directRoom(userA: string, userB: string): Room | null
  /** A new direct conversation with both identities as members (no code, no messages). */
  createDirectRoom(openedBy: string, other: string, at: number): Room
  /** True when the two identities are both members of some room that is not a direct one. */
  shareRoom(userA: string, userB: string): boolean

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
   * What this user's `clientId` names already, if anything: a stored message or an open upload.
   * One index probe: every new text asks it, and only a resend reads the message itself.
   */
  clientIdUse(userId: string, clientId: string): 'message' | 'upload' | null
  /** A message by id, as history shows it now (quote, reactions, change), if it exists. */
  message(id: string): Message | null

  // Each change below takes the room's next change cursor (last_change + 1) and stamps the
  // message with it, in one transaction with the change, committed when the call returns.
  /** Replaces a text and marks it edited: the text as it is now. */
  editText(messageId: string, text: string, at: number): TextMessage
  /**
   * Erases a text: '' in its place, its reactions, attachment and index entries gone, marked
   * deleted (the attachment's content stays on disk while something else refers to it). Outside
   * an outer transaction the WAL is checkpointed and truncated after it, so no copy of the text
   * stays in either file (secure_delete zeroes what SQLite frees).
   */
  deleteText(messageId: string, at: number): TextMessage
  /**
   * Puts (`on`) or takes away this identity's `emoji` on a text; `changed` false (and no new
   * change cursor) when it already was so.
   */
  react(
    messageId: string,
    userId: string,
    emoji: string,
    on: boolean,
    at: number
  ): { message: TextMessage; changed: boolean }
  /** Texts of a room changed after `afterChange`, in the order of their last change. */
  changes(roomId: string, afterChange: number, limit: number): ChangesPage
  /** Full-text search over the texts of the identity's rooms, newest first, deleted ones out. */
  search(query: SearchQuery): { hits: StoredHit[]; hasMore: boolean }

  /**
   * A page of a room's messages, oldest first: the newest by default, strictly older than
   * `beforeSeq`, strictly newer than `afterSeq`, or around `aroundSeq` (one of them at most). At
   * most `limit` messages and, past the first, no more than `maxBytes` of JSON; `hasMore` says
   * whether messages exist beyond the page in the direction asked for (older, around a seq, with
   * `hasMoreAfter` for newer).
   */
  history(roomId: string, query: HistoryQuery): HistoryPage
  /** Moves the read marker forward only, never past the newest message; answers the marker. */
  markRead(roomId: string, userId: string, seq: number): number
  /**
   * Marks the message `seq` its author just wrote as read by them (inside the commit that
   * stores it): it is the newest of its room, so reading it reads everything; answers `seq`.
   */
  markWritten(roomId: string, userId: string, seq: number): number

  /** How commits reach the disk, as SQLite reports it (the pragma is per connection). */
  synchronous(): 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA'
  /**
   * Runs `run` in one transaction: all its writes are committed together, or none if it throws.
   * Transactions nest: an inner one is part of the outer one.
   */
  transaction<T>(run: () => T): T
  /**
   * Like `transaction`, but the commit does not wait for the disk (synchronous = NORMAL for this
   * commit only): it survives a crash of the host at once, a power cut only once a `syncLog`
   * begun after it is done. Not inside another transaction.
   */
  transactionUnsynced<T>(run: () => T): T
  /**
   * Every commit so far reaches the disk, off the event loop; `done` runs after. (Opened at
   * NORMAL: at once, without a sync.)
   */
  syncLog(done: (error: Error | null) => void): void
  /** Every commit so far reaches the disk before this returns. */
  syncLogNow(): void
  close(): void
}

// The replied-to message comes in the same row (a LEFT JOIN by primary key), so a page of
// history costs one query for its messages and at most one for their reactions.
// A file sent without a caption is quoted by its name, so a reply to it says what it answers.
const MESSAGE_COLUMNS = `x.id, x.room_id, x.seq, x.at, x.kind, x.user_id, u.nickname, x.body,
  x.notice, x.client_id, x.edited_at, x.deleted_at, x.change_seq, q.id AS q_id, q.seq AS q_seq,
  q.user_id AS q_user_id, qu.nickname AS q_nickname,
  substr(COALESCE(NULLIF(q.body, ''), '📎 ' || (SELECT qa.name FROM attachments qa
    WHERE qa.message_id = q.id), ''), 1, ${LIMITS.replyExcerptMax}) AS q_body,
  q.deleted_at AS q_deleted_at,
  a.sha256 AS a_sha256, a.name AS a_name, fc.size AS f_size, fc.type AS f_type,
  fc.width AS f_width, fc.height AS f_height, ft.width AS t_width, ft.height AS t_height`
/** The attachment of `x`, its content and its thumbnail (files are few per message: one). */
const ATTACHMENT_JOIN = `LEFT JOIN attachments a ON a.message_id = x.id
  LEFT JOIN files fc ON fc.sha256 = a.sha256 LEFT JOIN files ft ON ft.sha256 = a.thumb_sha256`
const MESSAGE_FROM = `messages x JOIN users u ON u.id = x.user_id
  LEFT JOIN messages q ON q.id = x.reply_to LEFT JOIN users qu ON qu.id = q.user_id
  ${ATTACHMENT_JOIN}`

/** The other person of a direct conversation `r`, as `viewer` sees it (no row otherwise). */
const peerJoin = (viewer: string): string => `LEFT JOIN direct_rooms d ON d.room_id = r.id
  LEFT JOIN users pu ON pu.id = CASE WHEN d.user_low = ${viewer} THEN d.user_high
    ELSE d.user_low END`

const SUMMARY_SELECT = `SELECT r.*, m.last_read_seq,
    (SELECT COUNT(*) FROM messages x WHERE x.room_id = r.id AND x.seq > m.last_read_seq
      AND x.kind = 'text' AND x.user_id != m.user_id) AS unread,
    (SELECT COUNT(*) FROM members y WHERE y.room_id = r.id) AS member_count,
    pu.id AS peer_id, pu.nickname AS peer_nickname
  FROM members m JOIN rooms r ON r.id = m.room_id ${peerJoin('m.user_id')}`

/** What a direct conversation is called in the store; people see the other person's name. */
const DIRECT_ROOM_NAME = 'Direct conversation'
/** Rooms kept in memory at most (a stranger can create rooms): past it, the cache starts over. */
const ROOM_CACHE_MAX = 4096
/** Memberships kept in memory at most: past it, that cache starts over too. */
const MEMBERSHIP_CACHE_MAX = 65_536

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
  // commits may be lost. FULL syncs the WAL on every commit. The host's messages take a third way
  // (group-commit.ts): one commit per event-loop turn at NORMAL, then the WAL synced off the loop
  // (syncLog) before any of them is acknowledged.
  const synchronous = options.synchronous ?? 'FULL'
  db.pragma(`synchronous = ${synchronous}`)
  const logSync = createLogSync(file + '-wal')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 2000')
  // What SQLite frees (a deleted text, the index pages it was in) is zeroed, not left readable.
  db.pragma('secure_delete = ON')
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
    lastSeq: db.prepare('SELECT last_seq FROM rooms WHERE id = ?'),
    setLastSeq: db.prepare('UPDATE rooms SET last_seq = ? WHERE id = ?'),
    insertMessage: db.prepare(
      `INSERT INTO messages (id, room_id, seq, at, kind, user_id, body, notice, client_id,
         reply_to)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ),
    messageById: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE x.id = ?`),
    messageByClientId: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE x.user_id = ? AND x.client_id = ?`
    ),
    clientIdUse: db.prepare(
      `SELECT 'message' AS use FROM messages WHERE user_id = @user AND client_id = @client
       UNION ALL SELECT 'upload' FROM uploads WHERE user_id = @user AND client_id = @client
       LIMIT 1`
    ),
    latest: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
       WHERE x.room_id = ? ORDER BY x.seq DESC LIMIT ?`
    ),
    before: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
       WHERE x.room_id = ? AND x.seq < ? ORDER BY x.seq DESC LIMIT ?`
    ),
    after: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
       WHERE x.room_id = ? AND x.seq > ? ORDER BY x.seq ASC LIMIT ?`
    ),
    atOrBefore: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
       WHERE x.room_id = ? AND x.seq <= ? ORDER BY x.seq DESC LIMIT ?`
    ),
    reactions: db.prepare(
      `SELECT message_id, emoji, user_id FROM reactions
       WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY rowid`
    ),
    changed: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
       WHERE x.room_id = ? AND x.change_seq > ? ORDER BY x.change_seq LIMIT ?`
    ),
    bumpChange: db.prepare(
      'UPDATE rooms SET last_change = last_change + 1 WHERE id = ? RETURNING last_change'
    ),
    stampChange: db.prepare('UPDATE messages SET change_seq = ? WHERE id = ?'),
    editText: db.prepare('UPDATE messages SET body = ?, edited_at = ? WHERE id = ?'),
    eraseText: db.prepare(`UPDATE messages SET body = '', deleted_at = ? WHERE id = ?`),
    eraseReactions: db.prepare('DELETE FROM reactions WHERE message_id = ?'),
    addReaction: db.prepare(
      'INSERT OR IGNORE INTO reactions (message_id, emoji, user_id, at) VALUES (?, ?, ?, ?)'
    ),
    removeReaction: db.prepare(
      'DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?'
    ),
    insertDirectRoom: db.prepare(
      `INSERT INTO rooms (id, code, name, is_lobby, is_direct, created_by, created_at)
       VALUES (?, NULL, '${DIRECT_ROOM_NAME}', 0, 1, ?, ?)`
    ),
    insertDirectPair: db.prepare(
      'INSERT INTO direct_rooms (room_id, user_low, user_high) VALUES (?, ?, ?)'
    ),
    directRoom: db.prepare(
      `SELECT r.* FROM direct_rooms d JOIN rooms r ON r.id = d.room_id
       WHERE d.user_low = ? AND d.user_high = ?`
    ),
    shareRoom: db.prepare(
      `SELECT 1 AS yes FROM members a
       JOIN members b ON b.room_id = a.room_id AND b.user_id = ?
       JOIN rooms r ON r.id = a.room_id
       WHERE a.user_id = ? AND r.is_direct = 0 LIMIT 1`
    ),
    rowidOf: db.prepare('SELECT rowid AS n FROM messages WHERE id = ?'),
    // Newest first is rowid order: rows are only ever appended (a delete blanks a text, never
    // removes its row), so FTS5 walks its matches from the newest and stops at the page.
    search: db.prepare(
      `SELECT ${MESSAGE_COLUMNS},
         CASE WHEN r.is_direct = 1 THEN pu.nickname ELSE r.name END AS room_name
       FROM messages_fts f
       JOIN messages x ON x.rowid = f.rowid
       JOIN members mb ON mb.room_id = x.room_id AND mb.user_id = @me
       JOIN rooms r ON r.id = x.room_id
       JOIN users u ON u.id = x.user_id
       LEFT JOIN messages q ON q.id = x.reply_to LEFT JOIN users qu ON qu.id = q.user_id
       ${ATTACHMENT_JOIN}
       ${peerJoin('@me')}
       WHERE messages_fts MATCH @match AND f.rowid < @before AND x.deleted_at IS NULL
         AND x.kind = 'text' AND (@room IS NULL OR x.room_id = @room)
         AND (@author IS NULL OR x.user_id = @author)
       ORDER BY f.rowid DESC LIMIT @take`
    ),
    markWritten: db.prepare(
      'UPDATE members SET last_read_seq = MAX(last_read_seq, ?) WHERE room_id = ? AND user_id = ?'
    ),
    markRead: db.prepare(
      `UPDATE members SET last_read_seq = MAX(last_read_seq, MIN(?, (SELECT last_seq FROM rooms
       WHERE id = ?))) WHERE room_id = ? AND user_id = ? RETURNING last_read_seq`
    )
  }

  const roomRow = (id: string): RoomRow | undefined => q.roomById.get(id) as RoomRow | undefined
  /**
   * Rooms as `room()` read them outside transactions: read on nearly every request, and of what
   * a Room holds only the code ever changes (setRoomCode forgets the room); rooms are never
   * deleted.
   */
  const rooms = new Map<string, Room>()
  /**
   * Memberships known to be committed ("room\nuser"), asked for with every request in a room.
   * Only a yes read outside a transaction goes in; removeMember takes the pair out before it
   * deletes, so a no is always read from the database.
   */
  const memberships = new Set<string>()
  const files = createFileTables(db)

  /**
   * Rows as wire messages, with their reactions in one query. Only a message with a change can
   * have reactions (each one took a change cursor), so most pages need no second query.
   */
  const hydrate = (rows: MessageRow[]): Message[] => {
    const changed = rows.filter((r) => r.change_seq > 0 && r.kind === 'text').map((r) => r.id)
    const reactions =
      changed.length === 0
        ? new Map()
        : groupReactions(q.reactions.all(JSON.stringify(changed)) as ReactionRow[])
    return rows.map((row) => toMessage(row, reactions.get(row.id) ?? []))
  }
  const messageRow = (id: string): MessageRow | undefined =>
    q.messageById.get(id) as MessageRow | undefined
  const textById = (id: string): TextMessage => {
    const row = messageRow(id)
    const message = row ? hydrate([row])[0] : undefined
    if (message?.kind !== 'text') throw new Error(`no text message ${id}`)
    return message
  }
  /** The room's next change cursor, stamped on the message (inside the caller's transaction). */
  const stampChange = (messageId: string): void => {
    const row = messageRow(messageId)
    if (!row) throw new Error(`no message ${messageId}`)
    const { last_change: change } = q.bumpChange.get(row.room_id) as { last_change: number }
    q.stampChange.run(change, messageId)
  }
  /** The identities of a direct conversation, in the order its row keeps them. */
  const pair = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a])
  const toUser = (row: UserRow): StoredUser => ({
    id: row.id,
    nickname: row.nickname,
    nicknameKey: row.nickname_key
  })

  // libsql's transactions do not nest, so an outer transaction (a bulk import, a room created
  // with its first member) simply contains the inner ones.
  let depth = 0
  /**
   * Seqs handed out in the transaction under way, by room, not yet written to rooms.last_seq: a
   * commit of fifty texts reads a room's seq once and writes it once, instead of an UPDATE per
   * text (the costliest statement of an insert in the durable benchmark's profile). Written
   * before the commit, and before anything inside the transaction reads last_seq (writeSeqs);
   * forgotten with a rollback.
   */
  const seqs = new Map<string, number>()
  const nextSeq = (roomId: string): number => {
    const last =
      seqs.get(roomId) ?? (q.lastSeq.get(roomId) as { last_seq: number } | undefined)?.last_seq
    if (last === undefined) throw new Error(`no room ${roomId}`)
    seqs.set(roomId, last + 1)
    return last + 1
  }
  const writeSeqs = (): void => {
    for (const [roomId, seq] of seqs) q.setLastSeq.run(seq, roomId)
    seqs.clear()
  }

  const atomically = <T>(run: () => T): T => {
    if (depth > 0) return run()
    depth++
    try {
      return db.transaction(() => {
        const result = run()
        writeSeqs()
        return result
      })()
    } finally {
      depth--
      seqs.clear()
    }
  }

  const getMeta = db.prepare('SELECT value FROM meta WHERE key = ?')
  const setMeta = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)')
  setMeta.run('host_id', randomUUID())
  const hostId = (getMeta.get('host_id') as { value: string }).value

  if (!roomRow(LOBBY_ROOM_ID)) q.insertRoom.run(LOBBY_ROOM_ID, null, 'Lobby', 1, null, Date.now())

  /** A message's row as read back right after its insert: no edit, change, quote or file. */
  const writtenRow = (
    id: string,
    roomId: string,
    seq: number,
    at: number,
    userId: string,
    fields:
      | { kind: 'text'; text: string; clientId: string | null }
      | { kind: 'notice'; notice: NoticeType }
  ): MessageRow => {
    const user = q.userById.get(userId) as { nickname: string } | undefined
    if (!user) throw new Error(`no user ${userId} for message ${id}`)
    return {
      id,
      room_id: roomId,
      seq,
      at,
      kind: fields.kind,
      user_id: userId,
      nickname: user.nickname,
      body: fields.kind === 'text' ? fields.text : null,
      notice: fields.kind === 'notice' ? fields.notice : null,
      client_id: fields.kind === 'text' ? fields.clientId : null,
      edited_at: null,
      deleted_at: null,
      change_seq: 0,
      q_id: null,
      q_seq: null,
      q_user_id: null,
      q_nickname: null,
      q_body: null,
      q_deleted_at: null,
      a_sha256: null,
      a_name: null,
      f_size: null,
      f_type: null,
      f_width: null,
      f_height: null,
      t_width: null,
      t_height: null
    }
  }

  function append(
    roomId: string,
    userId: string,
    at: number,
    fields:
      | {
          kind: 'text'
          text: string
          clientId: string | null
          replyTo: string | null
          attachment: NewAttachment | null
        }
      | { kind: 'notice'; notice: NoticeType }
  ): Message {
    const id = messageId(at)
    let seq = 0
    atomically(() => {
      seq = nextSeq(roomId)
      q.insertMessage.run(
        id,
        roomId,
        seq,
        at,
        fields.kind,
        userId,
        fields.kind === 'text' ? fields.text : null,
        fields.kind === 'notice' ? fields.notice : null,
        fields.kind === 'text' ? fields.clientId : null,
        fields.kind === 'text' ? fields.replyTo : null
      )
      if (fields.kind === 'text' && fields.attachment) files.attach(id, fields.attachment, at)
    })
    // A reply's quote and a file's details come from the joined query; a plain message is what
    // was just written (toMessage builds both, so they cannot differ), without a 28-column join
    // per message in a busy room.
    if (fields.kind === 'text' && (fields.replyTo !== null || fields.attachment !== null)) {
      return toMessage(messageRow(id) as MessageRow)
    }
    return toMessage(writtenRow(id, roomId, seq, at, userId, fields))
  }

  /**
   * A page with `seq` in its middle: half older (the message at `seq` among them), half newer,
   * the other side filling in when one runs short. The byte bound keeps the messages nearest to
   * `seq` first, so the page is never cut away from the message asked for.
   */
  function around(roomId: string, seq: number, query: HistoryQuery): HistoryPage {
    const { limit } = query
    const older = hydrate(q.atOrBefore.all(roomId, seq, limit + 1) as MessageRow[])
    const newer = hydrate(q.after.all(roomId, seq, limit + 1) as MessageRow[])
    let takeNewer = Math.min(newer.length, Math.floor(limit / 2))
    const takeOlder = Math.min(older.length, limit - takeNewer)
    takeNewer = Math.min(newer.length, limit - takeOlder)
    // Nearest first, alternating sides (older first: the message at `seq` is older[0]), within
    // the byte bound.
    const maxBytes = query.maxBytes ?? LIMITS.historyPageMaxBytes
    let o = 0
    let n = 0
    let bytes = 0
    while (o < takeOlder || n < takeNewer) {
      const useOlder = o < takeOlder && (n >= takeNewer || o <= n)
      const size = Buffer.byteLength(JSON.stringify(useOlder ? older[o] : newer[n]))
      if (o + n > 0 && bytes + size > maxBytes) break
      bytes += size
      if (useOlder) o++
      else n++
    }
    return {
      messages: [...older.slice(0, o).reverse(), ...newer.slice(0, n)],
      hasMore: older.length > o,
      hasMoreAfter: newer.length > n
    }
  }

  return {
    hostId,
    files,

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
      const cached = depth === 0 ? rooms.get(id) : undefined
      if (cached) return { ...cached }
      const row = roomRow(id)
      if (!row) return null
      const room = toRoom(row)
      // Only what is committed is kept (a transaction could still roll back what it read).
      if (depth === 0) {
        if (rooms.size >= ROOM_CACHE_MAX) rooms.clear()
        rooms.set(id, room)
      }
      return { ...room }
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
      rooms.delete(roomId)
      q.setRoomCode.run(code, roomId)
    },

    directRoom(userA: string, userB: string): Room | null {
      const row = q.directRoom.get(...pair(userA, userB)) as RoomRow | undefined
      return row ? toRoom(row) : null
    },

    createDirectRoom(openedBy: string, other: string, at: number): Room {
      const id = randomUUID()
      atomically(() => {
        q.insertDirectRoom.run(id, openedBy, at)
        q.insertDirectPair.run(id, ...pair(openedBy, other))
        q.insertMember.run(id, openedBy, at, 0)
        q.insertMember.run(id, other, at, 0)
      })
      return toRoom(roomRow(id) as RoomRow)
    },

    shareRoom(userA: string, userB: string): boolean {
      return q.shareRoom.get(userB, userA) !== undefined
    },

    isMember(roomId: string, userId: string): boolean {
      const key = `${roomId}\n${userId}`
      if (depth === 0 && memberships.has(key)) return true
      const yes = q.isMember.get(roomId, userId) !== undefined
      if (yes && depth === 0) {
        if (memberships.size >= MEMBERSHIP_CACHE_MAX) memberships.clear()
        memberships.add(key)
      }
      return yes
    },

    addMember(roomId: string, userId: string, at: number): boolean {
      writeSeqs()
      const lastSeq = roomRow(roomId)?.last_seq ?? 0
      return q.insertMember.run(roomId, userId, at, lastSeq).changes > 0
    },

    removeMember(roomId: string, userId: string): boolean {
      memberships.delete(`${roomId}\n${userId}`)
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
      writeSeqs()
      return (q.summariesOf.all(userId) as SummaryRow[]).map(toSummary)
    },

    summary(roomId: string, userId: string): RoomSummary | null {
      writeSeqs()
      const row = q.summary.get(userId, roomId) as SummaryRow | undefined
      return row ? toSummary(row) : null
    },

    appendText(m: NewText): Message {
      return append(m.roomId, m.userId, m.at, {
        kind: 'text',
        text: m.text,
        clientId: m.clientId,
        replyTo: m.replyTo ?? null,
        attachment: m.attachment ?? null
      })
    },

    appendNotice(m: NewNotice): Message {
      return append(m.roomId, m.userId, m.at, { kind: 'notice', notice: m.notice })
    },

    messageByClientId(userId: string, clientId: string): Message | null {
      const row = q.messageByClientId.get(userId, clientId) as MessageRow | undefined
      return row ? (hydrate([row])[0] ?? null) : null
    },

    clientIdUse(userId: string, clientId: string): 'message' | 'upload' | null {
      const row = q.clientIdUse.get({ user: userId, client: clientId }) as
        { use: 'message' | 'upload' } | undefined
      return row?.use ?? null
    },

    message(id: string): Message | null {
      const row = messageRow(id)
      return row ? (hydrate([row])[0] ?? null) : null
    },

    editText(messageId: string, text: string, at: number): TextMessage {
      atomically(() => {
        q.editText.run(text, at, messageId)
        stampChange(messageId)
      })
      return textById(messageId)
    },

    deleteText(messageId: string, at: number): TextMessage {
      atomically(() => {
        q.eraseText.run(at, messageId)
        q.eraseReactions.run(messageId)
        files.detach(messageId)
        stampChange(messageId)
      })
      // The WAL still holds the pages as they were before (the text among them) until a
      // checkpoint copies the new ones over and TRUNCATE empties it. Inside an outer transaction
      // nothing is committed yet: that caller checkpoints.
      if (depth === 0) db.pragma('wal_checkpoint(TRUNCATE)')
      return textById(messageId)
    },

    react(messageId: string, userId: string, emoji: string, on: boolean, at: number) {
      const changed = atomically(() => {
        const done = on
          ? q.addReaction.run(messageId, emoji, userId, at)
          : q.removeReaction.run(messageId, emoji, userId)
        if (done.changes > 0) stampChange(messageId)
        return done.changes > 0
      })
      return { message: textById(messageId), changed }
    },

    changes(roomId: string, afterChange: number, limit: number): ChangesPage {
      const rows = q.changed.all(roomId, afterChange, limit + 1) as MessageRow[]
      const messages = hydrate(rows.slice(0, limit)).filter(
        (m): m is TextMessage => m.kind === 'text'
      )
      return {
        messages,
        lastChange: roomRow(roomId)?.last_change ?? 0,
        hasMore: rows.length > limit
      }
    },

    search(query: SearchQuery): { hits: StoredHit[]; hasMore: boolean } {
      let before = Number.MAX_SAFE_INTEGER
      if (query.beforeMessageId !== undefined) {
        const row = q.rowidOf.get(query.beforeMessageId) as { n: number } | undefined
        if (!row) return { hits: [], hasMore: false }
        before = row.n
      }
      const rows = q.search.all({
        me: query.userId,
        match: query.match,
        before,
        room: query.roomId ?? null,
        author: query.authorId ?? null,
        take: query.limit + 1
      }) as (MessageRow & { room_name: string | null })[]
      const page = rows.slice(0, query.limit)
      const messages = hydrate(page)
      const hits = messages.flatMap((message, i) =>
        message.kind === 'text' ? [{ message, roomName: page[i]?.room_name ?? '' }] : []
      )
      return { hits, hasMore: rows.length > query.limit }
    },

    history(roomId: string, query: HistoryQuery): HistoryPage {
      if (query.aroundSeq !== undefined) return around(roomId, query.aroundSeq, query)
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
      for (const message of hydrate(rows.slice(0, query.limit))) {
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

    markWritten(roomId: string, userId: string, seq: number): number {
      q.markWritten.run(seq, roomId, userId)
      return seq
    },

    markRead(roomId: string, userId: string, seq: number): number {
      writeSeqs()
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

    transactionUnsynced<T>(run: () => T): T {
      if (depth > 0) throw new Error('transactionUnsynced inside a transaction')
      if (synchronous === 'NORMAL') return atomically(run)
      // Exec'd, not prepared: SQLite applies this pragma when it compiles the statement.
      db.exec('PRAGMA synchronous = NORMAL')
      try {
        return atomically(run)
      } finally {
        db.exec('PRAGMA synchronous = FULL')
      }
    },

    syncLog(done: (error: Error | null) => void): void {
      // Opened at NORMAL (the benchmark's comparison): commits are not synced at all.
      if (synchronous === 'NORMAL') queueMicrotask(() => done(null))
      else logSync.sync(done)
    },

    syncLogNow(): void {
      if (synchronous !== 'NORMAL') logSync.syncNow()
    },

    close(): void {
      logSync.close()
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
