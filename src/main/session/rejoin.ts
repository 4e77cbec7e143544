import type { ConnectionState } from '../../shared/bridge'
import type { AppError, Result } from '../../shared/result'
import type { ProbeAnswer } from '../client/probe'
import type { Clock } from './clock'

/** After this many failed attempts the UI says the host is probably gone (and keeps trying). */
export const HOST_GONE_AFTER_ATTEMPTS = 5

/** First wait, doubling up to the cap: a blip is over in a second, a long wait costs little. */
export const REJOIN_DELAYS = { firstMs: 500, maxMs: 5_000 }

/**
 * Each wait is shortened by up to this fraction at random, so a roomful of apps whose host
 * restarts do not all knock at the same instant.
 */
const JITTER = 0.25

/** Why the line is down: it dropped, or the host said it was stopping. */
export type WaitReason = 'lost' | 'stopped'

export interface RejoinOptions<L> {
  /** The host this session is in; nothing else answering at the address is joined. */
  hostId: string
  why: WaitReason
  probe(): Promise<ProbeAnswer>
  /** Opens a line (handshake and session:start); only called after the probe found `hostId`. */
  join(): Promise<Result<L>>
  /** The host id the line's session:start reported: a last check against a swap mid-attempt. */
  hostIdOf(line: L): string
  closeLine(line: L): void
  onState(state: ConnectionState): void
  onJoined(line: L): void
  /** The host refused this identity for good (REMOVED); the loop has stopped. */
  onRemoved(error: AppError): void
  clock: Clock
  random?: () => number
  delays?: { firstMs: number; maxMs: number }
  log?: (line: string) => void
}

export interface Rejoin {
  /** Stops trying; an attempt in progress is abandoned and its line closed. */
  stop(): void
}

/**
 * Waits for the same host to answer at the same address again, then joins it. Before every
 * attempt it asks `GET /papo` and compares the host id (and the caller's probe the pinned
 * certificate), so the session only ever rejoins the host it was in: a different Papo host on
 * that port, or another program, is reported as `host-changed` and waited out. Attempts back
 * off from 0.5 s to 5 s and never end by themselves; `stop()` ends them.
 */
export function startRejoin<L>(options: RejoinOptions<L>): Rejoin {
  const log = options.log ?? (() => {})
  const random = options.random ?? Math.random
  const delays = options.delays ?? REJOIN_DELAYS
  let stopped = false
  let attempt = 0
  let cancelTimer = (): void => {}

  const waiting = (n: number): ConnectionState => {
    if (options.why === 'stopped') return { status: 'host-stopped', attempt: n }
    return n >= HOST_GONE_AFTER_ATTEMPTS
      ? { status: 'host-gone', attempt: n }
      : { status: 'reconnecting', attempt: n }
  }

  const delayBefore = (n: number): number => {
    const nominal = Math.min(delays.firstMs * 2 ** Math.min(n - 1, 30), delays.maxMs)
    return Math.round(nominal * (1 - JITTER * random()))
  }

  const schedule = (ms: number): void => {
    if (stopped) return
    cancelTimer = options.clock.setTimeout(() => {
      tryOnce().catch((e: unknown) => {
        log(`rejoin attempt failed: ${String(e)}`)
        options.onState(waiting(attempt))
        schedule(delayBefore(attempt + 1))
      })
    }, ms)
  }

  async function tryOnce(): Promise<void> {
    const n = ++attempt
    const answer = await options.probe()
    if (stopped) return
    let state: ConnectionState
    let refusedForMs = 0
    if (answer.kind === 'silent') {
      state = waiting(n)
    } else if (answer.kind === 'foreign' || answer.info.hostId !== options.hostId) {
      state = { status: 'host-changed', attempt: n }
    } else {
      const joined = await options.join()
      if (stopped) {
        if (joined.ok) options.closeLine(joined.data)
        return
      }
      if (joined.ok && options.hostIdOf(joined.data) === options.hostId) {
        stopped = true
        options.onJoined(joined.data)
        return
      }
      if (joined.ok) {
        // Swapped between the probe and the handshake: not ours either.
        options.closeLine(joined.data)
        state = { status: 'host-changed', attempt: n }
      } else if (joined.error.code === 'REMOVED') {
        stopped = true
        options.onRemoved(joined.error)
        return
      } else {
        // Anything else (a host still stopping, a slow start, a busy host) passes: keep trying.
        log(`rejoin attempt ${n} refused: ${joined.error.code}`)
        state = waiting(n)
        refusedForMs = joined.error.retryAfterMs ?? 0
      }
    }
    options.onState(state)
    schedule(Math.max(delayBefore(n + 1), refusedForMs))
  }

  options.onState(waiting(0))
  schedule(delayBefore(1))

  return {
    stop() {
      stopped = true
      cancelTimer()
    }
  }
}
