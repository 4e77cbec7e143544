import type { TFunction } from 'i18next'
import type { ErrorCode } from '../../../shared/errors'
import { LIMITS } from '../../../shared/limits'
import { nicknameProblem, type NicknameProblem } from '../../../shared/nickname'
import type { AppError } from '../../../shared/result'
import { errorText } from '../format/error-text'

/** Where on the start screen an error is shown, and which field it marks invalid. */
export type ErrorPlace = 'nickname' | 'port' | 'host' | 'address' | 'password' | 'join'

export interface ShownError {
  text: string
  place: ErrorPlace
  /** The error's code, when it came from main (the join's "Can't connect?" offer reads it). */
  code?: ErrorCode
}

/** Join errors where checking the network step by step ("Can't connect?") may tell why. */
export const DOCTOR_CODES: readonly ErrorCode[] = [
  'HOST_UNREACHABLE',
  'HOST_REFUSED',
  'HOST_NOT_FOUND',
  'TIMEOUT',
  'NOT_A_PAPO_HOST',
  'ADDRESS_INVALID'
]

/**
 * Join errors about what the address field holds: it leads nowhere useful, to something that is
 * not the host meant (an invite link's code that does not match, a host showing another code),
 * or it is too long to be an address. Shown under that field, which is marked invalid.
 */
const ADDRESS_CODES: readonly ErrorCode[] = [
  'ADDRESS_INVALID',
  'HOST_NOT_FOUND',
  'HOST_UNREACHABLE',
  'HOST_REFUSED',
  'NOT_A_PAPO_HOST',
  'PROTOCOL_MISMATCH',
  'TIMEOUT',
  'INVITE_MISMATCH',
  'HOST_UNVERIFIED',
  'HOST_KEY_CHANGED',
  'TOO_LONG'
]

/**
 * Where an error from hosting or joining is shown. Nickname errors go under the nickname; on the
 * host side a taken port goes under the port, anything else above Host; on the join side a
 * password under the password, anything about the address under the address, and the rest (the
 * host said no, a wait, the app is busy) under the address too, without marking it invalid.
 */
export function placeOf(code: ErrorCode, mode: 'host' | 'join'): ErrorPlace {
  if (code === 'NICKNAME_INVALID' || code === 'NICKNAME_TAKEN') return 'nickname'
  if (mode === 'host') return code === 'PORT_IN_USE' ? 'port' : 'host'
  if (code === 'PASSWORD_REQUIRED' || code === 'PASSWORD_WRONG') return 'password'
  return ADDRESS_CODES.includes(code) ? 'address' : 'join'
}

export const FORM_ERROR_ID = 'form-error'

/** Attributes of a field the shown error is about. */
export function invalidIf(error: ShownError | null, place: ErrorPlace) {
  return error?.place === place
    ? ({ 'aria-invalid': true, 'aria-describedby': FORM_ERROR_ID } as const)
    : {}
}

/** The sentence for each nickname problem; none for an empty one (the general one says it). */
const PROBLEM_KEYS: Record<NicknameProblem, string | null> = {
  empty: null,
  'too-long': 'tooLong',
  'control-chars': 'controlChars',
  'bidi-controls': 'bidiControls',
  'invisible-chars': 'invisibleChars',
  'no-visible-char': 'noVisibleChar'
}

/**
 * An error from hosting or joining as the start screen shows it: by its field, and for a nickname
 * the host refused, what is wrong with it by the same rules the host applies (shared/names.ts),
 * or the general sentence when those rules find nothing (the host decides).
 */
export function shownError(
  t: TFunction,
  error: Pick<AppError, 'code' | 'retryAfterMs'>,
  mode: 'host' | 'join',
  nickname: string
): ShownError {
  const code: ErrorCode = error.code
  const problem = code === 'NICKNAME_INVALID' ? nicknameProblem(nickname) : null
  const key = problem && PROBLEM_KEYS[problem]
  const text = key
    ? t(`start.nicknameProblem.${key}`, { max: LIMITS.nicknameMax })
    : errorText(t, error)
  return { text, place: placeOf(code, mode), code }
}
