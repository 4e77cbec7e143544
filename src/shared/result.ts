import type { ErrorCode } from './errors'

/** The one envelope for every wire ack and every bridge call. */
export interface AppError {
  code: ErrorCode
  message: string
  /** With RATE_LIMITED: how long to wait before the same request can succeed. */
  retryAfterMs?: number
}

export type Ok<T> = { ok: true; data: T }
export type Err = { ok: false; error: AppError }
export type Result<T> = Ok<T> | Err

export function ok<T>(data: T): Ok<T> {
  return { ok: true, data }
}

export function err(code: ErrorCode, message: string, retryAfterMs?: number): Err {
  return retryAfterMs === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, retryAfterMs } }
}

/** Exhaustiveness guard for `switch` over unions: a new member becomes a type error. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`)
}
