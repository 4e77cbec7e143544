import { canonicalEmoji } from '../../../shared/emoji-spelling'
import { QUICK_REACTIONS, singleEmoji } from './emoji'

/**
 * Emoji search for the composer's picker and its `:shortcode:` completion, over emojibase's data:
 * names and keywords in the app's language (CLDR annotations) and GitHub's shortcodes. The data is
 * loaded on first use, in its own chunk per language, so it does not weigh on the app's start.
 */

/** A skin tone, as the picker offers it: none (the yellow default), then light to dark. */
export type SkinTone = 0 | 1 | 2 | 3 | 4 | 5

export const SKIN_TONES: readonly SkinTone[] = [0, 1, 2, 3, 4, 5]

export interface EmojiVariant {
  emoji: string
  label: string
}

export interface EmojiEntry {
  /** The emoji itself, as inserted (Unicode's fully qualified spelling, see `canonicalEmoji`). */
  emoji: string
  /** Its name in the app's language ("coração vermelho"). */
  label: string
  /** Its skin-tone variants, for the ones that have them ("👍🏽"). */
  skins?: readonly EmojiVariant[]
  /** GitHub's shortcodes, without colons ("heart"). */
  shortcodes: readonly string[]
  /** The name, keywords and shortcodes, lower case, accents removed, one per line. */
  haystack: string
  order: number
  /** One of the quick reactions, the most used emoji: first among equal matches. */
  common: boolean
}

/** The subset of emojibase's compact entry that the picker reads. */
interface CompactEmoji {
  hexcode: string
  label: string
  unicode: string
  group?: number
  order?: number
  tags?: string[]
  skins?: { label: string; unicode: string }[]
}

/** emojibase's group 2 holds components (skin tones, hair), not emoji to send. */
const COMPONENT_GROUP = 2

const bare = (emoji: string): string => emoji.replace(/\uFE0F/g, '')
const COMMON = new Set<string>(QUICK_REACTIONS.map(bare))

/** Lower case without accents, so "coracao" finds "coração" and "Cafe" finds "café". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase()
}

export function buildEmojiIndex(
  data: readonly CompactEmoji[],
  shortcodes: Readonly<Record<string, string | string[]>>
): EmojiEntry[] {
  const entries: EmojiEntry[] = []
  for (const item of data) {
    if (item.group === undefined || item.group === COMPONENT_GROUP) continue
    const codes = shortcodes[item.hexcode] ?? []
    const list = typeof codes === 'string' ? [codes] : codes
    entries.push({
      emoji: canonicalEmoji(item.unicode),
      label: item.label,
      ...(item.skins && {
        skins: item.skins.map((s) => ({ emoji: canonicalEmoji(s.unicode), label: s.label }))
      }),
      shortcodes: list,
      haystack: foldText([item.label, ...(item.tags ?? []), ...list].join('\n')),
      order: item.order ?? Number.MAX_SAFE_INTEGER,
      common: COMMON.has(bare(item.unicode))
    })
  }
  return entries.sort((a, b) => a.order - b.order)
}

const MODIFIERS = /\p{Emoji_Modifier}/gu

/**
 * The entry in a skin tone: the variant whose every person has that tone (🤝 medium is "🤝🏽",
 * not a handshake of two tones), else the entry as it is.
 */
export function inTone(entry: EmojiEntry, tone: SkinTone): EmojiEntry {
  if (tone === 0 || !entry.skins) return entry
  const modifier = String.fromCodePoint(0x1f3fa + tone)
  const variant = entry.skins.find((s) => {
    const tones = s.emoji.match(MODIFIERS) ?? []
    return tones.length > 0 && tones.every((m) => m === modifier)
  })
  return variant ? { ...entry, emoji: variant.emoji, label: variant.label } : entry
}

/** The data's language for the app's: emojibase names Brazilian Portuguese `pt`. */
function dataLocale(language: string): 'pt' | 'en' {
  return language.toLowerCase().startsWith('pt') ? 'pt' : 'en'
}

const loaded = new Map<string, EmojiEntry[]>()
const loading = new Map<string, Promise<EmojiEntry[]>>()

/** The index for a language once it has been loaded, else null (see `loadEmojiIndex`). */
export function cachedEmojiIndex(language: string): EmojiEntry[] | null {
  return loaded.get(dataLocale(language)) ?? null
}

export function loadEmojiIndex(language: string): Promise<EmojiEntry[]> {
  const locale = dataLocale(language)
  const pending = loading.get(locale)
  if (pending) return pending
  const promise = Promise.all([
    locale === 'pt'
      ? import('emojibase-data/pt/compact.json')
      : import('emojibase-data/en/compact.json'),
    import('emojibase-data/en/shortcodes/github.json')
  ]).then(([data, codes]) => {
    const index = buildEmojiIndex(data.default, codes.default)
    loaded.set(locale, index)
    return index
  })
  loading.set(locale, promise)
  // A failed load (it should not: the data ships with the app) may be tried again later.
  promise.catch(() => loading.delete(locale))
  return promise
}

/**
 * How well an entry matches every word of the query, lower is better; null when one word is not
 * found. A shortcode that is the query ranks first, then names that start with it, then any word
 * of the name, keywords or shortcodes that starts with it, then a match inside a word.
 */
function rank(entry: EmojiEntry, query: string, words: readonly string[]): number | null {
  let worst = 0
  for (const word of words) {
    const at = entry.haystack.indexOf(word)
    if (at < 0) return null
    const before = entry.haystack[at - 1]
    const wordStart = at === 0 || before === undefined || /[\s\n_:-]/.test(before)
    worst = Math.max(worst, wordStart ? 2 : 3)
  }
  if (entry.shortcodes.some((c) => c === query)) return 0
  if (foldText(entry.label).startsWith(query)) return Math.min(worst, 1)
  return worst
}

/** The entries that match the query (name, keywords or shortcode, accents ignored), best first. */
export function searchEmoji(
  index: readonly EmojiEntry[],
  query: string,
  max = Infinity
): EmojiEntry[] {
  // An emoji pasted (or typed with the system's picker) is its own result, tone and all.
  const pasted = singleEmoji(query)
  if (pasted !== null) return [pastedEntry(index, pasted)]
  const q = foldText(query.trim())
  if (q === '') return index.slice(0, max)
  const words = q.split(/\s+/)
  const found: { entry: EmojiEntry; rank: number }[] = []
  for (const entry of index) {
    const r = rank(entry, q, words)
    if (r !== null) found.push({ entry, rank: r })
  }
  // The sort is stable, so entries of one rank keep emojibase's order (faces, hearts, hands…).
  found.sort((a, b) => a.rank - b.rank || Number(b.entry.common) - Number(a.entry.common))
  return found.slice(0, max).map((f) => f.entry)
}

function pastedEntry(index: readonly EmojiEntry[], emoji: string): EmojiEntry {
  for (const entry of index) {
    if (entry.emoji === emoji) return entry
    const variant = entry.skins?.find((s) => s.emoji === emoji)
    // The variant on its own: the picker's tone does not apply to what was pasted.
    if (variant) return { ...entry, ...variant, skins: undefined }
  }
  return { emoji, label: emoji, shortcodes: [], haystack: '', order: 0, common: false }
}

/** The `:…` being typed just before the caret, for the composer's emoji suggestions. */
export interface ShortcodeQuery {
  /** Index of the `:`. */
  start: number
  query: string
}

const MAX_SHORTCODE = 32
// Two or more characters of a shortcode, starting with a letter: `:)` and `10:30` stay text.
const SHORTCODE_QUERY = /^\p{L}[\p{L}\p{N}_+-]+$/u

export function shortcodeQueryAt(text: string, caret: number): ShortcodeQuery | null {
  const from = Math.max(0, caret - MAX_SHORTCODE - 1)
  for (let i = caret - 1; i >= from; i--) {
    if (text[i] !== ':') continue
    const before = text[i - 1]
    // Only at a word start: not "ratio:abc" or a URL's "http://".
    if (before !== undefined && !/[\s([{"'“‘]/.test(before)) return null
    const query = text.slice(i + 1, caret)
    return SHORTCODE_QUERY.test(query) ? { start: i, query } : null
  }
  return null
}
