import type { Message } from '../../shared/models'
import type { ChatStore, NewAttachment, NewNotice } from '../store'

export interface TextToStore {
  roomId: string
  userId: string
  text: string
  clientId: string
  /** The message of the same room this one answers (checked before it was queued). */
  replyTo?: string | null
  /** A finished upload's file (its upload row goes in the same commit). */
  attachment?: NewAttachment | null
  at: number
}

export interface GroupCommitOptions {
  store: ChatStore
  /**
   * True: texts that arrive in the same turn of the event loop share one transaction, and the
   * disk sync runs off the event loop, one for every group committed meanwhile. False: one
   * transaction per text, synced as it commits (for the benchmark's comparison).
   */
  grouped: boolean
  /**
   * Runs once after each group's `after`s, in the same turn: before any sender hears its ack
   * (acks go out from promise callbacks, which run after this turn).
   */
  afterGroup?: () => void
}

/** Runs once the commit is on the disk, in seq order, before the sender's ack: the broadcast. */
export type AfterCommit = (message: Message, readSeq: number) => void

export interface WaitingText {
  roomId: string
  message: Promise<Message>
}

/** A transaction's writes and what each answered. */
interface Group {
  batch: Pending[]
  results: unknown[]
}

/** One write waiting for the next commit; `done` runs after it, in queue order. */
interface Pending {
  /** The text's clientId key, for a resend to find it; null for other writes. */
  key: string | null
  write(): unknown
  done(result: unknown): void
  fail(error: unknown): void
}

const keyOf = (userId: string, clientId: string): string => `${userId}\n${clientId}`

/**
 * Stores texts (and notices, and small writes such as when someone was last seen) in groups: an
 * ack means committed and on the disk, and a classroom sending or arriving at once pays for one
 * disk sync per event-loop turn at most instead of one per message. The sync runs on libuv's
 * threads while the next turns commit, so the loop never waits for the disk; nothing of a group
 * is pushed or acknowledged before its sync is done. A committed row is readable (history,
 * search) from its commit on, a few milliseconds before that. A resend of a clientId that is still
 * waiting for its group (or its sync) gets the same message as the first send, so idempotency
 * holds inside a group too.
 */
export interface GroupCommit {
  /**
   * Queues a text for the next commit: a promise of the stored message, after `after` has run.
   * For a clientId already waiting, the first send's promise (and `after` is not run twice). It
   * rejects if the commit fails (nothing of the group is stored) or the host is stopping.
   */
  submit(item: TextToStore, after: AfterCommit): Promise<Message>
  /**
   * Queues a notice like a text: its seq is taken at the commit, in queue order with the texts
   * of the same turn, and `after` (handing it to the roster) runs after the commit, in order.
   */
  submitNotice(notice: NewNotice, after: (message: Message) => void): Promise<Message>
  /**
   * Queues any other write (a handshake's identity, when someone was last seen) for the next
   * commit, in queue order: a promise of what `write` answered, once committed.
   */
  submitWrite<T>(write: () => T): Promise<T>
  /**
   * A clientId's text still waiting for its group or its sync: its room, and the message once
   * it may be told (the same promise as its `submit`).
   */
  waitingText(userId: string, clientId: string): WaitingText | null
  /**
   * Commits what is waiting now, syncs on the loop and runs every `after` still due: when it
   * returns, everything submitted so far is pushed (before the connections it concerns end).
   */
  flush(): void
  /** Commits what is waiting and refuses anything more (the store is about to close). */
  close(): void
}

export function createGroupCommit(options: GroupCommitOptions): GroupCommit {
  const { store } = options
  let queue: Pending[] = []
  const waiting = new Map<string, WaitingText>()
  let scheduled: NodeJS.Immediate | null = null
  let closed = false
  /** Committed, not yet covered by a disk sync that has begun; oldest first. */
  let committed: Group[] = []
  /** Covered by the disk sync in flight (null: none in flight). */
  let syncing: Group[] | null = null

  const forget = (batch: Pending[]): void => {
    for (const p of batch) if (p.key !== null) waiting.delete(p.key)
  }

  /** Commits what is queued (without waiting for the disk unless `durable`). */
  function commit(durable: boolean): Group | null {
    if (scheduled) clearImmediate(scheduled)
    scheduled = null
    if (queue.length === 0) return null
    const batch = queue
    queue = []
    const run = (): unknown[] => batch.map((p) => p.write())
    let results: unknown[]
    try {
      results = durable ? store.transaction(run) : store.transactionUnsynced(run)
    } catch (error) {
      // Nothing of the group was committed: every sender may simply resend.
      fail([{ batch, results: [] }], error)
      return null
    }
    return { batch, results }
  }

  /** On the disk: the broadcasts and acks, group after group, in commit (seq) order. */
  function release(groups: Group[]): void {
    for (const { batch, results } of groups) {
      forget(batch)
      try {
        batch.forEach((p, i) => p.done(results[i]))
      } finally {
        options.afterGroup?.()
      }
    }
  }

  function fail(groups: Group[], error: unknown): void {
    for (const { batch } of groups) {
      forget(batch)
      for (const p of batch) p.fail(error)
    }
  }

  /**
   * One disk sync at a time, covering every group committed before it began: a sync running
   * while new groups commit is followed by one for all of them, so a busy host syncs as fast as
   * the disk allows and never queues one sync per group.
   */
  function startSync(): void {
    if (syncing || committed.length === 0) return
    const covered = (syncing = committed)
    committed = []
    store.syncLog((error) => {
      // A blocking flush has already synced and released them.
      if (syncing !== covered) return
      syncing = null
      if (error) fail(covered, error)
      else release(covered)
      startSync()
    })
  }

  /** The turn's queue: committed now, released once a sync has brought it to the disk. */
  function commitTurn(): void {
    const group = commit(false)
    if (group) committed.push(group)
    startSync()
  }

  /** Commits what is queued and releases everything committed, syncing on the loop. */
  function flush(): void {
    const group = commit(false)
    const groups = [...(syncing ?? []), ...committed, ...(group ? [group] : [])]
    syncing = null
    committed = []
    if (groups.length === 0) return
    try {
      store.syncLogNow()
    } catch (error) {
      fail(groups, error)
      return
    }
    release(groups)
  }

  /** Queues `write`; the promise settles after the commit and `after`. */
  function enqueue<T>(
    write: () => T,
    after: (result: T) => void,
    key: string | null
  ): Promise<T> | null {
    if (closed) return null
    let pending!: Pending
    const promise = new Promise<T>((resolve, reject) => {
      pending = {
        key,
        write,
        done: (result) => {
          after(result as T)
          resolve(result as T)
        },
        fail: reject
      }
    })
    queue.push(pending)
    if (!options.grouped) {
      const group = commit(true)
      if (group) release([group])
    } else scheduled ??= setImmediate(commitTurn)
    return promise
  }

  const stopping = (): Promise<never> => Promise.reject(new Error('the host is stopping'))

  return {
    submit(item: TextToStore, after: AfterCommit): Promise<Message> {
      const key = keyOf(item.userId, item.clientId)
      const earlier = waiting.get(key)
      if (earlier) return earlier.message
      const queued = enqueue(
        () => {
          const message = store.appendText(item)
          // Writing in a room means having read it; in the same commit, so it costs no sync.
          return { message, readSeq: store.markWritten(item.roomId, item.userId, message.seq) }
        },
        ({ message, readSeq }) => after(message, readSeq),
        key
      )
      if (!queued) return stopping()
      const promise = queued.then(({ message }) => message)
      // Grouped, the write waits for the turn's commit and its sync (a resend finds it meanwhile);
      // otherwise it is done.
      if (options.grouped) waiting.set(key, { roomId: item.roomId, message: promise })
      return promise
    },

    submitNotice(notice: NewNotice, after: (message: Message) => void): Promise<Message> {
      const queued = enqueue(() => store.appendNotice(notice), after, null)
      return queued ?? stopping()
    },

    submitWrite<T>(write: () => T): Promise<T> {
      const queued = enqueue(write, () => {}, null)
      return queued ?? stopping()
    },

    waitingText(userId: string, clientId: string): WaitingText | null {
      return waiting.get(keyOf(userId, clientId)) ?? null
    },

    flush,

    close(): void {
      flush()
      closed = true
    }
  }
}
