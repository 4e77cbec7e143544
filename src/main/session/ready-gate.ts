import type { Clock } from './clock'

/**
 * Whether the session is on a line and caught up on every room: the outbox waits on it before
 * each send. It opens once a line is attached and caught up, shuts when the line drops, and
 * lets every waiter go (with false) when the session ends.
 */
export interface ReadyGate {
  readonly isOpen: boolean
  open(): void
  shut(): void
  /** Resolves true once open; false if the session ends first, or `patienceMs` runs out. */
  whenOpen(patienceMs: number | undefined): Promise<boolean>
  /** The session ended: every waiter, now and later, gets false. */
  end(): void
}

export function createReadyGate(clock: Clock): ReadyGate {
  let isOpen = false
  let ended = false
  const waiters = new Set<(open: boolean) => void>()
  return {
    get isOpen() {
      return isOpen
    },
    open() {
      isOpen = true
      for (const waiter of [...waiters]) waiter(true)
    },
    shut() {
      isOpen = false
    },
    whenOpen(patienceMs) {
      if (ended) return Promise.resolve(false)
      if (isOpen) return Promise.resolve(true)
      return new Promise((resolve) => {
        let cancel = (): void => {}
        const waiter = (open: boolean): void => {
          waiters.delete(waiter)
          cancel()
          resolve(open)
        }
        waiters.add(waiter)
        if (patienceMs !== undefined) cancel = clock.setTimeout(() => waiter(false), patienceMs)
      })
    },
    end() {
      ended = true
      for (const waiter of [...waiters]) waiter(false)
    }
  }
}
