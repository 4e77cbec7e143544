/**
 * A colour per person, so people can be told apart at a glance: picked from their user id (never
 * the nickname, which can change), so it is the same in every room, window and session. The
 * colours are design tokens (`--person-1`…`--person-N` in ui/tokens.css, one set per theme),
 * each readable as text on the message background in both themes.
 */
export const PERSON_COLORS = 8

/** FNV-1a over the id's UTF-16 code units: small, fast and well spread for short ids. */
function hash(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** 1…PERSON_COLORS: which palette colour a person has. */
export function personColorIndex(userId: string): number {
  return (hash(userId) % PERSON_COLORS) + 1
}

/** The class that sets `--person` to the person's colour (see AuthorName.css). */
export function personClass(userId: string): string {
  return `person-${personColorIndex(userId)}`
}
