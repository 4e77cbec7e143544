import { FILE_LIMITS, isPreviewableImage } from '../../../shared/files'
import { blobToBase64 } from './source'

/** Qualities tried in turn until the thumbnail fits FILE_LIMITS.thumbnailMaxBytes. */
const QUALITIES = [0.82, 0.7, 0.55, 0.4, 0.25]

function encode(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality))
}

/**
 * A thumbnail of a picture the person is sending, base64, or null when none is needed or none
 * could be made (the host then shows the whole image, or its own thumbnail). Made here because
 * the app already has the picture and a decoder; a room of many photos then scrolls over 30 kB
 * thumbnails instead of whole photos. WebP keeps transparency; JPEG where WebP cannot be written.
 * GIFs get none: a thumbnail would stop the animation, and the whole GIF is shown up to
 * FILE_LIMITS.previewMaxBytes.
 */
export async function makeThumbnail(file: Blob): Promise<string | null> {
  if (!isPreviewableImage(file.type) || file.type === 'image/gif') return null
  if (typeof createImageBitmap !== 'function') return null
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    return null
  }
  try {
    const { width, height } = bitmap
    const longer = Math.max(width, height)
    // Small enough already: the image itself is its own preview.
    if (longer <= FILE_LIMITS.thumbnailMaxSide && file.size <= FILE_LIMITS.thumbnailMaxBytes)
      return null
    let side: number = FILE_LIMITS.thumbnailMaxSide
    for (let attempt = 0; attempt < 3; attempt++, side = Math.round(side * 0.75)) {
      const scale = Math.min(1, side / longer)
      const canvas = document.createElement('canvas')
      canvas.width = Math.max(1, Math.round(width * scale))
      canvas.height = Math.max(1, Math.round(height * scale))
      const context = canvas.getContext('2d')
      if (!context) return null
      context.imageSmoothingQuality = 'high'
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
      for (const quality of QUALITIES) {
        let blob = await encode(canvas, 'image/webp', quality)
        if (blob && blob.type !== 'image/webp') blob = await encode(canvas, 'image/jpeg', quality)
        if (!blob) return null
        if (blob.size <= FILE_LIMITS.thumbnailMaxBytes) return await blobToBase64(blob)
      }
    }
    return null
  } finally {
    bitmap.close()
  }
}
