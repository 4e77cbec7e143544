import type { Clock } from '../clock'

/**
 * At most one progress report per `intervalMs` for one transfer (the renderer redraws a bar per
 * event, and a fast LAN delivers a chunk every few milliseconds), with the latest state always
 * said in the end: a report held back is sent when the interval is over. A change of state is
 * not progress and goes through `now()` at once.
 */
export interface ProgressThrottle {
  /** Bytes moved: report now if the interval has passed, else once it has. */
  progress(): void
  /** Report now (a state change), dropping any report held back. */
  now(): void
  /** No more reports (the transfer ended, or the session did). */
  stop(): void
}

/** ≤ 5 reports a second per transfer. */
export const PROGRESS_INTERVAL_MS = 200

export function createProgressThrottle(
  clock: Clock,
  report: () => void,
  intervalMs = PROGRESS_INTERVAL_MS
): ProgressThrottle {
  let last = -Infinity
  let cancelHeld: (() => void) | null = null
  let stopped = false

  const send = (): void => {
    cancelHeld?.()
    cancelHeld = null
    last = clock.now()
    report()
  }

  return {
    progress() {
      if (stopped || cancelHeld) return
      const wait = last + intervalMs - clock.now()
      if (wait <= 0) send()
      else cancelHeld = clock.setTimeout(send, wait)
    },
    now() {
      if (!stopped) send()
    },
    stop() {
      stopped = true
      cancelHeld?.()
      cancelHeld = null
    }
  }
}
