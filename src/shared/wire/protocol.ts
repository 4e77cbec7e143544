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
import type { Result } from '../result'
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

export const requestSchemas = {
  'session:start': empty,
  'session:logout': empty,
  'room:create': z.object({ name: z.string() }),
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
    text: z.string(),
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
  /** A new message or notice in a room the receiver is in. */
  'message:new': messageSchema,
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
