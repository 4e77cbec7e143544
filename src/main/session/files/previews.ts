import { createHash } from 'node:crypto'
import { FILE_LIMITS, isPreviewableImage } from '../../../shared/files'
import { err, ok, type Result } from '../../../shared/result'
import type { AttachmentIndex } from './attachment-index'
import { sniffImageType } from './image-sniff'
import { createPreviewCache, type PreviewCache } from './preview-cache'
import { httpFailure, type TransferContext } from './transfer-context'

export interface Preview {
  type: string
  base64: string
}

export interface Previews {
  /**
   * A message's image as bytes for the renderer: its thumbnail (`thumb`, or the whole image when
   * it has none and is small enough) or the whole image for the viewer.
   */
  get(messageId: string, thumb: boolean): Promise<Result<Preview>>
  clear(): void
}

/**
 * Image previews, fetched once per content and kept (preview-cache.ts). Only for the image types
 * shown as pictures, only within FILE_LIMITS.previewMaxBytes, and only bytes that are such an
 * image by their own first bytes: an SVG or a page with an image's name is never handed over.
 */
export function createPreviews(
  ctx: Pick<TransferContext, 'request' | 'origin' | 'http'>,
  index: AttachmentIndex,
  cache: PreviewCache<Preview> = createPreviewCache<Preview>()
): Previews {
  /** Fetches in flight, so a list that asks twice while scrolling waits for one. */
  const fetching = new Map<string, Promise<Result<Preview>>>()

  async function fetchPreview(
    messageId: string,
    useThumb: boolean,
    sha256: string
  ): Promise<Result<Preview>> {
    const ticket = await ctx.request('file:download', { messageId, thumb: useThumb })
    if (!ticket.ok) return ticket
    let bytes: Buffer
    try {
      bytes = await ctx.http.fetchBytes(ctx.origin, ticket.data, FILE_LIMITS.previewMaxBytes)
    } catch (e) {
      const failure = httpFailure(e)
      return err(failure.code, failure.message)
    }
    if (!useThumb && createHash('sha256').update(bytes).digest('hex') !== sha256) {
      return err('INTERNAL', 'The image arrived damaged (its SHA-256 does not match).')
    }
    const type = sniffImageType(bytes)
    if (!type) return err('BAD_REQUEST', 'That file is not a PNG, JPEG, GIF or WebP image.')
    return ok({ type, base64: bytes.toString('base64') })
  }

  return {
    async get(messageId, thumb) {
      const known = index.get(messageId)
      if (!known) return err('MESSAGE_NOT_FOUND', 'No file of that message is known here.')
      const { attachment } = known
      if (!isPreviewableImage(attachment.type)) {
        return err('BAD_REQUEST', 'Only PNG, JPEG, GIF and WebP images have previews.')
      }
      const useThumb = thumb && attachment.image?.thumb != null
      if (!useThumb && attachment.size > FILE_LIMITS.previewMaxBytes) {
        return err('FILE_TOO_BIG', 'The image is too big to preview; download it instead.')
      }
      const key = `${attachment.sha256}:${useThumb ? 'thumb' : 'image'}`
      const cached = cache.get(key)
      if (cached) return ok(cached)
      const inFlight = fetching.get(key)
      if (inFlight) return inFlight
      const fetched = fetchPreview(messageId, useThumb, attachment.sha256)
      fetching.set(key, fetched)
      try {
        const result = await fetched
        if (result.ok) cache.set(key, result.data, result.data.base64.length)
        return result
      } finally {
        fetching.delete(key)
      }
    },
    clear() {
      cache.clear()
      fetching.clear()
    }
  }
}
