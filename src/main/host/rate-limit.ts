import type { RateLimits, RateRule } from '../../shared/limits'

/**
 * At most `rule.count` events per key in any sliding window of `rule.windowMs`. A refusal says
 * how long until the oldest event in the window expires (`retryAfterMs`), which is exactly when
 * the same request can succeed. Keys nobody used for a whole window are pruned as time goes by,
 * so a flood of one-off keys (addresses, connections) cannot grow memory without bound.
 */
export interface RateLimiter {
  /** How long until one more event for `key` would be allowed; 0 means now. Records nothing. */
  wait(key: string): number
  /** Records an event when allowed and answers 0; otherwise answers the wait, recording nothing. */
  take(key: string): number
  /** Takes back the latest event recorded for `key` (it turned out not to count). */
  refund(key: string): void
  /** Drops what is recorded for `key` (a connection that closed). */
  forget(key: string): void
  /** Keys currently held (for tests of the pruning). */
  readonly size: number
}

export function createRateLimiter(rule: RateRule, now: () => number = Date.now): RateLimiter {
  // Per key, event times oldest first; `head` skips the expired ones without shifting the array.
  const events = new Map<string, { times: number[]; head: number }>()
  let lastSweep = now()

  const expire = (entry: { times: number[]; head: number }, t: number): number => {
    while (
      entry.head < entry.times.length &&
      t - (entry.times[entry.head] as number) >= rule.windowMs
    ) {
      entry.head++
    }
    // Compact once the dead prefix dominates, so an array never holds more than ~2 × count.
    if (entry.head > 16 && entry.head * 2 > entry.times.length) {
      entry.times = entry.times.slice(entry.head)
      entry.head = 0
    }
    return entry.times.length - entry.head
  }

  const sweep = (t: number): void => {
    if (t - lastSweep < rule.windowMs) return
    lastSweep = t
    for (const [key, entry] of events) if (expire(entry, t) === 0) events.delete(key)
  }

  const waitAt = (key: string, t: number): number => {
    const entry = events.get(key)
    if (!entry || expire(entry, t) < rule.count) return 0
    const oldest = entry.times[entry.head] as number
    return Math.max(1, Math.ceil(oldest + rule.windowMs - t))
  }

  return {
    wait(key: string): number {
      const t = now()
      sweep(t)
      return waitAt(key, t)
    },

    take(key: string): number {
      const t = now()
      sweep(t)
      const wait = waitAt(key, t)
      if (wait > 0) return wait
      const entry = events.get(key)
      if (entry) entry.times.push(t)
      else events.set(key, { times: [t], head: 0 })
      return 0
    },

    refund(key: string): void {
      const entry = events.get(key)
      if (entry && entry.times.length > entry.head) entry.times.pop()
    },

    forget(key: string): void {
      events.delete(key)
    },

    get size(): number {
      return events.size
    }
  }
}

export type RateRuleName = keyof RateLimits

/** One limiter per rule of {@link RateLimits}, addressed by the rule's name. */
export interface RateLimitsTracker {
  /** The rules in force (the defaults with the host's overrides). */
  readonly rules: RateLimits
  /** How long until one more event for `key` would pass `rule`; 0 means now. Records nothing. */
  wait(rule: RateRuleName, key: string): number
  /** Records an event against `rule` when allowed and answers 0; otherwise the wait. */
  take(rule: RateRuleName, key: string): number
  /**
   * One event counted against several rules at once (per identity and per address): recorded
   * in all of them only if every one allows it, otherwise the longest wait and nothing recorded.
   */
  takeAll(entries: readonly (readonly [RateRuleName, string])[]): number
  /** Takes back the latest event `rule` recorded for `key`. */
  refund(rule: RateRuleName, key: string): void
  /** Drops what `rule` recorded for `key`. */
  forget(rule: RateRuleName, key: string): void
}

export function createRateLimits(
  rules: RateLimits,
  now: () => number = Date.now
): RateLimitsTracker {
  const limiters = Object.fromEntries(
    (Object.keys(rules) as RateRuleName[]).map((name) => [
      name,
      createRateLimiter(rules[name], now)
    ])
  ) as Record<RateRuleName, RateLimiter>

  return {
    rules,

    wait(rule: RateRuleName, key: string): number {
      return limiters[rule].wait(key)
    },

    take(rule: RateRuleName, key: string): number {
      return limiters[rule].take(key)
    },

    takeAll(entries: readonly (readonly [RateRuleName, string])[]): number {
      const wait = Math.max(0, ...entries.map(([rule, key]) => limiters[rule].wait(key)))
      if (wait > 0) return wait
      for (const [rule, key] of entries) limiters[rule].take(key)
      return 0
    },

    refund(rule: RateRuleName, key: string): void {
      limiters[rule].refund(key)
    },

    forget(rule: RateRuleName, key: string): void {
      limiters[rule].forget(key)
    }
  }
}
