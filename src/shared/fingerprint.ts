/**
 * A host certificate's fingerprint: the SHA-256 of its DER bytes as 64 lowercase hex digits.
 * People compare its short code, read aloud: the first 80 bits in Crockford's base32 (no I, L,
 * O or U, so nothing is misread), as 4 groups of 4, e.g. "K7MQ-2XAB-9TCE-R4WN".
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export const FINGERPRINT_PATTERN = /^[0-9a-f]{64}$/

export function isFingerprint(value: unknown): value is string {
  return typeof value === 'string' && FINGERPRINT_PATTERN.test(value)
}

/** "K7MQ-2XAB-9TCE-R4WN" for a fingerprint (see above); the same code on every screen. */
export function shortCode(fingerprint: string): string {
  let bits = ''
  for (const hex of fingerprint.slice(0, 20)) bits += parseInt(hex, 16).toString(2).padStart(4, '0')
  let code = ''
  for (let i = 0; i < 80; i += 5) code += ALPHABET[parseInt(bits.slice(i, i + 5), 2)]
  return code.match(/.{4}/g)!.join('-')
}

/** Accepts what a person types for a short code (any case, spaces or dashes) as the canonical one. */
export function normalizeShortCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  return plain.match(/.{1,4}/g)?.join('-') ?? ''
}
