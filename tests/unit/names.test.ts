import { describe, expect, it } from 'vitest'
import {
  cleanName,
  nameProblem,
  nameSkeleton,
  roomNameProblemMessage,
  type NameProblem
} from '../../src/shared/names'
import { checkNickname, nicknameKey, nicknameProblem } from '../../src/shared/nickname'
import { rekeyPlan } from '../../src/main/store/rekey-nicknames'
import { LIMITS } from '../../src/shared/limits'

const max = LIMITS.nicknameMax

describe('names that pose as "Ana"', () => {
  // Each was accepted next to "Ana" before: now refused, or keyed as "Ana" (so taken).
  const impostors: [string, string, NameProblem | 'same-key'][] = [
    ['zero-width space suffix', 'Ana\u200b', 'invisible-chars'],
    ['zero-width joiner inside', 'A\u200dna', 'invisible-chars'],
    ['zero-width no-break space', 'Ana\ufeff', 'invisible-chars'],
    ['word joiner', 'An\u2060a', 'invisible-chars'],
    ['soft hyphen', 'A\u00adna', 'invisible-chars'],
    ['Cyrillic А', '\u0410na', 'same-key'],
    ['Cyrillic а inside', 'An\u0430', 'same-key'],
    ['Greek Α', '\u0391na', 'same-key'],
    ['full width', 'Ａｎａ', 'same-key'],
    ['capitals', 'ANA', 'same-key'],
    ['mathematical bold', '𝐀𝐧𝐚', 'same-key'],
    ['ideographic and no-break spaces around', '\u3000Ana\u00a0', 'same-key'],
    ['only zero-width characters', '\u200b\u200c\u200d', 'invisible-chars'],
    ['only a right-to-left override', '\u202e', 'bidi-controls'],
    ['right-to-left override before', '\u202eanA', 'bidi-controls'],
    ['left-to-right embedding', '\u202aAna\u202c', 'bidi-controls'],
    ['bidi isolates', '\u2066Ana\u2069', 'bidi-controls'],
    ['first-strong isolate', '\u2068Ana\u2069', 'bidi-controls'],
    ['right-to-left mark', 'Ana\u200f', 'bidi-controls'],
    ['left-to-right mark', '\u200eAna', 'bidi-controls'],
    ['Arabic letter mark', 'Ana\u061c', 'bidi-controls'],
    ['C1 next line', 'Ana\u0085', 'control-chars'],
    ['C1 control sequence introducer', 'Ana\u009b', 'control-chars'],
    ['C0 bell', 'A\u0007na', 'control-chars'],
    ['delete', 'Ana\u007f', 'control-chars'],
    ['tag characters', 'Ana\u{e0041}\u{e007f}', 'invisible-chars'],
    ['Hangul filler', 'Ana\u3164', 'invisible-chars'],
    ['only a Hangul filler', '\u3164', 'invisible-chars'],
    ['halfwidth Hangul filler', '\uffa0', 'invisible-chars'],
    ['Hangul choseong filler', '\u115f', 'invisible-chars'],
    ['Hangul jungseong filler', '\u1160', 'invisible-chars'],
    ['braille blank', '\u2800', 'invisible-chars'],
    ['Mongolian vowel separator', 'Ana\u180e', 'invisible-chars'],
    ['variation selector alone', '\ufe0f', 'invisible-chars'],
    ['variation selector after a letter', 'Ana\ufe0f', 'invisible-chars'],
    ['combining grapheme joiner', 'An\u034fa', 'invisible-chars'],
    ['private use', 'Ana\ue000', 'invisible-chars'],
    ['lone surrogate', 'Ana\ud800', 'invisible-chars'],
    ['only a combining accent', '\u0301', 'no-visible-char']
  ]

  it.each(impostors)('%s is refused or keyed as Ana', (_what, name, expected) => {
    if (expected === 'same-key') {
      expect(nameProblem(name, max)).toBeNull()
      expect(nameSkeleton(name)).toBe(nameSkeleton('Ana'))
    } else {
      expect(nameProblem(name, max)).toBe(expected)
    }
  })

  it('keys the refused ones as Ana too, whatever lets them through later', () => {
    for (const name of ['Ana\u200b', '\u2066Ana\u2069', 'Ana\u{e0041}\u{e007f}', 'Ana\u3164']) {
      expect(nameSkeleton(name)).toBe(nameSkeleton('Ana'))
    }
  })
})

describe('real names', () => {
  const people = [
    'Ana',
    'Ina',
    'José',
    'Jose',
    'Zoë',
    'Straße',
    '김민준',
    'محمد',
    'علی‌رضا', // Persian, with a zero-width non-joiner between two letters
    'ශ්‍රී', // Sinhala "Sri", with a joiner after the virama
    '山田',
    '葛\u{e0100}飾', // an ideographic variation selector on a kanji
    'Ana Maria',
    'Ana-Maria',
    "O'Neil",
    '👩‍💻',
    '👨‍👩‍👧',
    '🏳️‍🌈',
    '🏃🏽‍♀️',
    '❤️',
    '1️⃣',
    '🇧🇷',
    '🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}', // Scotland's flag
    'Ana 🙂'
  ]

  it.each(people)('%s is accepted', (name) => {
    expect(nameProblem(name, max)).toBeNull()
  })

  it('stay apart where people tell them apart', () => {
    const distinct = [
      'Ana',
      'Ina',
      'Ána',
      'José',
      'Jose',
      'Zoë',
      'Zoe',
      '김민준',
      '김민수',
      'محمد',
      'أحمد',
      '山田',
      '田中',
      'Ana Maria',
      'AnaMaria',
      '👩‍💻',
      '👨‍👩‍👧',
      '🇧🇷',
      '🇵🇹'
    ]
    expect(new Set(distinct.map(nameSkeleton)).size).toBe(distinct.length)
  })

  it('follow UTS #39 where it merges look-alikes in plain text too', () => {
    expect(nameSkeleton('Straße')).toBe(nameSkeleton('STRASSE'))
    expect(nameSkeleton('rn')).toBe(nameSkeleton('m'))
    expect(nameSkeleton('Ana1')).toBe(nameSkeleton('Anal'))
    expect(nameSkeleton('B0b')).toBe(nameSkeleton('Bob'))
    // A composed and a decomposed é are one letter.
    expect(nameSkeleton('Jos\u00e9')).toBe(nameSkeleton('Jose\u0301'))
  })

  it('count length in code points, up to the limit', () => {
    expect(nameProblem('x'.repeat(max), max)).toBeNull()
    expect(nameProblem('x'.repeat(max + 1), max)).toBe('too-long')
    expect(nameProblem('🙂'.repeat(max), max)).toBeNull()
  })
})

describe('cleanName', () => {
  it('composes, and makes any run of spaces one plain space', () => {
    expect(cleanName('  Ana \u3000\u00a0 Maria\t')).toBe('Ana Maria')
    expect(cleanName('Jose\u0301')).toBe('Jos\u00e9')
    expect(cleanName('Ana\nMaria')).toBe('Ana Maria')
  })

  it('leaves zero-width characters in, to be refused rather than hidden', () => {
    expect(cleanName('\ufeffAna\u200b')).toBe('\ufeffAna\u200b')
    expect(cleanName('Ana\u0085')).toBe('Ana\u0085')
  })

  it('leaves nothing of a name made of spaces', () => {
    expect(nameProblem(' \u3000\u2003 ', max)).toBe('empty')
  })
})

describe('nicknames and room names', () => {
  it('key nicknames by skeleton, after cleaning', () => {
    expect(nicknameKey('  Ana ')).toBe(nicknameKey('\u0410NA'))
    expect(nicknameKey('Ana')).not.toBe(nicknameKey('Ana Clara'))
  })

  it('explain each refusal in a sentence', () => {
    const refusals = ['', 'x'.repeat(max + 1), 'a\u0007', '\u202e', 'Ana\u200b', '\u0301']
    const messages = refusals.map((name) => {
      const checked = checkNickname(name)
      expect(checked.ok).toBe(false)
      if (checked.ok) return ''
      expect(checked.error.code).toBe('NICKNAME_INVALID')
      return checked.error.message
    })
    expect(new Set(messages).size).toBe(refusals.length)
    expect(messages[3]).toMatch(/text-direction/)
    expect(messages[4]).toMatch(/invisible/)
    expect(checkNickname('  Zoë ')).toEqual({ ok: true, data: 'Zoë' })
    expect(nicknameProblem('Ana\u0085')).toBe('control-chars')
  })

  it('apply the same rules to room names', () => {
    expect(roomNameProblemMessage('Sala 3 🎉')).toBeNull()
    expect(roomNameProblemMessage('x'.repeat(LIMITS.roomNameMax))).toBeNull()
    expect(roomNameProblemMessage('Sala\u200b')).toBe(
      'A room name cannot contain invisible characters, such as zero-width spaces.'
    )
    expect(roomNameProblemMessage('\u202eSala')).toMatch(/^A room name cannot/)
    expect(roomNameProblemMessage('Sala\u009b')).toBe(
      'A room name cannot contain control characters.'
    )
  })
})

describe('rekeyPlan', () => {
  const ana = { id: 'u-ana', nickname: 'Ana', createdAt: 100 }
  const cyrillic = { id: 'u-cyr', nickname: '\u0410na', createdAt: 200 }
  const wide = { id: 'u-wide', nickname: 'Ａｎａ', createdAt: 300 }
  const bia = { id: 'u-bia', nickname: 'Bia', createdAt: 50 }

  it('gives the oldest holder the plain skeleton and suffixes later look-alikes', () => {
    expect(rekeyPlan([wide, cyrillic, bia, ana])).toEqual([
      { id: 'u-bia', key: nicknameKey('Bia') },
      { id: 'u-ana', key: nicknameKey('Ana') },
      { id: 'u-cyr', key: `${nicknameKey('Ana')}#u-cyr` },
      { id: 'u-wide', key: `${nicknameKey('Ana')}#u-wide` }
    ])
  })

  it('lets an older look-alike keep the name over a newer original', () => {
    const plan = rekeyPlan([ana, { ...cyrillic, createdAt: 1 }])
    expect(plan).toEqual([
      { id: 'u-cyr', key: nicknameKey('Ana') },
      { id: 'u-ana', key: `${nicknameKey('Ana')}#u-ana` }
    ])
  })

  it('breaks a tie in age by id, so every run plans the same', () => {
    const twin = { ...cyrillic, createdAt: ana.createdAt }
    expect(rekeyPlan([twin, ana])).toEqual(rekeyPlan([ana, twin]))
  })

  it('always yields keys that fit a UNIQUE column', () => {
    // Someone whose nickname's skeleton already spells another's suffixed key.
    const sly = { id: 'u-sly', nickname: 'ana#u-cyr', createdAt: 400 }
    const plan = rekeyPlan([ana, cyrillic, wide, bia, sly, { ...ana, id: 'u-ana2' }])
    expect(new Set(plan.map((p) => p.key)).size).toBe(plan.length)
    expect(plan.find((p) => p.id === 'u-sly')?.key).toBe('ana#u-cyr')
    expect(plan.find((p) => p.id === 'u-cyr')?.key).toBe('ana#u-cyr#')
    expect(plan.map((p) => p.id).sort()).toEqual(
      ['u-ana', 'u-ana2', 'u-bia', 'u-cyr', 'u-sly', 'u-wide'].sort()
    )
  })

  it('plans nothing for nobody', () => {
    expect(rekeyPlan([])).toEqual([])
  })
})
