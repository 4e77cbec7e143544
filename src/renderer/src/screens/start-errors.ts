import type { ErrorCode } from '../../../shared/errors'

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

/** Errors that say the address leads nowhere useful (rather than that the host said no). */
const ADDRESS_CODES: readonly ErrorCode[] = [
  'ADDRESS_INVALID',
  'HOST_NOT_FOUND',
  'HOST_UNREACHABLE',
  'HOST_REFUSED',
  'NOT_A_PAPO_HOST',
  'PROTOCOL_MISMATCH',
  'TIMEOUT'
]

export function placeOf(code: ErrorCode, mode: 'host' | 'join'): ErrorPlace {
  if (code.startsWith('NICKNAME')) return 'nickname'
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
