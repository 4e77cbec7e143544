import { z } from 'zod'
import { LIMITS } from './limits'
import {
  presenceStatusSchema,
  type HostInfo,
  type PresenceStatus,
  type RoomSummary,
  type UserRef
} from './models'
import type { Result } from './result'
import type { ErrorCode } from './errors'
import { activityEntrySchema } from './activity'
import type { DiscoverySnapshot } from './discovery'
import type { HostDiagnosis, JoinDiagnosis } from './doctor'
import type { Invite } from './invite'
import { FINGERPRINT_PATTERN } from './fingerprint'
import { mutedRoomsSchema } from './muted-rooms'
import { base64Schema, FILE_LIMITS, type FileLimits, type Transfer } from './files'
import { requestSchemas, type PushName, type PushPayload, type ResponseData } from './wire/protocol'

/**
 * The preload bridge, defined once: the renderer calls `window.papo.invoke(method, args)` and
 * listens with `window.papo.onEvent(listener)`. Main validates `args` against `bridgeArgSchemas`
 * before anything runs; every call resolves to a Result, never rejects.
 */

export const LANGUAGES = ['pt-BR', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** `system` follows the system's light or dark; the others override it (Settings → Theme). */
export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export const prefsSchema = z.object({
  /** Null follows the system locale. */
  language: z.enum(LANGUAGES).nullable(),
  lastNickname: z.string().max(LIMITS.nicknameMax * 4),
  lastAddress: z.string().max(300),
  membersPaneHidden: z.boolean(),
  /** Start Papo when the person logs in (off by default). */
  launchAtLogin: z.boolean(),
  theme: z.enum(THEMES),
  /** Notifications make the system's sound (on by default). */
  notificationSound: z.boolean(),
  /** Rooms whose notifications are off, by host id (shared/muted-rooms.ts). */
  mutedRooms: mutedRoomsSchema,
  /** Null: the app language's (shared/spellcheck.ts); empty: spelling is not checked. */
  spellcheckLanguages: z.array(z.enum(LANGUAGES)).max(LANGUAGES.length).nullable(),
  /** The emoji picker's skin tone: 0 the default yellow, 1–5 the Fitzpatrick-based tones. */
  emojiTone: z.number().int().min(0).max(5)
})
export type Prefs = z.infer<typeof prefsSchema>

export interface AppInfo {
  version: string
  platform: string
  /** BCP 47 locale of the system, e.g. "pt-BR". */
  systemLocale: string
  prefs: Prefs
}

export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'connected' }
  | { status: 'reconnecting'; attempt: number }
  /** Reconnecting has gone on long enough that the host is probably gone; it keeps trying. */
  | { status: 'host-gone'; attempt: number }
  /**
   * The host said it was stopping (a restart, Ctrl-C on a headless host). Papo keeps the chat
   * open and rejoins by itself when the same host answers at the same address again.
   */
  | { status: 'host-stopped'; attempt: number }
  /**
   * Another Papo host (a different host id) now answers at this address: Papo does not join it
   * by itself, and keeps waiting for the one it was in.
   */
  | { status: 'host-changed'; attempt: number }
  | { status: 'offline' }

/** The host process of the person hosting ended without being asked to (a crash, a kill). */
export interface HostCrash {
  /** Short and technical, for the log and a tooltip: "exit code 1", "killed by SIGKILL". */
  reason: string
}

/** This app's own status (session/own-status.ts). */
export interface OwnStatus {
  /** What the person picked; "available" until they pick another, for as long as the app runs. */
  chosen: PresenceStatus
  /** What the host is told: "away" while `chosen` is "available" and the person is idle. */
  shown: PresenceStatus
}

export interface SessionInfo {
  mode: 'host' | 'join'
  self: UserRef
  host: HostInfo
  /** The host certificate's fingerprint (hex); people compare its shortCode() (shared/fingerprint.ts). */
  fingerprint: string
  /** The person hosting, who may remove people; null on a headless host. */
  hostUserId: string | null
  /** Joined: the one address in use. Hosting: every LAN address to share, `ip:port`. */
  addresses: string[]
  port: number
  rooms: RoomSummary[]
  connection: ConnectionState
  /**
   * Joined through an invite naming a room: the room entered (open it), or why it could not be
   * (a stale code: the chat is joined all the same). Absent otherwise.
   */
  invitedRoom?: { roomId: string } | { error: { code: ErrorCode; message: string } }
  /**
   * Hosting only: set while the host process is down after it ended unexpectedly (the chat stays
   * open; `session:restart-host` starts it again). Absent otherwise.
   */
  hostCrash?: HostCrash
  /** One's own status, as others see it and as it was picked. */
  status: OwnStatus
}

/** What the app knows of the host at an address before joining it (`host:identify`). */
export interface HostIdentity {
  /** The address as parsed, `host:port`. */
  address: string
  info: HostInfo
  /** The certificate's fingerprint as the host presents it now (hex). */
  fingerprint: string
  /**
   * `new`: never joined at this address (compare the code with the host's screen);
   * `same`: the pinned certificate; `changed`: not the certificate pinned for this address.
   */
  pinned: 'new' | 'same' | 'changed'
  /** With `changed`: the fingerprint pinned before. */
  pinnedFingerprint?: string
}

/** A host address whose certificate this app has pinned. */
export interface KnownHost {
  address: string
  fingerprint: string
  hostName: string
  /** When it was first accepted, epoch ms. */
  pinnedAt: number
}

/** What main answers for the methods it handles itself (not passed to the host). */
export interface LocalResults {
  'app:info': AppInfo
  'prefs:set': Prefs
  'session:host': SessionInfo
  'session:join': SessionInfo
  'session:leave': Record<string, never>
  'session:get': SessionInfo | null
  'session:restart-host': Record<string, never>
  'session:cancel-join': Record<string, never>
  'session:set-status': OwnStatus
  'host:identify': HostIdentity
  'hosts:known': { hosts: KnownHost[] }
  'hosts:forget': Record<string, never>
  /** The hosts announcing themselves on the network now; starts listening on the first call. */
  'discovery:list': DiscoverySnapshot
  /** "Can't connect?": the join steps run one by one against an address. */
  'doctor:join': JoinDiagnosis
  /** Hosting: the interfaces, which are shared, and whether the host answers on each. */
  'doctor:host': HostDiagnosis
  /** An invite link the app was started with (taken once), for a window that just loaded. */
  'invite:take': { url: string; invite: Invite | null } | null
  /** The file written, or null if the person cancelled the save dialog. */
  'activity:export': { path: string | null }
  'shell:open-external': Record<string, never>
  'notify:show': Record<string, never>
  'badge:set': Record<string, never>
  /** Starts sending a file (progress comes as `transfer:changed`); the transfer as it starts. */
  'file:send': Transfer
  /** Starts saving a message's file to the Downloads folder (never over an existing file). */
  'file:download': Transfer
  /** Stops a transfer: an upload's partial copy on the host is deleted, a download's too. */
  'file:cancel': Record<string, never>
  /** Tries a failed transfer again, from where it stopped. */
  'file:retry': Transfer
  /** Every transfer of this session still worth showing (for a window that just loaded). */
  'file:transfers': { transfers: Transfer[] }
  /**
   * A previewable image's bytes (its thumbnail, or the whole image for the viewer), for the
   * renderer to show as an image from bytes. `type` is the sniffed image type.
   */
  'file:preview': { type: string; base64: string }
  /** The system's file manager, at a finished download. */
  'file:show': Record<string, never>
  /** A finished download, opened by the system with its own app for the type (asked first). */
  'file:open': Record<string, never>
  /** The host's file limits, as told at session start (null outside a session). */
  'file:limits': FileLimits | null
}
export type LocalMethod = keyof LocalResults

/** Argument schemas of the local methods: exactly one per entry of `LocalResults`. */
const localArgSchemas = {
  'app:info': z.object({}),
  'prefs:set': prefsSchema.partial(),
  'session:host': z.object({
    nickname: z.string(),
    /** Omitted: 4747, or the next free port after it. Given: exactly this port. */
    port: z.number().int().min(1).max(65535).optional(),
    /** New people must give it to join (people already known to the host are not asked). */
    password: z.string().min(1).max(LIMITS.passwordMax).optional(),
    /** "Ask me first": new people wait until the person hosting lets them in. */
    askFirst: z.boolean().optional()
  }),
  /**
   * Joins the host at `address`. A first join of an address fails with HOST_UNVERIFIED until it
   * is called with `acceptFingerprint` (after the person compared the code `host:identify`
   * showed); a pinned address whose certificate changed fails with HOST_KEY_CHANGED. On an "ask
   * me first" host it resolves only once the person hosting answers (`join:knocking` meanwhile),
   * or `session:cancel-join` ends it with JOIN_CANCELLED.
   */
  'session:join': z.object({
    nickname: z.string(),
    address: z.string().max(300),
    password: z.string().max(LIMITS.passwordMax).optional(),
    acceptFingerprint: z.string().regex(FINGERPRINT_PATTERN).optional(),
    /**
     * From an invite link (shared/invite.ts): the fingerprint, or short code, the host must show.
     * A match pins it without the manual check; anything else is INVITE_MISMATCH.
     */
    inviteFingerprint: z
      .string()
      .regex(/^([0-9a-f]{64}|[0-9A-Z]{4}(-[0-9A-Z]{4}){3})$/)
      .optional(),
    /** From an invite link: a room code to enter once joined (`SessionInfo.invitedRoom`). */
    room: z.string().max(32).optional()
  }),
  /** Stops a join that is waiting (knocking); the join answers JOIN_CANCELLED. */
  'session:cancel-join': z.object({}),
  /** Asks the host at `address` who it is and how its certificate compares with the pinned one. */
  'host:identify': z.object({ address: z.string().max(300) }),
  /** The pinned host addresses. */
  'hosts:known': z.object({}),
  /** Forgets the pinned certificate of an address (a host that was reinstalled, on purpose). */
  'hosts:forget': z.object({ address: z.string().max(300) }),
  'discovery:list': z.object({}),
  /** Runs the join steps against `address`; `fingerprint` as an invite gives it, if any. */
  'doctor:join': z.object({
    address: z.string().max(300),
    fingerprint: z
      .string()
      .regex(/^([0-9a-f]{64}|[0-9A-Z]{4}(-[0-9A-Z]{4}){3})$/)
      .optional()
  }),
  'doctor:host': z.object({}),
  'invite:take': z.object({}),
  /** Saves activity entries (the Activity panel's filtered view) to a file the person picks. */
  'activity:export': z.object({
    entries: z.array(activityEntrySchema).max(LIMITS.activityExportMax)
  }),
  /** Log out everywhere (all windows of this identity); a host also stops hosting. */
  'session:leave': z.object({}),
  /** What the session is now, for a renderer that (re)loads mid-session. */
  'session:get': z.object({}),
  /**
   * Hosting, after `host:crashed`: starts the host process again on the same port and data
   * folder; everyone waiting for it, this app included, rejoins by themselves.
   */
  'session:restart-host': z.object({}),
  /**
   * One's own status for every host joined while the app runs: sent now when connected, again
   * after every reconnect. A manual "away" or "do not disturb" is never changed automatically.
   */
  'session:set-status': z.object({ status: presenceStatusSchema }),
  'shell:open-external': z.object({ url: z.string().max(4096) }),
  'notify:show': z.object({
    title: z.string().max(200),
    body: z.string().max(500),
    roomId: z.string().max(64),
    /** Absent: a message in `roomId`. A knock is never muted with the room open at the time. */
    kind: z.enum(['message', 'knock']).optional()
  }),
  /** Unread total for the taskbar badge / dock; 0 clears it. */
  'badge:set': z.object({ count: z.number().int().nonnegative() }),
  'file:send': z.object({
    roomId: z.string().max(64),
    /**
     * A file on disk (what the preload's pathForFile gave for a picked or dropped file), or bytes
     * with a name (a pasted image, a long paste as a text file) up to FILE_LIMITS.inlineBytesMax.
     */
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
      z.object({
        kind: z.literal('bytes'),
        name: z.string().min(1).max(1024),
        base64: base64Schema(FILE_LIMITS.inlineBytesMax)
      })
    ]),
    caption: z.string().max(LIMITS.messageMax).optional(),
    replyTo: z.string().max(64).optional(),
    /** An image's thumbnail, made by the renderer from the picture it already decoded. */
    thumbnail: base64Schema(FILE_LIMITS.thumbnailMaxBytes).optional()
  }),
  'file:download': z.object({ messageId: z.string().max(64) }),
  'file:cancel': z.object({ transferId: z.string().max(64) }),
  'file:retry': z.object({ transferId: z.string().max(64) }),
  'file:transfers': z.object({}),
  'file:preview': z.object({ messageId: z.string().max(64), thumb: z.boolean() }),
  'file:show': z.object({ transferId: z.string().max(64) }),
  'file:open': z.object({ transferId: z.string().max(64) }),
  'file:limits': z.object({})
} as const satisfies { [M in LocalMethod]: z.ZodType }

/**
 * Bridge methods that go to the host as they are: the wire request's own payload schema, and
 * the host's own answer (`ResponseData`) as the result. An entry here is all it takes to put a
 * request on the bridge; the main side then owes it a handler (`BridgeHandlers`).
 */
const hostArgSchemas = {
  'room:create': requestSchemas['room:create'],
  'room:join': requestSchemas['room:join'],
  'room:leave': requestSchemas['room:leave'],
  'room:members': requestSchemas['room:members'],
  'room:history': requestSchemas['room:history'],
  'room:read': requestSchemas['room:read'],
  'message:send': requestSchemas['message:send'],
  'message:edit': requestSchemas['message:edit'],
  'message:delete': requestSchemas['message:delete'],
  'message:react': requestSchemas['message:react'],
  'dm:open': requestSchemas['dm:open'],
  search: requestSchemas['search'],
  'typing:set': requestSchemas['typing:set'],
  'member:remove': requestSchemas['member:remove'],
  'member:readmit': requestSchemas['member:readmit'],
  'host:removed': requestSchemas['host:removed'],
  'host:knocks': requestSchemas['host:knocks'],
  'host:answer-knock': requestSchemas['host:answer-knock'],
  'host:activity': requestSchemas['host:activity'],
  'room:new-code': requestSchemas['room:new-code']
} as const satisfies Partial<typeof requestSchemas>
export type HostMethod = keyof typeof hostArgSchemas

/** Every bridge method's argument schema; main validates each call against it. */
export const bridgeArgSchemas = { ...localArgSchemas, ...hostArgSchemas }

export type BridgeMethod = keyof typeof bridgeArgSchemas
/** What the renderer passes. */
export type BridgeArgs<M extends BridgeMethod> = z.input<(typeof bridgeArgSchemas)[M]>
/** What a handler gets: the arguments as their schema parsed them (texts trimmed, …). */
export type ParsedBridgeArgs<M extends BridgeMethod> = z.output<(typeof bridgeArgSchemas)[M]>

/** What each method answers: the host's own answer for a host method. */
export type BridgeResults = LocalResults & { [M in HostMethod]: ResponseData<M> }

/**
 * The main side of the bridge, one handler per method, implemented as one object literal: a
 * method without its handler (or a handler without its method) does not compile.
 */
export type BridgeHandlers = {
  [M in BridgeMethod]: (args: ParsedBridgeArgs<M>) => Promise<Result<BridgeResults[M]>>
}

export function isBridgeMethod(name: unknown): name is BridgeMethod {
  return typeof name === 'string' && Object.hasOwn(bridgeArgSchemas, name)
}

export type SessionEndReason = 'logout' | 'logged-out-elsewhere' | 'removed'

/**
 * Host pushes the session forwards to the renderer unchanged: same name, same payload
 * (`messages:new`, a batch of notices, is taken apart into one `message:new` per message).
 * `session:ended` is the session's to interpret (a stopping host is waited for), so the renderer
 * hears `session:closed` instead.
 */
export type ForwardedPushName = Exclude<PushName, 'session:ended' | 'messages:new'>
export type PushEvent = {
  [K in ForwardedPushName]: { type: K; payload: PushPayload<K> }
}[ForwardedPushName]

/** What main says of its own. */
export type LocalEvent =
  | { type: 'connection:state'; payload: ConnectionState }
  /**
   * After a reconnect, once every message the gap swallowed has been delivered as
   * `message:new` (in seq order, each once): the rooms as they are now; the view is current.
   */
  | { type: 'session:synced'; payload: { rooms: RoomSummary[] } }
  | { type: 'session:closed'; payload: { reason: SessionEndReason } }
  | { type: 'notification:clicked'; payload: { roomId: string } }
  /**
   * A join waits at the door of an "ask me first" host until the person hosting answers (the
   * join call is still pending; `session:cancel-join` gives up).
   */
  | { type: 'join:knocking'; payload: { address: string; hostName: string } }
  /** The hosts on the network changed (one appeared, left or changed its TXT), or listening did. */
  | { type: 'discovery:changed'; payload: DiscoverySnapshot }
  /**
   * The system handed the app a `papo:` link (clicked in a browser, a chat, a QR reader) while it
   * runs; `invite` is null when the link is malformed. One that came with the start is taken
   * with `invite:take`.
   */
  | { type: 'invite:opened'; payload: { url: string; invite: Invite | null } }
  /**
   * Hosting: the host process ended without being asked to. The chat stays open and the line
   * waits for the host like a guest's; `session:restart-host` brings it back.
   */
  | { type: 'host:crashed'; payload: HostCrash }
  /** A transfer started, moved on (at most a few times a second), finished, failed or stopped. */
  | { type: 'transfer:changed'; payload: Transfer }

/** Everything main pushes to the renderer: one vocabulary from the wire to the reducer. */
export type BridgeEvent = PushEvent | LocalEvent
export type BridgeEventType = BridgeEvent['type']
export type BridgeEventOf<T extends BridgeEventType> = Extract<BridgeEvent, { type: T }>

export interface PapoBridge {
  invoke<M extends BridgeMethod>(method: M, args: BridgeArgs<M>): Promise<Result<BridgeResults[M]>>
  /** Returns a function that removes the listener. */
  onEvent(listener: (event: BridgeEvent) => void): () => void
  /**
   * The path on disk of a file the person picked or dropped (Electron's webUtils), for
   * `file:send`; absent or "" where there is none (a browser-hosted renderer, a pasted image).
   */
  pathForFile?(file: Blob): string
}
