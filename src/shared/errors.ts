/**
 * The closed list of error codes. Wire codes travel in host acks and connect errors; local codes
 * are produced on the joining side (address parsing, reachability, timeouts) and only cross the
 * bridge. Renderer text for each code comes from i18n, keyed by the code.
 */
export const WIRE_ERROR_CODES = [
  'BAD_REQUEST',
  'TOO_LONG',
  'NICKNAME_INVALID',
  'NICKNAME_TAKEN',
  'ROOM_NOT_FOUND',
  'NOT_A_MEMBER',
  'USER_NOT_FOUND',
  'FORBIDDEN',
  'REMOVED',
  'CANNOT_LEAVE_LOBBY',
  'RATE_LIMITED',
  'PROTOCOL_MISMATCH',
  'UNAUTHORIZED',
  /** The host has a password and the handshake had none (only new identities are asked). */
  'PASSWORD_REQUIRED',
  'PASSWORD_WRONG',
  /** "Ask me first": the person hosting has not answered yet; try again after retryAfterMs. */
  'KNOCKING',
  /** "Ask me first": the person hosting said no. */
  'TURNED_AWAY',
  /** No such message in that room (never was, or not one the request may touch). */
  'MESSAGE_NOT_FOUND',
  /** A file over the host's maximum file size (the answer says the limit). */
  'FILE_TOO_BIG',
  /** The host's storage for files is full (its total limit); nothing was started. */
  'STORAGE_FULL',
  /** No such upload (finished, cancelled, abandoned, or the token does not match it). */
  'UPLOAD_NOT_FOUND',
  /** A chunk that does not start where the host's copy ends; the body says `received`. */
  'UPLOAD_OFFSET',
  'INTERNAL'
] as const

export const LOCAL_ERROR_CODES = [
  'TIMEOUT',
  'NOT_CONNECTED',
  'ADDRESS_INVALID',
  'HOST_NOT_FOUND',
  'HOST_UNREACHABLE',
  'HOST_REFUSED',
  'NOT_A_PAPO_HOST',
  'PORT_IN_USE',
  'ALREADY_IN_SESSION',
  /** First join of an address: its certificate code has not been compared and accepted yet. */
  'HOST_UNVERIFIED',
  /** The host at a pinned address shows another certificate: possibly someone in between. */
  'HOST_KEY_CHANGED',
  /** The person stopped a join while it waited (knocking). */
  'JOIN_CANCELLED',
  /** The host does not show the certificate the invite link names: not the host invited to. */
  'INVITE_MISMATCH',
  /** A file to send could not be read (moved, deleted, no permission). */
  'FILE_UNREADABLE',
  /** A download could not be written (disk full, no permission). */
  'FILE_UNWRITABLE',
  /** The person cancelled the transfer. */
  'TRANSFER_CANCELLED'
] as const

export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number]
export type LocalErrorCode = (typeof LOCAL_ERROR_CODES)[number]
export type ErrorCode = WireErrorCode | LocalErrorCode

export const ERROR_CODES = [...WIRE_ERROR_CODES, ...LOCAL_ERROR_CODES] as const

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}
