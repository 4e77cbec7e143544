import { LIMITS } from './limits'
import { cleanName, nameProblem, nameProblemMessage, nameSkeleton, type NameProblem } from './names'
import { err, ok, type Result } from './result'

/**
 * A nickname's uniqueness key: its confusable skeleton (see nameSkeleton in names.ts), so a
 * nickname that merely looks like one already taken ("Аna" in Cyrillic, "ＡＮＡ") is taken too.
 */
export function nicknameKey(nickname: string): string {
  return nameSkeleton(nickname)
}

export function cleanNickname(nickname: string): string {
  return cleanName(nickname)
}

/**
 * A nickname's length as the host counts it against LIMITS.nicknameMax: code points of the
 * cleaned form (NFC, spaces collapsed and trimmed), so an emoji counts once, "é" typed as e and
 * a combining accent counts once, and a ZWJ sequence counts each of its parts.
 */
export function nicknameLength(nickname: string): number {
  return [...cleanNickname(nickname)].length
}

export type NicknameProblem = NameProblem

export function nicknameProblem(nickname: string): NicknameProblem | null {
  return nameProblem(nickname, LIMITS.nicknameMax)
}

/** The nickname, cleaned, or why it cannot be used (as a NICKNAME_INVALID error). */
export function checkNickname(nickname: string): Result<string> {
  const problem = nicknameProblem(nickname)
  if (problem === null) return ok(cleanNickname(nickname))
  return err('NICKNAME_INVALID', nameProblemMessage(problem, 'nickname', LIMITS.nicknameMax))
}
