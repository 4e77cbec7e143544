import { describe, expect, it } from 'vitest'
import { GROUP_GAP_MS, layoutOf } from '../../src/renderer/src/format/grouping'
import { formatDay } from '../../src/renderer/src/format/time'
import type { Message } from '../../src/shared/models'
import { textMessage } from '../helpers/messages'

const base = new Date(2026, 10, 24, 10, 0).getTime()
const msg = (at: number, author = 'a', kind: 'text' | 'notice' = 'text'): Message =>
  kind === 'text'
    ? textMessage({
        id: `${at}`,
        roomId: 'r',
        seq: 1,
        at,
        author: { id: author, nickname: author },
        text: 'x'
      })
    : {
        id: `${at}`,
        roomId: 'r',
        seq: 1,
        at,
        kind,
        notice: 'joined',
        user: { id: author, nickname: author }
      }

describe('grouping and days', () => {
  it('groups consecutive texts by one author within a few minutes', () => {
    expect(layoutOf(msg(base), undefined)).toEqual({ newDay: true, groupStart: true })
    expect(layoutOf(msg(base + 60_000), msg(base))).toEqual({ newDay: false, groupStart: false })
    expect(layoutOf(msg(base + 60_000, 'b'), msg(base)).groupStart).toBe(true)
    expect(layoutOf(msg(base + GROUP_GAP_MS + 1), msg(base)).groupStart).toBe(true)
    expect(layoutOf(msg(base + 1), msg(base, 'a', 'notice')).groupStart).toBe(true)
    expect(layoutOf(msg(base + 86_400_000), msg(base)).newDay).toBe(true)
  })

  it('names today and yesterday, and dates otherwise, in the given language', () => {
    const labels = { today: 'Hoje', yesterday: 'Ontem' }
    expect(formatDay(base, 'pt-BR', labels, base + 1_000)).toBe('Hoje')
    expect(formatDay(base, 'pt-BR', labels, base + 86_400_000)).toBe('Ontem')
    expect(formatDay(base, 'pt-BR', labels, base + 5 * 86_400_000)).toMatch(/24 de novembro/)
  })
})
