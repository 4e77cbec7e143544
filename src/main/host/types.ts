import type { ActivityEntry, ActivityKind } from '../../shared/activity'
import type { Server, Socket } from 'socket.io'
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/wire/protocol'

export interface SocketData {
  userId: string
  /** The network address the handshake came from (client-address.ts), for per-address limits. */
  address: string
  /** Set by the handshake when this identity came back under a new nickname. */
  renamed: boolean
  created: boolean
}

export type PapoServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>
export type PapoSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>

/** Socket.IO room holding every connection of one identity. */
export const userChannel = (userId: string): string => `user:${userId}`
/** Socket.IO room holding every connection of a chat room's members. */
export const roomChannel = (roomId: string): string => `room:${roomId}`

/** Where the host's activity goes (activity-log.ts): one call per event worth a line. */
export interface ActivityRecorder {
  record(entry: {
    kind: ActivityKind
    userId: string | null
    nickname: string | null
    address: string
    detail: string
  }): unknown
  /** A page of entries, for the Activity panel (activity-log.ts says in which order). */
  recent(options: { beforeId?: number; limit: number }): ActivityEntry[]
}
