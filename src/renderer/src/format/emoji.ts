import { canonicalEmoji } from '../../../shared/emoji-spelling'
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
