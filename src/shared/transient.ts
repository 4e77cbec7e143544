import type { ErrorCode } from './errors'

/**
 * Errors that say "not now" rather than "not this": the same request, unchanged, can succeed a
 * moment later. The session retries a queued message on these by itself (same clientId, so at
 * most one copy is stored), so the renderer never shows one as a final failure; for other
 * requests it can offer to try again quietly instead of showing an error.
 *
 * INTERNAL is not here on purpose: a host that fails on one particular request would fail on it
 * forever, and an ordered outbox that retried it endlessly would hold back every later message.
 */
export const TRANSIENT_ERROR_CODES = [
  /** No answer in time: unknown outcome, safe to resend. */
  'TIMEOUT',
  /** The line is down; it comes back by itself. */
  'NOT_CONNECTED',
  /** Paced by the host; `retryAfterMs` says when. */
  'RATE_LIMITED',
  'HOST_UNREACHABLE',
  'HOST_REFUSED',
  'HOST_NOT_FOUND'
] as const satisfies readonly ErrorCode[]

export type TransientErrorCode = (typeof TRANSIENT_ERROR_CODES)[number]

export function isTransient(code: ErrorCode): code is TransientErrorCode {
  return (TRANSIENT_ERROR_CODES as readonly ErrorCode[]).includes(code)
}
