import { randomBytes } from 'node:crypto'

/**
 * Download tokens (`file:download`): short-lived, bound to the identity and to one message's
 * file or thumbnail, held in memory only. A token only says who asks for what: every request
 * with it is checked again (the room's membership, the message still there) by the route.
 */

export interface DownloadGrant {
  userId: string
  messageId: string
  thumb: boolean
}

export interface DownloadTokens {
  /** A new token for `grant`, good until the time answered. */
  issue(grant: DownloadGrant): { token: string; expiresAt: number }
  /** The grant a token stands for, if it is one and still good. */
  check(token: string): DownloadGrant | null
}

export interface DownloadTokensOptions {
  ttlMs: number
  /** Tokens kept at most; the oldest are forgotten past it (their holders ask again). */
  max: number
  now: () => number
}

interface Held extends DownloadGrant {
  expiresAt: number
}

export function createDownloadTokens(options: DownloadTokensOptions): DownloadTokens {
  const { now } = options
  // Insertion order is expiry order (every token lives as long), so pruning stops early.
  const held = new Map<string, Held>()

  const prune = (): void => {
    const at = now()
    for (const [token, grant] of held) {
      if (grant.expiresAt > at && held.size <= options.max) break
      held.delete(token)
    }
  }

  return {
    issue(grant) {
      const token = randomBytes(24).toString('base64url')
      const expiresAt = now() + options.ttlMs
      held.set(token, { ...grant, expiresAt })
      prune()
      return { token, expiresAt }
    },

    check(token) {
      const grant = held.get(token)
      if (!grant) return null
      if (now() >= grant.expiresAt) {
        held.delete(token)
        return null
      }
      return { userId: grant.userId, messageId: grant.messageId, thumb: grant.thumb }
    }
  }
}
