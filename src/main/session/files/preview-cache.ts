/**
 * Previews already fetched, so scrolling back up a room of photos does not fetch them again:
 * least recently used first out, bounded by bytes (the base64 held), not by count, since a
 * thumbnail is a few kilobytes and a viewer image megabytes. Keyed by content (sha256 and
 * which preview), so the same picture posted twice is held once.
 */
export interface PreviewCache<V> {
  get(key: string): V | undefined
  set(key: string, value: V, bytes: number): void
  readonly bytes: number
  readonly size: number
  clear(): void
}

/** What the session keeps of previews in memory. */
export const PREVIEW_CACHE_BYTES = 32 * 1024 * 1024

export function createPreviewCache<V>(maxBytes = PREVIEW_CACHE_BYTES): PreviewCache<V> {
  // A Map iterates in insertion order: re-inserting on use keeps the oldest use first.
  const entries = new Map<string, { value: V; bytes: number }>()
  let total = 0

  const drop = (key: string): void => {
    const entry = entries.get(key)
    if (!entry) return
    entries.delete(key)
    total -= entry.bytes
  }

  return {
    get(key) {
      const entry = entries.get(key)
      if (!entry) return undefined
      entries.delete(key)
      entries.set(key, entry)
      return entry.value
    },
    set(key, value, bytes) {
      drop(key)
      // One bigger than the whole cache would only empty it for nothing.
      if (bytes > maxBytes) return
      entries.set(key, { value, bytes })
      total += bytes
      for (const oldest of entries.keys()) {
        if (total <= maxBytes) break
        drop(oldest)
      }
    },
    get bytes() {
      return total
    },
    get size() {
      return entries.size
    },
    clear() {
      entries.clear()
      total = 0
    }
  }
}
