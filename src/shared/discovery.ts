import { z } from 'zod'
import { FINGERPRINT_PATTERN } from './fingerprint'

/**
 * LAN discovery (DNS-SD over mDNS, RFC 6762/6763): every host announces one service instance of
 * type `_papo._tcp`, its SRV giving the port and its TXT what the start screen lists. mDNS is
 * unauthenticated — anyone on the LAN can announce anything — so nothing here is trusted: the
 * TXT only fills the list, and joining checks the certificate as a typed address would.
 */
export const PAPO_SERVICE = '_papo._tcp.local'

/** The TXT keys (short: a DNS-SD TXT record should stay under ~400 bytes). */
export const TXT_KEYS = {
  /** Protocol version (docs/protocol.md). */
  protocol: 'v',
  /** The host id (same as GET /papo's hostId): one entry per host, however many addresses. */
  hostId: 'id',
  /** The host's name. */
  name: 'n',
  /** The nickname of the person hosting; absent on a headless host. */
  hostedBy: 'by',
  /** People online now. */
  online: 'on',
  /** The certificate's short code without dashes (shared/fingerprint.ts shortCode). */
  code: 'fp',
  /** "1" when new people need a password. */
  password: 'pw',
  /** "1" when the person hosting lets new people in one by one ("ask me first"). */
  askFirst: 'ask'
} as const

/** Bounds on what a stranger's TXT may hold; anything longer is not listed. */
export const DISCOVERY_LIMITS = {
  nameMax: 128,
  hostedByMax: 64,
  /** Hosts listed at once: a flood of fake announcements cannot grow the list without bound. */
  hostsMax: 64,
  /** Addresses kept per host. */
  addressesMax: 8,
  /** A host not heard from for this long is dropped even without a goodbye (a crash, a cable). */
  staleMs: 15_000
} as const

/** What a host announces, decoded. */
export const announcementSchema = z.object({
  protocol: z.number().int().min(1).max(1_000),
  hostId: z.string().min(1).max(64),
  name: z.string().min(1).max(DISCOVERY_LIMITS.nameMax),
  hostedBy: z.string().max(DISCOVERY_LIMITS.hostedByMax).nullable(),
  online: z.number().int().min(0).max(1_000_000),
  /** "K7MQ-2XAB-9TCE-R4WN": the certificate's short code. */
  shortCode: z.string().regex(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/),
  access: z.object({ password: z.boolean(), askFirst: z.boolean() })
})
export type Announcement = z.infer<typeof announcementSchema>

/** A host found on the network, as the start screen lists it. */
export interface DiscoveredHost extends Announcement {
  /** `ip:port` to join, best first (the address the announcement came from first). */
  addresses: string[]
  /** This app has joined this host before (a pinned certificate with the same short code). */
  seenBefore: boolean
  /** Same protocol version as this app: joinable. */
  compatible: boolean
  /** When it was last heard from, epoch ms. */
  lastSeen: number
}

/**
 * `searching`: listening, nothing heard yet or hosts listed; `unavailable`: the app could not
 * listen for announcements at all (another program holds mDNS exclusively, no network), with
 * the reason for the log and a tooltip.
 */
export type DiscoveryState =
  { status: 'searching'; since: number } | { status: 'unavailable'; reason: string }

export interface DiscoverySnapshot {
  state: DiscoveryState
  hosts: DiscoveredHost[]
}

/** The TXT strings for an announcement (values only ASCII-safe as given; names are UTF-8). */
export function encodeAnnouncement(a: Announcement): Record<string, string> {
  const txt: Record<string, string> = {
    [TXT_KEYS.protocol]: String(a.protocol),
    [TXT_KEYS.hostId]: a.hostId,
    [TXT_KEYS.name]: a.name,
    [TXT_KEYS.online]: String(a.online),
    [TXT_KEYS.code]: a.shortCode.replace(/-/g, '')
  }
  if (a.hostedBy) txt[TXT_KEYS.hostedBy] = a.hostedBy
  if (a.access.password) txt[TXT_KEYS.password] = '1'
  if (a.access.askFirst) txt[TXT_KEYS.askFirst] = '1'
  return txt
}

/** A count as a host writes it; Number() would also take "1e3", "0x3", " 3" and "". */
const decimal = (value: string | undefined): number =>
  value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : NaN

/** An announcement from TXT strings, or null when it is not a well-formed Papo announcement. */
export function decodeAnnouncement(txt: Readonly<Record<string, string>>): Announcement | null {
  const code = txt[TXT_KEYS.code] ?? ''
  const parsed = announcementSchema.safeParse({
    protocol: decimal(txt[TXT_KEYS.protocol]),
    hostId: txt[TXT_KEYS.hostId],
    name: txt[TXT_KEYS.name],
    hostedBy: txt[TXT_KEYS.hostedBy] || null,
    online: txt[TXT_KEYS.online] === undefined ? 0 : decimal(txt[TXT_KEYS.online]),
    shortCode: /^[0-9A-Z]{16}$/.test(code) ? code.match(/.{4}/g)!.join('-') : code,
    access: { password: txt[TXT_KEYS.password] === '1', askFirst: txt[TXT_KEYS.askFirst] === '1' }
  })
  return parsed.success ? parsed.data : null
}

export const fingerprintHexSchema = z.string().regex(FINGERPRINT_PATTERN)
