import { imageSize } from 'image-size'
import { filetypeinfo } from 'magic-bytes.js'
import { isPreviewableImage, type PreviewableImageType } from '../../../shared/files'

/**
 * What a file is, told from its first bytes and never from its name or from what the sender
 * said: the type a message shows, and whether it may be drawn as a picture.
 */

/** Bytes read from the start of a file to tell its type (a JPEG's size can sit after its EXIF). */
export const SNIFF_HEAD_BYTES = 1024 * 1024

/** Shown for anything not recognised; such a file is only ever offered as a download. */
export const UNKNOWN_TYPE = 'application/octet-stream'

/**
 * A picture bigger than this is a download only: decoding 30,000 × 30,000 pixels would take a
 * receiving app gigabytes, however small the file (a "decompression bomb").
 */
export const IMAGE_MAX_PIXELS = 100_000_000
export const IMAGE_MAX_SIDE = 30_000

export interface Sniffed {
  /** A MIME type, at most 100 characters: the type the content shows it is. */
  type: string
  /** Set only for a previewable image (PNG, JPEG, GIF, WebP) of a sane size: as it is shown. */
  image: { width: number; height: number } | null
}

/** image-size's names for the types Papo draws. SVG is not among them, ever. */
const IMAGE_TYPES: Record<string, PreviewableImageType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp'
}

const MIME = /^[a-z]+\/[a-z0-9][a-z0-9.+-]{0,80}$/

/** HTML has no magic number; it is named so people see what it is (a download all the same). */
const HTML_START = /^(?:\ufeff)?\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i

/** The type and, for a picture, the size of a file that starts with `head`. */
export function sniff(head: Uint8Array): Sniffed {
  const image = imageOf(head)
  if (image) return image
  const guess = filetypeinfo(head).find((g) => g.mime !== undefined && MIME.test(g.mime))
  if (guess?.mime) {
    // An image type that image-size could not measure (a PNG cut short, a WebP of an unknown
    // kind) is named but never drawn.
    return { type: guess.mime, image: null }
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 512))
  if (HTML_START.test(text)) return { type: 'text/html', image: null }
  return { type: UNKNOWN_TYPE, image: null }
}

function imageOf(head: Uint8Array): Sniffed | null {
  let size: ReturnType<typeof imageSize>
  try {
    size = imageSize(head)
  } catch {
    return null
  }
  if (size.type === 'svg') return { type: 'image/svg+xml', image: null }
  const type = size.type !== undefined ? IMAGE_TYPES[size.type] : undefined
  if (!type) return null
  const { width, height } = size
  const sane =
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width > 0 &&
    height > 0 &&
    width <= IMAGE_MAX_SIDE &&
    height <= IMAGE_MAX_SIDE &&
    width * height <= IMAGE_MAX_PIXELS
  if (!sane) return { type, image: null }
  // EXIF orientations 5–8 turn the picture a quarter: it is shown (and laid out) the other way.
  const turned = (size.orientation ?? 1) >= 5
  return {
    type,
    image: turned ? { width: height, height: width } : { width, height }
  }
}

/**
 * A sender's thumbnail is accepted only if it is what it claims: a PNG, JPEG or WebP picture of
 * at most `maxSide` on either side. Null when it is not.
 */
export function checkThumbnail(
  bytes: Uint8Array,
  maxSide: number
): { type: string; width: number; height: number } | null {
  const sniffed = sniff(bytes)
  if (!sniffed.image || !isPreviewableImage(sniffed.type) || sniffed.type === 'image/gif') {
    return null
  }
  const { width, height } = sniffed.image
  if (width > maxSide || height > maxSide) return null
  return { type: sniffed.type, width, height }
}
