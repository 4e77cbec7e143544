import { WORD_CHAR } from '../../../shared/markdown'

/**
 * The `@…` being typed just before the caret, for the composer's mention suggestions: from an
 * `@` at a word start up to the caret, on one line. Nicknames may hold spaces, so the query may
 * too ("@Ana P" still narrows to "Ana Paula").
 */
export interface MentionQuery {
  /** Index of the `@`. */
  start: number
  query: string
}

const MAX_QUERY = 32

export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const from = Math.max(0, caret - MAX_QUERY - 1)
  for (let i = caret - 1; i >= from; i--) {
    const ch = text[i] as string
    if (ch === '\n') return null
    if (ch !== '@') continue
    if (i > 0 && WORD_CHAR.test(text[i - 1] as string)) return null
    return { start: i, query: text.slice(i + 1, caret) }
  }
  return null
}

/** Nicknames that start with the query, in any case; none once the query is a whole name. */
export function suggestMentions(names: readonly string[], query: string, max = 6): string[] {
  const q = query.toLocaleLowerCase()
  const found = names.filter((n) => n.toLocaleLowerCase().startsWith(q))
  if (found.length === 1 && found[0]?.toLocaleLowerCase() === q) return []
  return found.slice(0, max)
}
