import { describe, expect, it } from 'vitest'
import { QUICK_REACTIONS, singleEmoji } from '../../src/renderer/src/format/emoji'
import { highlightSegments } from '../../src/renderer/src/format/highlight'

describe('one emoji for a reaction', () => {
  it('accepts single emoji, with skin tones, ZWJ sequences, flags and keycaps', () => {
    for (const e of [
      ...QUICK_REACTIONS,
      '🦜',
      '👍🏽',
      '👩‍💻',
      '👨‍👩‍👧‍👦',
      '🏳️‍🌈',
      '🇧🇷',
      '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
      '1️⃣',
      '#️⃣',
      ' 🎉 '
    ]) {
      expect(singleEmoji(e), e).toBe(e.trim())
    }
  })

  it('refuses text, several emoji and nothing', () => {
    for (const e of ['', '  ', 'a', 'ok', '👍👍', '👍 ❤️', '🇧', '1', ':)', '👍a', 'ã']) {
      expect(singleEmoji(e), e).toBeNull()
    }
  })
})

describe('search hit highlighting', () => {
  const show = (text: string, ranges: [number, number][], max?: number) =>
    highlightSegments(text, ranges, max)
      .map((s) => (s.mark ? `[${s.text}]` : s.text))
      .join('')

  it('marks the ranges, made safe', () => {
    expect(show('você vem amanhã?', [[0, 4]])).toBe('[você] vem amanhã?')
    expect(
      show('a b c', [
        [4, 5],
        [0, 1]
      ])
    ).toBe('[a] b [c]')
    // Overlapping, reversed or past the end: merged, dropped, clipped.
    expect(
      show('abcdef', [
        [1, 3],
        [2, 4],
        [5, 2],
        [5, 99]
      ])
    ).toBe('a[bcd]e[f]')
    expect(show('abc', [])).toBe('abc')
  })

  it('cuts a long text around its first match', () => {
    const text = `${'x'.repeat(100)} alvo ${'y'.repeat(100)}`
    const out = show(text, [[101, 105]], 40)
    expect(out).toContain('[alvo]')
    expect(out.startsWith('…')).toBe(true)
    expect(out.endsWith('…')).toBe(true)
    expect(out.replace(/[[\]…]/g, '')).toHaveLength(40)
  })
})
