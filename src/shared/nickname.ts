import { LIMITS } from './limits'
import { err, ok, type Result } from './result'

/** Nicknames are compared case-insensitively after trimming and Unicode normalisation. */
export function nicknameKey(nickname: string): string {
  return nickname.normalize('NFC').trim().toLocaleLowerCase('en-US')
}

export function cleanNickname(nickname: string): string {
  return nickname.normalize('NFC').trim().replace(/\s+/g, ' ')
}

export type NicknameProblem = 'empty' | 'too-long' | 'control-chars'

export function nicknameProblem(nickname: string): NicknameProblem | null {
  const cleaned = cleanNickname(nickname)
  if (cleaned.length < LIMITS.nicknameMin) return 'empty'
  if ([...cleaned].length > LIMITS.nicknameMax) return 'too-long'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(cleaned)) return 'control-chars'
  return null
}

/** The nickname, cleaned, or why it cannot be used (as a NICKNAME_INVALID error). */
export function checkNickname(nickname: string): Result<string> {
  const problem = nicknameProblem(nickname)
  if (problem === null) return ok(cleanNickname(nickname))
  const why = {
    empty: 'A nickname cannot be empty.',
    'too-long': `A nickname has at most ${LIMITS.nicknameMax} characters.`,
    'control-chars': 'A nickname cannot contain control characters.'
  }[problem]
  return err('NICKNAME_INVALID', why)
}
