import type {
  BridgeEvent,
  ConnectionState,
  OwnStatus,
  SessionEndReason,
  SessionInfo
} from '../../../shared/bridge'
import type { ActivityEntry } from '../../../shared/activity'
import type { FileLimits, Transfer } from '../../../shared/files'
import { isErrorCode } from '../../../shared/errors'
import { LIMITS } from '../../../shared/limits'
import { mentionsMe, roomMentionNames } from '../../../shared/mentions'
import { isTransient } from '../../../shared/transient'
import type {
  HistoryPage,
  Member,
  Message,
  PresenceChange,
  ReplyQuote,
  RoomSummary,
  TextMessage,
  UserRef
} from '../../../shared/models'
import type { Knock, RoomJoined } from '../../../shared/wire/protocol'
import {
  messageArrived,
  NO_TRANSFERS,
  postedBy,
  transferChanged,
  transferRetried,
  transfersAnswered,
  type TransfersState
} from './transfers'

/** A message this window sent that the host has not confirmed yet. */
export interface PendingMessage {
  clientId: string
  roomId: string
  text: string
  at: number
  status: 'sending' | 'failed'
  errorCode?: string
  /** The message this one answers, as its quote shows it; null when it answers none. */
  replyTo: ReplyQuote | null
}

/**
 * A message the list brings into view: the quote of a reply or a search hit was chosen, or the
 * last message of one's own is being edited. Cleared by the list once it has scrolled there.
 */
export interface JumpTarget {
  messageId: string
  seq: number
  /** Flash the message for a moment (a jump the person asked for, not an edit). */
  highlight: boolean
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
  /**
   * The loaded window ends before the room's newest message: a jump (a quote, a search hit)
   * replaced it with a page "around" an older message. Pushed messages are then only counted,
   * not added (they would leave a hole); newer pages load as the list reaches its end, and
   * "Jump to present" (or sending) goes back to the latest page.
   */
  hasNewer: boolean
  loadingNewer: boolean
  /** Grows each time the loaded window is replaced, so the list starts over with the new one. */
  windowId: number
  jump: JumpTarget | null
  /** The message just jumped to, flashed for a moment. */
  highlightId: string | null
  /** The whole list once asked for (room:members, a join); `members:changed` applies on top. */
  members: Member[]
  membersLoaded: boolean
  pending: PendingMessage[]
  /** Where the "new messages" line goes: after this seq, set when the room is opened. */
  markerAfterSeq: number | null
  /** Renames this window saw happen to the room's members, oldest first (not history). */
  renames: RenameLine[]
}

/** "Eve is now José": shown only in this window, after the message that was newest then. */
export interface RenameLine {
  /** Unique in the room, for the list's keys. */
  id: string
  userId: string
  from: string
  to: string
  /** This window's clock when the rename arrived. */
  at: number
  /** The room's newest seq then: the line goes after that message. */
  afterSeq: number
}

/** A room keeps at most this many rename lines (the oldest go first). */
export const RENAMES_MAX = 50

export interface TypingEntry {
  user: UserRef
  /**
   * When the indicator is dropped if nobody refreshes it; null until the next `typing/ticked`
   * (dispatched right after every `typing:update`) tells the reducer what time it is.
   */
  until: number | null
}

/**
 * What the person can see: a message counts as read only in the open room of a focused window,
 * with the list at its newest message.
 */
export interface ViewState {
  /** The window has focus. */
  focused: boolean
  /** The message list shows its newest message. */
  atBottom: boolean
}

/**
 * Hosting: the host process ended unexpectedly (`host:crashed`) and has not been started again.
 * The chat stays; a banner offers to restart it.
 */
export interface HostCrashState {
  /** Short and technical ("killed by SIGKILL"), for a tooltip. */
  reason: string
  /** `session:restart-host` is on its way. */
  restarting: boolean
  /** Why the last restart failed (an error code), or null. */
  errorCode: string | null
}

/**
 * The person hosting's Activity panel: the host's log as far as it was read, with what arrives
 * live on top. Kept while the panel is closed, so opening it again shows something at once.
 */
export interface ActivityState {
  /** Oldest first, consecutive ids of one host run, at most ACTIVITY_VIEW_MAX. */
  entries: ActivityEntry[]
  /** The newest page was loaded at least once. */
  loaded: boolean
  /** Why the last page asked for could not be loaded (an error code), or null. */
  errorCode: string | null
  loadingOlder: boolean
  /**
   * The host answered that it has nothing older than this id (it keeps only so many), so
   * "Load older" stops being offered while this is the oldest entry shown.
   */
  noOlderThan: number | null
}

export interface ChatState {
  session: SessionInfo
  rooms: Record<string, RoomState>
  activeRoomId: string
  view: ViewState
  connection: ConnectionState
  /** roomId → userId → entry. */
  typing: Record<string, Record<string, TypingEntry>>
  ended: SessionEndReason | null
  /** Hosting only: set while the host process is down after a crash. */
  hostCrash: HostCrashState | null
  /** The person hosting: who waits at the door of an "ask me first" host, as the host said. */
  knocks: Knock[]
  /** The person hosting: the Activity panel's entries. */
  activity: ActivityState
  /**
   * Everyone this window has heard of, by id: from every member list loaded and every presence
   * change (the lobby has everyone). Direct messages show the other person's dot from it, and
   * reactions say who reacted with it.
   */
  people: Record<string, Member>
  /** Files being sent and saved, and the host's limits for them (state/transfers.ts). */
  transfers: TransfersState
}

/**
 * The renderer's own actions, one namespace per slice in the manner of Signal Desktop's ducks:
 * what the person did, and what the calls made for it answered. Main's events are actions too,
 * as they come (`BridgeEvent`: `message:new`, `room:read`, `session:synced`…); no action renames
 * one of them.
 */
export interface UiActionPayloads {
  /** The person opened a room (the sidebar, Alt+Up/Down). */
  'ui/select-room': { roomId: string }
  /** The window gained or lost focus, or the list reached or left its newest message. */
  'view/changed': Partial<ViewState>
  /** room:create or room:join answered: the room, its whole member list and latest page. */
  'rooms/joined': RoomJoined
  /** room:leave answered. */
  'rooms/left': { roomId: string }
  'history/latest-loaded': { roomId: string; page: HistoryPage }
  'history/latest-failed': { roomId: string; errorCode: string }
  /** The person asked again for a latest page that failed. */
  'history/latest-retried': { roomId: string }
  'history/older-loading': { roomId: string }
  /** Null: the first page asked for failed (the list may ask again at the top). */
  'history/older-loaded': { roomId: string; page: HistoryPage | null }
  'history/newer-loading': { roomId: string }
  /** A page after the newest loaded message (`afterSeq`); null when it failed. */
  'history/newer-loaded': { roomId: string; page: HistoryPage | null }
  /**
   * A page `aroundSeq` answered for a message not loaded (a quote, a search hit): it replaces
   * the loaded window, and the list goes to the message.
   */
  'history/around-loaded': {
    roomId: string
    page: HistoryPage
    target: { messageId: string; seq: number }
  }
  /** "Jump to present": the latest page replaces a window left behind by a jump. */
  'history/present-loaded': { roomId: string; page: HistoryPage }
  /** Sending while the window is left behind: it is dropped, and the latest page asked for. */
  'history/present-reset': { roomId: string }
  /** Bring a loaded message into view. */
  'history/jumped': { roomId: string } & JumpTarget
  /** The list has brought the jump's message into view (or found it is not on the list). */
  'history/jump-done': { roomId: string; found: boolean }
  /** The flash of a message jumped to is over. */
  'history/highlight-ended': { roomId: string; messageId: string }
  /**
   * message:edit, message:delete or message:react answered: the message as it is now (the
   * same as the `message:changed` push that follows, which may also come first).
   */
  'changes/answered': { message: TextMessage }
  /** room:members answered: the whole list; `members:changed` applies on top of it. */
  'members/loaded': { roomId: string; members: Member[] }
  /** Written and shown at once, before the host has it. */
  'outbox/added': PendingMessage
  /** message:send answered with the stored message. */
  'outbox/sent': { message: Message }
  'outbox/failed': { clientId: string; roomId: string; errorCode: string }
  'outbox/retried': { clientId: string; roomId: string }
  'outbox/discarded': { clientId: string; roomId: string }
  /** This window read the room up to `seq` (`room:read` is another window of the identity). */
  'read/marked': { roomId: string; seq: number }
  /** The clock, for typing indicators: times new ones, drops those nobody refreshed. */
  'typing/ticked': { now: number }
  /** The person asked to restart hosting after a crash (`session:restart-host`). */
  'host/restarting': Record<string, never>
  /** session:restart-host answered ok: the host runs again; the line rejoins it by itself. */
  'host/restarted': Record<string, never>
  'host/restart-failed': { errorCode: string }
  /** room:new-code answered: the room's new code (members hear `room:code-changed` too). */
  'rooms/code-renewed': { roomId: string; code: string }
  /** host:knocks answered: who is knocking now (`knocks:changed` keeps it current after). */
  'knocks/loaded': { knocks: Knock[] }
  /** host:answer-knock answered ok: that request is settled, before the host's next list. */
  'knocks/answered': { knockId: string }
  /** host:activity answered for the newest entries (the panel opened, or the line came back). */
  'activity/latest-loaded': { entries: ActivityEntry[] }
  'activity/latest-failed': { errorCode: string }
  'activity/older-loading': Record<string, never>
  /** host:activity answered for entries before the oldest shown. */
  'activity/older-loaded': { entries: ActivityEntry[]; pageSize: number }
  'activity/older-failed': { errorCode: string }
  /** session:set-status answered: one's status as picked, and as others see it now. */
  'status/picked': OwnStatus
  /** file:transfers answered: every transfer of the session (for a window that just loaded). */
  'transfers/loaded': { transfers: Transfer[] }
  /** file:send or file:download answered: the transfer as it starts. */
  'transfers/started': { transfer: Transfer }
  /** file:retry answered: the transfer as it starts again. */
  'transfers/retried': { transfer: Transfer }
  /** file:limits answered (null outside a session). */
  'transfers/limits-loaded': { limits: FileLimits | null }
}

export type UiActionType = keyof UiActionPayloads
export type UiAction = {
  [T in UiActionType]: { type: T; payload: UiActionPayloads[T] }
}[UiActionType]

/** Everything the reducer consumes: main's events as they come, and the renderer's own. */
export type ChatAction = BridgeEvent | UiAction

/**
 * A latest page lost to a connection drop (timed out, or asked while the line was down) is asked
 * for again by itself this many times once connected; after that the list offers a retry.
 */
export const LATEST_AUTO_RETRIES = 3

/** A typing indicator nobody refreshed is dropped after this long, even if "stopped" was lost. */
export const TYPING_STALE_MS = 8_000

/** Activity entries the panel keeps: as many as the host itself keeps in memory. */
export const ACTIVITY_VIEW_MAX = LIMITS.activityKept

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
    markerAfterSeq: null,
    hasNewer: false,
    loadingNewer: false,
    windowId: 0,
    jump: null,
    highlightId: null,
    renames: []
  }
}

export function initialChatState(
  session: SessionInfo,
  view: ViewState = { focused: true, atBottom: true }
): ChatState {
  const rooms: Record<string, RoomState> = {}
  for (const summary of session.rooms) rooms[summary.id] = emptyRoom(summary)
  const lobby = session.rooms.find((r) => r.isLobby) ?? session.rooms[0]
  return {
    session,
    rooms,
    activeRoomId: lobby?.id ?? 'lobby',
    view,
    connection: session.connection,
    typing: {},
    ended: null,
    hostCrash:
      session.mode === 'host' && session.hostCrash
        ? { reason: session.hostCrash.reason, restarting: false, errorCode: null }
        : null,
    knocks: [],
    activity: {
      entries: [],
      loaded: false,
      errorCode: null,
      loadingOlder: false,
      noOlderThan: null
    },
    people: {},
    transfers: NO_TRANSFERS
  }
}

/** Whether this app is the person hosting (who answers knocks, reads the activity, readmits). */
export function isPersonHosting(session: SessionInfo): boolean {
  return session.hostUserId !== null && session.self.id === session.hostUserId
}

/**
 * Knocks in `knocks` that were not there before and deserve a desktop notification: only for
 * the person hosting, and only while the window is not focused (the tray is in sight otherwise).
 */
export function knocksToNotify(state: ChatState, knocks: readonly Knock[]): Knock[] {
  if (!isPersonHosting(state.session) || state.view.focused) return []
  const known = new Set(state.knocks.map((k) => k.id))
  return knocks.filter((k) => !known.has(k.id))
}

const byId = (a: ActivityEntry, b: ActivityEntry): number => a.id - b.id

/**
 * The activity view with `incoming` (a page, or what arrived live) added: one run of consecutive
 * ids, the newest ACTIVITY_VIEW_MAX of it. Ids count 1, 2, 3… per host run, so entries that are
 * not of the run shown (the host was restarted) replace it, and newer entries with a hole before
 * them (the line missed some) replace it too: a log with a silent gap would mislead. The part
 * before can be loaded again with "Load older".
 */
export function mergeActivity(
  shown: readonly ActivityEntry[],
  incoming: readonly ActivityEntry[]
): ActivityEntry[] {
  const cap = (list: ActivityEntry[]): ActivityEntry[] => list.slice(-ACTIVITY_VIEW_MAX)
  if (incoming.length === 0) return shown as ActivityEntry[]
  const sorted = [...incoming].sort(byId)
  const shownFirst = shown[0]
  const shownLast = shown[shown.length - 1]
  if (!shownFirst || !shownLast) return cap(sorted)
  const shownById = new Map(shown.map((e) => [e.id, e]))
  const overlap = sorted.find((e) => shownById.has(e.id))
  const twin = overlap && shownById.get(overlap.id)
  if (overlap && twin && (twin.at !== overlap.at || twin.kind !== overlap.kind)) return cap(sorted)
  const first = (sorted[0] as ActivityEntry).id
  const last = (sorted[sorted.length - 1] as ActivityEntry).id
  if (first <= shownLast.id + 1 && last >= shownFirst.id - 1) {
    for (const e of sorted) shownById.set(e.id, e)
    return cap([...shownById.values()].sort(byId))
  }
  return last > shownLast.id ? cap(sorted) : (shown as ActivityEntry[])
}

/** Whether "Load older" may find more: the host's log starts at 1, and the view has a cap. */
export function activityHasOlder(activity: ActivityState): boolean {
  const oldest = activity.entries[0]
  return (
    oldest !== undefined &&
    oldest.id > 1 &&
    oldest.id !== activity.noOlderThan &&
    activity.entries.length < ACTIVITY_VIEW_MAX
  )
}

function withActivity(state: ChatState, update: Partial<ActivityState>): ChatState {
  return { ...state, activity: { ...state.activity, ...update } }
}

function withTransfers(state: ChatState, transfers: TransfersState): ChatState {
  return transfers === state.transfers ? state : { ...state, transfers }
}

/**
 * Whether an upload's message has reached its room already (so it needs no card): it is on the
 * list, or the list is a window left behind by a jump, which takes no new messages. Only a
 * finished upload can have one, and it is among the newest: progress events scan nothing.
 */
const isPosted =
  (state: ChatState) =>
  (upload: Transfer): boolean => {
    if (upload.state !== 'done' && upload.messageId === null) return false
    const room = state.rooms[upload.roomId]
    if (!room || room.hasNewer) return true
    return room.messages.findLast((m) => postedBy(upload, m)) !== undefined
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
  for (const m of incoming) {
    // A page read before a change that was pushed meanwhile must not undo it.
    const held = bySeq.get(m.seq)
    if (!held || changeOf(m) >= changeOf(held)) bySeq.set(m.seq, m)
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

const changeOf = (m: Message): number => (m.kind === 'text' ? m.change : 0)

/** The start of a text as a reply quotes it (LIMITS.replyExcerptMax, never half an emoji). */
export function excerptOf(text: string): string {
  if (text.length <= LIMITS.replyExcerptMax) return text
  let end = LIMITS.replyExcerptMax
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return text.slice(0, end)
}

/** The quote of a message, as a reply to it shows it. */
export function quoteOf(message: TextMessage): ReplyQuote {
  const deleted = message.deletedAt !== null
  return {
    id: message.id,
    seq: message.seq,
    author: message.author,
    // A file sent without a caption is quoted by its name.
    excerpt: deleted ? '' : excerptOf(message.text || (message.attachment?.name ?? '')),
    deleted
  }
}

/** A quote brought up to date with its message; a deleted one stays deleted. */
function requote(quote: ReplyQuote, message: TextMessage): ReplyQuote {
  if (quote.deleted) return quote
  const next = quoteOf(message)
  return next.excerpt === quote.excerpt && next.deleted === quote.deleted
    ? quote
    : { ...quote, excerpt: next.excerpt, deleted: next.deleted }
}

/**
 * A message as it is now (an edit, a delete, reactions) replaces the copy loaded, unless the copy
 * is newer already (its `change` is higher: pushes and answers may cross); quotes of it in the
 * loaded replies follow. A message not loaded only updates the quotes.
 */
function applyChange(state: ChatState, message: TextMessage): ChatState {
  return withRoom(state, message.roomId, (room) => {
    const held = findBySeq(room.messages, message.seq)
    if (held && held.id === message.id && held.kind === 'text' && held.change > message.change)
      return room
    let changed = false
    const messages = room.messages.map((m) => {
      if (m.id === message.id) {
        changed = true
        return message
      }
      if (m.kind === 'text' && m.replyTo?.id === message.id) {
        const replyTo = requote(m.replyTo, message)
        if (replyTo !== m.replyTo) {
          changed = true
          return { ...m, replyTo }
        }
      }
      return m
    })
    let pendingChanged = false
    const pending = room.pending.map((p) => {
      if (p.replyTo?.id !== message.id) return p
      const replyTo = requote(p.replyTo, message)
      if (replyTo === p.replyTo) return p
      pendingChanged = true
      return { ...p, replyTo }
    })
    const lastChange = Math.max(room.summary.lastChange, message.change)
    if (!changed && !pendingChanged && lastChange === room.summary.lastChange) return room
    return {
      ...room,
      messages: changed ? messages : room.messages,
      pending: pendingChanged ? pending : room.pending,
      summary: { ...room.summary, lastChange }
    }
  })
}

/** The loaded message with this seq (the list is in seq order), or undefined. */
export function findBySeq(messages: readonly Message[], seq: number): Message | undefined {
  let lo = 0
  let hi = messages.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const m = messages[mid] as Message
    if (m.seq === seq) return m
    if (m.seq < seq) lo = mid + 1
    else hi = mid - 1
  }
  return undefined
}

/** Whether a message is loaded and on the list (the oldest is held back while older ones exist). */
export function isShown(room: RoomState, messageId: string, seq: number): boolean {
  const m = findBySeq(room.messages, seq)
  if (!m || m.id !== messageId) return false
  return !(room.hasOlder && room.messages.length > 1 && room.messages[0] === m)
}

/**
 * The loaded window replaced by a page (a jump, back to the present): the list starts over.
 * Newer messages exist when the host said so, or when pushes counted meanwhile went past it.
 */
function replaceWindow(
  room: RoomState,
  page: HistoryPage,
  hasMoreAfter: boolean,
  jump: JumpTarget | null
): RoomState {
  const last = page.messages[page.messages.length - 1]
  return {
    ...room,
    messages: page.messages,
    loaded: true,
    loadError: null,
    hasOlder: page.hasMore,
    loadingOlder: false,
    hasNewer: hasMoreAfter || (last !== undefined && last.seq < room.summary.lastSeq),
    loadingNewer: false,
    windowId: room.windowId + 1,
    jump
  }
}

/** The room's rename lines, with one for each member whose nickname `latest` changes. */
function withRenames(
  room: RoomState,
  latest: ReadonlyMap<string, PresenceChange>,
  now: number
): RenameLine[] {
  const added: RenameLine[] = []
  const lastLoaded = room.messages[room.messages.length - 1]?.seq ?? 0
  const afterSeq = Math.max(room.summary.lastSeq, lastLoaded)
  for (const m of room.members) {
    const change = latest.get(m.id)
    if (!change || change.user.nickname === m.nickname) continue
    added.push({
      id: `rename:${m.id}:${now}:${room.renames.length + added.length}`,
      userId: m.id,
      from: m.nickname,
      to: change.user.nickname,
      at: now,
      afterSeq
    })
  }
  if (added.length === 0) return room.renames
  return [...room.renames, ...added].slice(-RENAMES_MAX)
}

/** People known from a member list or a presence change. */
function withPeople(state: ChatState, people: readonly Member[]): ChatState {
  if (people.length === 0) return state
  const next = { ...state.people }
  for (const p of people) next[p.id] = p
  return { ...state, people: next }
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

/** Whether a message arriving in this room is seen as it arrives (and so is read at once). */
export function inView(state: ChatState, roomId: string): boolean {
  return state.activeRoomId === roomId && state.view.focused && state.view.atBottom
}

/**
 * What a message arriving asks of the world outside the state, decided on the state before it:
 * read at once when it is in view; otherwise a desktop notification, except in the open room of a
 * focused window (scrolled up), where only a mention of the reader notifies. Nothing for notices,
 * one's own texts and messages already seen.
 */
export function arrivalEffect(state: ChatState, message: Message): 'mark-read' | 'notify' | null {
  const self = state.session.self
  if (message.kind !== 'text' || message.author.id === self.id) return null
  const room = state.rooms[message.roomId]
  if (message.seq <= (room?.summary.lastSeq ?? 0)) return null
  if (inView(state, message.roomId)) return 'mark-read'
  const watching = state.activeRoomId === message.roomId && state.view.focused
  if (!watching) return 'notify'
  const names = roomMentionNames(self.nickname, room?.members ?? [])
  return mentionsMe(message.text, self.nickname, names) ? 'notify' : null
}

function receive(state: ChatState, message: Message, countUnread: boolean): ChatState {
  const selfId = state.session.self.id
  const typing = { ...state.typing }
  if (message.kind === 'text' && typing[message.roomId]?.[message.author.id]) {
    const room = { ...typing[message.roomId] }
    delete room[message.author.id]
    typing[message.roomId] = room
  }
  const next = withRoom(state, message.roomId, (room) => {
    const isNew = message.seq > room.summary.lastSeq
    const fromOther = message.kind === 'text' && message.author.id !== selfId
    const summary: RoomSummary = {
      ...room.summary,
      lastSeq: Math.max(room.summary.lastSeq, message.seq),
      unread: room.summary.unread + (isNew && fromOther && countUnread ? 1 : 0),
      lastReadSeq:
        message.kind === 'text' && message.author.id === selfId
          ? Math.max(room.summary.lastReadSeq, message.seq)
          : room.summary.lastReadSeq
    }
    // Scrolled up (or away) when others wrote: mark where the unseen part starts.
    const unseen = isNew && fromOther && countUnread
    return {
      ...room,
      summary,
      // A window left behind by a jump would get a hole: the message only counts until then.
      messages:
        room.loaded && !room.hasNewer ? mergeMessages(room.messages, [message]) : room.messages,
      pending: dropPending(room.pending, message),
      markerAfterSeq:
        unseen && room.markerAfterSeq === null ? room.summary.lastReadSeq : room.markerAfterSeq
    }
  })
  return { ...next, typing }
}

function selectRoom(state: ChatState, roomId: string): ChatState {
  if (!state.rooms[roomId] || state.activeRoomId === roomId) return state
  return withRoom({ ...state, activeRoomId: roomId }, roomId, (room) => ({
    ...room,
    markerAfterSeq: room.summary.unread > 0 ? room.summary.lastReadSeq : null
  }))
}

function removeRoom(state: ChatState, roomId: string): ChatState {
  if (!state.rooms[roomId]) return state
  const rooms = { ...state.rooms }
  delete rooms[roomId]
  const lobby = Object.values(rooms).find((r) => r.summary.isLobby)
  const activeRoomId =
    state.activeRoomId === roomId ? (lobby?.summary.id ?? 'lobby') : state.activeRoomId
  return { ...state, rooms, activeRoomId }
}

function markRead(state: ChatState, roomId: string, seq: number): ChatState {
  return withRoom(state, roomId, (room) =>
    seq < room.summary.lastReadSeq
      ? room
      : {
          ...room,
          summary: {
            ...room.summary,
            lastReadSeq: seq,
            unread: seq >= room.summary.lastSeq ? 0 : room.summary.unread
          }
        }
  )
}

function updatePending(
  state: ChatState,
  roomId: string,
  clientId: string,
  update: Partial<PendingMessage>
): ChatState {
  return withRoom(state, roomId, (room) => ({
    ...room,
    pending: room.pending.map((p) => (p.clientId === clientId ? { ...p, ...update } : p))
  }))
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    // Main's events.
    case 'message:new': {
      const next = receive(state, action.payload, !inView(state, action.payload.roomId))
      const transfers = messageArrived(next.transfers, action.payload)
      return transfers === next.transfers ? next : { ...next, transfers }
    }
    case 'message:changed':
    case 'changes/answered':
      return applyChange(state, action.payload.message)
    case 'presence:update': {
      const latest = new Map<string, PresenceChange>()
      for (const change of action.payload.changes) latest.set(change.user.id, change)
      const rooms: Record<string, RoomState> = {}
      const now = Date.now()
      for (const [id, room] of Object.entries(state.rooms)) {
        rooms[id] = room.members.some((m) => latest.has(m.id))
          ? {
              ...room,
              members: room.members.map((m) => {
                const change = latest.get(m.id)
                return change ? memberOf(change) : m
              }),
              renames: withRenames(room, latest, now)
            }
          : room
      }
      for (const [id, room] of Object.entries(rooms)) {
        const change = room.summary.peer && latest.get(room.summary.peer.id)
        if (change && change.user.nickname !== room.summary.peer?.nickname)
          rooms[id] = { ...room, summary: { ...room.summary, peer: change.user } }
      }
      const self = latest.get(state.session.self.id)
      // What the host tells everyone of oneself is one's status as shown (away when idle).
      const session = self
        ? {
            ...state.session,
            self: self.user,
            status: self.online
              ? { ...state.session.status, shown: self.status }
              : state.session.status
          }
        : state.session
      const people = [...latest.values()].map(memberOf)
      return withPeople({ ...state, rooms, session }, people)
    }
    case 'members:changed': {
      const { roomId, joined, left } = action.payload
      return withRoom(withPeople(state, joined), roomId, (room) => {
        if (!room.membersLoaded) {
          // Only the count is known until the list is asked for; it comes whole then.
          const count = room.summary.memberCount + joined.length - left.length
          return { ...room, summary: { ...room.summary, memberCount: Math.max(0, count) } }
        }
        const members = applyMemberChanges(room.members, joined, left)
        return { ...room, members, summary: { ...room.summary, memberCount: members.length } }
      })
    }
    case 'room:added': {
      const added = action.payload
      const existing = state.rooms[added.id]
      return {
        ...state,
        rooms: {
          ...state.rooms,
          [added.id]: existing
            ? { ...existing, summary: { ...existing.summary, ...added } }
            : emptyRoom(added)
        }
      }
    }
    case 'room:removed':
      return removeRoom(state, action.payload.roomId)
    case 'room:read':
      return markRead(state, action.payload.roomId, action.payload.seq)
    case 'typing:update': {
      const { roomId, user, typing } = action.payload
      if (user.id === state.session.self.id) return state
      const room = { ...(state.typing[roomId] ?? {}) }
      if (typing) room[user.id] = { user, until: null }
      else delete room[user.id]
      return { ...state, typing: { ...state.typing, [roomId]: room } }
    }
    case 'connection:state': {
      const connection = action.payload
      if (connection.status !== 'connected') return { ...state, connection }
      // Back online: what failed for want of a connection is worth asking for again.
      const rooms: Record<string, RoomState> = {}
      for (const [id, room] of Object.entries(state.rooms)) {
        rooms[id] = room.loadError === null ? room : { ...room, loadError: null, loadAttempt: 0 }
      }
      return { ...state, rooms, connection }
    }
    case 'session:synced': {
      // Back from a gap: joins and leaves during it were not replayed, so each list is shown
      // as it was until it is asked for again.
      const rooms: Record<string, RoomState> = {}
      for (const summary of action.payload.rooms) {
        const existing = state.rooms[summary.id]
        rooms[summary.id] = existing
          ? { ...existing, summary, membersLoaded: false }
          : emptyRoom(summary)
      }
      const activeRoomId = rooms[state.activeRoomId]
        ? state.activeRoomId
        : (action.payload.rooms.find((r) => r.isLobby)?.id ?? 'lobby')
      return { ...state, rooms, activeRoomId }
    }
    case 'session:closed':
      return { ...state, ended: action.payload.reason }
    case 'notification:clicked':
      return selectRoom(state, action.payload.roomId)
    case 'host:crashed':
      // Only the person hosting runs a host process; a guest never hears this.
      if (state.session.mode !== 'host') return state
      return {
        ...state,
        hostCrash: { reason: action.payload.reason, restarting: false, errorCode: null }
      }

    case 'room:code-changed':
    case 'rooms/code-renewed': {
      const { roomId, code } = action.payload
      return withRoom(state, roomId, (room) =>
        room.summary.code === code ? room : { ...room, summary: { ...room.summary, code } }
      )
    }
    case 'knocks:changed':
    case 'knocks/loaded':
      return { ...state, knocks: action.payload.knocks }
    case 'activity:new':
      return withActivity(state, {
        entries: mergeActivity(state.activity.entries, action.payload.entries)
      })
    case 'join:knocking':
      // The start screen's: a join waits at the door before any chat state exists.
      return state
    case 'discovery:changed':
    case 'invite:opened':
      // The start screen's list of hosts, and the app's invites: not the chat's state.
      return state

    // The renderer's own.
    case 'ui/select-room':
      return selectRoom(state, action.payload.roomId)
    case 'view/changed': {
      const view = { ...state.view, ...action.payload }
      const same = view.focused === state.view.focused && view.atBottom === state.view.atBottom
      return same ? state : { ...state, view }
    }
    case 'rooms/joined': {
      // Also dm:open's answer: a direct conversation that may be listed already (room:added).
      const { room, members, history } = action.payload
      const existing = state.rooms[room.id] ?? emptyRoom(room)
      const base: RoomState = { ...existing, summary: room }
      const next: RoomState = existing.hasNewer
        ? replaceWindow(base, history, false, null)
        : {
            ...base,
            messages: mergeMessages(existing.messages, history.messages),
            loaded: true,
            loadError: null,
            hasOlder: existing.loaded ? existing.hasOlder : history.hasMore
          }
      return withPeople(
        {
          ...state,
          activeRoomId: room.id,
          rooms: {
            ...state.rooms,
            [room.id]: {
              ...next,
              members,
              membersLoaded: true,
              markerAfterSeq: room.unread > 0 ? room.lastReadSeq : null
            }
          }
        },
        members
      )
    }
    case 'rooms/left':
      return removeRoom(state, action.payload.roomId)
    case 'history/latest-loaded': {
      const { page } = action.payload
      return withRoom(state, action.payload.roomId, (room) =>
        // A jump answered first: its window stays (the latest page would leave a hole in it).
        room.hasNewer
          ? room
          : {
              ...room,
              ...room,
              messages: mergeMessages(room.messages, page.messages),
              hasOlder: room.loaded ? room.hasOlder : page.hasMore,
              loaded: true,
              loadError: null
            }
      )
    }
    case 'history/latest-failed': {
      const { errorCode } = action.payload
      const again =
        isErrorCode(errorCode) && isTransient(errorCode) && state.connection.status === 'connected'
      return withRoom(state, action.payload.roomId, (room) =>
        // A request that outlived a reconnect fails after a newer one already loaded the room.
        room.loaded
          ? room
          : again && room.loadAttempt < LATEST_AUTO_RETRIES
            ? { ...room, loadAttempt: room.loadAttempt + 1 }
            : { ...room, loadError: errorCode }
      )
    }
    case 'history/latest-retried':
      return withRoom(state, action.payload.roomId, (room) => ({
        ...room,
        loadError: null,
        loadAttempt: 0
      }))
    case 'history/older-loading':
      return withRoom(state, action.payload.roomId, (room) => ({ ...room, loadingOlder: true }))
    case 'history/older-loaded': {
      const { page } = action.payload
      return withRoom(state, action.payload.roomId, (room) => ({
        ...room,
        loadingOlder: false,
        messages: page ? mergeMessages(room.messages, page.messages) : room.messages,
        hasOlder: page ? page.hasMore : room.hasOlder
      }))
    }
    case 'history/newer-loading':
      return withRoom(state, action.payload.roomId, (room) => ({ ...room, loadingNewer: true }))
    case 'history/newer-loaded': {
      const { page } = action.payload
      return withRoom(state, action.payload.roomId, (room) => {
        if (!page || !room.hasNewer) return { ...room, loadingNewer: false }
        const messages = mergeMessages(room.messages, page.messages)
        const last = messages[messages.length - 1]
        return {
          ...room,
          loadingNewer: false,
          messages,
          // Past the host's "no more", pushes counted meanwhile may still lie beyond the page.
          hasNewer:
            page.messages.length > 0 &&
            (page.hasMore || (last !== undefined && last.seq < room.summary.lastSeq))
        }
      })
    }
    case 'history/around-loaded': {
      const { page, target } = action.payload
      return withRoom(state, action.payload.roomId, (room) =>
        replaceWindow(room, page, page.hasMoreAfter ?? false, { ...target, highlight: true })
      )
    }
    case 'history/present-loaded':
      return withRoom(state, action.payload.roomId, (room) =>
        replaceWindow(room, action.payload.page, false, null)
      )
    case 'history/present-reset':
      return withRoom(state, action.payload.roomId, (room) =>
        room.hasNewer
          ? {
              ...room,
              messages: [],
              loaded: false,
              loadError: null,
              loadAttempt: 0,
              hasOlder: true,
              hasNewer: false,
              windowId: room.windowId + 1,
              jump: null
            }
          : room
      )
    case 'history/jumped': {
      const { roomId, ...jump } = action.payload
      return withRoom(state, roomId, (room) => ({ ...room, jump }))
    }
    case 'history/jump-done':
      return withRoom(state, action.payload.roomId, (room) =>
        room.jump
          ? {
              ...room,
              jump: null,
              highlightId:
                action.payload.found && room.jump.highlight ? room.jump.messageId : room.highlightId
            }
          : room
      )
    case 'history/highlight-ended':
      return withRoom(state, action.payload.roomId, (room) =>
        room.highlightId === action.payload.messageId ? { ...room, highlightId: null } : room
      )
    case 'members/loaded': {
      const { members } = action.payload
      return withRoom(withPeople(state, members), action.payload.roomId, (room) => ({
        ...room,
        members,
        membersLoaded: true,
        summary: { ...room.summary, memberCount: members.length }
      }))
    }
    case 'outbox/added':
      return withRoom(state, action.payload.roomId, (room) => ({
        ...room,
        pending: [...room.pending, action.payload]
      }))
    case 'outbox/sent':
      return receive(state, action.payload.message, false)
    case 'outbox/failed': {
      const { roomId, clientId, errorCode } = action.payload
      return updatePending(state, roomId, clientId, { status: 'failed', errorCode })
    }
    case 'outbox/retried': {
      const { roomId, clientId } = action.payload
      return updatePending(state, roomId, clientId, { status: 'sending', errorCode: undefined })
    }
    case 'outbox/discarded': {
      const { roomId, clientId } = action.payload
      return withRoom(state, roomId, (room) => ({
        ...room,
        pending: room.pending.filter((p) => p.clientId !== clientId)
      }))
    }
    case 'read/marked':
      return markRead(state, action.payload.roomId, action.payload.seq)
    case 'typing/ticked': {
      const { now } = action.payload
      let changed = false
      const typing: ChatState['typing'] = {}
      for (const [roomId, entries] of Object.entries(state.typing)) {
        const kept: Record<string, TypingEntry> = {}
        for (const [userId, entry] of Object.entries(entries)) {
          if (entry.until === null) {
            kept[userId] = { ...entry, until: now + TYPING_STALE_MS }
            changed = true
          } else if (entry.until > now) kept[userId] = entry
          else changed = true
        }
        typing[roomId] = kept
      }
      return changed ? { ...state, typing } : state
    }
    case 'host/restarting':
      return state.hostCrash
        ? { ...state, hostCrash: { ...state.hostCrash, restarting: true, errorCode: null } }
        : state
    case 'host/restarted':
      return state.hostCrash ? { ...state, hostCrash: null } : state
    case 'host/restart-failed':
      return state.hostCrash
        ? {
            ...state,
            hostCrash: {
              ...state.hostCrash,
              restarting: false,
              errorCode: action.payload.errorCode
            }
          }
        : state
    case 'knocks/answered':
      return { ...state, knocks: state.knocks.filter((k) => k.id !== action.payload.knockId) }
    case 'activity/latest-loaded':
      return withActivity(state, {
        entries: mergeActivity(state.activity.entries, action.payload.entries),
        loaded: true,
        errorCode: null
      })
    case 'activity/latest-failed':
      return withActivity(state, { errorCode: action.payload.errorCode })
    case 'activity/older-loading':
      return withActivity(state, { loadingOlder: true, errorCode: null })
    case 'activity/older-loaded': {
      const { entries: page, pageSize } = action.payload
      const entries = mergeActivity(state.activity.entries, page)
      // A short page is the start of what the host still keeps.
      const noOlderThan =
        page.length < pageSize ? (entries[0]?.id ?? null) : state.activity.noOlderThan
      return withActivity(state, { entries, noOlderThan, loadingOlder: false })
    }
    case 'activity/older-failed':
      return withActivity(state, { loadingOlder: false, errorCode: action.payload.errorCode })
    case 'status/picked':
      return { ...state, session: { ...state.session, status: action.payload } }
    case 'transfer:changed':
      return withTransfers(state, transferChanged(state.transfers, action.payload, isPosted(state)))
    case 'transfers/loaded':
      return withTransfers(
        state,
        transfersAnswered(state.transfers, action.payload.transfers, isPosted(state))
      )
    case 'transfers/started':
      return withTransfers(
        state,
        transfersAnswered(state.transfers, [action.payload.transfer], isPosted(state))
      )
    case 'transfers/retried':
      return withTransfers(state, transferRetried(state.transfers, action.payload.transfer))
    case 'transfers/limits-loaded':
      return withTransfers(state, { ...state.transfers, limits: action.payload.limits })
    default: {
      const unreachable: never = action
      return unreachable
    }
  }
}

/** A person as a presence change says they are now. */
const memberOf = (change: PresenceChange): Member => ({
  ...change.user,
  online: change.online,
  status: change.status
})

/** A member list with people added (or updated) and removed, kept in nickname order. */
function applyMemberChanges(members: Member[], joined: Member[], left: string[]): Member[] {
  const byId = new Map(members.map((m) => [m.id, m]))
  for (const id of left) byId.delete(id)
  for (const m of joined) byId.set(m.id, m)
  // The host orders by its case-folded nickname key; plain code-unit order matches it closely.
  const key = (m: Member): string => m.nickname.toLowerCase()
  return [...byId.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/** Rooms in sidebar order: the lobby, then the others by creation (direct messages apart). */
export function roomOrder(state: ChatState): RoomState[] {
  return Object.values(state.rooms)
    .filter((r) => !r.summary.isDirect)
    .sort((a, b) => {
      if (a.summary.isLobby !== b.summary.isLobby) return a.summary.isLobby ? -1 : 1
      return a.summary.createdAt - b.summary.createdAt || a.summary.id.localeCompare(b.summary.id)
    })
}

/** The other person of a direct conversation (its name, as the receiver sees it, otherwise). */
export function peerOf(room: RoomState): UserRef {
  return room.summary.peer ?? { id: '', nickname: room.summary.name }
}

/** Direct conversations in sidebar order: by the other person's nickname. */
export function directOrder(state: ChatState): RoomState[] {
  return Object.values(state.rooms)
    .filter((r) => r.summary.isDirect)
    .sort(
      (a, b) =>
        peerOf(a).nickname.localeCompare(peerOf(b).nickname, undefined, {
          sensitivity: 'base'
        }) || a.summary.id.localeCompare(b.summary.id)
    )
}

/** The direct conversation with someone, if it is listed already. */
export function directWith(state: ChatState, userId: string): RoomState | undefined {
  return Object.values(state.rooms).find((r) => r.summary.isDirect && r.summary.peer?.id === userId)
}

export function totalUnread(state: ChatState): number {
  return Object.values(state.rooms).reduce((sum, r) => sum + r.summary.unread, 0)
}
