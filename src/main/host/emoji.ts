/**
 * One emoji as people pick it: a pictograph with its presentation selector or skin tone (and
 * the tag sequence of a subdivision flag), several joined by ZWJ (families, professions), a pair
 * of regional indicators (a country flag) or a keycap. A reaction must be exactly one, so a
 * letter, a word or two emoji side by side cannot be stored as one.
 */
const PICTOGRAPH = String.raw`\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?(?:[\u{E0020}-\u{E007E}]+\u{E007F})?`
const ZWJ_SEQUENCE = String.raw`${PICTOGRAPH}(?:\u200D${PICTOGRAPH})*`
const FLAG = String.raw`\p{Regional_Indicator}{2}`
const KEYCAP = String.raw`[0-9#*]\uFE0F?\u20E3`
const ONE_EMOJI = new RegExp(`^(?:${ZWJ_SEQUENCE}|${FLAG}|${KEYCAP})$`, 'u')

export function isSingleEmoji(text: string): boolean {
  return ONE_EMOJI.test(text)
}
