import { err, type Result } from '../../shared/result'
import type { RateRule } from '../../shared/limits'
import { isTransient } from '../../shared/transient'
import type { RequestPayload, ResponseData } from '../../shared/wire/protocol'
import { createWaits, type Clock } from './clock'

type SendPayload = RequestPayload<'message:send'>
type Sent = Result<ResponseData<'message:send'>>

export interface OutboxOptions {
  send(payload: SendPayload): Promise<Sent>
  /**
   * Resolves true once the session is connected and caught up, false when it ends first (or,
   * with `patienceMs`, when that runs out first).
   */
  whenReady(patienceMs: number | undefined): Promise<boolean>
  /** The host's message rate for one identity (session:start's `sendRate`). */
  rate(): RateRule
  clock: Clock
  /**
   * How long one message may wait for a connection before it fails with NOT_CONNECTED.
   * Undefined (the default): it waits as long as the session lives.
   */
  patienceMs?: number
  log?: (line: string) => void
}

/** Short pause before resending after an unknown outcome, so a struggling host is not hammered. */
const RESEND_PAUSE_MS = 1_000
/** Floor for any wait between two attempts of one message. */
const MIN_PAUSE_MS = 100
/** A host failing on one message (INTERNAL) gets this many tries before the message fails. */
const INTERNAL_TRIES = 3

/** The ordered queue of one session's messages; see {@link createOutbox}. */
export interface Outbox {
  /** Queues a message; resolves with the stored message, or with why it cannot be sent. */
  send(payload: SendPayload): Promise<Sent>
  /** Messages queued or on the wire. */
  readonly size: number
  /** The session ended: everything still queued fails with NOT_CONNECTED. */
  close(): void
}

interface Entry {
  payload: SendPayload
  resolve(result: Sent): void
}

/**
 * Every `message:send`, in the order the renderer asked, one on the wire at a time, paced to the
 * host's rate so it never has to refuse one. Whatever retrying can fix is retried with the same
 * clientId (the host stores it at most once): RATE_LIMITED after `retryAfterMs`, a timeout or a
 * dropped line once the session is back. Only a reason retrying cannot fix fails a message, and
 * the queue goes on with the next one.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { clock } = options
  const log = options.log ?? (() => {})
  const waits = createWaits(clock)
  const queue: Entry[] = []
  /**
   * When recent sends were answered. The answer time is later than the host's own count of the
   * message, so a window measured from it is never shorter than the one the host measures.
   */
  const sentAt: number[] = []
  let running = false

  /** Waits until one more message fits in the host's window. */
  async function pace(): Promise<void> {
    for (let i = 0; i < 3 && !waits.closed; i++) {
      const { count, windowMs } = options.rate()
      const now = clock.now()
      while (sentAt.length > 0 && now - (sentAt[0] as number) >= windowMs) sentAt.shift()
      if (sentAt.length < count) return
      await waits.wait((sentAt[sentAt.length - count] as number) + windowMs - now)
    }
  }

  async function deliver(payload: SendPayload): Promise<Sent> {
    let internalTries = 0
    for (;;) {
      const ready = await Promise.race([
        options.whenReady(options.patienceMs),
        waits.whenClosed.then(() => false)
      ])
      if (!ready || waits.closed) {
        return err('NOT_CONNECTED', 'Not connected to the host; the message was not sent.')
      }
      await pace()
      if (waits.closed) return err('NOT_CONNECTED', 'The chat ended before the message was sent.')
      const result = await options.send(payload)
      if (result.ok) {
        sentAt.push(clock.now())
        return result
      }
      const { code } = result.error
      if (code === 'RATE_LIMITED') {
        // Another window of this identity, or this address, used the room the pacing left.
        const { count, windowMs } = options.rate()
        await waits.wait(Math.max(result.error.retryAfterMs ?? windowMs / count, MIN_PAUSE_MS))
        continue
      }
      // Unknown outcome: the host may have stored it, so it counts against the window.
      sentAt.push(clock.now())
      if (code === 'TIMEOUT') {
        await waits.wait(RESEND_PAUSE_MS)
      } else if (code === 'INTERNAL' && ++internalTries < INTERNAL_TRIES) {
        await waits.wait(RESEND_PAUSE_MS * internalTries)
      } else if (isTransient(code)) {
        await waits.wait(MIN_PAUSE_MS)
      } else {
        log(`message ${payload.clientId} failed: ${code}`)
        return result
      }
    }
  }

  async function run(): Promise<void> {
    if (running) return
    running = true
    try {
      for (let entry = queue[0]; entry; entry = queue[0]) {
        const result = await deliver(entry.payload)
        queue.shift()
        entry.resolve(result)
      }
    } finally {
      running = false
    }
  }

  return {
    send(payload) {
      if (waits.closed) {
        return Promise.resolve(err('NOT_CONNECTED', 'Not in a chat.'))
      }
      return new Promise((resolve) => {
        queue.push({ payload, resolve })
        void run()
      })
    },

    get size() {
      return queue.length
    },

    close() {
      waits.close()
      for (const entry of queue.splice(1)) {
        entry.resolve(err('NOT_CONNECTED', 'The chat ended before the message was sent.'))
      }
      // The first one is in deliver(): its waits just ended, and it resolves on its own.
    }
  }
}
