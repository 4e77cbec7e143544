import { isPreviewableImage, type Attachment } from '../../shared/files'
import { LIMITS } from '../../shared/limits'
import type {
  Message,
  NoticeType,
  Reaction,
  ReplyQuote,
  Room,
  RoomSummary
} from '../../shared/models'
import { noticeTypeSchema } from '../../shared/models'

/** Column shapes as SQLite returns them, and their conversion to the wire's models. */

export interface RoomRow {
  id: string
  code: string | null
  name: string
  is_lobby: number
  is_direct: number
  created_by: string | null
  created_at: number
  last_seq: number
  last_change: number
}

export interface SummaryRow extends RoomRow {
  last_read_seq: number
  unread: number
  member_count: number
  /** The other person of a direct conversation, as the reader sees them; null otherwise. */
  peer_id: string | null
  peer_nickname: string | null
}

export interface MessageRow {
  id: string
  room_id: string
  seq: number
  at: number
  kind: 'text' | 'notice'
  user_id: string
  nickname: string
  body: string | null
  notice: string | null
  client_id: string | null
  edited_at: number | null
  deleted_at: number | null
  change_seq: number
  /** The replied-to message, joined in the same query (null columns when not a reply). */
  q_id: string | null
  q_seq: number | null
  q_user_id: string | null
  q_nickname: string | null
  /** The start of its text: a little more than the excerpt, cut to size by {@link excerpt}. */
  q_body: string | null
  q_deleted_at: number | null
  /** The attachment and its content (`f_…`) and thumbnail (`t_…`), joined (null when none). */
  a_sha256: string | null
  a_name: string | null
  f_size: number | null
  f_type: string | null
  f_width: number | null
  f_height: number | null
  t_width: number | null
  t_height: number | null
}

export interface UserRow {
  id: string
  /** The old secret's hash for an identity not moved to a key yet; `key:…` once it has one. */
  secret_hash: string
  public_key: string | null
  legacy_lookup: string | null
  nickname: string
  nickname_key: string
}

/** One reaction row, as {@link groupReactions} takes them (oldest first). */
export interface ReactionRow {
  message_id: string
  emoji: string
  user_id: string
}

export function toRoom(row: RoomRow): Room {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    isLobby: row.is_lobby === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    isDirect: row.is_direct === 1
  }
}

export function toSummary(row: SummaryRow): RoomSummary {
  const peer =
    row.is_direct === 1 && row.peer_id !== null && row.peer_nickname !== null
      ? { id: row.peer_id, nickname: row.peer_nickname }
      : null
  return {
    ...toRoom(row),
    // A direct conversation is called after the other person, whoever looks at it.
    name: peer?.nickname ?? row.name,
    lastSeq: row.last_seq,
    lastReadSeq: Math.min(row.last_read_seq, row.last_seq),
    unread: row.unread,
    memberCount: row.member_count,
    lastChange: row.last_change,
    peer
  }
}

/**
 * The first LIMITS.replyExcerptMax UTF-16 units of a text, never ending inside a surrogate pair
 * (SQL's substr counts characters, the wire's bound counts UTF-16 units).
 */
export function excerpt(text: string): string {
  if (text.length <= LIMITS.replyExcerptMax) return text
  const end = LIMITS.replyExcerptMax
  const code = text.charCodeAt(end - 1)
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end)
}

function quoteOf(row: MessageRow): ReplyQuote | null {
  if (row.q_id === null || row.q_seq === null || row.q_user_id === null) return null
  const deleted = row.q_deleted_at !== null
  return {
    id: row.q_id,
    seq: row.q_seq,
    author: { id: row.q_user_id, nickname: row.q_nickname ?? '' },
    excerpt: deleted ? '' : excerpt(row.q_body ?? ''),
    deleted
  }
}

/** What the message carries: a deleted one carries nothing (its attachment row is gone too). */
function attachmentOf(row: MessageRow): Attachment | null {
  if (row.deleted_at !== null || row.a_sha256 === null || row.f_size === null) return null
  const type = row.f_type ?? 'application/octet-stream'
  const image =
    isPreviewableImage(type) && row.f_width !== null && row.f_height !== null
      ? {
          width: row.f_width,
          height: row.f_height,
          thumb:
            row.t_width !== null && row.t_height !== null
              ? { width: row.t_width, height: row.t_height }
              : null
        }
      : null
  return { sha256: row.a_sha256, name: row.a_name ?? '', size: row.f_size, type, image }
}

/**
 * Reaction rows (oldest first) per message: each emoji once, in the order first used among the
 * reactions still there (a removed one leaves no trace), with who reacted, oldest first.
 */
export function groupReactions(rows: ReactionRow[]): Map<string, Reaction[]> {
  const byMessage = new Map<string, Map<string, string[]>>()
  for (const row of rows) {
    let emojis = byMessage.get(row.message_id)
    if (!emojis) byMessage.set(row.message_id, (emojis = new Map()))
    const users = emojis.get(row.emoji)
    if (users) users.push(row.user_id)
    else emojis.set(row.emoji, [row.user_id])
  }
  const grouped = new Map<string, Reaction[]>()
  for (const [messageId, emojis] of byMessage) {
    grouped.set(
      messageId,
      [...emojis].map(([emoji, userIds]) => ({ emoji, userIds }))
    )
  }
  return grouped
}

export function toMessage(row: MessageRow, reactions: Reaction[] = []): Message {
  const base = { id: row.id, roomId: row.room_id, seq: row.seq, at: row.at }
  const user = { id: row.user_id, nickname: row.nickname }
  if (row.kind === 'text') {
    return {
      ...base,
      kind: 'text',
      author: user,
      text: row.body ?? '',
      attachment: attachmentOf(row),
      clientId: row.client_id,
      replyTo: quoteOf(row),
      editedAt: row.edited_at,
      deletedAt: row.deleted_at,
      reactions,
      change: row.change_seq
    }
  }
  const notice: NoticeType = noticeTypeSchema.parse(row.notice)
  return { ...base, kind: 'notice', notice, user }
}
