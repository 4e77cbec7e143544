import type { WireErrorCode } from '../../../shared/errors'
import type { Err } from '../../../shared/result'

/**
 * An answer of the upload and file paths that is not the bytes: a status and a JSON body, either
 * `{ received, size, message? }` or an error `{ code, message, … }` with the status its code
 * stands for (docs/protocol.md 12).
 */
export interface HttpAnswer {
  status: number
  body: Record<string, unknown>
}

/** The HTTP status each error code of the file paths is sent with. */
const STATUS: Partial<Record<WireErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_A_MEMBER: 403,
  ROOM_NOT_FOUND: 404,
  MESSAGE_NOT_FOUND: 404,
  UPLOAD_NOT_FOUND: 404,
  UPLOAD_OFFSET: 409,
  FILE_TOO_BIG: 413,
  RATE_LIMITED: 429,
  STORAGE_FULL: 507
}

export const statusOf = (code: WireErrorCode): number => STATUS[code] ?? 500

export function refuse(
  code: WireErrorCode,
  message: string,
  extra: Record<string, unknown> = {}
): HttpAnswer {
  return { status: statusOf(code), body: { code, message, ...extra } }
}

/** A refusal from the result envelope (the same codes the socket's requests answer). */
export function refusalOf(error: Err, extra: Record<string, unknown> = {}): HttpAnswer {
  return refuse(error.error.code as WireErrorCode, error.error.message, extra)
}
