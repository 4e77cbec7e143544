import { isIPv4 } from 'node:net'
import type { Answer, Packet } from 'dns-packet'
import {
  DISCOVERY_LIMITS,
  PAPO_SERVICE,
  encodeAnnouncement,
  type Announcement
} from '../../shared/discovery'
import { openMdns, type MdnsOptions } from './mdns-options'

export interface AnnouncerOptions {
  /** The service instance's name, one DNS label: see instanceNameFor. */
  instanceName: string
  /** The port the host listens on (the SRV record). */
  port: number
  /** What the TXT says now; read again by changed() and on every watch tick. */
  announcement: () => Announcement
  /** IPv4 addresses the host listens on, for the A records (no port); read on every watch tick. */
  listenAddresses: () => string[]
  mdns?: MdnsOptions
  /** How often the addresses (a laptop moving from Wi-Fi to cable) and the TXT are re-read. */
  watchIntervalMs?: number
  /** Least time between two multicasts of the same records (RFC 6762 §6 says one second). */
  minUpdateMs?: number
  now?: () => number
  log?: (line: string) => void
}

export interface Announcer {
  /** Re-reads announcement(); when the TXT differs, multicasts it (throttled, the last wins). */
  changed(): void
  /** Says goodbye (TTL 0) so browsers drop the host at once, then closes the socket. Bounded. */
  stop(): Promise<void>
}

/** The service-type enumeration name (RFC 6763 §9): "which services are on this network?". */
export const SERVICES_META = '_services._dns-sd._udp.local'

/**
 * Short, so a host that vanished without a goodbye leaves caches soon; browsers re-query every
 * few seconds and drop what they have not heard for DISCOVERY_LIMITS.staleMs anyway.
 */
const TTL_S = 120
/** RFC 6762 §8.3: at least two unsolicited announcements, one second apart. */
const START_ANNOUNCEMENTS = 3
const MOVED_ANNOUNCEMENTS = 2
const ANNOUNCE_GAP_MS = 1_000
/** How long stop() waits for the goodbye to leave. */
const GOODBYE_MS = 300
/** Questions looked at per query: a stranger's packet may hold thousands. */
const QUESTIONS_MAX = 16
/** A DNS label is at most 63 bytes; a TXT string at most 255. */
const LABEL_MAX_BYTES = 63
const TXT_STRING_MAX_BYTES = 255
/** The AA flag every mDNS response carries (RFC 6762 §18.4). */
const AUTHORITATIVE = 1 << 10

/** `s` cut at a code point so that its UTF-8 is at most `max` bytes. */
function fitBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s
  const chars = [...s]
  while (chars.length > 0 && Buffer.byteLength(chars.join('')) > max) chars.pop()
  return chars.join('')
}

/** One DNS label: no dots (dns-packet cannot escape them), no control characters, ≤ `max` bytes. */
function toLabel(name: string, max = LABEL_MAX_BYTES): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f.]+/g, ' ').trim()
  return fitBytes(clean, max).trim() || 'Papo'
}

/**
 * "Room 12 (1f2e3d4c)": unique per host (two rooms may share a name), one DNS label, the name
 * cut rather than the host id when it is too long.
 */
export function instanceNameFor(name: string, hostId: string): string {
  const suffix = ` (${hostId.replace(/[^0-9a-z]/gi, '').slice(0, 8)})`
  return toLabel(name, LABEL_MAX_BYTES - Buffer.byteLength(suffix)) + suffix
}

/** The SRV target: a host name of our own, so the A records carry only this host's addresses. */
export function hostTargetFor(hostId: string): string {
  return `papo-${
    hostId
      .replace(/[^0-9a-z]/gi, '')
      .slice(0, 12)
      .toLowerCase() || 'host'
  }.local`
}

/** The TXT strings (`key=value`, each within a DNS character string). */
function txtStrings(announcement: Announcement): Buffer[] {
  return Object.entries(encodeAnnouncement(announcement)).map(([key, value]) =>
    Buffer.from(fitBytes(`${key}=${value}`, TXT_STRING_MAX_BYTES))
  )
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])

/**
 * Announces one Papo host over mDNS/DNS-SD: answers queries for the service, the instance and
 * its host name, multicasts itself when it starts, when its addresses change and when its TXT
 * changes, and says goodbye when it stops. What strangers send was parsed by multicast-dns;
 * anything unexpected in it is ignored.
 */
export function createAnnouncer(options: AnnouncerOptions): Announcer {
  const log = options.log ?? (() => {})
  const now = options.now ?? Date.now
  const minUpdateMs = options.minUpdateMs ?? 1_000
  const instance = `${toLabel(options.instanceName)}.${PAPO_SERVICE}`
  const first = options.announcement()
  const target = hostTargetFor(first.hostId)
  // DNS names compare without case.
  const lower = {
    service: PAPO_SERVICE.toLowerCase(),
    meta: SERVICES_META.toLowerCase(),
    instance: instance.toLowerCase(),
    target: target.toLowerCase()
  }

  let txt = txtStrings(first)
  let txtKey = txt.join('\n')
  let addresses: string[] = []
  const readAddresses = (): string[] => {
    try {
      const ips = options.listenAddresses().filter((ip) => isIPv4(ip))
      return [...new Set(ips)].slice(0, DISCOVERY_LIMITS.addressesMax)
    } catch (e) {
      log(`mDNS: could not read the addresses: ${String(e)}`)
      return addresses
    }
  }
  addresses = readAddresses()

  const handle = openMdns(options.mdns ?? {}, (error) => log(`mDNS: ${error.message}`))
  void handle.ready.then((error) => {
    if (error) log(`mDNS: cannot announce this host (${error.message})`)
  })

  const records = (ttl: number) => ({
    service: { name: PAPO_SERVICE, type: 'PTR', ttl, data: instance } as Answer,
    meta: { name: SERVICES_META, type: 'PTR', ttl, data: PAPO_SERVICE } as Answer,
    // Unique to this host: the cache-flush bit replaces whatever a browser held for them.
    srv: {
      name: instance,
      type: 'SRV',
      ttl,
      flush: true,
      data: { port: options.port, target, priority: 0, weight: 0 }
    } as Answer,
    txt: { name: instance, type: 'TXT', ttl, flush: true, data: txt } as Answer,
    a: addresses.map((ip) => ({ name: target, type: 'A', ttl, flush: true, data: ip }) as Answer)
  })

  type Kind = 'service' | 'meta' | 'instance' | 'host'
  /** When each kind of record was last multicast, for the one-second rule. */
  const lastSent = new Map<Kind, number>()
  const recent = (kind: Kind): boolean => now() - (lastSent.get(kind) ?? -Infinity) < minUpdateMs

  let stopping: Promise<void> | null = null
  const send = (packet: Packet, kinds: Kind[]): void => {
    if (stopping) return
    const at = now()
    for (const kind of kinds) lastSent.set(kind, at)
    handle.send(packet)
  }

  const announce = (): void => {
    const r = records(TTL_S)
    send(
      {
        type: 'response',
        flags: AUTHORITATIVE,
        answers: [r.service, r.meta, r.srv, r.txt, ...r.a]
      },
      ['service', 'meta', 'instance', 'host']
    )
  }

  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, run: () => void): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      run()
    }, ms)
    timers.add(timer)
    return timer
  }
  const burst = (count: number): void => {
    announce()
    if (count > 1) later(ANNOUNCE_GAP_MS, () => burst(count - 1))
  }

  let pendingUpdate: NodeJS.Timeout | null = null
  const changed = (): void => {
    if (stopping) return
    let next: Buffer[]
    try {
      next = txtStrings(options.announcement())
    } catch (e) {
      log(`mDNS: could not read the announcement: ${String(e)}`)
      return
    }
    const key = next.join('\n')
    if (key === txtKey) return
    txt = next
    txtKey = key
    // Pending: it reads `txt` when it fires, so the latest change is the one sent.
    if (pendingUpdate) return
    const wait = (lastSent.get('instance') ?? -Infinity) + minUpdateMs - now()
    const update = (): void => {
      pendingUpdate = null
      const r = records(TTL_S)
      send({ type: 'response', flags: AUTHORITATIVE, answers: [r.txt] }, ['instance'])
    }
    if (wait <= 0) update()
    else pendingUpdate = later(wait, update)
  }

  const watch = setInterval(() => {
    const next = readAddresses()
    if (!sameList(next, addresses)) {
      const gone = addresses.filter((ip) => !next.includes(ip))
      log(`mDNS: addresses now ${next.join(', ') || 'none'}; announcing again`)
      if (gone.length > 0) {
        const bye = gone.map((ip) => ({ name: target, type: 'A', ttl: 0, data: ip }) as Answer)
        send({ type: 'response', flags: AUTHORITATIVE, answers: bye }, [])
      }
      addresses = next
      burst(MOVED_ANNOUNCEMENTS)
    }
    // A backstop for a change nobody called changed() for.
    changed()
  }, options.watchIntervalMs ?? 3_000)
  watch.unref()

  handle.mdns.on('query', (query: Packet) => {
    try {
      answer(query)
    } catch (e) {
      log(`mDNS: ignored a query (${String(e)})`)
    }
  })

  /** Answers what the query asks about us, each kind at most once per minUpdateMs. */
  function answer(query: Packet): void {
    if (stopping || !Array.isArray(query.questions)) return
    const wanted = new Set<Kind>()
    for (const q of query.questions.slice(0, QUESTIONS_MAX)) {
      if (typeof q?.name !== 'string') continue
      const name = q.name.toLowerCase()
      // 'ANY' is missing from dns-packet's types; a string compares either way.
      const type: string = q.type
      const any = type === 'ANY'
      if (name === lower.service && (any || type === 'PTR')) wanted.add('service')
      else if (name === lower.meta && (any || type === 'PTR')) wanted.add('meta')
      else if (name === lower.instance && (any || type === 'SRV' || type === 'TXT'))
        wanted.add('instance')
      else if (name === lower.target && (any || type === 'A')) wanted.add('host')
    }
    const kinds = [...wanted].filter((kind) => !recent(kind))
    if (kinds.length === 0) return
    const r = records(TTL_S)
    const answers: Answer[] = []
    const additionals: Answer[] = []
    if (kinds.includes('meta')) answers.push(r.meta)
    if (kinds.includes('service')) answers.push(r.service)
    // What a browser asks next comes along (RFC 6763 §12), so one packet lists the host.
    if (kinds.includes('instance')) answers.push(r.srv, r.txt)
    else if (kinds.includes('service')) additionals.push(r.srv, r.txt)
    if (kinds.includes('host')) answers.push(...r.a)
    else if (kinds.includes('service') || kinds.includes('instance')) additionals.push(...r.a)
    const sent = new Set<Kind>(kinds)
    if (kinds.includes('service')) sent.add('instance')
    send({ type: 'response', flags: AUTHORITATIVE, answers, additionals }, [...sent])
  }

  burst(START_ANNOUNCEMENTS)

  return {
    changed,
    stop() {
      stopping ??= (async () => {
        clearInterval(watch)
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        const r = records(0)
        const goodbye: Packet = {
          type: 'response',
          flags: AUTHORITATIVE,
          answers: [r.service, r.srv, r.txt, ...r.a]
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, GOODBYE_MS)
          handle.send(goodbye, () => {
            clearTimeout(timer)
            resolve()
          })
        })
        await handle.close()
      })()
      return stopping
    }
  }
}
