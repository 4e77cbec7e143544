import { describe, expect, it } from 'vitest'
import {
  isRoomCode,
  makeRoomCode,
  normalizeRoomCode,
  ROOM_CODE_ALPHABET,
  ROOM_CODE_LENGTH
} from '../../src/shared/room-code'
import { cleanNickname, nicknameKey, nicknameProblem } from '../../src/shared/nickname'

describe('room codes', () => {
  it('never use characters people confuse when reading aloud', () => {
    for (const ch of '0O1IL') expect(ROOM_CODE_ALPHABET).not.toContain(ch)
  })

  it('are six characters of the alphabet', () => {
    let i = 0
    const code = makeRoomCode((max) => i++ % max)
    expect(code).toHaveLength(ROOM_CODE_LENGTH)
    expect(isRoomCode(code)).toBe(true)
  })

  it('forgive case, spaces and dashes when typed', () => {
    expect(normalizeRoomCode(' ab3-d4e ')).toBe('AB3D4E')
    expect(isRoomCode('ab3-d4e')).toBe(true)
    expect(isRoomCode('AB0D4E')).toBe(false)
    expect(isRoomCode('AB3D4')).toBe(false)
  })
})

describe('nicknames', () => {
  it('compare case-insensitively after trimming', () => {
    expect(nicknameKey('  Ana ')).toBe(nicknameKey('ANA'))
    expect(nicknameKey('Ana')).not.toBe(nicknameKey('Ana Clara'))
  })

  it('are cleaned of outer and repeated spaces', () => {
    expect(cleanNickname('  Ana   Clara ')).toBe('Ana Clara')
  })

  it('are 1 to 32 characters without control characters', () => {
    expect(nicknameProblem('   ')).toBe('empty')
    expect(nicknameProblem('x'.repeat(32))).toBeNull()
    expect(nicknameProblem('x'.repeat(33))).toBe('too-long')
    expect(nicknameProblem('a\u0007b')).toBe('control-chars')
    expect(nicknameProblem('🙂'.repeat(32))).toBeNull()
  })
})
