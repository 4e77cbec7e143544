import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso'
import type { Transfer } from '../../../shared/files'
import { roomMentionNames } from '../../../shared/mentions'
import { rowLastSeq, rowMessageIds, rowsOf, type Row } from '../format/grouping'
import type { PendingMessage, RenameLine, RoomState } from '../state/chat-state'
import {
  MessageItem,
  NoticeRunItem,
  PendingItem,
  RenameItem,
  type MessageHandlers,
  type Reader
} from './MessageItem'
import { UploadItem } from './UploadItem'
import './MessageList.css'

type Item =
  | Row<RenameLine>
  | { kind: 'pending'; key: string; pending: PendingMessage }
  | { kind: 'upload'; key: string; transfer: Transfer }

// Virtuoso keeps the view still when items are prepended if firstItemIndex drops by the number
// prepended. Rows are not one per seq (notices collapse, presence notices are not drawn, renames
// are lines of their own), so the index of the first row is followed from one list to the next:
// see `firstIndexAfter`. A new window (a jump) starts over at the base.
const INDEX_BASE = 1_000_000_000

/** Something that identifies a row across lists: one of its messages, or its own key. */
function anchorOf(item: Item): string {
  if (item.kind === 'pending' || item.kind === 'upload') return item.key
  const ids = rowMessageIds(item)
  return ids[ids.length - 1] ?? item.key
}

function positionOf(items: readonly Item[], anchor: string): number {
  return items.findIndex((i) =>
    i.kind === 'pending' || i.kind === 'upload' || i.kind === 'local'
      ? i.key === anchor
      : rowMessageIds(i).includes(anchor)
  )
}

/** The first row's index in `next`, given it was `first` in `previous` (same window). */
function firstIndexAfter(previous: readonly Item[], next: readonly Item[], first: number) {
  const oldFirst = previous[0]
  const newFirst = next[0]
  if (!oldFirst || !newFirst) return first
  // Rows came in above: the old first row moved down by as many.
  const down = positionOf(next, anchorOf(oldFirst))
  if (down >= 0) return first - down
  // Rows were dropped from the top: the new first row was that far down.
  const up = positionOf(previous, anchorOf(newFirst))
  return up >= 0 ? first + up : first
}

const NO_UPLOADS: readonly Transfer[] = []

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
  /** Files this app is sending to the room, shown after its pending messages until posted. */
  uploads?: readonly Transfer[]
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
  const markerAfter = room.markerAfterSeq
  const rows = useMemo(
    () =>
      rowsOf(room.messages, {
        from: hidden,
        local: room.renames,
        complete: !room.hasOlder,
        atEnd: !room.hasNewer,
        breakAfterSeq: markerAfter
      }),
    [room.messages, room.renames, room.hasOlder, room.hasNewer, hidden, markerAfter]
  )
  const uploads = props.uploads ?? NO_UPLOADS
  const items = useMemo<Item[]>(
    () => [
      ...rows,
      ...room.pending.map((pending): Item => ({
        kind: 'pending',
        key: `pending:${pending.clientId}`,
        pending
      })),
      ...uploads.map((transfer): Item => ({
        kind: 'upload',
        key: `upload:${transfer.id}`,
        transfer
      }))
    ],
    [rows, room.pending, uploads]
  )
  // The first row's index, followed from one list of the window to the next.
  const [firstIndex, setFirstIndex] = useState({ key: windowKey, items, value: INDEX_BASE })
  let firstItemIndex = firstIndex.value
  if (firstIndex.key !== windowKey) {
    firstItemIndex = INDEX_BASE
    setFirstIndex({ key: windowKey, items, value: firstItemIndex })
  } else if (firstIndex.items !== items) {
    firstItemIndex = firstIndexAfter(firstIndex.items, items, firstIndex.value)
    setFirstIndex({ key: windowKey, items, value: firstItemIndex })
  }
  // The names notifications read a message with too (arrivalEffect), so both see one mention.
  const names = useMemo(
    () => roomMentionNames(props.selfNickname, room.members),
    [props.selfNickname, room.members]
  )
  // A room of notices only ("Ana created the room") is empty to a person: say what to do next.
  const anyText = useMemo(() => room.messages.some((m) => m.kind === 'text'), [room.messages])
  const quiet = !room.hasOlder && room.pending.length === 0 && uploads.length === 0 && !anyText
  const emptyHint = !quiet
    ? null
    : room.summary.code
      ? t('chat.emptyRoomShare', { code: room.summary.code })
      : t('chat.emptyRoom')
  // The row the "new messages" line goes above: the first drawing a message after the marker's.
  const markerKey = useMemo(() => {
    if (markerAfter === null) return null
    // Newest first: the marker is almost always near the end of a long list.
    let key: string | null = null
    for (let i = rows.length - 1; i >= 0; i--) {
      const last = rowLastSeq(rows[i] as Row)
      if (last === null) continue
      if (last <= markerAfter) break
      key = (rows[i] as Row).key
    }
    return key
  }, [rows, markerAfter])

  // Sending takes the person to the bottom, wherever they were reading: their message is there.
  const pendingCount = room.pending.length + uploads.length
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
    ? items.findIndex(
        (i) =>
          i.kind !== 'pending' && i.kind !== 'upload' && rowMessageIds(i).includes(jump.messageId)
      )
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

  const render = (_index: number, item: Item) => {
    if (item.kind === 'upload') {
      return (
        <UploadItem
          transfer={item.transfer}
          authorNickname={props.selfNickname}
          authorId={props.reader.selfId}
          language={props.language}
          selfNickname={props.selfNickname}
          mentionNames={names}
          openLink={props.openLink}
        />
      )
    }
    if (item.kind === 'pending') {
      return (
        <PendingItem
          pending={item.pending}
          authorNickname={props.selfNickname}
          authorId={props.reader.selfId}
          language={props.language}
          selfNickname={props.selfNickname}
          mentionNames={names}
          openLink={props.openLink}
          onRetry={() => props.onRetry(item.pending)}
          onDiscard={() => props.onDiscard(item.pending)}
        />
      )
    }
    if (item.kind === 'notices') {
      return (
        <NoticeRunItem
          notices={item.notices}
          layout={item.layout}
          newMarker={item.key === markerKey}
          language={props.language}
        />
      )
    }
    if (item.kind === 'local') {
      return <RenameItem rename={item.line} layout={item.layout} language={props.language} />
    }
    return (
      <MessageItem
        message={item.message}
        layout={item.layout}
        newMarker={item.key === markerKey}
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
            authorId={props.reader.selfId}
            language={props.language}
            selfNickname={props.selfNickname}
            mentionNames={names}
            openLink={props.openLink}
            onRetry={() => props.onRetry(pending)}
            onDiscard={() => props.onDiscard(pending)}
          />
        ))}
        {uploads.map((transfer) => (
          <UploadItem
            key={transfer.id}
            transfer={transfer}
            authorNickname={props.selfNickname}
            authorId={props.reader.selfId}
            language={props.language}
            selfNickname={props.selfNickname}
            mentionNames={names}
            openLink={props.openLink}
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
          firstItemIndex={firstItemIndex}
          initialTopMostItemIndex={initialIndex}
          computeItemKey={(_, item) => item.key}
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
