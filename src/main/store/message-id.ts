import { randomUUID } from 'node:crypto'

/**
 * A message's id: a UUID version 7 (RFC 9562), its first 48 bits the time in milliseconds and the
 * rest random. Ids written one after the other sort one after the other, so the messages' primary
 * key index grows at its right edge; a random UUID sends every insert to a random page of an
 * index that outgrows the page cache as the history does (an insert cost 15–20 % more at
 * 140,000–160,000 messages: `npm run bench`, part store). Ids stay opaque to clients
 * (protocol.md, section 4); the time in them is the message's `at`, which every client is told
 * anyway.
 */
export function messageId(at: number): string {
  const random = randomUUID()
  const time = Math.max(0, Math.min(Math.trunc(at), 0xffff_ffff_ffff))
    .toString(16)
    .padStart(12, '0')
  // xxxxxxxx-xxxx-4xxx-…: the time over the first 12 hex digits, then the version digit 7.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`
}
