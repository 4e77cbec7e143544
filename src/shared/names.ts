import prototypes from 'unhomoglyph/data.json'
import { LIMITS } from './limits'

/**
 * Rules for names people pick (nicknames, room names) so that what one person sees is what
 * everyone sees: no hidden characters, nothing that reorders the text around it, and no second
 * "Ana" made of look-alike letters.
 */

export type NameProblem =
  'empty' | 'too-long' | 'control-chars' | 'bidi-controls' | 'invisible-chars' | 'no-visible-char'

/**
 * Every Unicode White_Space character but NEL (U+0085): NEL is a C1 control people never type,
 * so it is refused rather than quietly turned into a space. Not `\s`, which also eats U+FEFF (a
 * zero-width character that must be refused, not trimmed).
 */
const SPACES = /[\t-\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu

/** NFC, with runs of any kind of space made one plain space and none at either end. */
export function cleanName(raw: string): string {
  return raw.normalize('NFC').replace(SPACES, ' ').replace(/^ | $/g, '')
}

const CONTROL = /\p{Cc}/u

/** Embeddings, overrides, isolates and the implicit marks: each can reorder text next to it. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u

/**
 * Characters that draw nothing or have no agreed glyph: format characters (Cf: zero-width
 * space, joiners, word joiner, soft hyphen, tags…), Default_Ignorable code points (Hangul
 * fillers, variation selectors, U+180E, U+034F…), private use, lone surrogates, noncharacters,
 * and the blanks that are "symbols" in Unicode's eyes (braille blank, musical null notehead).
 */
const INVISIBLE =
  /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Co}\p{Cs}\p{Noncharacter_Code_Point}\u2800\u{1d159}]/u

/** Viramas of the Indic scripts where a joiner after one picks a conjunct or a half form. */
const VIRAMA = '[\\u094d\\u09cd\\u0a4d\\u0acd\\u0b4d\\u0bcd\\u0c4d\\u0ccd\\u0d4d\\u0dca]'
const TAG_SPEC = '[\\u{e0030}-\\u{e0039}\\u{e0061}-\\u{e007a}]'

/**
 * The invisible characters that real text needs, each only where it does something visible.
 * They are removed (on the original string, so no rule sees another's removal) before the
 * INVISIBLE test; anything of that class left over is out of place.
 */
const NEEDED_INVISIBLES = new RegExp(
  [
    // Emoji ZWJ sequences (👩‍💻, 👨‍👩‍👧, 🏳️‍🌈, 🏃🏽‍♀️): a joiner between two pictographs, the
    // first possibly with its skin tone or its emoji-style selector.
    '(?<=\\p{Extended_Pictographic}(?:\\p{Emoji_Modifier}|\\uFE0F)?)\\u200D(?=\\p{Extended_Pictographic})',
    // Emoji or text style for a character that has both (❤️, ☺︎, keycaps 1️⃣).
    '(?<=\\p{Emoji})[\\uFE0E\\uFE0F]',
    // Subdivision flags (🏴󠁧󠁢󠁳󠁣󠁴󠁿): tag letters after the black flag, closed by CANCEL TAG.
    `(?<=\\u{1F3F4})${TAG_SPEC}{1,16}\\u{E007F}`,
    // Indic conjuncts and half forms (ශ්‍රී, Malayalam chillus): a joiner right after a virama,
    // as RFC 5892 allows in domain names.
    `(?<=${VIRAMA})[\\u200C\\u200D]`,
    // Persian and other Arabic-script writing: a non-joiner between two letters (علی‌رضا).
    '(?<=(?=\\p{L})\\p{Script=Arabic}\\p{Mn}*)\\u200C(?=\\p{Mn}*(?=\\p{L})\\p{Script=Arabic})',
    // Ideographic variants (IVS) of a name's kanji, and Mongolian free variation selectors.
    '(?<=\\p{Ideographic})[\\uFE00-\\uFE0D\\u{E0100}-\\u{E01EF}]',
    '(?<=(?=\\p{L})\\p{Script=Mongolian})[\\u180B-\\u180D\\u180F]'
  ].join('|'),
  'gu'
)

/** Something a reader can see: a letter, digit, punctuation or symbol (marks need a base). */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u

/** What is wrong with a name, judged on its cleaned form ({@link cleanName}); null if nothing. */
export function nameProblem(raw: string, maxLength: number): NameProblem | null {
  const name = cleanName(raw)
  if (name.length === 0) return 'empty'
  // Code points, so an emoji counts once (a ZWJ sequence counts each of its parts).
  if ([...name].length > maxLength) return 'too-long'
  if (CONTROL.test(name)) return 'control-chars'
  if (BIDI_CONTROLS.test(name)) return 'bidi-controls'
  if (INVISIBLE.test(name.replace(NEEDED_INVISIBLES, ''))) return 'invisible-chars'
  if (!VISIBLE.test(name)) return 'no-visible-char'
  return null
}

export type NameKind = 'nickname' | 'room name'

/** The sentence shown to the person who picked the name. */
export function nameProblemMessage(
  problem: NameProblem,
  kind: NameKind,
  maxLength: number
): string {
  const a = kind === 'nickname' ? 'A nickname' : 'A room name'
  switch (problem) {
    case 'empty':
      return kind === 'nickname' ? 'A nickname cannot be empty.' : 'Give the room a name.'
    case 'too-long':
      return `${a} has at most ${maxLength} characters.`
    case 'control-chars':
      return `${a} cannot contain control characters.`
    case 'bidi-controls':
      return `${a} cannot contain text-direction controls (characters that reorder the text).`
    case 'invisible-chars':
      return `${a} cannot contain invisible characters, such as zero-width spaces.`
    case 'no-visible-char':
      return `${a} needs at least one visible letter, digit or symbol.`
  }
}

/**
 * Why a room name cannot be used, or null: for roomNameSchema, which checks the length itself
 * first (with its own TOO_LONG answer).
 */
export function roomNameProblemMessage(name: string): string | null {
  const problem = nameProblem(name, LIMITS.roomNameMax)
  return problem === null ? null : nameProblemMessage(problem, 'room name', LIMITS.roomNameMax)
}

/**
 * Case folding close to Unicode's full folding (ß → ss, ﬀ → ff, final σ → σ) without a table:
 * upper then lower. Not locale-aware on purpose: a Turkish host must key names like any other.
 */
const fold = (text: string): string => text.toUpperCase().toLowerCase()

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu

/**
 * confusables.txt (Unicode 13.0, as the unhomoglyph package ships it): each look-alike code
 * point → its prototype. Only read inside nameSkeleton, so bundles that never compute a
 * skeleton (the renderer, the preload) can leave the 100 KB table out.
 */
const PROTOTYPES: Readonly<Record<string, string>> = prototypes

function mapToPrototypes(text: string): string {
  let out = ''
  for (const ch of text) out += (Object.hasOwn(PROTOTYPES, ch) ? PROTOTYPES[ch] : null) ?? ch
  return out
}

/**
 * The key two names are compared by: equal keys mean people could take one name for the other.
 * UTS #39's skeleton (NFD, drop default-ignorables, map each character to its confusables.txt
 * prototype, NFD) of the cleaned, NFKC-normalised, case-folded name, folded again after mapping
 * (prototypes may be capitals: 0 → O) until nothing changes. So "Ana", "ANA", "Аna" (Cyrillic
 * А), "Ａｎａ" (full width) and "Ana" + U+200B share one key; "Ina" does not.
 *
 * Diacritics are kept, as the standard does (NFD leaves the accent as its own mark, which maps
 * to itself): "José" and "Jose", "Ána" and "Ana" are different people. Some ASCII is confusable
 * too: "m" and "rn", "l" and "1", "o" and "0" share a key. Not for display: it mixes scripts.
 */
export function nameSkeleton(name: string): string {
  let key = fold(cleanName(name).normalize('NFKC')).normalize('NFKC')
  // Prototypes are themselves prototypes, so this settles in two rounds; the cap is a guard.
  for (let round = 0; round < 4; round++) {
    const next = fold(
      mapToPrototypes(key.normalize('NFD').replace(DEFAULT_IGNORABLE, '')).normalize('NFD')
    )
    if (next === key) break
    key = next
  }
  return key
}
