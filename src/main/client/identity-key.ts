import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject
} from 'node:crypto'

/**
 * This installation's identity: an Ed25519 key pair. The private key signs each host's
 * challenge and never leaves the computer; hosts know the identity by its public key.
 */
export interface IdentityKey {
  /** The raw 32-byte public key, base64url (43 characters): what hosts know it by. */
  readonly publicKey: string
  /** Ed25519 signature of `text` (UTF-8), base64url. */
  sign(text: string): string
  /** PKCS#8 PEM of the private key, to keep in a 0600 file. */
  exportPrivatePem(): string
}

export function identityFromPrivateKey(privateKey: KeyObject): IdentityKey {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('The identity key is not an Ed25519 key.')
  }
  const publicKey = jwk.x
  return {
    publicKey,
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url'),
    exportPrivatePem: () => privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  }
}

export function newIdentityKey(): IdentityKey {
  return identityFromPrivateKey(generateKeyPairSync('ed25519').privateKey)
}

export function identityFromPem(pem: string): IdentityKey {
  return identityFromPrivateKey(createPrivateKey(pem))
}

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/** The identity a 32-byte seed makes, always the same one (tests, the benchmark's clients). */
export function identityFromSeed(seed: Buffer): IdentityKey {
  if (seed.length !== 32) throw new Error('An Ed25519 seed has 32 bytes.')
  const der = Buffer.concat([ED25519_PKCS8_PREFIX, seed])
  return identityFromPrivateKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))
}
