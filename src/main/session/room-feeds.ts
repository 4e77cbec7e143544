import { LIMITS } from '../../shared/limits'
import type { HistoryPage, Message } from '../../shared/models'
import type { Result } from '../../shared/result'
import { refusedPages } from './refused-pages'

/**
 * How a fill ended. `done`: the room is delivered up to what the host has. `broken`: the line
 * failed under it (the session resyncs through a fresh connection, which fills again).
 * `gave-up`: the host will not give this room (no longer a member, no such room).
 */
export type FillOutcome = 'done' | 'broken' | 'gave-up'

export interface RoomFeedsOptions {
  /** One page of a room strictly after `afterSeq`, oldest first (`room:history` + afterSeq). */
  fetchAfter(roomId: string, afterSeq: number, limit: number): Promise<Result<HistoryPage>>
  /** Hands a message on to the renderer; called in seq order, once per message. */
  deliver(message: Message): void
  /** Waits out a RATE_LIMITED history request. */
  wait(ms: number): Promise<void>
  /** A fill that a push started (not one the caller awaits) broke; the caller resyncs. */
  onBroken(roomId: string): void
  log?: (line: string) => void
}

interface Feed {
  /** Every message up to this seq has been delivered, and nothing past it. */
  cursor: number
  /** Highest seq known to exist in the room (from a summary or a push). */
  known: number
  /** Pushes past a hole, held until the hole is filled. */
  held: Map<number, Message>
  filling: Promise<FillOutcome> | null
}

/** Pushes past a hole kept at most; beyond it they are fetched with the hole instead. */
const HELD_MAX = 2_000

/** Exact delivery per room for one session; see {@link createRoomFeeds}. */
export interface RoomFeeds {
  /**
   * A room summary from the host. A room seen for the first time starts at its `lastSeq` (its
   * history up to there is the renderer's to load, page by page); for a known room the summary
   * only says how far there is to catch up, and the fill starts if there is any.
   */
  track(roomId: string, lastSeq: number): void
  /**
   * After a reconnect, with the rooms session:start listed: a known room whose `lastSeq` is
   * below its cursor lost messages on the host (a database restored or cut short), and new
   * messages will reuse those seqs; the cursor follows the host down so they are not mistaken
   * for duplicates. Only session:start on a fresh line may say so: on a live line, a summary
   * can be older than a page that answered before it.
   */
  rebase(roomId: string, lastSeq: number): void
  untrack(roomId: string): void
  tracked(): string[]
  /** Every message up to this seq has been delivered; undefined for a room not tracked. */
  cursor(roomId: string): number | undefined
  /** A pushed `message:new`. */
  receive(message: Message): void
  /**
   * A pushed `messages:new` batch: each message taken as `receive` takes one, in the batch's
   * order; a hole anywhere in it starts one fill of its room, as a single push past it would.
   */
  receiveAll(messages: readonly Message[]): void
  /** Fills every room that is behind, one room after another; the worst outcome wins. */
  fillAll(): Promise<FillOutcome>
  close(): void
}

/**
 * Exact delivery per room. The cursor is the highest seq up to which EVERY message has been
 * delivered, and only contiguous delivery moves it: a push at cursor+1 is delivered, one at or
 * below the cursor is a duplicate, and one past a hole is held while `room:history afterSeq`
 * pages fill the hole; then everything goes out in order. So the renderer never sees a hole or
 * a message twice, whatever order pushes, reconnects and summaries come in.
 */
export function createRoomFeeds(options: RoomFeedsOptions): RoomFeeds {
  const log = options.log ?? (() => {})
  const feeds = new Map<string, Feed>()
  let closed = false

  const behind = (feed: Feed): boolean => feed.held.size > 0 || feed.known > feed.cursor

  const deliverNext = (feed: Feed, message: Message): void => {
    feed.cursor = message.seq
    options.deliver(message)
  }

  /** Delivers the held pushes that the cursor has now reached, and forgets the ones it passed. */
  const drain = (feed: Feed): void => {
    for (let next = feed.held.get(feed.cursor + 1); next; next = feed.held.get(feed.cursor + 1)) {
      feed.held.delete(next.seq)
      deliverNext(feed, next)
    }
    for (const seq of feed.held.keys()) if (seq <= feed.cursor) feed.held.delete(seq)
  }

  /** Takes one message: delivered if it is next, dropped if seen, held if past a hole. */
  const accept = (feed: Feed, message: Message): void => {
    if (message.seq <= feed.cursor) return
    feed.known = Math.max(feed.known, message.seq)
    if (message.seq === feed.cursor + 1) {
      deliverNext(feed, message)
      drain(feed)
    } else if (feed.held.size < HELD_MAX) {
      feed.held.set(message.seq, message)
    }
  }

  async function runFill(roomId: string, feed: Feed): Promise<FillOutcome> {
    const refused = refusedPages(options.wait, log, `catch-up of ${roomId}`)
    // Each page must move the cursor, so this ends after at most (missing / 1) pages; in practice
    // (missing / historyPageMax).
    for (;;) {
      if (closed || feeds.get(roomId) !== feed) return 'done'
      const before = feed.cursor
      const page = await options.fetchAfter(roomId, before, LIMITS.historyPageMax)
      if (closed || feeds.get(roomId) !== feed) return 'done'
      if (!page.ok) {
        const outcome = await refused(page.error)
        if (outcome === 'again') continue
        return outcome
      }
      for (const message of page.data.messages) {
        if (message.roomId === roomId) accept(feed, message)
      }
      drain(feed)
      if (!page.data.hasMore && feed.cursor === before) {
        // The host has nothing past the cursor. Anything still held, or a summary that said
        // more, would be a host that skipped a seq, which it never does: stop rather than wait.
        if (feed.held.size > 0) {
          log(`catch-up of ${roomId}: the host's history has no seq ${feed.cursor + 1}`)
          feed.held.clear()
        }
        feed.known = feed.cursor
        return 'done'
      }
      if (!behind(feed) && !page.data.hasMore) return 'done'
      if (feed.cursor === before) {
        log(`catch-up of ${roomId} made no progress after seq ${before}`)
        return 'gave-up'
      }
    }
  }

  /** One fill per room at a time; a second request joins the one running. */
  function fill(roomId: string): Promise<FillOutcome> {
    const feed = feeds.get(roomId)
    if (!feed || closed) return Promise.resolve('done')
    if (feed.filling) return feed.filling
    const running = runFill(roomId, feed)
      .catch((e: unknown): FillOutcome => {
        log(`catch-up of ${roomId} failed: ${String(e)}`)
        return 'broken'
      })
      .finally(() => {
        if (feed.filling === running) feed.filling = null
      })
    feed.filling = running
    return running
  }

  /** A fill nobody awaits (a push showed a hole): a broken one asks the session to resync. */
  function fillInBackground(roomId: string): void {
    void fill(roomId).then((outcome) => {
      if (outcome === 'broken' && !closed) options.onBroken(roomId)
    })
  }

  return {
    track(roomId, lastSeq) {
      if (closed) return
      const feed = feeds.get(roomId)
      if (!feed) {
        feeds.set(roomId, { cursor: lastSeq, known: lastSeq, held: new Map(), filling: null })
        return
      }
      if (lastSeq <= feed.known) return
      feed.known = lastSeq
      fillInBackground(roomId)
    },

    rebase(roomId, lastSeq) {
      const feed = feeds.get(roomId)
      if (!feed || lastSeq >= feed.cursor) return
      log(`${roomId}: the host's lastSeq ${lastSeq} is below what was delivered (${feed.cursor})`)
      feed.cursor = lastSeq
      feed.known = lastSeq
      feed.held.clear()
    },

    untrack(roomId) {
      feeds.delete(roomId)
    },

    tracked() {
      return [...feeds.keys()]
    },

    cursor(roomId) {
      return feeds.get(roomId)?.cursor
    },

    receive(message) {
      const feed = feeds.get(message.roomId)
      if (!feed || closed) return
      accept(feed, message)
      if (behind(feed)) fillInBackground(message.roomId)
    },

    receiveAll(messages) {
      const touched = new Map<string, Feed>()
      for (const message of messages) {
        const feed = feeds.get(message.roomId)
        if (!feed || closed) continue
        accept(feed, message)
        touched.set(message.roomId, feed)
      }
      for (const [roomId, feed] of touched) if (behind(feed)) fillInBackground(roomId)
    },

    async fillAll() {
      let result: FillOutcome = 'done'
      for (const [roomId, feed] of [...feeds]) {
        if (!behind(feed) && !feed.filling) continue
        let outcome = await fill(roomId)
        // A fill from before the reconnect may have broken on the old line: once more, on this one.
        if (outcome === 'broken' && feeds.get(roomId) === feed && behind(feed)) {
          outcome = await fill(roomId)
        }
        if (outcome === 'broken') return 'broken'
        if (outcome === 'gave-up') result = 'gave-up'
      }
      return result
    },

    close() {
      closed = true
      feeds.clear()
    }
  }
}
