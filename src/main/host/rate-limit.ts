/** At most `limit` events per key in any sliding window of `windowMs`. */
export function createRateLimiter(limit: number, windowMs: number, now: () => number = Date.now) {
  const events = new Map<string, number[]>()
  return {
    /** Records an event and says whether it is allowed. */
    take(key: string): boolean {
      const t = now()
      const recent = (events.get(key) ?? []).filter((at) => t - at < windowMs)
      if (recent.length >= limit) {
        events.set(key, recent)
        return false
      }
      recent.push(t)
      events.set(key, recent)
      return true
    }
  }
}
