import type { TFunction } from 'i18next'
import type { NoticeMessage, NoticeType } from '../../../shared/models'

/**
 * Online and offline are presence: the members pane and the dots show them, so the list does
 * not draw them as history lines (they stay in the state, and count for its seq bookkeeping).
 */
export function isPresenceNotice(message: { kind: string; notice?: NoticeType }): boolean {
  return message.kind === 'notice' && (message.notice === 'online' || message.notice === 'offline')
}

/** Notice types a collapsed line says for several people at once ("Ana and Bia joined"). */
const MANY = new Set<NoticeType>(['joined', 'left', 'created', 'removed'])

/** "Ana", "Ana and Bia", "Ana, Bia and Caio", "Ana, Bia and 3 others". */
export function namesText(names: readonly string[], t: TFunction): string {
  const [a = '', b, c] = names
  if (names.length <= 1) return a
  if (names.length === 2) return t('notice.namesTwo', { a, b })
  if (names.length === 3) return t('notice.namesThree', { a, b, c })
  return t('notice.namesMore', { a, b, count: names.length - 2 })
}

/**
 * One line for consecutive notices: per kind, in the order each first happened, the people it
 * happened to (each once, by the nickname of their latest notice) — "Ana, Bia and 3 others
 * joined", or "Ana joined · Bia left" when the kinds mix.
 */
export function noticeRunText(notices: readonly NoticeMessage[], t: TFunction): string {
  const byKind = new Map<NoticeType, Map<string, string>>()
  for (const n of notices) {
    let people = byKind.get(n.notice)
    if (!people) byKind.set(n.notice, (people = new Map()))
    people.set(n.user.id, n.user.nickname)
  }
  const parts: string[] = []
  for (const [kind, people] of byKind) {
    const names = [...people.values()]
    if (MANY.has(kind)) {
      parts.push(t(`notice.${kind}Many`, { names: namesText(names, t), count: names.length }))
    } else {
      for (const name of names) parts.push(t(`notice.${kind}`, { name }))
    }
  }
  return parts.join(' · ')
}
