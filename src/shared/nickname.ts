import { LIMITS } from './limits'

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
