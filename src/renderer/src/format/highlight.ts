/** A piece of a search hit's text, marked when it is one of the words that matched. */
export interface Segment {
  text: string
  mark: boolean
}

/** Ranges as the host gave them, made safe: inside the text, in order, none overlapping. */
function clean(text: string, ranges: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = ranges
    .map(([a, b]): [number, number] => [Math.max(0, a), Math.min(text.length, b)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0])
  const merged: [number, number][] = []
  for (const [a, b] of sorted) {
    const last = merged[merged.length - 1]
    if (last && a <= last[1]) last[1] = Math.max(last[1], b)
    else merged.push([a, b])
  }
  return merged
}

/**
 * A hit's text cut to about `max` characters around its first match (with "…" where cut), split
 * into plain and matched pieces for <mark>.
 */
export function highlightSegments(
  text: string,
  ranges: readonly (readonly [number, number])[],
  max = 280
): Segment[] {
  const marks = clean(text, ranges)
  let from = 0
  let to = text.length
  if (text.length > max) {
    const first = marks[0]?.[0] ?? 0
    from = Math.max(0, Math.min(first - Math.floor(max / 4), text.length - max))
    to = Math.min(text.length, from + max)
  }
  const segments: Segment[] = []
  const push = (value: string, mark: boolean): void => {
    if (value) segments.push({ text: value, mark })
  }
  let at = from
  for (const [a, b] of marks) {
    if (b <= from || a >= to) continue
    push(text.slice(at, Math.max(at, a)), false)
    push(text.slice(Math.max(a, at), Math.min(b, to)), true)
    at = Math.min(b, to)
  }
  push(text.slice(at, to), false)
  if (from > 0) segments.unshift({ text: '…', mark: false })
  if (to < text.length) segments.push({ text: '…', mark: false })
  return segments
}
