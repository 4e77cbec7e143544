import { z } from 'zod'
import { APP_ID, LIMITS } from '../limits'
import {
  historyPageSchema,
  hostInfoSchema,
  idSchema,
  memberSchema,
  messageSchema,
  presenceChangeSchema,
  resultSchema,
  roomSummarySchema,
  seqSchema,
  userRefSchema
} from '../models'
import { err, type Err, type Result } from '../result'
import { WIRE_ERROR_CODES } from '../errors'

/**
 * The wire protocol between a Papo host and its clients, defined once. The host validates every
 * request payload against `requestSchemas`; the client validates every ack against
 * `responseSchemas` and every pushed event against `pushSchemas`. docs/protocol.md documents it.
 */

/** Sent as Socket.IO's handshake `auth`; checked before the connection is accepted. */
export const handshakeSchema = z.object({
  app: z.literal(APP_ID),
  protocol: z.number().int(),
  /** A random per-installation secret: the identity. The host stores only its hash. */
  secret: z.string().min(LIMITS.secretMin).max(LIMITS.secretMax),
  nickname: z.string().max(LIMITS.nicknameMax * 4)
})
export type Handshake = z.infer<typeof handshakeSchema>

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

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/

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
 * A room's name: trimmed with inner whitespace collapsed, then LIMITS.roomNameMin to
 * LIMITS.roomNameMax characters (code points, so an emoji counts once), no control characters.
 * The first rule broken is the only one reported.
 */
export const roomNameSchema = writtenText(
  z
    .string()
    .overwrite((name) => name.trim().replace(/\s+/g, ' '))
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
    .refine((name) => !CONTROL_CHARS.test(name), {
      error: 'A room name cannot contain control characters.'
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
    limit: z.number().int().min(1).max(LIMITS.historyPageMax).optional()
  }),
  'room:read': z.object({ roomId: idSchema, seq: seqSchema }),
  'message:send': z.object({
    roomId: idSchema,
    text: messageTextSchema,
    /** Chosen by the sender; resending the same clientId never stores a second copy. */
    clientId: z.string().min(1).max(LIMITS.clientIdMax)
  }),
  'typing:set': z.object({ roomId: idSchema, typing: z.boolean() }),
  /** Only the person hosting may: ends every connection of that identity until the host restarts. */
  'member:remove': z.object({ userId: idSchema })
} as const

export const sessionStartSchema = z.object({
  self: userRefSchema,
  host: hostInfoSchema,
  /** The identity of the person hosting, who may remove people; null on a headless host. */
  hostUserId: idSchema.nullable(),
  rooms: z.array(roomSummarySchema),
  /** The host's message rate for one identity, so a client can pace its outbox to it. */
  sendRate: z.object({
    count: z.number().int().positive(),
    windowMs: z.number().int().positive()
  })
})
export type SessionStart = z.infer<typeof sessionStartSchema>

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
  'typing:set': empty,
  'member:remove': empty
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
   * Identities that came online, went offline or were renamed, gathered over a short window
   * (TIMEOUTS.rosterBatchMs), oldest first; to everyone.
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
