import { describe, expect, it } from 'vitest'
import {
  GROUP_GAP_MS,
  layoutOf,
  rowsOf,
  type LocalLine,
  type Row
} from '../../src/renderer/src/format/grouping'
import { isPresenceNotice, noticeRunText } from '../../src/renderer/src/format/notices'
import { formatDay } from '../../src/renderer/src/format/time'
import { createI18n } from '../../src/renderer/src/i18n'
import type { Message, NoticeMessage, NoticeType } from '../../src/shared/models'
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

// A room's history as the host keeps it: seqs 1, 2, 3… a minute apart.
const DAY = 86_400_000
const notice = (seq: number, type: NoticeType, who: string, at = base + seq * 60_000) =>
  ({
    id: `n${seq}`,
    roomId: 'r',
    seq,
    at,
    kind: 'notice',
    notice: type,
    user: { id: `u-${who.toLowerCase()}`, nickname: who }
  }) satisfies NoticeMessage
const said = (seq: number, who: string, at = base + seq * 60_000): Message =>
  textMessage({
    id: `m${seq}`,
    roomId: 'r',
    seq,
    at,
    author: { id: `u-${who.toLowerCase()}`, nickname: who },
    text: `hi ${seq}`
  })
const FIVE = ['Ana', 'Bia', 'Caio', 'Duda', 'Eve']

const en = createI18n('en').t
const pt = createI18n('pt-BR').t
const shape = (rows: Row[]) =>
  rows.map((r) =>
    r.kind === 'message'
      ? r.message.id
      : r.kind === 'notices'
        ? r.notices.map((n) => n.id).join('+')
        : r.key
  )

describe('notices in one line', () => {
  it('says five joins as one line, with plurals, in English and Portuguese', () => {
    const joins = FIVE.map((who, i) => notice(i + 1, 'joined', who))
    const rows = rowsOf(joins)
    expect(rows).toHaveLength(1)
    const row = rows[0] as Row
    expect(row.kind).toBe('notices')
    if (row.kind !== 'notices') return
    expect(noticeRunText(row.notices, en)).toBe('Ana, Bia and 3 others joined')
    expect(noticeRunText(row.notices, pt)).toBe('Ana, Bia e mais 3 entraram')
    // Up to three people, each named; more, two and how many others.
    expect(noticeRunText(joins.slice(0, 1), pt)).toBe('Ana entrou')
    expect(noticeRunText(joins.slice(0, 2), en)).toBe('Ana and Bia joined')
    expect(noticeRunText(joins.slice(0, 2), pt)).toBe('Ana e Bia entraram')
    expect(noticeRunText(joins.slice(0, 3), en)).toBe('Ana, Bia and Caio joined')
    expect(noticeRunText(joins.slice(0, 4), en)).toBe('Ana, Bia and 2 others joined')
    expect(noticeRunText(joins.slice(0, 4), pt)).toBe('Ana, Bia e mais 2 entraram')
  })

  it('says mixed kinds one after the other, each person once per kind', () => {
    const run = [
      notice(1, 'joined', 'Ana'),
      notice(2, 'left', 'Bia'),
      notice(3, 'joined', 'Caio'),
      notice(4, 'left', 'Duda'),
      notice(5, 'joined', 'Ana')
    ]
    expect(noticeRunText(run, en)).toBe('Ana and Caio joined · Bia and Duda left')
    expect(noticeRunText(run, pt)).toBe('Ana e Caio entraram · Bia e Duda saíram')
    expect(noticeRunText([notice(1, 'left', 'Bia')], pt)).toBe('Bia saiu')
  })

  it('leaves online and offline out: presence shows them', () => {
    const history = [
      notice(1, 'joined', 'Ana'),
      notice(2, 'online', 'Ana'),
      notice(3, 'joined', 'Bia'),
      notice(4, 'offline', 'Ana'),
      notice(5, 'online', 'Caio')
    ]
    expect(isPresenceNotice(history[1] as Message)).toBe(true)
    expect(isPresenceNotice(history[0] as Message)).toBe(false)
    expect(shape(rowsOf(history))).toEqual(['n1+n3'])
    // Only presence: nothing to draw.
    expect(rowsOf(history.filter((m) => isPresenceNotice(m)))).toEqual([])
    // Between two texts by one person, a hidden notice does not split their group.
    const rows = rowsOf([said(1, 'Ana'), notice(2, 'online', 'Bia'), said(3, 'Ana')])
    expect(shape(rows)).toEqual(['m1', 'm3'])
    expect(rows[1]?.layout.groupStart).toBe(false)
  })

  it('breaks a run at a text message', () => {
    const history = [
      ...FIVE.slice(0, 3).map((who, i) => notice(i + 1, 'joined', who)),
      said(4, 'Ana'),
      notice(5, 'joined', 'Duda'),
      notice(6, 'joined', 'Eve')
    ]
    const rows = rowsOf(history)
    expect(shape(rows)).toEqual(['n1+n2+n3', 'm4', 'n5+n6'])
    expect(rows.map((r) => r.layout.groupStart)).toEqual([true, true, true])
  })

  it('breaks a run at a change of day, and marks the new day', () => {
    const history = [
      notice(1, 'joined', 'Ana', base),
      notice(2, 'joined', 'Bia', base + 60_000),
      notice(3, 'joined', 'Caio', base + DAY),
      notice(4, 'joined', 'Duda', base + DAY + 60_000)
    ]
    const rows = rowsOf(history)
    expect(shape(rows)).toEqual(['n1+n2', 'n3+n4'])
    expect(rows.map((r) => r.layout.newDay)).toEqual([true, true])
    // A hidden notice is the first of a day: the day starts at the next line drawn.
    const quiet = rowsOf([
      said(1, 'Ana', base),
      notice(2, 'online', 'Bia', base + DAY),
      said(3, 'Ana', base + DAY + 1)
    ])
    expect(shape(quiet)).toEqual(['m1', 'm3'])
    expect(quiet[1]?.layout.newDay).toBe(true)
  })

  it('breaks a run where the "new messages" line goes, and one notice stays a message row', () => {
    const history = FIVE.map((who, i) => notice(i + 1, 'joined', who))
    expect(shape(rowsOf(history, { breakAfterSeq: 3 }))).toEqual(['n1+n2+n3', 'n4+n5'])
    expect(rowsOf(history, { breakAfterSeq: 4 }).map((r) => r.kind)).toEqual(['notices', 'message'])
  })

  it('lays out from the message held back above the list, without drawing it', () => {
    const rows = rowsOf([said(1, 'Ana'), said(2, 'Ana'), said(3, 'Bia')], { from: 1 })
    expect(shape(rows)).toEqual(['m2', 'm3'])
    expect(rows[0]?.layout).toEqual({ newDay: false, groupStart: false })
  })

  it('puts local lines (renames) after the message that was newest then', () => {
    const line = (id: string, afterSeq: number): LocalLine => ({
      id,
      afterSeq,
      at: base + afterSeq * 60_000 + 1
    })
    const history = [said(1, 'Ana'), said(2, 'Ana'), notice(3, 'joined', 'Bia')]
    const local = [line('r0', 0), line('r1', 1), line('r3', 3), line('r9', 9)]
    expect(shape(rowsOf(history, { local, complete: true, atEnd: true }))).toEqual([
      'r0',
      'm1',
      'r1',
      'm2',
      'n3',
      'r3',
      'r9'
    ])
    // Older messages not loaded, newer ones not either: only the lines known to be in between.
    expect(shape(rowsOf(history, { local }))).toEqual(['m1', 'r1', 'm2', 'n3', 'r3'])
    // The text after a rename starts a new group.
    const rows = rowsOf(history.slice(0, 2), { local: [line('r1', 1)] })
    expect(rows[2]?.layout.groupStart).toBe(true)
  })
})
