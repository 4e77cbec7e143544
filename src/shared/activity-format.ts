import type { ActivityEntry } from './activity'

/**
 * Characters a log line shows as `\u{…}` rather than as themselves: controls (a newline would
 * forge a second line, an escape sequence would restyle a terminal), format characters (bidi
 * overrides and isolates would flip the line's order on screen, zero-width ones would hide a
 * difference between two names), line and paragraph separators, lone surrogates, and the
 * invisible Hangul fillers that pass for letters. The backslash is doubled so that a name typed
 * as `\u{202E}` cannot pass for an escaped one.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115F\u1160\u3164\uFFA0\\]/gu

const escapeChar = (char: string): string =>
  char === '\\' ? '\\\\' : `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`

/** Untrusted text made inert for one line of the log. */
export function escapeLogText(text: string): string {
  return text.replace(UNSAFE, escapeChar)
}

/**
 * Letters, marks, digits and `_.-` go as they are; anything else (a space, a parenthesis, a
 * quote, an emoji) is quoted, so a name cannot pass for the fields around it ("Ana (u_2) from
 * 10.0.0.1"), and `-` stays the mark of "no name".
 */
const PLAIN_TOKEN = /^[\p{L}\p{M}\p{N}_.-]+$/u
const HANGUL_FILLERS = /[\u115F\u1160\u3164\uFFA0]/u

function token(value: string): string {
  if (value !== '-' && PLAIN_TOKEN.test(value) && !HANGUL_FILLERS.test(value)) return value
  return `"${escapeLogText(value).replace(/"/g, '\\"')}"`
}

function isoTime(at: number): string {
  const date = new Date(at)
  return Number.isNaN(date.getTime()) ? String(at) : date.toISOString()
}

/**
 * One entry as one line, the same in the host's file, on the headless host's console and in the
 * panel's text export:
 *
 *     2026-11-26T12:00:03.120Z connected Ana (u_1f3a) from 192.168.0.5
 *     2026-11-26T12:00:04.000Z refused - from 10.0.0.9: PASSWORD_WRONG
 *     2026-11-26T12:00:05.000Z room-joined "Ana Maria" (u_77) from 192.168.0.8: Maths
 *
 * Time (UTC), kind, nickname or `-`, the identity id in parentheses when there is one, `from` the
 * address, then `: ` and the detail when there is one. Nickname and id are quoted unless plain
 * (see {@link token}); everything untrusted is escaped (see {@link escapeLogText}), so the line
 * never holds a newline or a bidi control whatever the entry says.
 */
export function formatActivityLine(entry: ActivityEntry): string {
  const who = entry.nickname === null ? '-' : token(entry.nickname)
  const id = entry.userId === null ? '' : ` (${token(entry.userId)})`
  const address = entry.address === '' ? '-' : escapeLogText(entry.address)
  const detail = entry.detail === '' ? '' : `: ${escapeLogText(entry.detail)}`
  return `${isoTime(entry.at)} ${entry.kind} ${who}${id} from ${address}${detail}`
}

export const ACTIVITY_CSV_COLUMNS = [
  'id',
  'time',
  'kind',
  'nickname',
  'userId',
  'address',
  'detail'
] as const

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(…)` in a
 * nickname); a leading `'` makes it text. Tab and carriage return are on OWASP's list too.
 */
const FORMULA_START = /^[=+\-@\t\r]/

function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The entries as CSV (RFC 4180: comma-separated, CRLF line ends, a header row, quotes doubled
 * inside quoted cells), for the Activity panel's export. Values are kept as they are, bidi
 * characters included, except that a cell that would start a formula gets a leading `'`. No byte
 * order mark: the writer adds one if it wants spreadsheets to read the file as UTF-8.
 */
export function activityToCsv(entries: readonly ActivityEntry[]): string {
  const rows = entries.map((entry) =>
    [
      String(entry.id),
      isoTime(entry.at),
      entry.kind,
      entry.nickname ?? '',
      entry.userId ?? '',
      entry.address,
      entry.detail
    ]
      .map(csvCell)
      .join(',')
  )
  return [ACTIVITY_CSV_COLUMNS.join(','), ...rows].map((row) => `${row}\r\n`).join('')
}
