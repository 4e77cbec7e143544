import { join } from 'node:path'
import { z } from 'zod'
import type { KnownHost } from '../../shared/bridge'
import { FINGERPRINT_PATTERN } from '../../shared/fingerprint'
import type { PinnedCertificate } from '../client/tls-pin'
import { readJsonFile, writeJsonFile } from '../storage/json-file'

export const KNOWN_HOSTS_FILE = 'known-hosts.json'

const entrySchema = z.object({
  fingerprint: z.string().regex(FINGERPRINT_PATTERN),
  pem: z.string().max(16_384),
  hostName: z.string().max(128),
  pinnedAt: z.number().int().nonnegative()
})
const fileSchema = z.object({ hosts: z.record(z.string().max(300), entrySchema) })

/**
 * The host certificates this app accepted, per address (`host:port`): the first join of an
 * address asks the person to compare the code; every later one checks the host shows the same
 * certificate, and a different one stops the join (HOST_KEY_CHANGED) until the person forgets
 * the old one on purpose.
 */
export interface KnownHosts {
  get(address: string): PinnedCertificate | null
  pin(address: string, certificate: PinnedCertificate, hostName: string): void
  forget(address: string): boolean
  list(): KnownHost[]
}

export function openKnownHosts(dataDir: string, now: () => number = Date.now): KnownHosts {
  const file = join(dataDir, KNOWN_HOSTS_FILE)
  const hosts = new Map(Object.entries(readJsonFile(file, fileSchema)?.hosts ?? {}))
  const save = (): void => writeJsonFile(file, { hosts: Object.fromEntries(hosts) })
  return {
    get(address) {
      const entry = hosts.get(address)
      return entry ? { fingerprint: entry.fingerprint, pem: entry.pem } : null
    },
    pin(address, certificate, hostName) {
      hosts.set(address, { ...certificate, hostName: hostName.slice(0, 128), pinnedAt: now() })
      save()
    },
    forget(address) {
      const had = hosts.delete(address)
      if (had) save()
      return had
    },
    list() {
      return [...hosts].map(([address, e]) => ({
        address,
        fingerprint: e.fingerprint,
        hostName: e.hostName,
        pinnedAt: e.pinnedAt
      }))
    }
  }
}
