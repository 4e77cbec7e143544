import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore
} from 'react'
import type {
  BridgeArgs,
  BridgeEventOf,
  BridgeEventType,
  BridgeResults,
  SessionEndReason,
  SessionInfo
} from '../../../shared/bridge'
import { LIMITS } from '../../../shared/limits'
import type { Message, PresenceStatus, ReplyQuote, TextMessage } from '../../../shared/models'
import { err, type Result } from '../../../shared/result'
import type { ActivityEntry } from '../../../shared/activity'
import type { Transfer } from '../../../shared/files'
import type { Knock, RoomJoined } from '../../../shared/wire/protocol'
import { bridge, call } from '../bridge'
import { sourceOf, type FileSource } from '../files/source'
import { makeThumbnail } from '../files/thumbnail'
import {
  activityHasOlder,
  arrivalEffect,
  chatReducer,
  directWith,
  initialChatState,
  isShown,
  isPersonHosting,
  knocksToNotify,
  totalUnread,
  type ChatState,
  type PendingMessage
} from './chat-state'
import { createStore } from './store'
import { watchWindowFocus } from './window-focus'

/** Pages of history fetched each time the list reaches the top (or, after a jump, the end). */
const OLDER_PAGES_PER_LOAD = 3

/** Activity entries asked for at a time (the newest on opening the panel, then older ones). */
export const ACTIVITY_PAGE = 200

export interface ChatCallbacks {
  onEnded(reason: SessionEndReason): void
  /** Title and body of a desktop notification for a message, in the active language. */
  describe(message: TextMessage, roomName: string): { title: string; body: string }
  roomName(state: ChatState, roomId: string): string
  /** Title and body of a desktop notification for someone knocking, in the active language. */
  describeKnock(knock: Knock): { title: string; body: string }
}

/**
 * What an event from main asks of the world outside the state, beyond being reduced: `before` is
 * the state the event arrived to. One entry per event, so a new event is a decision here too.
 */
type EventEffects = {
  [T in BridgeEventType]: ((payload: BridgeEventOf<T>['payload'], before: ChatState) => void) | null
}

function runEffect<T extends BridgeEventType>(
  effects: EventEffects,
  type: T,
  payload: BridgeEventOf<T>['payload'],
  before: ChatState
): void {
  effects[type]?.(payload, before)
}

/**
 * The chat screen's state and everything it can do. Main's events go to the reducer as they
 * come; what depends on what the person sees (read markers, notifications, the badge, loading
 * history) happens here, so the components stay about layout.
 */
export function useChat(session: SessionInfo, callbacks: ChatCallbacks) {
  const [store] = useState(() =>
    createStore(
      chatReducer,
      initialChatState(session, { focused: document.hasFocus(), atBottom: true })
    )
  )
  const state = useSyncExternalStore(store.subscribe, store.getState)
  // Event handlers registered once read the latest callbacks through this.
  const callbacksRef = useRef(callbacks)
  useLayoutEffect(() => {
    callbacksRef.current = callbacks
  })

  const markRead = useCallback(
    (roomId: string, seq: number) => {
      const room = store.getState().rooms[roomId]
      if (!room || (seq <= room.summary.lastReadSeq && room.summary.unread === 0)) return
      store.dispatch({ type: 'read/marked', payload: { roomId, seq } })
      void call('room:read', { roomId, seq })
    },
    [store]
  )

  const loadMembers = useCallback(
    (roomId: string) => {
      void call('room:members', { roomId }).then((r) => {
        if (r.ok)
          store.dispatch({ type: 'members/loaded', payload: { roomId, members: r.data.members } })
      })
    },
    [store]
  )

  const loadKnocks = useCallback(() => {
    const { session } = store.getState()
    if (!isPersonHosting(session) || !session.host.access.askFirst) return
    void call('host:knocks', {}).then((r) => {
      if (r.ok) store.dispatch({ type: 'knocks/loaded', payload: { knocks: r.data.knocks } })
    })
  }, [store])

  const loadActivity = useCallback(() => {
    void call('host:activity', { limit: ACTIVITY_PAGE }).then((r) =>
      store.dispatch(
        r.ok
          ? { type: 'activity/latest-loaded', payload: { entries: r.data.entries } }
          : { type: 'activity/latest-failed', payload: { errorCode: r.error.code } }
      )
    )
  }, [store])

  // The host's file limits, said before a file is chosen; asked again after a gap, since the
  // host may have come back with others.
  const loadFileLimits = useCallback(() => {
    void call('file:limits', {}).then((r) => {
      if (r.ok) store.dispatch({ type: 'transfers/limits-loaded', payload: { limits: r.data } })
    })
  }, [store])

  useEffect(() => {
    const effects: EventEffects = {
      'message:new': (message, before) => {
        if (message.kind !== 'text') return
        const effect = arrivalEffect(before, message)
        if (effect === 'mark-read') markRead(message.roomId, message.seq)
        else if (effect === 'notify') {
          const { describe, roomName } = callbacksRef.current
          const { title, body } = describe(message, roomName(before, message.roomId))
          void call('notify:show', { title, body, roomId: message.roomId })
        }
      },
      // Stamps the indicator with the time it arrived, so it goes stale on time.
      'typing:update': () =>
        store.dispatch({ type: 'typing/ticked', payload: { now: Date.now() } }),
      // Nothing said during the gap was replayed: the open room's members, who knocks and the
      // activity (if it was ever shown) are asked for again.
      'session:synced': () => {
        const s = store.getState()
        loadMembers(s.activeRoomId)
        loadKnocks()
        loadFileLimits()
        if (s.activity.loaded) loadActivity()
      },
      'knocks:changed': ({ knocks }, before) => {
        for (const knock of knocksToNotify(before, knocks)) {
          const { title, body } = callbacksRef.current.describeKnock(knock)
          void call('notify:show', { title, body, roomId: before.activeRoomId, kind: 'knock' })
        }
      },
      'session:closed': ({ reason }) => callbacksRef.current.onEnded(reason),
      // Edits, deletes and reactions change what is shown, and never notify.
      'message:changed': null,
      'presence:update': null,
      'members:changed': null,
      'room:added': null,
      'room:removed': null,
      'room:read': null,
      'connection:state': null,
      'notification:clicked': null,
      'host:crashed': null,
      'room:code-changed': null,
      'activity:new': null,
      'join:knocking': null,
      'discovery:changed': null,
      'invite:opened': null,
      'transfer:changed': null
    }
    return bridge.onEvent((event) => {
      const before = store.getState()
      store.dispatch(event)
      runEffect(effects, event.type, event.payload, before)
    })
  }, [store, markRead, loadMembers, loadKnocks, loadActivity, loadFileLimits])

  // Transfers the session already has (a window that reloaded in the middle of one), and the
  // limits. Events that arrive meanwhile win over this answer where they say more.
  useEffect(() => {
    void call('file:transfers', {}).then((r) => {
      if (r.ok) store.dispatch({ type: 'transfers/loaded', payload: r.data })
    })
    loadFileLimits()
  }, [store, loadFileLimits])

  // Direct messages show the other person's dot, and reactions who reacted: everyone is in the
  // lobby, so its list is asked for once connected even while another room is open.
  const lobbyId = Object.values(state.rooms).find((r) => r.summary.isLobby)?.summary.id
  const lobbyMembersLoaded = (lobbyId && state.rooms[lobbyId]?.membersLoaded) ?? false
  const connectedNow = state.connection.status === 'connected'
  useEffect(() => {
    if (!connectedNow || !lobbyId || lobbyMembersLoaded) return
    if (store.getState().activeRoomId !== lobbyId) loadMembers(lobbyId)
  }, [store, connectedNow, lobbyId, lobbyMembersLoaded, loadMembers])

  // Someone may already be knocking when the chat opens (or the window reloads).
  useEffect(() => loadKnocks(), [loadKnocks])

  useEffect(() => {
    const update = (focused: boolean): void =>
      store.dispatch({ type: 'view/changed', payload: { focused } })
    update(document.hasFocus())
    return watchWindowFocus(update)
  }, [store])

  // Opening a room: its latest page the first time, and a fresh member list every time. Both
  // again after a reconnect, since whatever was asked for while the line was down was lost.
  const active = state.rooms[state.activeRoomId]
  const activeLoaded = active?.loaded ?? false
  const activeLoadError = active?.loadError ?? null
  const activeLoadAttempt = active?.loadAttempt ?? 0
  const connected = state.connection.status === 'connected'
  useEffect(() => {
    if (!connected) return
    const roomId = state.activeRoomId
    if (!activeLoaded && activeLoadError === null) {
      void call('room:history', { roomId }).then((r) =>
        store.dispatch(
          r.ok
            ? { type: 'history/latest-loaded', payload: { roomId, page: r.data } }
            : { type: 'history/latest-failed', payload: { roomId, errorCode: r.error.code } }
        )
      )
    }
    loadMembers(roomId)
  }, [
    store,
    state.activeRoomId,
    activeLoaded,
    activeLoadError,
    activeLoadAttempt,
    connected,
    loadMembers
  ])

  const markActiveRead = useCallback(() => {
    const s = store.getState()
    const room = s.rooms[s.activeRoomId]
    if (!room || !s.view.focused || !s.view.atBottom) return
    markRead(room.summary.id, room.summary.lastSeq)
  }, [store, markRead])

  const focused = state.view.focused
  useEffect(() => {
    if (focused && activeLoaded) markActiveRead()
  }, [focused, activeLoaded, state.activeRoomId, markActiveRead])

  const unread = totalUnread(state)
  useEffect(() => {
    void call('badge:set', { count: unread })
    // The window title carries the count too (taskbars without badges show the title).
    document.title = unread > 0 ? `(${unread}) Papo` : 'Papo'
  }, [unread])
  useEffect(() => () => void (document.title = 'Papo'), [])

  const anyoneTyping = Object.values(state.typing).some((room) => Object.keys(room).length > 0)
  useEffect(() => {
    if (!anyoneTyping) return
    const timer = setInterval(
      () => store.dispatch({ type: 'typing/ticked', payload: { now: Date.now() } }),
      1_000
    )
    return () => clearInterval(timer)
  }, [store, anyoneTyping])

  const actions = useMemo(() => {
    const deliver = async (pending: PendingMessage): Promise<void> => {
      const { roomId, clientId } = pending
      const r = await call('message:send', {
        roomId,
        text: pending.text,
        clientId,
        ...(pending.replyTo ? { replyTo: pending.replyTo.id } : {})
      })
      store.dispatch(
        r.ok
          ? { type: 'outbox/sent', payload: r.data }
          : { type: 'outbox/failed', payload: { clientId, roomId, errorCode: r.error.code } }
      )
    }
    /** A transfer answered by main (send, download): shown at once, before its first event. */
    const started = (r: Result<Transfer>): Result<Transfer> => {
      if (r.ok) store.dispatch({ type: 'transfers/started', payload: { transfer: r.data } })
      return r
    }
    const joined = (r: Result<RoomJoined>): Result<RoomJoined> => {
      if (r.ok) store.dispatch({ type: 'rooms/joined', payload: r.data })
      return r
    }
    /** An edit, delete or reaction: the answer shows at once (the push may come later). */
    const changed = (r: Result<{ message: TextMessage }>): Result<{ message: TextMessage }> => {
      if (r.ok) store.dispatch({ type: 'changes/answered', payload: r.data })
      return r
    }
    /**
     * Brings a message into view: at once when it is on the list, otherwise with the page of
     * history around it in place of what is loaded. False when it could not be found.
     */
    const jumpTo = async (
      roomId: string,
      messageId: string,
      seq: number,
      highlight = true
    ): Promise<boolean> => {
      const room = store.getState().rooms[roomId]
      if (!room) return false
      if (room.loaded && isShown(room, messageId, seq)) {
        store.dispatch({ type: 'history/jumped', payload: { roomId, messageId, seq, highlight } })
        return true
      }
      const r = await call('room:history', { roomId, aroundSeq: seq })
      // Not there (deleted for good, or another message has that seq): what is shown stays.
      if (!r.ok || !r.data.messages.some((m) => m.id === messageId)) return false
      store.dispatch({
        type: 'history/around-loaded',
        payload: { roomId, page: r.data, target: { messageId, seq } }
      })
      return true
    }
    return {
      selectRoom: (roomId: string) =>
        store.dispatch({ type: 'ui/select-room', payload: { roomId } }),
      retryLatest: (roomId: string) =>
        store.dispatch({ type: 'history/latest-retried', payload: { roomId } }),
      send(roomId: string, text: string, replyTo: ReplyQuote | null = null): void {
        // Written while reading an older window: the message goes to the present, and so does
        // the list.
        if (store.getState().rooms[roomId]?.hasNewer)
          store.dispatch({ type: 'history/present-reset', payload: { roomId } })
        const pending: PendingMessage = {
          clientId: crypto.randomUUID(),
          roomId,
          text,
          at: Date.now(),
          status: 'sending',
          replyTo
        }
        store.dispatch({ type: 'outbox/added', payload: pending })
        void deliver(pending)
      },
      retry(pending: PendingMessage): void {
        const { clientId, roomId } = pending
        store.dispatch({ type: 'outbox/retried', payload: { clientId, roomId } })
        void deliver(pending)
      },
      /** Every failed message of the room again, in the order they were written. */
      retryAll(roomId: string): void {
        const failed = store.getState().rooms[roomId]?.pending.filter((p) => p.status === 'failed')
        for (const pending of failed ?? []) {
          store.dispatch({
            type: 'outbox/retried',
            payload: { clientId: pending.clientId, roomId }
          })
          void deliver(pending)
        }
      },
      discard(pending: PendingMessage): void {
        const { clientId, roomId } = pending
        store.dispatch({ type: 'outbox/discarded', payload: { clientId, roomId } })
      },
      async loadOlder(roomId: string): Promise<void> {
        const room = store.getState().rooms[roomId]
        if (!room || room.loadingOlder || !room.hasOlder || !room.loaded) return
        const beforeSeq = room.messages[0]?.seq
        if (beforeSeq === undefined || beforeSeq <= 1) {
          store.dispatch({
            type: 'history/older-loaded',
            payload: { roomId, page: { messages: [], hasMore: false } }
          })
          return
        }
        store.dispatch({ type: 'history/older-loading', payload: { roomId } })
        // A few pages per trip to the top: someone scrolling far back waits less often, and
        // a few hundred short rows cost nothing once virtualised.
        const messages: Message[] = []
        let cursor = beforeSeq
        let hasMore = true
        for (let i = 0; i < OLDER_PAGES_PER_LOAD && hasMore; i++) {
          const r = await call('room:history', {
            roomId,
            beforeSeq: cursor,
            limit: LIMITS.historyPageMax
          })
          if (!r.ok) {
            if (messages.length === 0) {
              store.dispatch({ type: 'history/older-loaded', payload: { roomId, page: null } })
            }
            break
          }
          messages.unshift(...r.data.messages)
          hasMore = r.data.hasMore
          cursor = r.data.messages[0]?.seq ?? cursor
          if (r.data.messages.length === 0) hasMore = false
        }
        if (messages.length > 0 || !hasMore) {
          store.dispatch({
            type: 'history/older-loaded',
            payload: { roomId, page: { messages, hasMore } }
          })
        }
      },
      /** After a jump: the page after the newest message loaded, as the list reaches its end. */
      async loadNewer(roomId: string): Promise<void> {
        const room = store.getState().rooms[roomId]
        if (!room || room.loadingNewer || !room.hasNewer || !room.loaded) return
        const last = room.messages[room.messages.length - 1]
        if (!last) return
        store.dispatch({ type: 'history/newer-loading', payload: { roomId } })
        const messages: Message[] = []
        let cursor = last.seq
        let hasMore = true
        for (let i = 0; i < OLDER_PAGES_PER_LOAD && hasMore; i++) {
          const r = await call('room:history', {
            roomId,
            afterSeq: cursor,
            limit: LIMITS.historyPageMax
          })
          if (!r.ok) {
            if (messages.length === 0) {
              store.dispatch({ type: 'history/newer-loaded', payload: { roomId, page: null } })
              return
            }
            break
          }
          messages.push(...r.data.messages)
          hasMore = r.data.hasMore && r.data.messages.length > 0
          cursor = r.data.messages[r.data.messages.length - 1]?.seq ?? cursor
        }
        store.dispatch({
          type: 'history/newer-loaded',
          payload: { roomId, page: { messages, hasMore } }
        })
      },
      /** "Jump to present": the latest page in place of a window left behind by a jump. */
      async jumpToPresent(roomId: string): Promise<void> {
        const r = await call('room:history', { roomId })
        store.dispatch(
          r.ok
            ? { type: 'history/present-loaded', payload: { roomId, page: r.data } }
            : { type: 'history/present-reset', payload: { roomId } }
        )
      },
      jumpTo,
      /** A search hit: its room opens at the message. */
      async openAt(roomId: string, messageId: string, seq: number): Promise<boolean> {
        store.dispatch({ type: 'ui/select-room', payload: { roomId } })
        return jumpTo(roomId, messageId, seq)
      },
      jumpDone: (roomId: string, found: boolean) =>
        store.dispatch({ type: 'history/jump-done', payload: { roomId, found } }),
      highlightEnded: (roomId: string, messageId: string) =>
        store.dispatch({ type: 'history/highlight-ended', payload: { roomId, messageId } }),
      editMessage: async (messageId: string, text: string) =>
        changed(await call('message:edit', { messageId, text })),
      deleteMessage: async (messageId: string) =>
        changed(await call('message:delete', { messageId })),
      react: async (messageId: string, emoji: string, on: boolean) =>
        changed(await call('message:react', { messageId, emoji, on })),
      /** The direct conversation with someone: opened at once if listed, else asked for. */
      async openDirect(userId: string): Promise<Result<unknown>> {
        const listed = directWith(store.getState(), userId)
        if (listed) {
          store.dispatch({ type: 'ui/select-room', payload: { roomId: listed.summary.id } })
          return { ok: true, data: {} }
        }
        return joined(await call('dm:open', { userId }))
      },
      search: (args: BridgeArgs<'search'>): Promise<Result<BridgeResults['search']>> =>
        call('search', args),
      createRoom: async (name: string) => joined(await call('room:create', { name })),
      joinRoom: async (code: string) => joined(await call('room:join', { code })),
      async leaveRoom(roomId: string): Promise<Result<Record<string, never>>> {
        const r = await call('room:leave', { roomId })
        if (r.ok) store.dispatch({ type: 'rooms/left', payload: { roomId } })
        return r
      },
      setTyping(roomId: string, typing: boolean): void {
        void call('typing:set', { roomId, typing })
      },
      setAtBottom(atBottom: boolean): void {
        store.dispatch({ type: 'view/changed', payload: { atBottom } })
        if (atBottom) markActiveRead()
      },
      logout: () => call('session:leave', {}),
      /** After a crash of the host process: start it again; everyone rejoins by themselves. */
      async restartHost(): Promise<void> {
        store.dispatch({ type: 'host/restarting', payload: {} })
        const r = await call('session:restart-host', {})
        store.dispatch(
          r.ok
            ? { type: 'host/restarted', payload: {} }
            : { type: 'host/restart-failed', payload: { errorCode: r.error.code } }
        )
      },
      removeMember: (userId: string) => call('member:remove', { userId }),
      /** The person hosting lets someone removed back in. */
      readmitMember: (userId: string) => call('member:readmit', { userId }),
      listRemoved: () => call('host:removed', {}),
      async answerKnock(knockId: string, admit: boolean): Promise<Result<Record<string, never>>> {
        const r = await call('host:answer-knock', { knockId, admit })
        if (r.ok) store.dispatch({ type: 'knocks/answered', payload: { knockId } })
        return r
      },
      async renewRoomCode(roomId: string): Promise<Result<{ roomId: string; code: string }>> {
        const r = await call('room:new-code', { roomId })
        if (r.ok) store.dispatch({ type: 'rooms/code-renewed', payload: r.data })
        return r
      },
      /** The newest activity page, merged with what is shown (on opening the panel). */
      loadActivity,
      async loadOlderActivity(): Promise<void> {
        const { activity } = store.getState()
        const oldest = activity.entries[0]
        if (activity.loadingOlder || !oldest || !activityHasOlder(activity)) return
        store.dispatch({ type: 'activity/older-loading', payload: {} })
        const r = await call('host:activity', { beforeId: oldest.id, limit: ACTIVITY_PAGE })
        store.dispatch(
          r.ok
            ? {
                type: 'activity/older-loaded',
                payload: { entries: r.data.entries, pageSize: ACTIVITY_PAGE }
              }
            : { type: 'activity/older-failed', payload: { errorCode: r.error.code } }
        )
      },
      exportActivity: (entries: ActivityEntry[]) => call('activity:export', { entries }),
      /**
       * Sends one file: by its path when Electron gives one (main reads it from disk), else its
       * bytes; a picture with a thumbnail made here. Progress comes as `transfer:changed`.
       */
      async sendFile(
        roomId: string,
        file: File,
        name: string,
        extra: { caption?: string; replyTo?: string } = {}
      ): Promise<Result<Transfer>> {
        let source: FileSource
        let thumbnail: string | null
        try {
          ;[source, thumbnail] = await Promise.all([
            sourceOf(file, name),
            makeThumbnail(file).catch(() => null)
          ])
        } catch {
          return err('FILE_UNREADABLE', `could not read ${name}`)
        }
        // As with a text: sent while reading an older window, the list goes to the present.
        if (store.getState().rooms[roomId]?.hasNewer)
          store.dispatch({ type: 'history/present-reset', payload: { roomId } })
        return started(
          await call('file:send', {
            roomId,
            source,
            ...(extra.caption ? { caption: extra.caption } : {}),
            ...(extra.replyTo ? { replyTo: extra.replyTo } : {}),
            ...(thumbnail ? { thumbnail } : {})
          })
        )
      },
      /** What the file cards and upload cards do (files-context.ts). */
      files: {
        download: async (messageId: string) => started(await call('file:download', { messageId })),
        cancel: (transferId: string) => call('file:cancel', { transferId }),
        async retry(transferId: string): Promise<Result<Transfer>> {
          const r = await call('file:retry', { transferId })
          if (r.ok) store.dispatch({ type: 'transfers/retried', payload: { transfer: r.data } })
          return r
        },
        show: (transferId: string) => call('file:show', { transferId }),
        open: (transferId: string) => call('file:open', { transferId })
      },
      /** One's status for this run of the app; the host hears it when connected. */
      async setStatus(status: PresenceStatus): Promise<void> {
        const r = await call('session:set-status', { status })
        if (r.ok) store.dispatch({ type: 'status/picked', payload: r.data })
      }
    }
  }, [store, markActiveRead, loadActivity])

  return { state, actions }
}

export type ChatActions = ReturnType<typeof useChat>['actions']
