import { z } from 'zod'
import { LIMITS } from './limits'
import type {
  HistoryPage,
  HostInfo,
  Member,
  Message,
  PresenceChange,
  RoomSummary,
  UserRef
} from './models'
import type { Result } from './result'
import { requestSchemas, type RoomJoined } from './wire/protocol'

/**
 * The preload bridge, defined once: the renderer calls `window.papo.invoke(method, args)` and
 * listens with `window.papo.onEvent(listener)`. Main validates `args` against `bridgeArgSchemas`
 * before anything runs; every call resolves to a Result, never rejects.
 */

export const LANGUAGES = ['pt-BR', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export const prefsSchema = z.object({
  /** Null follows the system locale. */
  language: z.enum(LANGUAGES).nullable(),
  lastNickname: z.string().max(LIMITS.nicknameMax * 4),
  lastAddress: z.string().max(300),
  membersPaneHidden: z.boolean()
})
export type Prefs = z.infer<typeof prefsSchema>

export const bridgeArgSchemas = {
  'app:info': z.object({}),
  'prefs:set': prefsSchema.partial(),
  'session:host': z.object({
    nickname: z.string(),
    /** Omitted: 4747, or the next free port after it. Given: exactly this port. */
    port: z.number().int().min(1).max(65535).optional()
  }),
  'session:join': z.object({ nickname: z.string(), address: z.string().max(300) }),
  /** Log out everywhere (all windows of this identity); a host also stops hosting. */
  'session:leave': z.object({}),
  /** What the session is now, for a renderer that (re)loads mid-session. */
  'session:get': z.object({}),
  'room:create': requestSchemas['room:create'],
  'room:join': requestSchemas['room:join'],
  'room:leave': requestSchemas['room:leave'],
  'room:members': requestSchemas['room:members'],
  'room:history': requestSchemas['room:history'],
  'room:read': requestSchemas['room:read'],
  'message:send': requestSchemas['message:send'],
  'typing:set': requestSchemas['typing:set'],
  'member:remove': requestSchemas['member:remove'],
  'shell:open-external': z.object({ url: z.string().max(4096) }),
  'notify:show': z.object({
    title: z.string().max(200),
    body: z.string().max(500),
    roomId: z.string().max(64)
  }),
  /** Unread total for the taskbar badge / dock; 0 clears it. */
  'badge:set': z.object({ count: z.number().int().nonnegative() })
} as const

export type BridgeMethod = keyof typeof bridgeArgSchemas
export type BridgeArgs<M extends BridgeMethod> = z.input<(typeof bridgeArgSchemas)[M]>

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

export interface SessionInfo {
  mode: 'host' | 'join'
  self: UserRef
  host: HostInfo
  /** The person hosting, who may remove people; null on a headless host. */
  hostUserId: string | null
  /** Joined: the one address in use. Hosting: every LAN address to share, `ip:port`. */
  addresses: string[]
  port: number
  rooms: RoomSummary[]
  connection: ConnectionState
}

export interface BridgeResults {
  'app:info': AppInfo
  'prefs:set': Prefs
  'session:host': SessionInfo
  'session:join': SessionInfo
  'session:leave': Record<string, never>
  'session:get': SessionInfo | null
  'room:create': RoomJoined
  'room:join': RoomJoined
  'room:leave': Record<string, never>
  'room:members': { members: Member[] }
  'room:history': HistoryPage
  'room:read': Record<string, never>
  'message:send': { message: Message }
  'typing:set': Record<string, never>
  'member:remove': Record<string, never>
  'shell:open-external': Record<string, never>
  'notify:show': Record<string, never>
  'badge:set': Record<string, never>
}

export type SessionEndReason = 'logout' | 'logged-out-elsewhere' | 'removed'

/** Everything main pushes to the renderer. */
export type BridgeEvent =
  | { type: 'connection'; state: ConnectionState }
  | { type: 'message'; message: Message }
  | { type: 'presence'; changes: PresenceChange[] }
  | { type: 'members-changed'; roomId: string; joined: Member[]; left: string[] }
  | { type: 'room-added'; room: RoomSummary }
  | { type: 'room-removed'; roomId: string }
  | { type: 'room-read'; roomId: string; seq: number }
  | { type: 'typing'; roomId: string; user: UserRef; typing: boolean }
  /**
   * Rooms after a reconnect, sent once every message the gap swallowed has been delivered as a
   * `message` event (in seq order, each once): from here on the view is current.
   */
  | { type: 'rooms'; rooms: RoomSummary[] }
  | { type: 'session-ended'; reason: SessionEndReason }
  | { type: 'notification-clicked'; roomId: string }

export interface PapoBridge {
  invoke<M extends BridgeMethod>(method: M, args: BridgeArgs<M>): Promise<Result<BridgeResults[M]>>
  /** Returns a function that removes the listener. */
  onEvent(listener: (event: BridgeEvent) => void): () => void
}
