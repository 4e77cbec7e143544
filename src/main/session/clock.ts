/**
 * Time as the session's parts see it. Injected so that the outbox's pacing and the rejoin
 * loop's backoff can be driven by a test clock instead of waiting for real seconds.
 */
export interface Clock {
  now(): number
  /** Runs `run` once after `ms`; the returned function cancels it if it has not run yet. */
  setTimeout(run: () => void, ms: number): () => void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, ms)
    return () => clearTimeout(timer)
  }
}

/**
 * Waits that end early, all at once, when their owner shuts down: a closing session must not
 * keep a send or a retry alive for seconds after the person left.
 */
export interface Waits {
  /** Resolves after `ms`, or at once when closed. */
  wait(ms: number): Promise<void>
  readonly closed: boolean
  /** Resolves when closed: to race against a wait that is not a timer. */
  readonly whenClosed: Promise<void>
  /** Ends every wait now, and every later one at once. */
  close(): void
}

export function createWaits(clock: Clock): Waits {
  const pending = new Set<() => void>()
  let closed = false
  let onClosed = (): void => {}
  const whenClosed = new Promise<void>((resolve) => (onClosed = resolve))
  return {
    wait(ms) {
      if (closed) return Promise.resolve()
      return new Promise((resolve) => {
        let cancel = (): void => {}
        const done = (): void => {
          pending.delete(done)
          cancel()
          resolve()
        }
        pending.add(done)
        cancel = clock.setTimeout(done, Math.max(0, ms))
      })
    },
    get closed() {
      return closed
    },
    whenClosed,
    close() {
      closed = true
      onClosed()
      for (const done of [...pending]) done()
    }
  }
}
