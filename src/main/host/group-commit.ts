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
   * True: texts that arrive in the same turn of the event loop share one transaction, so one
   * disk sync (synchronous = FULL) covers them all. False: one transaction per text (for the
   * benchmark's comparison).
   */
  grouped: boolean
  /**
   * Runs once after each commit's `after`s, in the same turn: before any sender hears its ack
   * (acks go out from promise callbacks, which run after this turn).
   */
  afterGroup?: () => void
}

/** Runs after the commit, in seq order, before the sender hears its ack: the broadcast. */
export type AfterCommit = (message: Message, readSeq: number) => void

/** One write waiting for the next commit; `done` runs after it, in queue order. */
interface Pending {
  /** The text's clientId key, for a resend to find it; null for other writes. */
  key: string | null
  roomId: string | null
  write(): unknown
  done(result: unknown): void
  fail(error: unknown): void
}

const keyOf = (userId: string, clientId: string): string => `${userId}\n${clientId}`

/**
 * Stores texts (and notices, and small writes such as when someone was last seen) in groups: an
 * ack means committed, and a classroom sending or arriving at once pays for one disk sync per
 * event-loop turn instead of one per message. A resend of a clientId that is still
 * waiting for its group gets the same message as the first send, so idempotency holds inside a
 * group too.
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
  /** The room a clientId still waiting for its group was sent to, if it is waiting. */
  waitingRoom(userId: string, clientId: string): string | null
  /** Commits what is waiting now. */
  flush(): void
  /** Commits what is waiting and refuses anything more (the store is about to close). */
  close(): void
}

export function createGroupCommit(options: GroupCommitOptions): GroupCommit {
  const { store } = options
  let queue: Pending[] = []
  const waiting = new Map<string, { pending: Pending; promise: Promise<Message> }>()
  let scheduled: NodeJS.Immediate | null = null
  let closed = false

  function flush(): void {
    if (scheduled) clearImmediate(scheduled)
    scheduled = null
    if (queue.length === 0) return
    const batch = queue
    queue = []
    for (const p of batch) if (p.key !== null) waiting.delete(p.key)
    let results: unknown[]
    try {
      results = store.transaction(() => batch.map((p) => p.write()))
    } catch (error) {
      // Nothing of the group was committed: every sender may simply resend.
      for (const p of batch) p.fail(error)
      return
    }
    try {
      batch.forEach((p, i) => p.done(results[i]))
    } finally {
      options.afterGroup?.()
    }
  }

  /** Queues `write`; the promise settles after the commit and `after`. */
  function enqueue<T>(
    write: () => T,
    after: (result: T) => void,
    text: { key: string; roomId: string } | null
  ): { pending: Pending; promise: Promise<T> } | null {
    if (closed) return null
    let pending!: Pending
    const promise = new Promise<T>((resolve, reject) => {
      pending = {
        key: text?.key ?? null,
        roomId: text?.roomId ?? null,
        write,
        done: (result) => {
          after(result as T)
          resolve(result as T)
        },
        fail: reject
      }
    })
    queue.push(pending)
    if (!options.grouped) flush()
    else scheduled ??= setImmediate(flush)
    return { pending, promise }
  }

  const stopping = (): Promise<never> => Promise.reject(new Error('the host is stopping'))

  return {
    submit(item: TextToStore, after: AfterCommit): Promise<Message> {
      const key = keyOf(item.userId, item.clientId)
      const earlier = waiting.get(key)
      if (earlier) return earlier.promise
      const queued = enqueue(
        () => {
          const message = store.appendText(item)
          // Writing in a room means having read it; in the same commit, so it costs no sync.
          return { message, readSeq: store.markWritten(item.roomId, item.userId, message.seq) }
        },
        ({ message, readSeq }) => after(message, readSeq),
        { key, roomId: item.roomId }
      )
      if (!queued) return stopping()
      const promise = queued.promise.then(({ message }) => message)
      // Grouped, the write waits for the turn's commit (a resend finds it); otherwise it is done.
      if (options.grouped) waiting.set(key, { pending: queued.pending, promise })
      return promise
    },

    submitNotice(notice: NewNotice, after: (message: Message) => void): Promise<Message> {
      const queued = enqueue(() => store.appendNotice(notice), after, null)
      return queued ? queued.promise : stopping()
    },

    submitWrite<T>(write: () => T): Promise<T> {
      const queued = enqueue(write, () => {}, null)
      return queued ? queued.promise : stopping()
    },

    waitingRoom(userId: string, clientId: string): string | null {
      return waiting.get(keyOf(userId, clientId))?.pending.roomId ?? null
    },

    flush,

    close(): void {
      flush()
      closed = true
    }
  }
}
