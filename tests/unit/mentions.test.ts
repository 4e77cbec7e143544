import { describe, expect, it } from 'vitest'
import { isMentionOf, mentionsMe, roomMentionNames } from '../../src/shared/mentions'

const members = [{ nickname: 'Ana' }, { nickname: 'Ana Paula' }, { nickname: 'Bia' }]
const mentions = (text: string, self: string) =>
  mentionsMe(text, self, roomMentionNames(self, members))

describe('mentionsMe', () => {
  it('never counts a mention inside code', () => {
    expect(mentions('olha `@Ana` aqui', 'Ana')).toBe(false)
    expect(mentions('```\n@Ana, rode isto\n```', 'Ana')).toBe(false)
    expect(mentions('`code` e @Ana', 'Ana')).toBe(true)
  })

  it('reads nicknames with spaces whole, longest first, in any case', () => {
    expect(mentions('@Ana Paula, vem!', 'Ana Paula')).toBe(true)
    expect(mentions('@ana paula, vem!', 'Ana Paula')).toBe(true)
    // In a room with Ana Paula, "@Ana Paula" is not Ana.
    expect(mentions('@Ana Paula, vem!', 'Ana')).toBe(false)
    expect(mentions('@ANA, vem!', 'Ana')).toBe(true)
    // Inside formatting it still counts.
    expect(mentions('**@Ana Paula**', 'Ana Paula')).toBe(true)
  })

  it('is a whole word on both sides', () => {
    expect(mentions('@Anabel chegou', 'Ana')).toBe(false)
    expect(mentions('ana@escola.br', 'Ana')).toBe(false)
    expect(mentions('@Ana2 e @Anaïs', 'Ana')).toBe(false)
    expect(mentions('(@Ana)', 'Ana')).toBe(true)
    expect(mentions('sem menção', 'Ana')).toBe(false)
  })

  it('compares names as the host does', () => {
    expect(isMentionOf('@ana paula', 'Ana Paula')).toBe(true)
    expect(isMentionOf('@Ana', 'Ana Paula')).toBe(false)
    expect(roomMentionNames('Ana', members)).toEqual(['Ana Paula', 'Ana', 'Bia'])
  })
})
