import { z } from 'zod'
import { APP_ID, LIMITS } from '../limits'
import {
  textMessageSchema,
  epochMsSchema,
  historyPageSchema,
  hostInfoSchema,
  idSchema,
  memberSchema,
  messageSchema,
  presenceChangeSchema,
  presenceStatusSchema,
  resultSchema,
  roomSummarySchema,
  seqSchema,
  userRefSchema
} from '../models'
import { err, type Err, type Result } from '../result'
import { WIRE_ERROR_CODES } from '../errors'
import { activityEntrySchema } from '../activity'
import {
  base64Schema,
  downloadTicketSchema,
  FILE_LIMITS,
  fileLimitsSchema,
  uploadSlotSchema
} from '../files'
import { cleanName, roomNameProblemMessage } from '../names'

/**
 * The wire protocol between a Papo host and its clients, defined once. The host validates every
 * request payload against `requestSchemas`; the client validates every ack against
 * `responseSchemas` and every pushed event against `pushSchemas`. docs/protocol.md documents it.
 */

const base64url = (bytes: number) =>
  z
    .string()
    .length(Math.ceil((bytes * 4) / 3))
    .regex(/^[A-Za-z0-9_-]+$/)

/**
 * Sent as Socket.IO's handshake `auth`; checked before the connection is accepted. The app
 * first fetches a challenge (`GET /papo/challenge` → `{ nonce }`), then signs
 * {@link handshakeSigningText} with its identity's Ed25519 key: the signature is good once, on
 * this host only (it covers the host's certificate fingerprint), so nothing a host or an
 * eavesdropper sees lets them log in anywhere as this identity.
 */
export const handshakeSchema = z.object({
  app: z.literal(APP_ID),
  protocol: z.number().int(),
  /** The identity: its Ed25519 public key, the 32 raw bytes in base64url (43 characters). */
  publicKey: base64url(32),
  /** The challenge this handshake answers, as the host gave it. */
  nonce: base64url(32),
  /** Ed25519 signature (64 bytes, base64url) of handshakeSigningText(protocol, nonce, fp). */
  signature: base64url(64),
  nickname: z.string().max(LIMITS.nicknameMax * 4),
  /**
   * A data folder from before identity keys: proves the old secret without sending it, so the
   * host moves that identity (its nickname, rooms, history) to this key. Once only.
   */
  legacy: z
    .object({
      /** base64url(SHA-256("papo-legacy-lookup\n" + hex SHA-256(secret))): which identity. */
      lookup: base64url(32),
      /** base64url(HMAC-SHA-256(key = SHA-256(secret), handshakeSigningText(…))). */
      proof: base64url(32)
    })
    .optional(),
  /** The host's password, when it has one and this identity is new to it. */
  password: z.string().max(LIMITS.passwordMax).optional(),
  /** This computer's name, shown to an "ask me first" host with the knock. */
  device: z.string().max(LIMITS.deviceNameMax).optional()
})
export type Handshake = z.infer<typeof handshakeSchema>

/**
 * What the handshake's signature (and a legacy proof's HMAC) covers, as UTF-8: the protocol, the
 * host's challenge and the host's certificate fingerprint (64 lowercase hex digits) as the app
 * saw it. A host behind another certificate (someone in between) gets a signature that the real
 * host refuses.
 */
export function handshakeSigningText(protocol: number, nonce: string, fingerprint: string): string {
  return `papo-handshake\n${protocol}\n${nonce}\n${fingerprint}`
}

/** The answer to `GET /papo/challenge`. */
export const challengeSchema = z.object({ nonce: base64url(32) })

/** `connect_error` carries this in `err.data` when the host refuses a handshake. */
export const connectRefusalSchema = z.object({
  code: z.enum(WIRE_ERROR_CODES),
  message: z.string(),
  /** With RATE_LIMITED: when a new identity from this address may try again. */
  retryAfterMs: z.number().int().nonnegative().optional()
})
export type ConnectRefusal = z.infer<typeof connectRefusalSchema>

const roomIdPayload = z.object({ roomId: idSchema })
const empty = z.object({})

/**
 * Texts people write (a message, a room name). Their length rule lives here, in the schema, so
 * the host, the bridge and anything else that validates a request apply the same one. Over its
 * limit such a text answers TOO_LONG (see {@link invalidPayload}), so the person learns what to
 * shorten; identifiers over theirs (a clientId, a room code) are simply malformed: BAD_REQUEST.
 */
const writtenTexts = new WeakSet<object>()
const writtenText = <T extends z.ZodType>(schema: T): T => {
  writtenTexts.add(schema)
  return schema
}

/** A message's text: trimmed, then 1 to LIMITS.messageMax characters (UTF-16 units). */
export const messageTextSchema = writtenText(
  z
    .string()
    .trim()
    .min(1, { error: 'A message cannot be empty.' })
    .max(LIMITS.messageMax, {
      error: `A message has at most ${LIMITS.messageMax} characters.`
    })
)

/**
 * A message's text as edited: like {@link messageTextSchema}, but it may become empty, which only
 * a message with a file accepts (its caption taken away); the host refuses it for any other.
 */
export const editedTextSchema = writtenText(
  z
    .string()
    .trim()
    .max(LIMITS.messageMax, {
      error: `A message has at most ${LIMITS.messageMax} characters.`
    })
)

/**
 * A room's name: trimmed with inner whitespace collapsed, then LIMITS.roomNameMin to
 * LIMITS.roomNameMax characters (code points, so an emoji counts once), no control characters.
 * The first rule broken is the only one reported.
 */
export const roomNameSchema = writtenText(
  z
    .string()
    .overwrite(cleanName)
    .min(LIMITS.roomNameMin, { error: 'Give the room a name.', abort: true })
    .check((ctx) => {
      if ([...ctx.value].length <= LIMITS.roomNameMax) return
      ctx.issues.push({
        code: 'too_big',
        origin: 'string',
        maximum: LIMITS.roomNameMax,
        inclusive: true,
        input: ctx.value,
        message: `A room name has at most ${LIMITS.roomNameMax} characters.`,
        continue: false
      })
    })
    // Invisible, control and direction characters, or nothing visible: names people can trust.
    .check((ctx) => {
      const why = roomNameProblemMessage(ctx.value)
      if (why !== null) ctx.issues.push({ code: 'custom', input: ctx.value, message: why })
    })
)

export const requestSchemas = {
  'session:start': empty,
  'session:logout': empty,
  'room:create': z.object({ name: roomNameSchema }),
  'room:join': z.object({ code: z.string().max(32) }),
  'room:leave': roomIdPayload,
  'room:members': roomIdPayload,
  'room:history': z.object({
    roomId: idSchema,
    /** Page of messages strictly older than this seq (scrolling back). */
    beforeSeq: seqSchema.optional(),
    /** Page of messages strictly newer than this seq (catching up after a reconnect). */
    afterSeq: seqSchema.optional(),
    /**
     * A page with this seq in its middle (jumping to a quoted message or a search hit); at most
     * one of beforeSeq, afterSeq, aroundSeq.
     */
    aroundSeq: seqSchema.optional(),
    limit: z.number().int().min(1).max(LIMITS.historyPageMax).optional()
  }),
  'room:read': z.object({ roomId: idSchema, seq: seqSchema }),
  'message:send': z.object({
    roomId: idSchema,
    text: messageTextSchema,
    /** Chosen by the sender; resending the same clientId never stores a second copy. */
    clientId: z.string().min(1).max(LIMITS.clientIdMax),
    /** A message of the same room this one answers (MESSAGE_NOT_FOUND otherwise). */
    replyTo: idSchema.optional()
  }),
  /** The author only: a new text for a message (not a deleted one); marked edited. */
  'message:edit': z.object({ messageId: idSchema, text: editedTextSchema }),
  /**
   * The author, or the person hosting: deletes a message. Its text and reactions are erased
   * from the host's database, not hidden; a "message deleted" line stays in its place.
   */
  'message:delete': z.object({ messageId: idSchema }),
  /** Adds (`on: true`) or removes this identity's reaction; the same answer when already so. */
  'message:react': z.object({
    messageId: idSchema,
    emoji: z.string().min(1).max(LIMITS.reactionMax),
    on: z.boolean()
  }),
  /**
   * What changed in a room (edits, deletes, reactions) after a change cursor: each changed
   * message as it is now, in the order of its last change. For catching up after a reconnect.
   */
  'room:changes': z.object({
    roomId: idSchema,
    afterChange: seqSchema,
    limit: z.number().int().min(1).max(LIMITS.changesPageMax).optional()
  }),
  /** Opens (creating on first use) the direct conversation with someone who shares a room. */
  'dm:open': z.object({ userId: idSchema }),
  /**
   * An upload slot for a file to post in a room (docs/protocol.md 12). Asking again with the
   * same clientId resumes: the answer says how many bytes the host already has, or gives the
   * message if the upload finished meanwhile.
   */
  'file:upload': z.object({
    roomId: idSchema,
    /** As in message:send: one message per clientId, however often it is asked. */
    clientId: z.string().min(1).max(LIMITS.clientIdMax),
    /** The sender's name for it; the host sanitises it (file-name.ts). */
    name: z.string().min(1).max(1024),
    size: z.number().int().nonnegative(),
    /** The caption: trimmed, may be empty. */
    caption: z.string().trim().max(LIMITS.messageMax).optional(),
    replyTo: idSchema.optional(),
    /** For an image: a thumbnail the sender's app made (PNG/JPEG/WebP), base64. */
    thumbnail: base64Schema(FILE_LIMITS.thumbnailMaxBytes).optional()
  }),
  /** Gives up an upload: its partial file is deleted and no message is posted. */
  'file:upload-cancel': z.object({ uploadId: idSchema }),
  /** A token to download a message's file (or its thumbnail), for members of its room. */
  'file:download': z.object({ messageId: idSchema, thumb: z.boolean().optional() }),
  /**
   * Full-text search over the texts of every room and direct conversation this identity is in
   * (or one room, or one author), newest first; accents and case do not matter.
   */
  search: z.object({
    query: z.string().trim().min(1).max(LIMITS.searchQueryMax),
    roomId: idSchema.optional(),
    authorId: idSchema.optional(),
    /** The next page: hits strictly older than this message (its id from the last hit). */
    beforeMessageId: idSchema.optional(),
    limit: z.number().int().min(1).max(LIMITS.searchHitsMax).optional()
  }),
  'typing:set': z.object({ roomId: idSchema, typing: z.boolean() }),
  /**
   * Available, away or do not disturb, for every connection of the identity (the latest set
   * wins) until it goes offline; everyone hears it in presence:update.
   */
  'status:set': z.object({ status: presenceStatusSchema }),
  /**
   * Only the person hosting may: ends every connection of that identity and keeps it out, across
   * restarts, until `member:readmit`.
   */
  'member:remove': z.object({ userId: idSchema }),
  /** Only the person hosting: lets a removed identity back in (it joins the lobby again). */
  'member:readmit': z.object({ userId: idSchema }),
  /** Only the person hosting: who is removed, newest first. */
  'host:removed': empty,
  /** Only the person hosting: who is knocking on an "ask me first" host. */
  'host:knocks': empty,
  /** Only the person hosting: let a knocking app in, or turn it away. */
  'host:answer-knock': z.object({ knockId: idSchema, admit: z.boolean() }),
  /** Only the person hosting: the newest activity entries (with `beforeId`, older ones). */
  'host:activity': z.object({
    beforeId: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(1_000).optional()
  }),
  /**
   * The person hosting, or the room's creator: a new code for a room; the old one stops working.
   */
  'room:new-code': roomIdPayload
} as const

/** An app waiting at the door of an "ask me first" host. */
export const knockSchema = z.object({
  id: idSchema,
  nickname: z.string().max(LIMITS.nicknameMax * 2),
  /** The computer's name, as the app says it. */
  device: z.string().max(LIMITS.deviceNameMax),
  address: z.string().max(64),
  /** 8 characters derived from the identity key (base64url of its SHA-256), to tell knocks apart. */
  keyCode: z.string().max(16),
  at: epochMsSchema
})
export type Knock = z.infer<typeof knockSchema>

/** Someone the person hosting removed: kept out until let back in. */
export const removedPersonSchema = z.object({
  user: userRefSchema,
  removedAt: epochMsSchema
})
export type RemovedPerson = z.infer<typeof removedPersonSchema>

export const sessionStartSchema = z.object({
  self: userRefSchema,
  host: hostInfoSchema,
  /** The identity of the person hosting, who may remove people; null on a headless host. */
  hostUserId: idSchema.nullable(),
  rooms: z.array(roomSummarySchema),
  /** The host's limits for files, to say them before an upload is refused. */
  files: fileLimitsSchema,
  /** The host's message rate for one identity, so a client can pace its outbox to it. */
  sendRate: z.object({
    count: z.number().int().positive(),
    windowMs: z.number().int().positive()
  })
})
export type SessionStart = z.infer<typeof sessionStartSchema>

/** One search hit: the message, where it is, and which parts of its text matched. */
export const searchHitSchema = z.object({
  message: textMessageSchema,
  roomName: z.string().max(LIMITS.roomNameMax * 2),
  /** [start, end) ranges in `message.text` (UTF-16 units) of the matched words, in order. */
  ranges: z
    .array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]))
    .max(200)
})
export type SearchHit = z.infer<typeof searchHitSchema>

export const roomJoinedSchema = z.object({
  room: roomSummarySchema,
  members: z.array(memberSchema),
  history: historyPageSchema
})
export type RoomJoined = z.infer<typeof roomJoinedSchema>

export const responseSchemas = {
  'session:start': sessionStartSchema,
  'session:logout': empty,
  'room:create': roomJoinedSchema,
  'room:join': roomJoinedSchema,
  'room:leave': empty,
  'room:members': z.object({ members: z.array(memberSchema) }),
  'room:history': historyPageSchema,
  'room:read': empty,
  'message:send': z.object({ message: messageSchema }),
  'message:edit': z.object({ message: textMessageSchema }),
  'message:delete': z.object({ message: textMessageSchema }),
  'message:react': z.object({ message: textMessageSchema }),
  'room:changes': z.object({
    messages: z.array(textMessageSchema).max(LIMITS.changesPageMax),
    /**
     * The room's change cursor now. While `hasMore`, ask again after the last message's
     * `change` (asking after `lastChange` would skip what this page did not hold).
     */
    lastChange: seqSchema,
    hasMore: z.boolean()
  }),
  'dm:open': roomJoinedSchema,
  'file:upload': z.discriminatedUnion('status', [
    uploadSlotSchema,
    z.object({ status: z.literal('done'), message: textMessageSchema })
  ]),
  'file:upload-cancel': empty,
  'file:download': downloadTicketSchema,
  search: z.object({
    hits: z.array(searchHitSchema).max(LIMITS.searchHitsMax),
    /** More (older) hits exist: ask with beforeMessageId = the last hit's message id. */
    hasMore: z.boolean()
  }),
  'typing:set': empty,
  'status:set': empty,
  'member:remove': empty,
  'member:readmit': empty,
  'host:removed': z.object({ removed: z.array(removedPersonSchema).max(100_000) }),
  'host:knocks': z.object({ knocks: z.array(knockSchema).max(LIMITS.knocksMax) }),
  'host:answer-knock': empty,
  'host:activity': z.object({ entries: z.array(activityEntrySchema).max(1_000) }),
  'room:new-code': z.object({ roomId: idSchema, code: z.string().min(1).max(32) })
} as const satisfies { [K in keyof typeof requestSchemas]: z.ZodType }

export const pushSchemas = {
  /** A new message in a room the receiver is in, pushed at once (a text). */
  'message:new': messageSchema,
  /**
   * New messages of one room, oldest first (the notices gathered over TIMEOUTS.rosterBatchMs):
   * to the room's members, each message taken as if it came alone in `message:new`.
   */
  'messages:new': z
    .object({
      roomId: idSchema,
      messages: z.array(messageSchema).min(1).max(LIMITS.messagesPushMax)
    })
    .refine((batch) => batch.messages.every((m) => m.roomId === batch.roomId), {
      error: 'Every message of a batch is in its room.'
    }),
  /**
   * Identities that came online, went offline, were renamed or changed their status, gathered
   * over a short window (TIMEOUTS.rosterBatchMs), oldest first; to everyone.
   */
  'presence:update': z.object({ changes: z.array(presenceChangeSchema).min(1).max(100_000) }),
  /**
   * Who joined and who left a room, gathered like presence; to the room's members. A client
   * that needs the whole list asks once with room:members and applies these on top.
   */
  'members:changed': z.object({
    roomId: idSchema,
    joined: z.array(memberSchema).max(100_000),
    left: z.array(idSchema).max(100_000)
  }),
  /** The receiver's identity joined or created a room (possibly from another window). */
  'room:added': roomSummarySchema,
  /** The receiver's identity left a room (possibly from another window). */
  'room:removed': z.object({ roomId: idSchema }),
  /** Another window of the receiver's identity read up to `seq`. */
  'room:read': z.object({ roomId: idSchema, seq: seqSchema }),
  'typing:update': z.object({ roomId: idSchema, user: userRefSchema, typing: z.boolean() }),
  /**
   * A message was edited, deleted or reacted to: the message as it is now, `change` being the
   * room's new change cursor (= message.change); to the room's members.
   */
  'message:changed': z.object({ message: textMessageSchema }),
  /** A room got a new code (room:new-code); to its members. The old code no longer works. */
  'room:code-changed': z.object({ roomId: idSchema, code: z.string().min(1).max(32) }),
  /** To the person hosting: who is knocking now (the whole list, each time it changes). */
  'knocks:changed': z.object({ knocks: z.array(knockSchema).max(LIMITS.knocksMax) }),
  /** To the person hosting: new activity entries, oldest first. */
  'activity:new': z.object({ entries: z.array(activityEntrySchema).min(1).max(1_000) }),
  /** Sent just before the host closes this connection on purpose. */
  'session:ended': z.object({ reason: z.enum(['logout', 'host-stopping', 'removed']) })
} as const

export type RequestName = keyof typeof requestSchemas
export type PushName = keyof typeof pushSchemas
export type RequestPayload<K extends RequestName> = z.infer<(typeof requestSchemas)[K]>
export type ResponseData<K extends RequestName> = z.infer<(typeof responseSchemas)[K]>
export type PushPayload<K extends PushName> = z.infer<(typeof pushSchemas)[K]>

export type Ack<T> = (result: Result<T>) => void

export type ClientToServerEvents = {
  [K in RequestName]: (payload: RequestPayload<K>, ack: Ack<ResponseData<K>>) => void
}

export type ServerToClientEvents = {
  [K in PushName]: (payload: PushPayload<K>) => void
}

export const REQUEST_NAMES = Object.keys(requestSchemas) as RequestName[]
export const PUSH_NAMES = Object.keys(pushSchemas) as PushName[]

const responseResultSchemas = new Map<RequestName, z.ZodType>(
  REQUEST_NAMES.map((name) => [name, resultSchema(responseSchemas[name])])
)

/** Validates an ack the host sent for `name`; null when it is not a well-formed result. */
export function parseResponse<K extends RequestName>(
  name: K,
  raw: unknown
): Result<ResponseData<K>> | null {
  const parsed = responseResultSchemas.get(name)?.safeParse(raw)
  return parsed?.success ? (parsed.data as Result<ResponseData<K>>) : null
}

/** The field schema at `path` inside `schema` (through objects and optional fields), if any. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): unknown {
  let at: unknown = schema
  for (const key of path) {
    while (at instanceof z.ZodOptional || at instanceof z.ZodNullable) at = at.unwrap()
    if (!(at instanceof z.ZodObject) || typeof key !== 'string') return undefined
    at = (at.shape as Record<string, unknown>)[key]
  }
  return at
}

/**
 * The answer to a payload that `schema` (a request schema, or one built from it) refused:
 * TOO_LONG when all that is wrong is a written text over its length (a message, a room name),
 * otherwise BAD_REQUEST. A written text's own rule speaks for itself ("A message has at most…");
 * anything else says where the payload went wrong.
 */
export function invalidPayload(schema: z.ZodType, error: z.ZodError): Err {
  const issue = error.issues[0]
  if (!issue) return err('BAD_REQUEST', 'Invalid payload.')
  const isWritten = (i: z.ZodError['issues'][number]): boolean => {
    const field = schemaAt(schema, i.path)
    return typeof field === 'object' && field !== null && writtenTexts.has(field)
  }
  if (error.issues.every((i) => i.code === 'too_big' && i.origin === 'string' && isWritten(i))) {
    return err('TOO_LONG', issue.message)
  }
  // The text's own rules (empty, control characters) say what is wrong in their own words.
  if (error.issues.length === 1 && issue.code !== 'invalid_type' && isWritten(issue)) {
    return err('BAD_REQUEST', issue.message)
  }
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
  return err('BAD_REQUEST', `Invalid payload: ${where}${issue.message}`)
}
