import type { ConnectionState, SessionEndReason, SessionInfo } from '../../../shared/bridge'
import { isErrorCode } from '../../../shared/errors'
import { isTransient } from '../../../shared/transient'
import type {
  HistoryPage,
  Member,
  Message,
  PresenceChange,
  RoomSummary,
  UserRef
} from '../../../shared/models'
import type { RoomJoined } from '../../../shared/wire/protocol'

/** A message this window sent that the host has not confirmed yet. */
export interface PendingMessage {
  clientId: string
  roomId: string
  text: string
  at: number
  status: 'sending' | 'failed'
  errorCode?: string
}

export interface RoomState {
  summary: RoomSummary
  /** Oldest first, unique by seq; only the pages loaded so far. */
  messages: Message[]
  /** Whether the latest page was ever loaded (before that, pushes only count as unread). */
  loaded: boolean
  /** Why the latest page could not be loaded (an error code), shown with a retry. */
  loadError: string | null
  /** Automatic retries of the latest page so far; each change asks for it again. */
  loadAttempt: number
  hasOlder: boolean
  loadingOlder: boolean
  /** The whole list once asked for (room:members, a join); `members-changed` applies on top. */
  members: Member[]
  membersLoaded: boolean
  pending: PendingMessage[]
  /** Where the "new messages" line goes: after this seq, set when the room is opened. */
  markerAfterSeq: number | null
}

export interface TypingEntry {
  user: UserRef
  until: number
}

export interface ChatState {
  session: SessionInfo
  rooms: Record<string, RoomState>
  activeRoomId: string
  connection: ConnectionState
  /** roomId → userId → entry. */
  typing: Record<string, Record<string, TypingEntry>>
  ended: SessionEndReason | null
}

export type ChatAction =
  | { type: 'room-joined'; joined: RoomJoined }
  | { type: 'latest-loaded'; roomId: string; page: HistoryPage }
  | { type: 'latest-failed'; roomId: string; errorCode: string }
  | { type: 'latest-retry'; roomId: string }
  | { type: 'older-loading'; roomId: string }
  | { type: 'older-loaded'; roomId: string; page: HistoryPage | null }
  | { type: 'message'; message: Message; selfId: string; countUnread: boolean }
  | { type: 'members'; roomId: string; members: Member[] }
  | { type: 'members-changed'; roomId: string; joined: Member[]; left: string[] }
  | { type: 'presence'; changes: PresenceChange[] }
  | { type: 'room-added'; room: RoomSummary }
  | { type: 'room-removed'; roomId: string }
  | { type: 'read'; roomId: string; seq: number }
  | { type: 'rooms'; rooms: RoomSummary[] }
  | { type: 'typing'; roomId: string; user: UserRef; typing: boolean; now: number }
  | { type: 'typing-expired'; now: number }
  | { type: 'connection'; state: ConnectionState }
  | { type: 'select-room'; roomId: string }
  | { type: 'pending-add'; pending: PendingMessage }
  | { type: 'pending-failed'; clientId: string; roomId: string; errorCode: string }
  | { type: 'pending-retry'; clientId: string; roomId: string }
  | { type: 'pending-discard'; clientId: string; roomId: string }
  | { type: 'ended'; reason: SessionEndReason }

/**
 * A latest page lost to a connection drop (timed out, or asked while the line was down) is asked
 * for again by itself this many times once connected; after that the list offers a retry.
 */
export const LATEST_AUTO_RETRIES = 3

/** A typing indicator nobody refreshed is dropped after this long, even if "stopped" was lost. */
export const TYPING_STALE_MS = 8_000

export function emptyRoom(summary: RoomSummary): RoomState {
  return {
    summary,
    messages: [],
    loaded: false,
    loadError: null,
    loadAttempt: 0,
    hasOlder: true,
    loadingOlder: false,
    members: [],
    membersLoaded: false,
    pending: [],
    markerAfterSeq: null
  }
}

export function initialChatState(session: SessionInfo): ChatState {
  const rooms: Record<string, RoomState> = {}
  for (const summary of session.rooms) rooms[summary.id] = emptyRoom(summary)
  const lobby = session.rooms.find((r) => r.isLobby) ?? session.rooms[0]
  return {
    session,
    rooms,
    activeRoomId: lobby?.id ?? 'lobby',
    connection: session.connection,
    typing: {},
    ended: null
  }
}

/** Merges messages into a seq-ordered list without duplicates (a push and a page may overlap). */
export function mergeMessages(
  existing: readonly Message[],
  incoming: readonly Message[]
): Message[] {
  if (incoming.length === 0) return existing as Message[]
  const last = existing[existing.length - 1]
  const head = existing[0]
  const first = incoming[0] as Message
  const incomingLast = incoming[incoming.length - 1] as Message
  // The two common cases, a newer push and an older page, are plain concatenations.
  if (!last || (first.seq > last.seq && isAscending(incoming))) return [...existing, ...incoming]
  if (head && incomingLast.seq < head.seq && isAscending(incoming))
    return [...incoming, ...existing]
  const bySeq = new Map<number, Message>()
  for (const m of existing) bySeq.set(m.seq, m)
  for (const m of incoming) bySeq.set(m.seq, m)
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

function isAscending(list: readonly Message[]): boolean {
  for (let i = 1; i < list.length; i++)
    if ((list[i] as Message).seq <= (list[i - 1] as Message).seq) return false
  return true
}

function withRoom(
  state: ChatState,
  roomId: string,
  update: (room: RoomState) => RoomState
): ChatState {
  const room = state.rooms[roomId]
  if (!room) return state
  return { ...state, rooms: { ...state.rooms, [roomId]: update(room) } }
}

function dropPending(pending: PendingMessage[], message: Message): PendingMessage[] {
  if (message.kind !== 'text' || message.clientId === null) return pending
  return pending.some((p) => p.clientId === message.clientId)
    ? pending.filter((p) => p.clientId !== message.clientId)
    : pending
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'room-joined': {
      const { room, members, history } = action.joined
      const existing = state.rooms[room.id] ?? emptyRoom(room)
      return {
        ...state,
        activeRoomId: room.id,
        rooms: {
          ...state.rooms,
          [room.id]: {
            ...existing,
            summary: room,
            members,
            membersLoaded: true,
            messages: mergeMessages(existing.messages, history.messages),
            loaded: true,
            loadError: null,
            hasOlder: existing.loaded ? existing.hasOlder : history.hasMore,
            markerAfterSeq: room.unread > 0 ? room.lastReadSeq : null
          }
        }
      }
    }
    case 'latest-loaded':
      return withRoom(state, action.roomId, (room) => ({
        ...room,
        messages: mergeMessages(room.messages, action.page.messages),
        hasOlder: room.loaded ? room.hasOlder : action.page.hasMore,
        loaded: true,
        loadError: null
      }))
    case 'latest-failed': {
      const again =
        isErrorCode(action.errorCode) &&
        isTransient(action.errorCode) &&
        state.connection.status === 'connected'
      return withRoom(state, action.roomId, (room) =>
        // A request that outlived a reconnect fails after a newer one already loaded the room.
        room.loaded
          ? room
          : again && room.loadAttempt < LATEST_AUTO_RETRIES
            ? { ...room, loadAttempt: room.loadAttempt + 1 }
            : { ...room, loadError: action.errorCode }
      )
    }
    case 'latest-retry':
      return withRoom(state, action.roomId, (room) => ({
        ...room,
        loadError: null,
        loadAttempt: 0
      }))
    case 'older-loading':
      return withRoom(state, action.roomId, (room) => ({ ...room, loadingOlder: true }))
    case 'older-loaded':
      return withRoom(state, action.roomId, (room) => ({
        ...room,
        loadingOlder: false,
        messages: action.page ? mergeMessages(room.messages, action.page.messages) : room.messages,
        hasOlder: action.page ? action.page.hasMore : room.hasOlder
      }))
    case 'message': {
      const { message } = action
      const typing = { ...state.typing }
      if (message.kind === 'text' && typing[message.roomId]?.[message.author.id]) {
        const room = { ...typing[message.roomId] }
        delete room[message.author.id]
        typing[message.roomId] = room
      }
      const next = withRoom(state, message.roomId, (room) => {
        const isNew = message.seq > room.summary.lastSeq
        const fromOther = message.kind === 'text' && message.author.id !== action.selfId
        const summary: RoomSummary = {
          ...room.summary,
          lastSeq: Math.max(room.summary.lastSeq, message.seq),
          unread: room.summary.unread + (isNew && fromOther && action.countUnread ? 1 : 0),
          lastReadSeq:
            message.kind === 'text' && message.author.id === action.selfId
              ? Math.max(room.summary.lastReadSeq, message.seq)
              : room.summary.lastReadSeq
        }
        // Scrolled up (or away) when others wrote: mark where the unseen part starts.
        const unseen = isNew && fromOther && action.countUnread
        return {
          ...room,
          summary,
          messages: room.loaded ? mergeMessages(room.messages, [message]) : room.messages,
          pending: dropPending(room.pending, message),
          markerAfterSeq:
            unseen && room.markerAfterSeq === null ? room.summary.lastReadSeq : room.markerAfterSeq
        }
      })
      return { ...next, typing }
    }
    case 'members':
      return withRoom(state, action.roomId, (room) => ({
        ...room,
        members: action.members,
        membersLoaded: true,
        summary: { ...room.summary, memberCount: action.members.length }
      }))
    case 'members-changed':
      return withRoom(state, action.roomId, (room) => {
        if (!room.membersLoaded) {
          // Only the count is known until the list is asked for; it comes whole then.
          const count = room.summary.memberCount + action.joined.length - action.left.length
          return { ...room, summary: { ...room.summary, memberCount: Math.max(0, count) } }
        }
        const members = applyMemberChanges(room.members, action.joined, action.left)
        return { ...room, members, summary: { ...room.summary, memberCount: members.length } }
      })
    case 'presence': {
      const latest = new Map<string, PresenceChange>()
      for (const change of action.changes) latest.set(change.user.id, change)
      const rooms: Record<string, RoomState> = {}
      for (const [id, room] of Object.entries(state.rooms)) {
        rooms[id] = room.members.some((m) => latest.has(m.id))
          ? {
              ...room,
              members: room.members.map((m) => {
                const change = latest.get(m.id)
                return change ? { ...change.user, online: change.online } : m
              })
            }
          : room
      }
      const self = latest.get(state.session.self.id)
      const session = self ? { ...state.session, self: self.user } : state.session
      return { ...state, rooms, session }
    }
    case 'room-added': {
      const existing = state.rooms[action.room.id]
      return {
        ...state,
        rooms: {
          ...state.rooms,
          [action.room.id]: existing
            ? { ...existing, summary: { ...existing.summary, ...action.room } }
            : emptyRoom(action.room)
        }
      }
    }
    case 'room-removed': {
      if (!state.rooms[action.roomId]) return state
      const rooms = { ...state.rooms }
      delete rooms[action.roomId]
      const lobby = Object.values(rooms).find((r) => r.summary.isLobby)
      const activeRoomId =
        state.activeRoomId === action.roomId ? (lobby?.summary.id ?? 'lobby') : state.activeRoomId
      return { ...state, rooms, activeRoomId }
    }
    case 'read':
      return withRoom(state, action.roomId, (room) =>
        action.seq < room.summary.lastReadSeq
          ? room
          : {
              ...room,
              summary: {
                ...room.summary,
                lastReadSeq: action.seq,
                unread: action.seq >= room.summary.lastSeq ? 0 : room.summary.unread
              }
            }
      )
    case 'rooms': {
      // Back from a gap: joins and leaves during it were not replayed, so each list is shown
      // as it was until it is asked for again.
      const rooms: Record<string, RoomState> = {}
      for (const summary of action.rooms) {
        const existing = state.rooms[summary.id]
        rooms[summary.id] = existing
          ? { ...existing, summary, membersLoaded: false }
          : emptyRoom(summary)
      }
      const activeRoomId = rooms[state.activeRoomId]
        ? state.activeRoomId
        : (action.rooms.find((r) => r.isLobby)?.id ?? 'lobby')
      return { ...state, rooms, activeRoomId }
    }
    case 'typing': {
      const room = { ...(state.typing[action.roomId] ?? {}) }
      if (action.typing)
        room[action.user.id] = { user: action.user, until: action.now + TYPING_STALE_MS }
      else delete room[action.user.id]
      return { ...state, typing: { ...state.typing, [action.roomId]: room } }
    }
    case 'typing-expired': {
      let changed = false
      const typing: ChatState['typing'] = {}
      for (const [roomId, entries] of Object.entries(state.typing)) {
        const kept: Record<string, TypingEntry> = {}
        for (const [userId, entry] of Object.entries(entries)) {
          if (entry.until > action.now) kept[userId] = entry
          else changed = true
        }
        typing[roomId] = kept
      }
      return changed ? { ...state, typing } : state
    }
    case 'connection': {
      if (action.state.status !== 'connected') return { ...state, connection: action.state }
      // Back online: what failed for want of a connection is worth asking for again.
      const rooms: Record<string, RoomState> = {}
      for (const [id, room] of Object.entries(state.rooms)) {
        rooms[id] = room.loadError === null ? room : { ...room, loadError: null, loadAttempt: 0 }
      }
      return { ...state, rooms, connection: action.state }
    }
    case 'select-room':
      if (!state.rooms[action.roomId] || state.activeRoomId === action.roomId) return state
      return withRoom({ ...state, activeRoomId: action.roomId }, action.roomId, (room) => ({
        ...room,
        markerAfterSeq: room.summary.unread > 0 ? room.summary.lastReadSeq : null
      }))
    case 'pending-add':
      return withRoom(state, action.pending.roomId, (room) => ({
        ...room,
        pending: [...room.pending, action.pending]
      }))
    case 'pending-failed':
    case 'pending-retry':
      return withRoom(state, action.roomId, (room) => ({
        ...room,
        pending: room.pending.map((p) =>
          p.clientId !== action.clientId
            ? p
            : action.type === 'pending-failed'
              ? { ...p, status: 'failed', errorCode: action.errorCode }
              : { ...p, status: 'sending', errorCode: undefined }
        )
      }))
    case 'pending-discard':
      return withRoom(state, action.roomId, (room) => ({
        ...room,
        pending: room.pending.filter((p) => p.clientId !== action.clientId)
      }))
    case 'ended':
      return { ...state, ended: action.reason }
    default: {
      const unreachable: never = action
      return unreachable
    }
  }
}

/** A member list with people added (or updated) and removed, kept in nickname order. */
function applyMemberChanges(members: Member[], joined: Member[], left: string[]): Member[] {
  const byId = new Map(members.map((m) => [m.id, m]))
  for (const id of left) byId.delete(id)
  for (const m of joined) byId.set(m.id, m)
  // The host orders by its case-folded nickname key; plain code-unit order matches it closely.
  const key = (m: Member): string => m.nickname.toLowerCase()
  return [...byId.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/** Rooms in sidebar order: the lobby, then the others by creation. */
export function roomOrder(state: ChatState): RoomState[] {
  return Object.values(state.rooms).sort((a, b) => {
    if (a.summary.isLobby !== b.summary.isLobby) return a.summary.isLobby ? -1 : 1
    return a.summary.createdAt - b.summary.createdAt || a.summary.id.localeCompare(b.summary.id)
  })
}

export function totalUnread(state: ChatState): number {
  return Object.values(state.rooms).reduce((sum, r) => sum + r.summary.unread, 0)
}
