import type { Message, NoticeMessage } from '../../../shared/models'
import { isPresenceNotice } from './notices'
import { dayKey } from './time'

/** Consecutive texts by one author within this gap share one header. */
export const GROUP_GAP_MS = 5 * 60_000

export interface MessageLayout {
  /** First message of its day: a day separator goes above it. */
  newDay: boolean
  /** Starts a group: show author and time in a header. */
  groupStart: boolean
}

export function layoutOf(message: Message, previous: Message | undefined): MessageLayout {
  const newDay = !previous || dayKey(previous.at) !== dayKey(message.at)
  if (message.kind !== 'text') return { newDay, groupStart: true }
  const groupStart =
    newDay ||
    !previous ||
    previous.kind !== 'text' ||
    previous.author.id !== message.author.id ||
    message.at - previous.at > GROUP_GAP_MS
  return { newDay, groupStart }
}

/** A line only this window shows (a rename), placed after the message `afterSeq`. */
export interface LocalLine {
  id: string
  at: number
  afterSeq: number
}

/** One line of the message list. */
export type Row<L extends LocalLine = LocalLine> =
  | { kind: 'message'; key: string; message: Message; layout: MessageLayout }
  /** Two or more consecutive notices (no text between, same day), said in one line. */
  | { kind: 'notices'; key: string; notices: NoticeMessage[]; layout: MessageLayout }
  | { kind: 'local'; key: string; line: L; layout: MessageLayout }

export interface RowOptions<L extends LocalLine> {
  /** Messages before this index are context only (the one held back above the list). */
  from?: number
  /** Local lines, ordered by afterSeq. */
  local?: readonly L[]
  /** No older messages exist: local lines before the first message go at the top. */
  complete?: boolean
  /** No newer messages exist: local lines after the last loaded one go at the end. */
  atEnd?: boolean
  /** A run of notices does not cross this seq (where the "new messages" line goes). */
  breakAfterSeq?: number | null
}

/** What the layout of the next line depends on: the line above it as drawn. */
interface Above {
  at: number
  /** The author of a text; null for a notice or a local line. */
  author: string | null
}

function layoutAfter(above: Above | undefined, message: Message | { at: number }): MessageLayout {
  const newDay = !above || dayKey(above.at) !== dayKey(message.at)
  if (!('kind' in message) || message.kind !== 'text') return { newDay, groupStart: true }
  const groupStart =
    newDay || !above || above.author !== message.author.id || message.at - above.at > GROUP_GAP_MS
  return { newDay, groupStart }
}

/** The ids of the messages a row draws (empty for a local line). */
export function rowMessageIds(row: Row): string[] {
  if (row.kind === 'message') return [row.message.id]
  if (row.kind === 'notices') return row.notices.map((n) => n.id)
  return []
}

/** The newest seq a row draws (null for a local line). */
export function rowLastSeq(row: Row): number | null {
  if (row.kind === 'message') return row.message.seq
  if (row.kind === 'notices') return (row.notices[row.notices.length - 1] as NoticeMessage).seq
  return null
}

/**
 * The list's lines for loaded messages: presence notices left out, consecutive notices (no text
 * between, same day, not across `breakAfterSeq`) in one line, local lines after the message
 * that was newest when they happened, and each line's layout from the line drawn above it.
 */
export function rowsOf<L extends LocalLine>(
  messages: readonly Message[],
  options: RowOptions<L> = {}
): Row<L>[] {
  const from = options.from ?? 0
  const local = options.local ?? []
  const rows: Row<L>[] = []
  let above: Above | undefined
  let run: NoticeMessage[] = []
  let li = 0

  const flush = () => {
    const first = run[0]
    if (!first) return
    const layout = layoutAfter(above, first)
    const last = run[run.length - 1] as NoticeMessage
    rows.push(
      run.length === 1
        ? { kind: 'message', key: first.id, message: first, layout }
        : { kind: 'notices', key: `notices:${last.id}`, notices: run, layout }
    )
    above = { at: last.at, author: null }
    run = []
  }
  const pushLocal = (line: L) => {
    flush()
    rows.push({ kind: 'local', key: line.id, line, layout: layoutAfter(above, line) })
    above = { at: line.at, author: null }
  }

  // Lines that happened before the first message shown: at the top only if nothing is above.
  const firstShown = messages[from]
  const contextSeq = messages[from - 1]?.seq
  while (li < local.length) {
    const line = local[li] as L
    if (firstShown && line.afterSeq >= firstShown.seq) break
    if (contextSeq !== undefined ? line.afterSeq >= contextSeq : options.complete) pushLocal(line)
    li++
  }

  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as Message
    if (i < from) {
      // Context: what the first line shown follows.
      if (!isPresenceNotice(message))
        above = { at: message.at, author: message.kind === 'text' ? message.author.id : null }
      continue
    }
    if (isPresenceNotice(message)) {
      // Drawn by presence, not here.
    } else if (message.kind === 'notice') {
      const previous = run[run.length - 1]
      const breaks =
        previous &&
        (dayKey(previous.at) !== dayKey(message.at) ||
          (options.breakAfterSeq != null &&
            previous.seq <= options.breakAfterSeq &&
            message.seq > options.breakAfterSeq))
      if (breaks) flush()
      run.push(message)
    } else {
      flush()
      rows.push({ kind: 'message', key: message.id, message, layout: layoutAfter(above, message) })
      above = { at: message.at, author: message.author.id }
    }
    // Local lines after this message, before the next one.
    const next = messages[i + 1]
    while (li < local.length) {
      const line = local[li] as L
      if (line.afterSeq < message.seq) {
        li++
        continue
      }
      if (next ? line.afterSeq >= next.seq : line.afterSeq > message.seq && !options.atEnd) break
      pushLocal(line)
      li++
    }
  }
  flush()
  return rows
}
