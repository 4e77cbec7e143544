/**
 * Words as the full-text index sees them (SQLite's unicode61 tokenizer: letters, digits and,
 * with remove_diacritics, combining marks; everything else separates), so the host can build a
 * MATCH from plain words and find in a text where they matched.
 */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu

/** Accents and case do not matter: "Você" and "voce" fold to the same thing. */
export const fold = (word: string): string =>
  word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

/** The folded words of a query, each once, in order; those that fold to nothing are dropped. */
export function queryWords(query: string): string[] {
  const words = (query.match(WORD) ?? []).map(fold).filter((w) => w.length > 0)
  return [...new Set(words)]
}

/**
 * An FTS5 MATCH of every word as a prefix ("caf" finds "café"). Each is quoted, so nothing the
 * person typed is read as FTS5 syntax (NEAR, OR, column filters, a stray quote). Empty words give
 * null: nothing to search for.
 */
export function matchExpression(words: readonly string[]): string | null {
  if (words.length === 0) return null
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' AND ')
}

/**
 * [start, end) of each word of `text` (UTF-16 units, offsets in the text as it is) that starts
 * with one of the folded query words, in order: what a search hit highlights. At most `max`.
 */
export function matchRanges(
  text: string,
  words: readonly string[],
  max: number
): [number, number][] {
  const ranges: [number, number][] = []
  for (const match of text.matchAll(WORD)) {
    if (ranges.length >= max) break
    const folded = fold(match[0])
    if (words.some((w) => folded.startsWith(w))) {
      ranges.push([match.index, match.index + match[0].length])
    }
  }
  return ranges
}
