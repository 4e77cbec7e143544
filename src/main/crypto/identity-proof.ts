import {
  createHash,
  createHmac,
  createPublicKey,
  timingSafeEqual,
  verify,
  type KeyObject
} from 'node:crypto'

/**
 * The checks behind the handshake, shared by the app (which proves) and the host (which
 * verifies), so both compute exactly what docs/protocol.md §2 describes.
 */

/** Raw 32-byte Ed25519 public key (base64url) → a key Node can verify with; null if malformed. */
export function ed25519PublicKey(base64url: string): KeyObject | null {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64url }, format: 'jwk' })
  } catch {
    return null
  }
}

/** True when `signature` (base64url) is `publicKey`'s Ed25519 signature of `text` (UTF-8). */
export function verifySignature(publicKey: string, text: string, signature: string): boolean {
  const key = ed25519PublicKey(publicKey)
  if (!key) return false
  try {
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64url'))
  } catch {
    return false
  }
}

/** The hex SHA-256 of an old-style secret: what hosts stored before identity keys. */
export const legacySecretHash = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex')

/**
 * Which old identity a legacy proof is for, without revealing the hash the proof is keyed with:
 * base64url(SHA-256("papo-legacy-lookup\n" + hex hash)).
 */
export const legacyLookup = (secretHash: string): string =>
  createHash('sha256').update(`papo-legacy-lookup\n${secretHash}`).digest('base64url')

/** base64url(HMAC-SHA-256(key = the hash's 32 bytes, text)). */
export const legacyProof = (secretHash: string, text: string): string =>
  createHmac('sha256', Buffer.from(secretHash, 'hex')).update(text, 'utf8').digest('base64url')

export function verifyLegacyProof(secretHash: string, text: string, proof: string): boolean {
  const expected = Buffer.from(legacyProof(secretHash, text), 'base64url')
  const given = Buffer.from(proof, 'base64url')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** A short, stable code for an identity key, to tell two knocking apps apart. */
export const keyCode = (publicKey: string): string =>
  createHash('sha256').update(publicKey).digest('base64url').slice(0, 8)
