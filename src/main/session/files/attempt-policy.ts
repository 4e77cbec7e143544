import type { ErrorCode } from '../../../shared/errors'
import { assertNever } from '../../../shared/result'

/**
 * What a transfer does after an attempt failed with `code`: `again` when waiting fixes it (the
 * line, the host restarting, a token that expired, a host copy that moved on), `fail` when only
 * the person can (too big, storage full, a file that changed, no longer a member).
 *
 * Among the first: HOST_KEY_CHANGED, since the session's rejoin loop decides about another
 * certificate and the transfer waits for it; UNAUTHORIZED, a token past its time (the next
 * attempt asks for a new one); UPLOAD_OFFSET and UPLOAD_NOT_FOUND, a host copy elsewhere than
 * thought or gone (the next slot says where); INTERNAL, counted (FRUITLESS_MAX) so a host that
 * fails the same way every time ends it; TRANSFER_CANCELLED from the HTTP side, which only a
 * stop of ours causes.
 */
export function afterFailure(code: ErrorCode): 'again' | 'fail' {
  switch (code) {
    case 'TIMEOUT':
    case 'NOT_CONNECTED':
    case 'RATE_LIMITED':
    case 'HOST_UNREACHABLE':
    case 'HOST_REFUSED':
    case 'HOST_NOT_FOUND':
    case 'HOST_KEY_CHANGED':
    case 'UNAUTHORIZED':
    case 'UPLOAD_OFFSET':
    case 'UPLOAD_NOT_FOUND':
    case 'INTERNAL':
    case 'TRANSFER_CANCELLED':
      return 'again'
    case 'BAD_REQUEST':
    case 'TOO_LONG':
    case 'NICKNAME_INVALID':
    case 'NICKNAME_TAKEN':
    case 'ROOM_NOT_FOUND':
    case 'NOT_A_MEMBER':
    case 'USER_NOT_FOUND':
    case 'FORBIDDEN':
    case 'REMOVED':
    case 'CANNOT_LEAVE_LOBBY':
    case 'PROTOCOL_MISMATCH':
    case 'PASSWORD_REQUIRED':
    case 'PASSWORD_WRONG':
    case 'KNOCKING':
    case 'TURNED_AWAY':
    case 'MESSAGE_NOT_FOUND':
    case 'FILE_TOO_BIG':
    case 'STORAGE_FULL':
    case 'ADDRESS_INVALID':
    case 'NOT_A_PAPO_HOST':
    case 'PORT_IN_USE':
    case 'ALREADY_IN_SESSION':
    case 'HOST_UNVERIFIED':
    case 'JOIN_CANCELLED':
    case 'INVITE_MISMATCH':
    case 'FILE_UNREADABLE':
    case 'FILE_UNWRITABLE':
      return 'fail'
    default:
      return assertNever(code, 'error code')
  }
}

/**
 * Attempts in a row that moved no byte while the line was up, before a transfer fails with the
 * last error: a host that refuses the same way every time must not be asked forever.
 */
export const FRUITLESS_MAX = 8

/** The pause before attempt `n` (1 = the first retry): 0.5 s doubling to 5 s. */
export function retryDelayMs(n: number, retryAfterMs?: number): number {
  const backoff = Math.min(500 * 2 ** Math.max(0, Math.min(n - 1, 10)), 5_000)
  return Math.max(backoff, retryAfterMs ?? 0)
}
