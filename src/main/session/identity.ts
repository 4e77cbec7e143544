import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import { LIMITS } from '../../shared/limits'
import { readJsonFile, writeJsonFile } from '../storage/json-file'

const identitySchema = z.object({
  secret: z.string().min(LIMITS.secretMin).max(LIMITS.secretMax)
})

/**
 * The installation's identity: a random secret that never leaves this machine except in the
 * handshake, where the host keeps only its hash. Losing the file means a new identity, so it is
 * created once and never rewritten.
 */
export function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'identity.json')
  const existing = readJsonFile(file, identitySchema)
  if (existing) return existing.secret
  const secret = randomBytes(32).toString('base64url')
  writeJsonFile(file, { secret })
  return secret
}
