import { describe, expect, it } from 'vitest'
import { isSingleEmoji } from '../../src/main/host/emoji'
import { matchExpression, matchRanges, queryWords } from '../../src/main/host/search-text'

// The two pieces of text handling behind issue 12's requests: what counts as one emoji (a
// reaction), and how a search query becomes an FTS5 MATCH and highlight ranges.

describe('one emoji', () => {
  it.each(['👍', '👍🏽', '❤️', '❤', '👨‍👩‍👧', '👩🏽‍💻', '🏳️‍🌈', '🇧🇷', '1️⃣', '#️⃣', '🏴󠁧󠁢󠁥󠁮󠁧󠁿'])(
    'accepts %s',
    (emoji) => expect(isSingleEmoji(emoji)).toBe(true)
  )
  it.each(['a', 'ab', '👍👍', '👍 ', ' 👍', '🇧', '🇧🇷🇵🇹', '1', '🏽', '', 'a\u200d👍'])(
    'refuses %j',
    (text) => expect(isSingleEmoji(text)).toBe(false)
  )
})

describe('search text', () => {
  it('folds the query into its words, each once, and quotes each as a prefix', () => {
    expect(queryWords('  Você, VOCE e café!! ')).toEqual(['voce', 'e', 'cafe'])
    expect(matchExpression(queryWords('a "b" OR c*'))).toBe('"a"* AND "b"* AND "or"* AND "c"*')
    expect(matchExpression(queryWords('🙂 !!! " *'))).toBeNull()
  })

  it('gives the original offsets of matched words, accents and emoji included', () => {
    const text = 'Ação 🙂 acaso; CAFÉ e cafe\u0301'
    const ranges = matchRanges(text, queryWords('aca cafe'), 200)
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual([
      'Ação',
      'acaso',
      'CAFÉ',
      'cafe\u0301'
    ])
    expect(matchRanges(text, queryWords('acao'), 200)).toEqual([[0, 4]])
    expect(matchRanges('a a a a', ['a'], 2)).toEqual([
      [0, 1],
      [2, 3]
    ])
  })
})
