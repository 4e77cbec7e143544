import QRCode from 'qrcode'

/** Light modules around the code that readers need to find it (the standard asks for 4). */
export const QR_QUIET_ZONE = 4

export interface QrShape {
  /** Modules per side, quiet zone included: the SVG's viewBox is `0 0 size size`. */
  size: number
  /** Every dark module as one path, one unit square per module. */
  path: string
}

/**
 * The QR code of `text` (error correction M: a phone still reads it off a glossy screen), as the
 * outline of its dark modules: one `<path>`, drawn at any scale without blur.
 */
export function qrShape(text: string): QrShape {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = modules.size
  const parts: string[] = []
  for (let row = 0; row < n; row++) {
    let col = 0
    while (col < n) {
      if (!modules.get(row, col)) {
        col++
        continue
      }
      // A run of dark modules on a row is one rectangle.
      const start = col
      while (col < n && modules.get(row, col)) col++
      parts.push(
        `M${start + QR_QUIET_ZONE} ${row + QR_QUIET_ZONE}h${col - start}v1h${start - col}z`
      )
    }
  }
  return { size: n + 2 * QR_QUIET_ZONE, path: parts.join('') }
}
