import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { LIMITS } from '../../shared/limits'
import { identityFromPem, newIdentityKey, type IdentityKey } from '../client/identity-key'
import { legacySecretHash } from '../crypto/identity-proof'
import { readJsonFile } from '../storage/json-file'
import { ensurePrivateDir, tightenMode } from '../storage/private-files'

export const IDENTITY_KEY_FILE = 'identity-key.pem'
/** Where installations before identity keys kept their secret. */
export const LEGACY_IDENTITY_FILE = 'identity.json'

const legacySchema = z.object({
  secret: z.string().min(LIMITS.secretMin).max(LIMITS.secretMax)
})

export interface Identity {
  key: IdentityKey
  /**
   * The old secret's hash when this installation had one: each host it knew moves that identity
   * (nickname, rooms, history) to the key on the first signed login. The secret is never sent.
   */
  legacySecretHash: string | null
}

/**
 * The installation's identity: an Ed25519 key pair made once, its private key in a 0600 file in
 * the user-data folder. Losing the file means a new identity, so it is never rewritten; a file
 * that cannot be read stops the app rather than silently becoming someone else.
 */
export function loadOrCreateIdentity(dataDir: string): Identity {
  ensurePrivateDir(dataDir)
  const file = join(dataDir, IDENTITY_KEY_FILE)
  let key: IdentityKey
  let pem: string | null = null
  try {
    pem = readFileSync(file, 'utf8')
  } catch {
    // No key yet: made below.
  }
  if (pem !== null) {
    key = identityFromPem(pem)
    tightenMode(file, 0o600)
  } else {
    key = newIdentityKey()
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, key.exportPrivatePem(), { mode: 0o600 })
    renameSync(tmp, file)
  }
  const legacyFile = join(dataDir, LEGACY_IDENTITY_FILE)
  const legacy = readJsonFile(legacyFile, legacySchema)
  if (legacy) tightenMode(legacyFile, 0o600)
  return { key, legacySecretHash: legacy ? legacySecretHash(legacy.secret) : null }
}
