import { describe, expect, it } from 'vitest'
import { mentionQueryAt, suggestMentions } from '../../src/renderer/src/format/mention-query'

describe('the @mention being typed', () => {
  it('is found from a word-start @ up to the caret, on one line', () => {
    expect(mentionQueryAt('oi @an', 6)).toEqual({ start: 3, query: 'an' })
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionQueryAt('oi @Ana P', 9)).toEqual({ start: 3, query: 'Ana P' })
    // The caret decides, not the end of the text.
    expect(mentionQueryAt('@an e mais', 3)).toEqual({ start: 0, query: 'an' })
    expect(mentionQueryAt('ana@escola', 10)).toBeNull()
    expect(mentionQueryAt('@ana\nolha', 9)).toBeNull()
    expect(mentionQueryAt('sem arroba', 10)).toBeNull()
    expect(mentionQueryAt(`@${'x'.repeat(40)}`, 41)).toBeNull()
  })

  it('suggests nicknames that start with it, in any case, until one is complete', () => {
    const names = ['Ana', 'Ana Paula', 'Bia', 'anabela']
    expect(suggestMentions(names, '')).toEqual(names)
    expect(suggestMentions(names, 'an')).toEqual(['Ana', 'Ana Paula', 'anabela'])
    expect(suggestMentions(names, 'ANA P')).toEqual(['Ana Paula'])
    expect(suggestMentions(names, 'ana paula')).toEqual([])
    expect(suggestMentions(names, 'Ana')).toEqual(['Ana', 'Ana Paula', 'anabela'])
    expect(suggestMentions(names, 'Bia ')).toEqual([])
    expect(suggestMentions(names, 'z')).toEqual([])
    expect(suggestMentions(['a1', 'a2', 'a3'], 'a', 2)).toEqual(['a1', 'a2'])
  })
})
