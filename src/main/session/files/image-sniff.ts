import type { PreviewableImageType } from '../../../shared/files'

/**
 * Which previewable image the bytes are, by their first bytes; null for anything else. A preview
 * is shown only for bytes that are one of these, whatever a name or a host says they are, so an
 * SVG or an HTML page can never reach the renderer as an "image".
 */
export function sniffImageType(bytes: Uint8Array): PreviewableImageType | null {
  const starts = (offset: number, ...expected: number[]): boolean =>
    bytes.length >= offset + expected.length && expected.every((b, i) => bytes[offset + i] === b)
  if (starts(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (starts(0, 0xff, 0xd8, 0xff)) return 'image/jpeg'
  // "GIF87a" or "GIF89a".
  if (starts(0, 0x47, 0x49, 0x46, 0x38) && (starts(4, 0x37, 0x61) || starts(4, 0x39, 0x61))) {
    return 'image/gif'
  }
  // "RIFF", four bytes of length, "WEBP".
  if (starts(0, 0x52, 0x49, 0x46, 0x46) && starts(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'
  return null
}
