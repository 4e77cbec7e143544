import { LIMITS } from '../../../shared/limits'
import { nicknameLength } from '../../../shared/nickname'

export { nicknameLength }

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * What the nickname field holds after an edit, kept within `max` as the host counts
 * ({@link nicknameLength}): of the text the edit inserted (typed or pasted, wherever the caret
 * was), only the whole characters that still fit are kept, so an emoji or a letter with its
 * accent is never cut in half. An edit that does not make the nickname longer is kept as it is
 * (deleting from a saved nickname already over the limit must work). `caret` is where the caret
 * goes when the text was cut (null: leave it to the browser).
 */
export function fitNickname(
  previous: string,
  next: string,
  max: number = LIMITS.nicknameMax
): { value: string; caret: number | null; cut: boolean } {
  const length = nicknameLength(next)
  if (length <= max || length <= nicknameLength(previous)) {
    return { value: next, caret: null, cut: false }
  }
  // The edit replaced previous[start, previous.length - end) with next[start, next.length - end).
  let start = 0
  while (start < previous.length && start < next.length && previous[start] === next[start]) {
    start++
  }
  let end = 0
  while (
    end < previous.length - start &&
    end < next.length - start &&
    previous[previous.length - 1 - end] === next[next.length - 1 - end]
  ) {
    end++
  }
  // Never split a surrogate pair at either edge of the inserted text.
  if (start > 0 && isHighSurrogate(next.charCodeAt(start - 1))) start--
  if (end > 0 && isLowSurrogate(next.charCodeAt(next.length - end))) end--
  const before = next.slice(0, start)
  const after = next.slice(next.length - end)
  let kept = ''
  for (const { segment } of graphemes.segment(next.slice(start, next.length - end))) {
    if (nicknameLength(before + kept + segment + after) > max) break
    kept += segment
  }
  return { value: before + kept + after, caret: before.length + kept.length, cut: true }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
