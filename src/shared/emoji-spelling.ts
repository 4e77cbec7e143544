// U+FE0F asks for an emoji's colour look. After a character drawn that way anyway it changes
// nothing on screen, yet "👍" and "👍️" are different strings: two chips for one reaction.
const REDUNDANT_SELECTOR = /(\p{Emoji_Presentation})\uFE0F/gu
// A character drawn as text unless asked (❤, ☺, the digit of a keycap), not asked.
const BARE_TEXT_DEFAULT = /(?!\p{Emoji_Presentation})(\p{Emoji})(?![\uFE0F\p{Emoji_Modifier}])/gu

/**
 * One spelling per emoji, Unicode's "fully qualified" one: U+FE0F after a character that is text
 * by default and has no skin tone, none elsewhere. emojibase writes "👍️" where the quick set
 * (and Unicode) writes "👍"; the app picks this spelling and the host stores only this one, so
 * both react with the same emoji whoever sent it.
 */
export function canonicalEmoji(emoji: string): string {
  return emoji.replace(REDUNDANT_SELECTOR, '$1').replace(BARE_TEXT_DEFAULT, '$1\uFE0F')
}
