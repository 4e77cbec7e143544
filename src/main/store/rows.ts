import type { Message, NoticeType, Room, RoomSummary } from '../../shared/models'
import { noticeTypeSchema } from '../../shared/models'

/** Column shapes as SQLite returns them, and their conversion to the wire's models. */

export interface RoomRow {
  id: string
  code: string | null
  name: string
  is_lobby: number
  created_by: string | null
  created_at: number
  last_seq: number
}

export interface SummaryRow extends RoomRow {
  last_read_seq: number
  unread: number
  member_count: number
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

export function toRoom(row: RoomRow): Room {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    isLobby: row.is_lobby === 1,
    createdBy: row.created_by,
    createdAt: row.created_at
  }
}

export function toSummary(row: SummaryRow): RoomSummary {
  return {
    ...toRoom(row),
    lastSeq: row.last_seq,
    lastReadSeq: Math.min(row.last_read_seq, row.last_seq),
    unread: row.unread,
    memberCount: row.member_count
  }
}

export function toMessage(row: MessageRow): Message {
  const base = { id: row.id, roomId: row.room_id, seq: row.seq, at: row.at }
  const user = { id: row.user_id, nickname: row.nickname }
  if (row.kind === 'text') {
    return { ...base, kind: 'text', author: user, text: row.body ?? '', clientId: row.client_id }
  }
  const notice: NoticeType = noticeTypeSchema.parse(row.notice)
  return { ...base, kind: 'notice', notice, user }
}
