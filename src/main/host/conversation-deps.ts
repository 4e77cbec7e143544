import type { Room } from '../../shared/models'
import type { Result } from '../../shared/result'
import type { RoomJoined } from '../../shared/wire/protocol'
import type { ChatStore } from '../store'
import type { RateLimitsTracker } from './rate-limit'
import type { PapoServer } from './types'

/** What the handlers of direct conversations, message changes and search need of the service. */
export interface ConversationDeps {
  io: PapoServer
  store: ChatStore
  limits: RateLimitsTracker
  now: () => number
  /** The identity of the person hosting (who may delete anyone's message), once known. */
  hostUserId(): string | null
  /** A room the identity may act in: ROOM_NOT_FOUND or NOT_A_MEMBER otherwise. */
  memberRoom(roomId: string, userId: string): Result<Room>
  /** The room as a member sees it on joining: summary, members, latest page. */
  joined(roomId: string, userId: string): RoomJoined
  /** Every connection of the identity into the room's channel, its windows told (room:added). */
  enter(roomId: string, userId: string): RoomJoined
  /** A message with a file was deleted: contents nothing refers to any more are deleted too. */
  filesDropped?(): void
}
