import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef } from 'react'
import type { BridgeEvent, SessionEndReason, SessionInfo } from '../../../shared/bridge'
import { LIMITS } from '../../../shared/limits'
import type { Message } from '../../../shared/models'
import type { Result } from '../../../shared/result'
import type { RoomJoined } from '../../../shared/wire/protocol'
import { bridge, call } from '../bridge'
import {
  chatReducer,
  initialChatState,
  totalUnread,
  type ChatState,
  type PendingMessage
} from './chat-state'
import { useWindowFocus } from './use-window-focus'

/** Pages of history fetched each time the list reaches the top. */
const OLDER_PAGES_PER_LOAD = 3

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export interface ChatCallbacks {
  onEnded(reason: SessionEndReason): void
  /** Title and body of a desktop notification for a message, in the active language. */
  describe(
    message: Extract<Message, { kind: 'text' }>,
    roomName: string
  ): { title: string; body: string }
  roomName(state: ChatState, roomId: string): string
}

/**
 * The chat screen's state and everything it can do, fed by bridge events. Side effects that
 * depend on what the person sees (read markers, notifications, the badge) live here so the
 * components stay about layout.
 */
export function useChat(session: SessionInfo, callbacks: ChatCallbacks) {
  const [state, dispatch] = useReducer(chatReducer, session, initialChatState)
  const focused = useWindowFocus()
  // Event handlers registered once read the latest values through these.
  const stateRef = useRef(state)
  const callbacksRef = useRef(callbacks)
  const focusedRef = useRef(focused)
  useLayoutEffect(() => {
    stateRef.current = state
    callbacksRef.current = callbacks
    focusedRef.current = focused
  })
  /** Set by the message list: the newest message is on screen. */
  const atBottomRef = useRef(true)

  const markRead = useCallback((roomId: string, seq: number) => {
    const room = stateRef.current.rooms[roomId]
    if (!room || (seq <= room.summary.lastReadSeq && room.summary.unread === 0)) return
    dispatch({ type: 'read', roomId, seq })
    void call('room:read', { roomId, seq })
  }, [])

  const loadMembers = useCallback((roomId: string) => {
    void call('room:members', { roomId }).then((r) => {
      if (r.ok) dispatch({ type: 'members', roomId, members: r.data.members })
    })
  }, [])

  const inView = (roomId: string): boolean =>
    stateRef.current.activeRoomId === roomId && focusedRef.current && atBottomRef.current

  useEffect(() => {
    const onEvent = (event: BridgeEvent): void => {
      const s = stateRef.current
      switch (event.type) {
        case 'message': {
          const m = event.message
          const seen = inView(m.roomId)
          dispatch({ type: 'message', message: m, selfId: s.session.self.id, countUnread: !seen })
          const fromOther = m.kind === 'text' && m.author.id !== s.session.self.id
          if (m.kind === 'text' && fromOther && m.seq > (s.rooms[m.roomId]?.summary.lastSeq ?? 0)) {
            const mentionsMe = new RegExp(
              `(^|[^\\p{L}\\p{N}])@${escapeRegExp(s.session.self.nickname)}(?![\\p{L}\\p{N}])`,
              'iu'
            ).test(m.text)
            if (seen) markRead(m.roomId, m.seq)
            else if (s.activeRoomId !== m.roomId || !focusedRef.current || mentionsMe) {
              const { title, body } = callbacksRef.current.describe(
                m,
                callbacksRef.current.roomName(s, m.roomId)
              )
              void call('notify:show', { title, body, roomId: m.roomId })
            }
          }
          return
        }
        case 'connection':
          dispatch({ type: 'connection', state: event.state })
          return
        case 'presence':
          dispatch({ type: 'presence', changes: event.changes })
          return
        case 'members-changed':
          dispatch(event)
          return
        case 'room-added':
          dispatch({ type: 'room-added', room: event.room })
          return
        case 'room-removed':
          dispatch({ type: 'room-removed', roomId: event.roomId })
          return
        case 'room-read':
          dispatch({ type: 'read', roomId: event.roomId, seq: event.seq })
          return
        case 'typing':
          if (event.user.id === s.session.self.id) return
          dispatch({ ...event, type: 'typing', now: Date.now() })
          return
        case 'rooms':
          dispatch({ type: 'rooms', rooms: event.rooms })
          loadMembers(stateRef.current.activeRoomId)
          return
        case 'session-ended':
          dispatch({ type: 'ended', reason: event.reason })
          callbacksRef.current.onEnded(event.reason)
          return
        case 'notification-clicked':
          dispatch({ type: 'select-room', roomId: event.roomId })
          return
        default: {
          const unreachable: never = event
          return unreachable
        }
      }
    }
    return bridge.onEvent(onEvent)
  }, [markRead, loadMembers])

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
        dispatch(
          r.ok
            ? { type: 'latest-loaded', roomId, page: r.data }
            : { type: 'latest-failed', roomId, errorCode: r.error.code }
        )
      )
    }
    loadMembers(roomId)
  }, [state.activeRoomId, activeLoaded, activeLoadError, activeLoadAttempt, connected, loadMembers])

  const markActiveRead = useCallback(() => {
    const room = stateRef.current.rooms[stateRef.current.activeRoomId]
    if (!room || !focusedRef.current || !atBottomRef.current) return
    markRead(room.summary.id, room.summary.lastSeq)
  }, [markRead])

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
    const timer = setInterval(() => dispatch({ type: 'typing-expired', now: Date.now() }), 1_000)
    return () => clearInterval(timer)
  }, [anyoneTyping])

  const actions = useMemo(() => {
    const deliver = async (pending: PendingMessage): Promise<void> => {
      const r = await call('message:send', {
        roomId: pending.roomId,
        text: pending.text,
        clientId: pending.clientId
      })
      if (r.ok) {
        dispatch({
          type: 'message',
          message: r.data.message,
          selfId: stateRef.current.session.self.id,
          countUnread: false
        })
      } else {
        dispatch({
          type: 'pending-failed',
          clientId: pending.clientId,
          roomId: pending.roomId,
          errorCode: r.error.code
        })
      }
    }
    const joined = (r: Result<RoomJoined>): Result<RoomJoined> => {
      if (r.ok) dispatch({ type: 'room-joined', joined: r.data })
      return r
    }
    return {
      selectRoom: (roomId: string) => dispatch({ type: 'select-room', roomId }),
      retryLatest: (roomId: string) => dispatch({ type: 'latest-retry', roomId }),
      send(roomId: string, text: string): void {
        const pending: PendingMessage = {
          clientId: crypto.randomUUID(),
          roomId,
          text,
          at: Date.now(),
          status: 'sending'
        }
        dispatch({ type: 'pending-add', pending })
        void deliver(pending)
      },
      retry(pending: PendingMessage): void {
        dispatch({ type: 'pending-retry', clientId: pending.clientId, roomId: pending.roomId })
        void deliver(pending)
      },
      /** Every failed message of the room again, in the order they were written. */
      retryAll(roomId: string): void {
        const failed = stateRef.current.rooms[roomId]?.pending.filter((p) => p.status === 'failed')
        for (const pending of failed ?? []) {
          dispatch({ type: 'pending-retry', clientId: pending.clientId, roomId })
          void deliver(pending)
        }
      },
      discard(pending: PendingMessage): void {
        dispatch({ type: 'pending-discard', clientId: pending.clientId, roomId: pending.roomId })
      },
      async loadOlder(roomId: string): Promise<void> {
        const room = stateRef.current.rooms[roomId]
        if (!room || room.loadingOlder || !room.hasOlder || !room.loaded) return
        const beforeSeq = room.messages[0]?.seq
        if (beforeSeq === undefined || beforeSeq <= 1) {
          dispatch({ type: 'older-loaded', roomId, page: { messages: [], hasMore: false } })
          return
        }
        dispatch({ type: 'older-loading', roomId })
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
            if (messages.length === 0) dispatch({ type: 'older-loaded', roomId, page: null })
            break
          }
          messages.unshift(...r.data.messages)
          hasMore = r.data.hasMore
          cursor = r.data.messages[0]?.seq ?? cursor
          if (r.data.messages.length === 0) hasMore = false
        }
        if (messages.length > 0 || !hasMore) {
          dispatch({ type: 'older-loaded', roomId, page: { messages, hasMore } })
        }
      },
      createRoom: async (name: string) => joined(await call('room:create', { name })),
      joinRoom: async (code: string) => joined(await call('room:join', { code })),
      async leaveRoom(roomId: string): Promise<Result<Record<string, never>>> {
        const r = await call('room:leave', { roomId })
        if (r.ok) dispatch({ type: 'room-removed', roomId })
        return r
      },
      setTyping(roomId: string, typing: boolean): void {
        void call('typing:set', { roomId, typing })
      },
      setAtBottom(atBottom: boolean): void {
        atBottomRef.current = atBottom
        if (atBottom) markActiveRead()
      },
      logout: () => call('session:leave', {}),
      removeMember: (userId: string) => call('member:remove', { userId })
    }
  }, [markActiveRead])

  return { state, actions }
}

export type ChatActions = ReturnType<typeof useChat>['actions']
