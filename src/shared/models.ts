import { z } from 'zod'
import { ERROR_CODES } from './errors'
import { LIMITS } from './limits'
import { attachmentSchema } from './files'

/** Shapes that appear inside wire payloads and bridge results. Types are inferred from these. */

export const idSchema = z.string().min(1).max(64)
export const seqSchema = z.number().int().nonnegative()
export const epochMsSchema = z.number().int().nonnegative()

export const userRefSchema = z.object({
  id: idSchema,
  nickname: z
    .string()
    .min(LIMITS.nicknameMin)
    .max(LIMITS.nicknameMax * 2)
})
export type UserRef = z.infer<typeof userRefSchema>

/**
 * What a person says of themselves (`status:set`): available, away (chosen, or automatically
 * after a while without input) or do not disturb (their notifications are silenced). Said only
 * while online: an identity that is offline is "available" again when it comes back.
 */
export const PRESENCE_STATUSES = ['available', 'away', 'dnd'] as const
export const presenceStatusSchema = z.enum(PRESENCE_STATUSES)
export type PresenceStatus = z.infer<typeof presenceStatusSchema>

export const memberSchema = userRefSchema.extend({
  online: z.boolean(),
  /** Meaningful while online; always "available" for someone offline. */
  status: presenceStatusSchema
})
export type Member = z.infer<typeof memberSchema>

export const presenceChangeSchema = z.object({
  user: userRefSchema,
  online: z.boolean(),
  status: presenceStatusSchema
})
export type PresenceChange = z.infer<typeof presenceChangeSchema>

export const roomSchema = z.object({
  id: idSchema,
  /** Null for the lobby, which everyone is in and nobody joins by code. */
  code: z.string().nullable(),
  name: z
    .string()
    .min(1)
    .max(LIMITS.roomNameMax * 2),
  isLobby: z.boolean(),
  /** Who created it (may give it a new code, as may the person hosting); null for the lobby. */
  createdBy: idSchema.nullable(),
  createdAt: epochMsSchema,
  /**
   * A direct conversation: exactly two identities, no code, nobody else can join, read or search
   * it (the host's requests included). Its `name` is the other person's nickname as the
   * receiver sees it.
   */
  isDirect: z.boolean()
})
export type Room = z.infer<typeof roomSchema>

export const roomSummarySchema = roomSchema.extend({
  /** Sequence number of the newest message, 0 when the room has none. */
  lastSeq: seqSchema,
  /** Newest sequence number this identity has read, shared by all its windows. */
  lastReadSeq: seqSchema,
  /** Text messages by other people after `lastReadSeq`. */
  unread: z.number().int().nonnegative(),
  memberCount: z.number().int().nonnegative(),
  /**
   * The room's change cursor: it grows by one with every edit, delete or reaction in the room
   * (0 before any). `room:changes` after a cursor gives what changed since (docs/protocol.md 7).
   */
  lastChange: seqSchema,
  /** A direct conversation: the other person. Null for rooms and the lobby. */
  peer: userRefSchema.nullable()
})
export type RoomSummary = z.infer<typeof roomSummarySchema>

export const NOTICE_TYPES = ['joined', 'left', 'online', 'offline', 'created', 'removed'] as const
export const noticeTypeSchema = z.enum(NOTICE_TYPES)
export type NoticeType = z.infer<typeof noticeTypeSchema>

const messageBase = {
  /** Host-assigned, unique on the host. */
  id: idSchema,
  roomId: idSchema,
  /** Host-assigned, per room, 1, 2, 3… with no gaps. */
  seq: seqSchema,
  /** Host clock, epoch milliseconds. */
  at: epochMsSchema
}

/** The message a reply answers, as the reply shows it. */
export const replyQuoteSchema = z.object({
  id: idSchema,
  seq: seqSchema,
  author: userRefSchema,
  /** The start of its text (LIMITS.replyExcerptMax characters); empty once it is deleted. */
  excerpt: z.string().max(LIMITS.replyExcerptMax),
  /** The quoted message was deleted since. */
  deleted: z.boolean()
})
export type ReplyQuote = z.infer<typeof replyQuoteSchema>

/** One emoji on a message, with who put it there (count = userIds.length), oldest first. */
export const reactionSchema = z.object({
  emoji: z.string().min(1).max(LIMITS.reactionMax),
  userIds: z.array(idSchema).min(1).max(100_000)
})
export type Reaction = z.infer<typeof reactionSchema>

export const textMessageSchema = z.object({
  ...messageBase,
  kind: z.literal('text'),
  author: userRefSchema,
  /**
   * Empty once deleted (the host keeps no copy of a deleted text), and may be empty with an
   * attachment (a file without a caption).
   */
  text: z.string().max(LIMITS.messageMax),
  /** A file or image sent with it (the text is its caption); null once deleted, or if none. */
  attachment: attachmentSchema.nullable(),
  /** The sender's own id for this message, so its windows can match an optimistic copy. */
  clientId: z.string().max(LIMITS.clientIdMax).nullable(),
  /** The message this one answers, or null. */
  replyTo: replyQuoteSchema.nullable(),
  /** When its text was last edited; null if never. */
  editedAt: epochMsSchema.nullable(),
  /** When it was deleted (by its author or the person hosting); null if not. */
  deletedAt: epochMsSchema.nullable(),
  /** Each emoji once, in the order first used. Empty once deleted. */
  reactions: z.array(reactionSchema).max(LIMITS.reactionsPerMessageMax),
  /** The room's change cursor at this message's last edit, delete or reaction; 0 if none. */
  change: seqSchema
})

export const noticeMessageSchema = z.object({
  ...messageBase,
  kind: z.literal('notice'),
  notice: noticeTypeSchema,
  user: userRefSchema
})

export const messageSchema = z.discriminatedUnion('kind', [textMessageSchema, noticeMessageSchema])
export type TextMessage = z.infer<typeof textMessageSchema>
export type NoticeMessage = z.infer<typeof noticeMessageSchema>
export type Message = z.infer<typeof messageSchema>

export const historyPageSchema = z.object({
  /** Oldest first. */
  messages: z.array(messageSchema),
  /** True when messages exist beyond this page in the direction asked for (older, for around). */
  hasMore: z.boolean(),
  /** Only with `aroundSeq`: newer messages exist after this page. */
  hasMoreAfter: z.boolean().optional()
})
export type HistoryPage = z.infer<typeof historyPageSchema>

export const hostInfoSchema = z.object({
  app: z.literal('papo'),
  protocol: z.number().int(),
  /**
   * Made once per host data folder and kept: the same host after a restart has the same id, so
   * a client waiting for it can tell it from another program or another host on that address.
   */
  hostId: idSchema,
  name: z.string().max(128),
  version: z.string().max(64),
  /** How the host lets new people in: with a password, and/or after the host says yes. */
  access: z.object({ password: z.boolean(), askFirst: z.boolean() })
})
export type HostInfo = z.infer<typeof hostInfoSchema>

export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string().max(1000),
  retryAfterMs: z.number().int().nonnegative().optional()
})

export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: appErrorSchema })
  ])
}
