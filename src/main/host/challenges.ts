import { randomBytes } from 'node:crypto'

export interface Challenges {
  /** A fresh nonce (32 random bytes, base64url), good once for `ttlMs`. */
  issue(): string
  /** True if `nonce` was issued, has not expired and was not used; it is used up either way. */
  take(nonce: string): boolean
  readonly size: number
}

/**
 * Handshake challenges. Each is good once and briefly, so a recorded handshake can never be
 * replayed. At most `max` wait unused; past that the oldest are forgotten (their apps simply
 * ask again), so a stranger asking in a loop costs the host bounded memory.
 */
export function createChallenges(options: {
  ttlMs: number
  max: number
  now: () => number
}): Challenges {
  // Insertion order is issue order: the first entries are the oldest.
  const issued = new Map<string, number>()
  return {
    issue() {
      const nonce = randomBytes(32).toString('base64url')
      issued.set(nonce, options.now() + options.ttlMs)
      while (issued.size > options.max) issued.delete(issued.keys().next().value as string)
      return nonce
    },
    take(nonce) {
      const expires = issued.get(nonce)
      if (expires === undefined) return false
      issued.delete(nonce)
      return options.now() <= expires
    },
    get size() {
      return issued.size
    }
  }
}
