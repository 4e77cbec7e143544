import { LIMITS } from '../../shared/limits'
import type { TextMessage } from '../../shared/models'
import type { Result } from '../../shared/result'
import type { ResponseData } from '../../shared/wire/protocol'
import { refusedPages } from './refused-pages'
import type { FillOutcome } from './room-feeds'

type ChangesPage = ResponseData<'room:changes'>

export interface ChangeFeedsOptions {
  /** What changed in a room after `afterChange` (`room:changes`), oldest change first. */
  fetchChanges(roomId: string, afterChange: number, limit: number): Promise<Result<ChangesPage>>
  /** Hands a changed message on (as `message:changed`); per room in change order, once. */
  deliver(message: TextMessage): void
  /** Waits out a RATE_LIMITED request. */
  wait(ms: number): Promise<void>
  /** A fill that a push started (not one the caller awaits) broke; the caller resyncs. */
  onBroken(roomId: string): void
  log?: (line: string) => void
}

interface ChangeFeed {
  /**
   * Every change of the room up to this number has been delivered (or superseded by a later
   * state of the same message that was), and nothing past it.
   */
  cursor: number
  /** Highest change number known to exist in the room (from a summary or a push). */
  known: number
  /** Pushes that could not go out yet (during a catch-up, or past a hole), by change number. */
  held: Map<number, TextMessage>
  filling: Promise<FillOutcome> | null
}

/** Pushes held at most per room; beyond it they are fetched with the rest instead. */
const HELD_MAX = 2_000
/**
 * Pages asked again in one fill because pushes held past its end leave a hole (a push the host
 * never sent); then the held ones go out as they are.
 */
const HOLE_RETRIES = 3

/** Exact delivery of edits, deletes and reactions per room; see {@link createChangeFeeds}. */
export interface ChangeFeeds {
  /**
   * A room summary's `lastChange`. A room seen for the first time starts there (its messages
   * come to the renderer in their current state with their history); for a known room it only
   * says how far there is to catch up, and a fill starts if there is any (unless syncing).
   */
  track(roomId: string, lastChange: number): void
  /**
   * After a reconnect, from session:start: a `lastChange` below the cursor means the host lost
   * changes (a database restored); the cursor follows it down.
   */
  rebase(roomId: string, lastChange: number): void
  untrack(roomId: string): void
  /** Every change up to this number has been delivered; undefined for a room not tracked. */
  cursor(roomId: string): number | undefined
  /**
   * A fresh line after a reconnect: until `fillAll`, pushes are held and summaries start no
   * fill, so the new messages of the gap (room-feeds) go out before the changes.
   */
  beginSync(): void
  /** A pushed `message:changed`. */
  receive(message: TextMessage): void
  /**
   * Catches every room that is behind up on its changes, one room after another, then lets the
   * held pushes go (and pushes go straight out again); the worst outcome wins.
   */
  fillAll(): Promise<FillOutcome>
  close(): void
}

/**
 * The change cursor of each room, as room-feeds keeps the seq cursor. A change number belongs to
 * one room and grows by one with every edit, delete or reaction there; a message's state at
 * change N supersedes every earlier one. So:
 *
 * - a push at cursor + 1 is delivered at once; one at or below the cursor is old (dropped);
 * - one past cursor + 1 (pushes missed), or one that comes while the room is catching up, is
 *   held while `room:changes afterChange = cursor` pages bring every changed message as it is
 *   now, in change order (a page's message that a held push shows in a later state is left to
 *   that push);
 * - then the held pushes above the new cursor go out in change order, and pushes go straight
 *   out again.
 *
 * Each room's deliveries therefore rise strictly in change number, and so does each message's:
 * a message's later state is never followed by an earlier one.
 */
export function createChangeFeeds(options: ChangeFeedsOptions): ChangeFeeds {
  const log = options.log ?? (() => {})
  const feeds = new Map<string, ChangeFeed>()
  let closed = false
  /** A reconnect's catch-up is on: pushes wait for `fillAll`. */
  let syncing = false

  const behind = (feed: ChangeFeed): boolean => feed.held.size > 0 || feed.known > feed.cursor

  const deliverNext = (feed: ChangeFeed, message: TextMessage): void => {
    feed.cursor = message.change
    feed.known = Math.max(feed.known, message.change)
    options.deliver(message)
  }

  const hold = (feed: ChangeFeed, message: TextMessage): void => {
    feed.known = Math.max(feed.known, message.change)
    if (feed.held.size < HELD_MAX) feed.held.set(message.change, message)
  }

  /** Delivers the held pushes the cursor has reached, in order, and forgets the ones it passed. */
  const drain = (feed: ChangeFeed): void => {
    for (let next = feed.held.get(feed.cursor + 1); next; next = feed.held.get(feed.cursor + 1)) {
      feed.held.delete(next.change)
      deliverNext(feed, next)
    }
    for (const change of feed.held.keys()) if (change <= feed.cursor) feed.held.delete(change)
  }

  /** The last resort past a hole nothing fills: what is held goes out, in change order. */
  const flush = (feed: ChangeFeed): void => {
    const waiting = [...feed.held.values()].sort((a, b) => a.change - b.change)
    feed.held.clear()
    for (const message of waiting) if (message.change > feed.cursor) deliverNext(feed, message)
  }

  async function runFill(roomId: string, feed: ChangeFeed): Promise<FillOutcome> {
    const refused = refusedPages(options.wait, log, `change catch-up of ${roomId}`)
    let holes = 0
    for (;;) {
      if (closed || feeds.get(roomId) !== feed) return 'done'
      const before = feed.cursor
      const page = await options.fetchChanges(roomId, before, LIMITS.changesPageMax)
      if (closed || feeds.get(roomId) !== feed) return 'done'
      if (!page.ok) {
        const outcome = await refused(page.error)
        if (outcome === 'again') continue
        return outcome
      }
      const { messages, hasMore, lastChange } = page.data
      // How far this answer covers: to the room's cursor when it is the last page; to its last
      // message otherwise (whatever the host calls lastChange then, asking after it is safe).
      const last = messages.at(-1)?.change ?? before
      const covered = hasMore ? Math.max(before, last) : Math.max(before, lastChange, last)
      // Messages a push already shows in a later state than this page: that state goes out
      // instead, in its turn (the push can come before the answer it follows on the socket).
      const newer = new Set<string>()
      for (const held of feed.held.values()) if (held.change > covered) newer.add(held.id)
      for (const message of messages) {
        if (message.roomId !== roomId || message.change <= feed.cursor) continue
        if (newer.has(message.id)) continue
        deliverNext(feed, message)
      }
      feed.cursor = Math.max(feed.cursor, covered)
      feed.known = Math.max(feed.known, feed.cursor)
      drain(feed)
      if (hasMore) {
        if (feed.cursor === before) {
          log(`change catch-up of ${roomId} made no progress after ${before}`)
          return 'gave-up'
        }
        continue
      }
      if (!behind(feed)) return 'done'
      // Pushes past a hole after the last page, or a summary that came meanwhile and says
      // more: ask again. Still so after a few pages, the host never had (or sent) the rest.
      if (holes++ >= HOLE_RETRIES) {
        log(`change catch-up of ${roomId}: no change ${feed.cursor + 1} from the host`)
        flush(feed)
        feed.known = feed.cursor
        return 'done'
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
        log(`change catch-up of ${roomId} failed: ${String(e)}`)
        return 'broken'
      })
      .then((outcome) => {
        if (feed.filling === running) feed.filling = null
        // A summary or a push that came between the last page and now, left behind: once more.
        if (outcome === 'done' && !syncing && !closed && feeds.get(roomId) === feed) {
          if (behind(feed)) fillInBackground(roomId)
        }
        return outcome
      })
    feed.filling = running
    return running
  }

  function fillInBackground(roomId: string): void {
    void fill(roomId).then((outcome) => {
      if (outcome === 'broken' && !closed) options.onBroken(roomId)
    })
  }

  return {
    track(roomId, lastChange) {
      if (closed) return
      const feed = feeds.get(roomId)
      if (!feed) {
        feeds.set(roomId, {
          cursor: lastChange,
          known: lastChange,
          held: new Map(),
          filling: null
        })
        return
      }
      if (lastChange <= feed.known) return
      feed.known = lastChange
      if (!syncing) fillInBackground(roomId)
    },

    rebase(roomId, lastChange) {
      const feed = feeds.get(roomId)
      if (!feed || lastChange >= feed.cursor) return
      log(
        `${roomId}: the host's lastChange ${lastChange} is below what was delivered (${feed.cursor})`
      )
      feed.cursor = lastChange
      feed.known = lastChange
      feed.held.clear()
    },

    untrack(roomId) {
      feeds.delete(roomId)
    },

    cursor(roomId) {
      return feeds.get(roomId)?.cursor
    },

    beginSync() {
      syncing = true
    },

    receive(message) {
      const feed = feeds.get(message.roomId)
      if (!feed || closed || message.change <= feed.cursor) return
      if (!syncing && !feed.filling && !behind(feed) && message.change === feed.cursor + 1) {
        deliverNext(feed, message)
        return
      }
      hold(feed, message)
      // Past a hole on a live line: fetch what was missed (the push waits for it). A fill that
      // runs takes it in its turn; during a reconnect's catch-up, fillAll does.
      if (!syncing) fillInBackground(message.roomId)
    },

    async fillAll() {
      let result: FillOutcome = 'done'
      for (const [roomId, feed] of [...feeds]) {
        if (closed) return 'done'
        // Nothing known past the cursor (a held push raises `known`): nothing to ask for.
        if (feeds.get(roomId) !== feed || (feed.known <= feed.cursor && !feed.filling)) continue
        let outcome = await fill(roomId)
        // A fill from before the reconnect may have broken on the old line, or ended before
        // what this line's summary says: once more (or twice).
        for (let again = 0; again < 2 && outcome !== 'gave-up' && behind(feed); again++) {
          if (closed || feeds.get(roomId) !== feed) break
          outcome = await fill(roomId)
        }
        if (outcome === 'broken') return 'broken'
        if (outcome === 'gave-up') result = 'gave-up'
      }
      syncing = false
      // Pushes held for rooms done earlier in the loop go out now; past a hole, they wait for
      // a fill of their own.
      for (const [roomId, feed] of feeds) {
        if (feed.filling) continue
        drain(feed)
        if (feed.held.size > 0) fillInBackground(roomId)
      }
      return result
    },

    close() {
      closed = true
      feeds.clear()
    }
  }
}
