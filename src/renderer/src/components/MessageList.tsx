import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso'
import { roomMentionNames } from '../../../shared/mentions'
import type { Message } from '../../../shared/models'
import { layoutOf } from '../format/grouping'
import type { PendingMessage, RoomState } from '../state/chat-state'
import { MessageItem, PendingItem, type MessageHandlers, type Reader } from './MessageItem'
import './MessageList.css'

type Item = { kind: 'message'; message: Message } | { kind: 'pending'; pending: PendingMessage }

// Virtuoso keeps the view still when items are prepended if firstItemIndex drops by the number
// prepended. Loaded messages have contiguous seqs (a jump replaces the whole window, and the list
// starts over), so the first seq is exactly that offset.
const INDEX_BASE = 1_000_000_000

/** How long a message jumped to stays highlighted. */
export const HIGHLIGHT_MS = 2_500

interface EdgeContext {
  loadingOlder: boolean
  hasOlder: boolean
  loadingNewer: boolean
  /** Shown under the notices while nobody has said anything yet. */
  emptyHint: string | null
}

/** Virtuoso keeps its components from the first render, so state reaches them via `context`. */
function ListTop({ context }: { context?: EdgeContext }) {
  const { t } = useTranslation()
  const text = context?.loadingOlder
    ? t('chat.loadingOlder')
    : context && !context.hasOlder
      ? t('chat.beginning')
      : '\u00a0'
  return <div className="message-list-edge">{text}</div>
}

function ListBottom({ context }: { context?: EdgeContext }) {
  const { t } = useTranslation()
  if (context?.loadingNewer)
    return <div className="message-list-edge">{t('chat.loadingNewer')}</div>
  if (!context?.emptyHint) return null
  return (
    <p className="message-list-hint" data-testid="empty-room">
      {context.emptyHint}
    </p>
  )
}

const LIST_COMPONENTS = { Header: ListTop, Footer: ListBottom }

interface MessageListProps {
  room: RoomState
  language: string
  selfNickname: string
  openLink(url: string): void
  loadOlder(): void
  onAtBottom(atBottom: boolean): void
  onRetry(pending: PendingMessage): void
  onDiscard(pending: PendingMessage): void
  /** Asks again for the latest page after it failed to load. */
  onRetryLoad(): void
  /** Whether the line to the host is up: a page lost to a drop loads by itself once it is. */
  connected: boolean
  reader: Reader
  handlers: MessageHandlers
  /** The message whose text is being edited in place. */
  editingId: string | null
  /** Replies whose quoted message could not be found when chosen. */
  unavailableQuotes: ReadonlySet<string>
  /** After a jump, the list reached the end of what is loaded. */
  loadNewer(): void
  /** Back to the newest messages, from a window left behind by a jump. */
  onJumpPresent(): void
  /** The list has brought `room.jump` into view (false: it is not on the list). */
  onJumpDone(found: boolean): void
  /** The flash of the message jumped to is over. */
  onHighlightEnded(messageId: string): void
}

export function MessageList(props: MessageListProps) {
  const { t } = useTranslation()
  const { room } = props
  const ref = useRef<VirtuosoHandle>(null)
  // Per loaded window: a new one (another room, a jump, back to the present) starts at its end,
  // unless it starts at a message jumped to.
  const windowKey = `${room.summary.id}:${room.windowId}`
  const [bottom, setBottom] = useState({ key: windowKey, value: true })
  if (bottom.key !== windowKey) setBottom({ key: windowKey, value: room.jump === null })
  const atBottom = bottom.key === windowKey ? bottom.value : room.jump === null

  // While older pages exist, the oldest loaded message is held back as context: the one after
  // it then knows its predecessor (same author? same day?) and does not change shape, pushing
  // the view, when the page above arrives.
  const hidden = room.hasOlder && room.messages.length > 1 ? 1 : 0
  const items = useMemo<Item[]>(
    () => [
      ...room.messages.slice(hidden).map((message): Item => ({ kind: 'message', message })),
      ...room.pending.map((pending): Item => ({ kind: 'pending', pending }))
    ],
    [room.messages, room.pending, hidden]
  )
  const firstSeq = room.messages[hidden]?.seq ?? 1
  // The names notifications read a message with too (arrivalEffect), so both see one mention.
  const names = useMemo(
    () => roomMentionNames(props.selfNickname, room.members),
    [props.selfNickname, room.members]
  )
  // A room of notices only ("Ana created the room") is empty to a person: say what to do next.
  const anyText = useMemo(() => room.messages.some((m) => m.kind === 'text'), [room.messages])
  const quiet = !room.hasOlder && room.pending.length === 0 && !anyText
  const emptyHint = !quiet
    ? null
    : room.summary.code
      ? t('chat.emptyRoomShare', { code: room.summary.code })
      : t('chat.emptyRoom')
  const markerSeq = useMemo(() => {
    const after = room.markerAfterSeq
    if (after === null) return null
    // Newest first: the marker is almost always near the end of a long list.
    let seq: number | null = null
    for (let i = room.messages.length - 1; i >= 0; i--) {
      const m = room.messages[i] as Message
      if (m.seq <= after) break
      seq = m.seq
    }
    return seq
  }, [room.messages, room.markerAfterSeq])

  // Sending takes the person to the bottom, wherever they were reading: their message is there.
  const pendingCount = room.pending.length
  const seenPending = useRef(pendingCount)
  useEffect(() => {
    const grew = pendingCount > seenPending.current
    seenPending.current = pendingCount
    if (!grew) return
    const frame = requestAnimationFrame(() =>
      ref.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' })
    )
    return () => cancelAnimationFrame(frame)
  }, [pendingCount])

  // At the end of a window left behind by a jump is not at the newest message: nothing is read
  // there, and new messages do not pull the view.
  const behind = room.hasNewer
  const behindRef = useRef(behind)
  const onBottom = useCallback(
    (value: boolean) => {
      setBottom({ key: windowKey, value })
      props.onAtBottom(value && !behindRef.current)
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.onAtBottom, windowKey]
  )
  useEffect(() => {
    if (behindRef.current === behind) return
    behindRef.current = behind
    props.onAtBottom(atBottom && !behind)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [behind])

  // A jump (a quote, a search hit, the message being edited): scroll to it and flash it. After
  // a window was replaced the list starts there anyway (initialTopMostItemIndex).
  const jump = room.jump
  const jumpIndex = jump
    ? items.findIndex((i) => i.kind === 'message' && i.message.id === jump.messageId)
    : -1
  // Where the window's list starts, fixed when it opens: the jump is marked done at once, and
  // a changed initial index would move a list that has not finished mounting.
  const startOf = (): number | { index: number; align: 'center' } =>
    jumpIndex >= 0 ? { index: jumpIndex, align: 'center' } : Math.max(0, items.length - 1)
  // The list mounts once the window has messages (an empty one shows a hint instead).
  const mountKey = items.length === 0 ? `${windowKey}:empty` : windowKey
  const [initial, setInitial] = useState(() => ({ key: mountKey, index: startOf() }))
  if (initial.key !== mountKey) setInitial({ key: mountKey, index: startOf() })
  const initialIndex = initial.key === mountKey ? initial.index : startOf()
  const { onJumpDone, onHighlightEnded } = props
  useEffect(() => {
    if (!jump) return
    if (jumpIndex >= 0)
      ref.current?.scrollToIndex({ index: jumpIndex, align: 'center', behavior: 'auto' })
    onJumpDone(jumpIndex >= 0)
    // Once per jump: the index moves as pages load, the jump does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jump])
  // The flash ends on its own clock, however often the list renders meanwhile.
  const highlightId = room.highlightId
  const endHighlight = useRef(onHighlightEnded)
  useLayoutEffect(() => {
    endHighlight.current = onHighlightEnded
  })
  useEffect(() => {
    if (highlightId === null) return
    const timer = setTimeout(() => endHighlight.current(highlightId), HIGHLIGHT_MS)
    return () => clearTimeout(timer)
  }, [highlightId])

  const render = (index: number, item: Item) => {
    if (item.kind === 'pending') {
      return (
        <PendingItem
          pending={item.pending}
          authorNickname={props.selfNickname}
          language={props.language}
          selfNickname={props.selfNickname}
          mentionNames={names}
          openLink={props.openLink}
          onRetry={() => props.onRetry(item.pending)}
          onDiscard={() => props.onDiscard(item.pending)}
        />
      )
    }
    const previous = room.messages[index - (INDEX_BASE + firstSeq) + hidden - 1]
    return (
      <MessageItem
        message={item.message}
        layout={layoutOf(item.message, previous)}
        newMarker={item.message.seq === markerSeq}
        language={props.language}
        selfNickname={props.selfNickname}
        mentionNames={names}
        openLink={props.openLink}
        reader={props.reader}
        handlers={props.handlers}
        editing={item.message.id === props.editingId}
        highlighted={item.message.id === highlightId}
        quoteUnavailable={props.unavailableQuotes.has(item.message.id)}
      />
    )
  }

  if (!room.loaded) {
    // Messages sent before the history arrived (e.g. right after a connection drop) still show.
    return (
      <div className="message-list unloaded" data-testid="message-list" role="log">
        {room.loadError === null || !props.connected ? (
          <p className="message-list-edge" role="status">
            {room.loadError === null ? t('chat.loadingMessages') : t('chat.loadWhenBack')}
          </p>
        ) : (
          <p className="message-list-edge" role="alert">
            {t('chat.loadFailed', { reason: t(`errors.${room.loadError}`) })}{' '}
            <button type="button" className="link" onClick={props.onRetryLoad}>
              {t('chat.tryAgain')}
            </button>
          </p>
        )}
        {room.pending.map((pending) => (
          <PendingItem
            key={pending.clientId}
            pending={pending}
            authorNickname={props.selfNickname}
            language={props.language}
            selfNickname={props.selfNickname}
            mentionNames={names}
            openLink={props.openLink}
            onRetry={() => props.onRetry(pending)}
            onDiscard={() => props.onDiscard(pending)}
          />
        ))}
      </div>
    )
  }

  return (
    <div className="message-list" data-testid="message-list" role="log" aria-live="polite">
      {items.length === 0 ? (
        <p className="message-list-empty" data-testid="empty-room">
          {emptyHint ?? t('chat.emptyRoom')}
        </p>
      ) : (
        <Virtuoso<Item, EdgeContext>
          // A new window (a jump, back to the present) is a new list, starting where it should.
          key={windowKey}
          ref={ref}
          className="message-list-virtuoso"
          data={items}
          firstItemIndex={INDEX_BASE + firstSeq}
          initialTopMostItemIndex={initialIndex}
          computeItemKey={(_, item) =>
            item.kind === 'message' ? item.message.id : `pending:${item.pending.clientId}`
          }
          itemContent={render}
          startReached={() => props.loadOlder()}
          endReached={() => {
            if (room.hasNewer) props.loadNewer()
          }}
          followOutput={(isAtBottom) => (isAtBottom && !room.hasNewer ? 'auto' : false)}
          atBottomStateChange={onBottom}
          atBottomThreshold={64}
          increaseViewportBy={{ top: 400, bottom: 200 }}
          context={{
            loadingOlder: room.loadingOlder,
            hasOlder: room.hasOlder,
            loadingNewer: room.loadingNewer,
            emptyHint
          }}
          components={LIST_COMPONENTS}
        />
      )}
      {behind ? (
        <button
          type="button"
          className="jump-to-latest"
          data-testid="jump-present"
          onClick={props.onJumpPresent}
        >
          ↓ {t('chat.jumpToPresent')}
          {room.summary.unread > 0 ? ` (${room.summary.unread})` : ''}
        </button>
      ) : (
        !atBottom &&
        items.length > 0 && (
          <button
            type="button"
            className="jump-to-latest"
            data-testid="jump-to-latest"
            onClick={() => ref.current?.scrollToIndex({ index: 'LAST', behavior: 'auto' })}
          >
            ↓ {t('chat.jumpToLatest')}
            {room.summary.unread > 0 ? ` (${room.summary.unread})` : ''}
          </button>
        )
      )}
    </div>
  )
}
