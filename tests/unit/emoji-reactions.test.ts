import { describe, expect, it } from 'vitest'
import { isSingleEmoji } from '../../src/main/host/emoji'
import { placePopover } from '../../src/renderer/src/components/popover-position'
import { canonicalEmoji } from '../../src/shared/emoji-spelling'
import { QUICK_REACTIONS, singleEmoji } from '../../src/renderer/src/format/emoji'
import {
  inTone,
  loadEmojiIndex,
  searchEmoji,
  type EmojiEntry
} from '../../src/renderer/src/format/emoji-search'
import { LIMITS } from '../../src/shared/limits'

// Issue #14: reactions through the full emoji picker. Whatever the picker offers (any emoji, in
// any skin tone) must be one reaction the host accepts, spelled one way only.

const byEmoji = (index: readonly EmojiEntry[], emoji: string) =>
  index.find((e) => e.emoji === emoji) as EmojiEntry

describe('one spelling per emoji', () => {
  it('drops U+FE0F where the emoji look is the default and adds it where it is not', () => {
    expect(canonicalEmoji('👍\uFE0F')).toBe('👍')
    expect(canonicalEmoji('😐\uFE0F')).toBe('😐')
    expect(canonicalEmoji('❤')).toBe('❤\uFE0F')
    expect(canonicalEmoji('1\u20E3')).toBe('1\uFE0F\u20E3')
    expect(canonicalEmoji('🏳\u200D🌈')).toBe('🏳\uFE0F\u200D🌈')
    expect(canonicalEmoji('👁\u200D🗨')).toBe('👁\uFE0F\u200D🗨\uFE0F')
    // A skin tone is the emoji look already.
    expect(canonicalEmoji('☝🏻')).toBe('☝🏻')
    for (const emoji of [...QUICK_REACTIONS, '👩🏽‍💻', '🇧🇷', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🧔‍♂️']) {
      expect(canonicalEmoji(emoji), emoji).toBe(emoji)
    }
    // So the picker's 👍 and a pasted "👍️" are the quick set's 👍: one chip, not two.
    expect(singleEmoji(' 👍\uFE0F ')).toBe('👍')
  })

  it.each(['en', 'pt-BR'])(
    'offers (%s) only emoji the host takes as one reaction, skin tones included',
    async (language) => {
      const index = await loadEmojiIndex(language)
      const all = index.flatMap((e) => [e.emoji, ...(e.skins ?? []).map((s) => s.emoji)])
      expect(all.length).toBeGreaterThan(3500)
      const refused = all.filter(
        (emoji) =>
          !isSingleEmoji(emoji) ||
          emoji.length > LIMITS.reactionMax ||
          singleEmoji(emoji) !== emoji ||
          canonicalEmoji(emoji) !== emoji
      )
      expect(refused).toEqual([])
      // The quick set is among them, spelled the same.
      for (const quick of QUICK_REACTIONS) expect(byEmoji(index, quick), quick).toBeTruthy()
    }
  )
})

describe('skin tones', () => {
  it('puts an emoji in the tone chosen, every person of it, and leaves the others', async () => {
    const en = await loadEmojiIndex('en')
    expect(inTone(byEmoji(en, '👍'), 3)).toMatchObject({
      emoji: '👍🏽',
      label: 'thumbs up: medium skin tone'
    })
    expect(inTone(byEmoji(en, '👍'), 0).emoji).toBe('👍')
    expect(inTone(byEmoji(en, '👍'), 5).emoji).toBe('👍🏿')
    // Two people: both in that tone, not the first mixed pair.
    expect(inTone(byEmoji(en, '🤝'), 2).emoji).toBe('🤝🏼')
    expect(inTone(byEmoji(en, '🧑‍🤝‍🧑'), 4).emoji).toBe('🧑🏾‍🤝‍🧑🏾')
    expect(inTone(byEmoji(en, '❤️'), 3).emoji).toBe('❤️')
  })

  it('finds a pasted emoji as itself, tone and all', async () => {
    const pt = await loadEmojiIndex('pt-BR')
    expect(searchEmoji(pt, ' 👍🏽 ')).toMatchObject([
      { emoji: '👍🏽', label: 'polegar para cima: pele morena', skins: undefined }
    ])
    expect(searchEmoji(pt, '👍\uFE0F').map((e) => e.emoji)).toEqual(['👍'])
    // Not in the data (newer than it, say): still offered, named by itself.
    expect(searchEmoji(pt, '🫨🏽')).toMatchObject([{ emoji: '🫨🏽', label: '🫨🏽' }])
    expect(searchEmoji([], '🦜')).toMatchObject([{ emoji: '🦜', label: '🦜' }])
    // Two emoji or text are a search as before.
    expect(searchEmoji(pt, '👍👍')).toEqual([])
    expect(searchEmoji(pt, 'coração', 3).map((e) => e.emoji)).toContain('❤️')
  })
})

describe('a floating popover', () => {
  const size = { width: 320, height: 300 }
  const window = { width: 1000, height: 800 }
  const anchor = (top: number, left: number, width = 30, height = 30) => ({
    top,
    left,
    right: left + width,
    bottom: top + height
  })

  it('goes under its anchor when it fits, towards the middle of the window', () => {
    // Right half: right edges lined up; left half: left edges.
    expect(placePopover(anchor(100, 600), size, window)).toEqual({ top: 138, left: 310 })
    expect(placePopover(anchor(100, 300), size, window)).toEqual({ top: 138, left: 300 })
  })

  it('goes above when there is no room under', () => {
    expect(placePopover(anchor(600, 600), size, window)).toEqual({ top: 292, left: 310 })
  })

  it('stays inside the window at its edges', () => {
    expect(placePopover(anchor(100, 0, 10), size, window).left).toBe(8)
    expect(placePopover(anchor(100, 990, 30), size, window).left).toBe(1000 - 8 - 320)
    const narrow = { width: 400, height: 800 }
    expect(placePopover(anchor(100, 150), size, narrow).left).toBe(400 - 8 - 320)
  })

  it('takes the side with more room when neither fits, kept inside', () => {
    const short = { width: 1000, height: 500 }
    expect(placePopover(anchor(170, 600), size, short)).toEqual({ top: 192, left: 310 })
    expect(placePopover(anchor(300, 600), size, short)).toEqual({ top: 8, left: 310 })
    // Bigger than the window: its top left corner shows.
    expect(placePopover(anchor(10, 5), { width: 600, height: 900 }, short)).toEqual({
      top: 8,
      left: 8
    })
  })
})
