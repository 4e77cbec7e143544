import { isPreviewableImage } from '../../../shared/files'
import { call } from '../bridge'
import { base64ToBytes } from './source'

/**
 * Image bytes already fetched, so a row scrolled out of the virtualised list and back does not
 * ask main again. Kept as Blobs, never as URLs: each <img> makes its own object URL and revokes
 * it when it goes. Bounded by bytes, the least recently used going first.
 */
const CACHE_MAX_BYTES = 48 * 1024 * 1024
const cache = new Map<string, Blob>()
let cached = 0

function remember(key: string, blob: Blob): void {
  cache.set(key, blob)
  cached += blob.size
  for (const [k, b] of cache) {
    if (cached <= CACHE_MAX_BYTES || k === key) break
    cache.delete(k)
    cached -= b.size
  }
}

const inFlight = new Map<string, Promise<Blob | null>>()

/**
 * A message's image (its thumbnail, or the whole image with `thumb` false) as a Blob of a
 * previewable image type, or null when it cannot be had. Only bytes main read from the host reach
 * the page, typed by the type main sniffed: never a URL from the network, never SVG or HTML.
 */
export function fetchPreview(messageId: string, thumb: boolean): Promise<Blob | null> {
  const key = `${messageId}:${thumb ? 'thumb' : 'full'}`
  const held = cache.get(key)
  if (held) {
    cache.delete(key)
    cache.set(key, held)
    return Promise.resolve(held)
  }
  const running = inFlight.get(key)
  if (running) return running
  const request = call('file:preview', { messageId, thumb })
    .then((r) => {
      if (!r.ok || !isPreviewableImage(r.data.type)) return null
      const blob = new Blob([base64ToBytes(r.data.base64)], { type: r.data.type })
      remember(key, blob)
      return blob
    })
    .catch(() => null)
    .finally(() => inFlight.delete(key))
  inFlight.set(key, request)
  return request
}

/** Forgets what was fetched (the tests start each case afresh). */
export function clearPreviewCache(): void {
  cache.clear()
  cached = 0
}
