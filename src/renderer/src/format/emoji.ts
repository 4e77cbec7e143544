import { LIMITS } from '../../../shared/limits'

/** The quick set of reactions, in the order offered. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🎉', '🙏', '👀'] as const

// One emoji: a flag (two regional indicators), a keycap (#, * or a digit, VS16, U+20E3), or a
// pictograph with an optional presentation selector or skin tone, tag sequence (subdivision
// flags) and ZWJ-joined parts (families, professions, "rainbow flag").
const PART = '\\p{Extended_Pictographic}(?:\\uFE0F|\\p{Emoji_Modifier})?'
const EMOJI = new RegExp(
  '^(?:' +
    '\\p{Regional_Indicator}{2}' +
    '|[#*0-9]\\uFE0F?\\u20E3' +
    `|${PART}(?:[\\u{E0020}-\\u{E007E}]+\\u{E007F})?(?:\\u200D${PART})*` +
    ')$',
  'u'
)

// U+FE0F asks for an emoji's colour look. After a character drawn that way anyway it changes
// nothing on screen, yet "👍" and "👍️" are different strings: two chips for one reaction.
const REDUNDANT_SELECTOR = /(\p{Emoji_Presentation})\uFE0F/gu
// A character drawn as text unless asked (❤, ☺, the digit of a keycap), not asked.
const BARE_TEXT_DEFAULT = /(?!\p{Emoji_Presentation})(\p{Emoji})(?![\uFE0F\p{Emoji_Modifier}])/gu

/**
 * One spelling per emoji, Unicode's "fully qualified" one: U+FE0F after a character that is text
 * by default and has no skin tone, none elsewhere. emojibase writes "👍️" where the quick set
 * (and Unicode) writes "👍"; this way both react with the same emoji.
 */
export function canonicalEmoji(emoji: string): string {
  return emoji.replace(REDUNDANT_SELECTOR, '$1').replace(BARE_TEXT_DEFAULT, '$1\uFE0F')
}

/**
 * The one emoji typed or pasted (into the emoji picker's search), or null when it is not exactly
 * one (text, two emoji, nothing). The host checks again; this only spares the person a round trip.
 */
export function singleEmoji(input: string): string | null {
  const value = input.trim()
  if (value.length === 0 || value.length > LIMITS.reactionMax) return null
  if (!EMOJI.test(value)) return null
  const emoji = canonicalEmoji(value)
  return emoji.length <= LIMITS.reactionMax ? emoji : null
}
