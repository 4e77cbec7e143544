import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso'
import { roomMentionNames } from '../../../shared/mentions'
import type { Message } from '../../../shared/models'
import { layoutOf } from '../format/grouping'
import type { PendingMessage, RoomState } from '../state/chat-state'
import { MessageItem, PendingItem } from './MessageItem'
import './MessageList.css'

type Item = { kind: 'message'; message: Message } | { kind: 'pending'; pending: PendingMessage }

// Virtuoso keeps the view still when items are prepended if firstItemIndex drops by the number
// prepended. Loaded messages have contiguous seqs, so the first seq is exactly that offset.
const INDEX_BASE = 1_000_000_000

interface EdgeContext {
  loadingOlder: boolean
  hasOlder: boolean
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
}

export function MessageList(props: MessageListProps) {
  const { t } = useTranslation()
  const { room } = props
  const ref = useRef<VirtuosoHandle>(null)
  const [atBottom, setAtBottom] = useState(true)

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

  const onBottom = useCallback(
    (value: boolean) => {
      setAtBottom(value)
      props.onAtBottom(value)
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.onAtBottom]
  )

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
          key={room.summary.id}
          ref={ref}
          className="message-list-virtuoso"
          data={items}
          firstItemIndex={INDEX_BASE + firstSeq}
          initialTopMostItemIndex={Math.max(0, items.length - 1)}
          computeItemKey={(_, item) =>
            item.kind === 'message' ? item.message.id : `pending:${item.pending.clientId}`
          }
          itemContent={render}
          startReached={() => props.loadOlder()}
          followOutput={(isAtBottom) => (isAtBottom ? 'auto' : false)}
          atBottomStateChange={onBottom}
          atBottomThreshold={64}
          increaseViewportBy={{ top: 400, bottom: 200 }}
          context={{ loadingOlder: room.loadingOlder, hasOlder: room.hasOlder, emptyHint }}
          components={LIST_COMPONENTS}
        />
      )}
      {!atBottom && items.length > 0 && (
        <button
          type="button"
          className="jump-to-latest"
          data-testid="jump-to-latest"
          onClick={() => ref.current?.scrollToIndex({ index: 'LAST', behavior: 'auto' })}
        >
          ↓ {t('chat.jumpToLatest')}
          {room.summary.unread > 0 ? ` (${room.summary.unread})` : ''}
        </button>
      )}
    </div>
  )
}
