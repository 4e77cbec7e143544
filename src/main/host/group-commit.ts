import type { Message } from '../../shared/models'
import type { ChatStore } from '../store'

export interface TextToStore {
  roomId: string
  userId: string
  text: string
  clientId: string
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
}

/** Runs after the commit, in seq order, before the sender hears its ack: the broadcast. */
export type AfterCommit = (message: Message, readSeq: number) => void

interface Pending {
  item: TextToStore
  after: AfterCommit
  promise: Promise<Message>
  resolve(message: Message): void
  reject(error: unknown): void
}

const keyOf = (userId: string, clientId: string): string => `${userId}\n${clientId}`

/**
 * Stores texts in groups: an ack means committed, and a classroom sending at once pays for one
 * disk sync per event-loop turn instead of one per message. A resend of a clientId that is still
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
  const waiting = new Map<string, Pending>()
  let scheduled: NodeJS.Immediate | null = null
  let closed = false

  function flush(): void {
    if (scheduled) clearImmediate(scheduled)
    scheduled = null
    if (queue.length === 0) return
    const batch = queue
    queue = []
    for (const p of batch) waiting.delete(keyOf(p.item.userId, p.item.clientId))
    let stored: { message: Message; readSeq: number }[]
    try {
      stored = store.transaction(() =>
        batch.map(({ item }) => {
          const message = store.appendText(item)
          // Writing in a room means having read it; in the same commit, so it costs no sync.
          return { message, readSeq: store.markRead(item.roomId, item.userId, message.seq) }
        })
      )
    } catch (error) {
      // Nothing of the group was committed: every sender may simply resend.
      for (const p of batch) p.reject(error)
      return
    }
    batch.forEach((p, i) => {
      const { message, readSeq } = stored[i] as { message: Message; readSeq: number }
      p.after(message, readSeq)
      p.resolve(message)
    })
  }

  return {
    submit(item: TextToStore, after: AfterCommit): Promise<Message> {
      if (closed) return Promise.reject(new Error('the host is stopping'))
      const key = keyOf(item.userId, item.clientId)
      const earlier = waiting.get(key)
      if (earlier) return earlier.promise
      let resolve!: (message: Message) => void
      let reject!: (error: unknown) => void
      const promise = new Promise<Message>((res, rej) => {
        resolve = res
        reject = rej
      })
      const pending: Pending = { item, after, promise, resolve, reject }
      queue.push(pending)
      waiting.set(key, pending)
      if (!options.grouped) flush()
      else scheduled ??= setImmediate(flush)
      return promise
    },

    waitingRoom(userId: string, clientId: string): string | null {
      return waiting.get(keyOf(userId, clientId))?.item.roomId ?? null
    },

    flush,

    close(): void {
      flush()
      closed = true
    }
  }
}
