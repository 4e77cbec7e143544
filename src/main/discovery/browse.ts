import type { RemoteInfo } from 'node:dgram'
import { isIPv4 } from 'node:net'
import type { Packet } from 'dns-packet'
import {
  DISCOVERY_LIMITS,
  PAPO_SERVICE,
  decodeAnnouncement,
  type Announcement,
  type DiscoveredHost,
  type DiscoverySnapshot,
  type DiscoveryState
} from '../../shared/discovery'
import { PROTOCOL_VERSION } from '../../shared/limits'
import { openMdns, type MdnsOptions } from './mdns-options'

export interface DiscoveryOptions {
  mdns?: MdnsOptions
  /** Whether this app joined the host with this short code before (a pinned certificate). */
  seenBefore: (shortCode: string) => boolean
  now?: () => number
  /** How often the network is asked for Papo hosts; each asking refreshes the ones listed. */
  queryIntervalMs?: number
  /** A host not heard from for this long is dropped. Default DISCOVERY_LIMITS.staleMs. */
  staleMs?: number
  log?: (line: string) => void
}

export interface Discovery {
  snapshot(): DiscoverySnapshot
  /** Called when the list or the state changes (not for lastSeen alone); returns unsubscribe. */
  onChange(listener: (snapshot: DiscoverySnapshot) => void): () => void
  /** Asks seenBefore again, e.g. after a join pinned a host's certificate. */
  refresh(): void
  stop(): Promise<void>
}

/** What one service instance said, gathered over packets (PTR, SRV and TXT may come apart). */
interface Instance {
  port: number | null
  /** The SRV target, lowercase: whose A records are this instance's addresses. */
  target: string | null
  announcement: Announcement | null
  /** Where its last packet came from: an address that reached us, so listed first. */
  source: string
  lastSeen: number
}

/** A record as a stranger may have sent it: every field checked before use. */
interface LooseRecord {
  name?: unknown
  type?: unknown
  ttl?: unknown
  data?: unknown
}

/** Records looked at per packet: a stranger's may hold hundreds. */
const RECORDS_MAX = 64
/** Host names whose addresses are kept, at most (only ones an instance's SRV names). */
const TARGETS_MAX = DISCOVERY_LIMITS.hostsMax * 2

const SERVICE = PAPO_SERVICE.toLowerCase()
const SERVICE_SUFFIX = `.${SERVICE}`

const isLoopback = (ip: string): boolean => ip.startsWith('127.')
/** Addresses an A record may offer: nothing unreachable (0/8, link-local, multicast and up). */
const isJoinable = (ip: string): boolean =>
  isIPv4(ip) && !/^(0|169\.254|22[4-9]|2[3-5]\d)\./.test(ip)

/** TXT character strings as `key=value` pairs; the first of a repeated key wins (RFC 6763 §6.4). */
function parseTxt(data: unknown): Record<string, string> | null {
  const list = Array.isArray(data) ? data : [data]
  const txt: Record<string, string> = Object.create(null) as Record<string, string>
  for (const item of list.slice(0, 32)) {
    if (!Buffer.isBuffer(item)) return null
    const text = item.toString('utf8')
    const eq = text.indexOf('=')
    const key = (eq === -1 ? text : text.slice(0, eq)).toLowerCase()
    if (key && !(key in txt)) txt[key] = eq === -1 ? '' : text.slice(eq + 1)
  }
  return txt
}

/**
 * Lists the Papo hosts on the LAN: asks for `_papo._tcp` now and every few seconds, gathers
 * the answers into one entry per host id, and drops a host at its goodbye or once unheard for
 * staleMs. Nothing heard is trusted (see shared/discovery.ts), and what is kept is bounded
 * whatever strangers send.
 */
export function createDiscovery(options: DiscoveryOptions): Discovery {
  const log = options.log ?? (() => {})
  const now = options.now ?? Date.now
  const staleMs = options.staleMs ?? DISCOVERY_LIMITS.staleMs
  const instances = new Map<string, Instance>()
  const targets = new Map<string, string[]>()
  const seenCache = new Map<string, boolean>()
  const listeners = new Set<(snapshot: DiscoverySnapshot) => void>()

  let state: DiscoveryState = { status: 'searching', since: now() }
  let bindFailed = false
  let current: DiscoverySnapshot = { state, hosts: [] }
  let currentKey = ''
  let warnedFull = false
  let stopping: Promise<void> | null = null

  const seenBefore = (code: string): boolean => {
    let seen = seenCache.get(code)
    if (seen === undefined) {
      try {
        seen = options.seenBefore(code)
      } catch (e) {
        log(`discovery: seenBefore failed: ${String(e)}`)
        seen = false
      }
      seenCache.set(code, seen)
    }
    return seen
  }

  function build(): DiscoveredHost[] {
    // One entry per host id: the instance heard from last speaks for it.
    const byHost = new Map<string, Instance>()
    for (const instance of instances.values()) {
      if (!instance.announcement || instance.port === null) continue
      const other = byHost.get(instance.announcement.hostId)
      if (!other || instance.lastSeen > other.lastSeen)
        byHost.set(instance.announcement.hostId, instance)
    }
    const hosts: DiscoveredHost[] = []
    for (const instance of byHost.values()) {
      const announcement = instance.announcement as Announcement
      const ips = [instance.source]
      for (const ip of targets.get(instance.target ?? '') ?? []) {
        // Loopback reaches the announcer only from its own computer.
        if (isJoinable(ip) && (!isLoopback(ip) || isLoopback(instance.source))) ips.push(ip)
      }
      hosts.push({
        ...announcement,
        addresses: [...new Set(ips)]
          .slice(0, DISCOVERY_LIMITS.addressesMax)
          .map((ip) => `${ip}:${instance.port}`),
        seenBefore: seenBefore(announcement.shortCode),
        compatible: announcement.protocol === PROTOCOL_VERSION,
        lastSeen: instance.lastSeen
      })
    }
    const codes = new Set(hosts.map((h) => h.shortCode))
    for (const code of seenCache.keys()) if (!codes.has(code)) seenCache.delete(code)
    return hosts.sort(
      (a, b) =>
        Number(b.compatible) - Number(a.compatible) ||
        a.name.localeCompare(b.name) ||
        a.hostId.localeCompare(b.hostId)
    )
  }

  /** Rebuilds the snapshot; tells the listeners when more than lastSeen changed. */
  function update(): void {
    const hosts = build()
    current = { state, hosts }
    const key = JSON.stringify({ state, hosts: hosts.map(({ lastSeen: _, ...h }) => h) })
    if (key === currentKey) return
    currentKey = key
    for (const listener of [...listeners]) {
      try {
        listener(current)
      } catch (e) {
        log(`discovery: a listener failed: ${String(e)}`)
      }
    }
  }

  const setState = (next: DiscoveryState): void => {
    if (next.status === state.status) return
    state = next
    update()
  }

  /** The instance's entry, made if there is room: a flood of fake ones cannot grow the list. */
  function entry(name: string, source: string, at: number): Instance | null {
    let instance = instances.get(name)
    if (!instance) {
      if (instances.size >= DISCOVERY_LIMITS.hostsMax) {
        // Room made from an instance that never said who it is, the oldest such first.
        let oldest: string | null = null
        let oldestAt = Infinity
        for (const [key, other] of instances) {
          if (!other.announcement && other.lastSeen < oldestAt) {
            oldest = key
            oldestAt = other.lastSeen
          }
        }
        if (oldest === null) {
          if (!warnedFull) log(`discovery: ${instances.size} hosts listed; ignoring more`)
          warnedFull = true
          return null
        }
        instances.delete(oldest)
      }
      instance = { port: null, target: null, announcement: null, source, lastSeen: at }
      instances.set(name, instance)
    }
    instance.source = source
    instance.lastSeen = at
    return instance
  }

  function forgetUnusedTargets(): void {
    const used = new Set([...instances.values()].map((i) => i.target))
    for (const name of targets.keys()) if (!used.has(name)) targets.delete(name)
  }

  function onResponse(packet: Packet, rinfo: RemoteInfo): void {
    if (stopping || !isIPv4(rinfo?.address ?? '')) return
    const records = [
      ...(Array.isArray(packet.answers) ? packet.answers : []),
      ...(Array.isArray(packet.additionals) ? packet.additionals : [])
    ].slice(0, RECORDS_MAX) as LooseRecord[]
    const at = now()
    const source = rinfo.address
    // Service records first: the A records that follow are kept only for a known SRV target.
    for (const record of records) {
      if (typeof record?.name !== 'string') continue
      const name = record.name.toLowerCase()
      const goodbye = record.ttl === 0
      if (record.type === 'PTR' && name === SERVICE && typeof record.data === 'string') {
        const instance = record.data.toLowerCase()
        if (!instance.endsWith(SERVICE_SUFFIX)) continue
        if (goodbye) instances.delete(instance)
        else entry(instance, source, at)
      } else if (record.type === 'SRV' && name.endsWith(SERVICE_SUFFIX)) {
        if (goodbye) {
          instances.delete(name)
          continue
        }
        const { port, target } = (record.data ?? {}) as { port?: unknown; target?: unknown }
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
          continue
        if (typeof target !== 'string') continue
        const instance = entry(name, source, at)
        if (!instance) continue
        instance.port = port
        instance.target = target.toLowerCase()
      } else if (record.type === 'TXT' && name.endsWith(SERVICE_SUFFIX) && !goodbye) {
        const instance = entry(name, source, at)
        const txt = parseTxt(record.data)
        // Not a Papo announcement (or a malformed one): the instance stays unlisted.
        if (instance) instance.announcement = txt ? decodeAnnouncement(txt) : null
      }
    }
    const known = new Set([...instances.values()].map((i) => i.target))
    const heard = new Map<string, string[]>()
    for (const record of records) {
      if (record?.type !== 'A' || typeof record.name !== 'string') continue
      const name = record.name.toLowerCase()
      if (!known.has(name) || typeof record.data !== 'string' || !isIPv4(record.data)) continue
      const ips = heard.get(name) ?? []
      if (record.ttl === 0) {
        // A goodbye for one address: the others stay.
        targets.set(
          name,
          (targets.get(name) ?? []).filter((ip) => ip !== record.data)
        )
      } else if (ips.length < DISCOVERY_LIMITS.addressesMax && !ips.includes(record.data)) {
        ips.push(record.data)
        heard.set(name, ips)
      }
    }
    if (targets.size + heard.size > TARGETS_MAX) forgetUnusedTargets()
    // The announcer sets cache-flush on its A records: what it says now replaces what it said.
    for (const [name, ips] of heard)
      if (targets.size < TARGETS_MAX || targets.has(name)) targets.set(name, ips)
    update()
  }

  function sweep(): void {
    const cutoff = now() - staleMs
    let removed = false
    for (const [name, instance] of instances) {
      if (instance.lastSeen < cutoff) {
        instances.delete(name)
        removed = true
      }
    }
    if (removed) {
      forgetUnusedTargets()
      if (instances.size < DISCOVERY_LIMITS.hostsMax) warnedFull = false
      update()
    }
  }

  const handle = openMdns(options.mdns ?? {}, (error) => log(`discovery: ${error.message}`))
  void handle.ready.then((error) => {
    if (!error) return
    bindFailed = true
    log(`discovery: cannot listen for hosts (${error.message})`)
    setState({ status: 'unavailable', reason: error.message })
  })
  handle.mdns.on('response', (packet: Packet, rinfo: RemoteInfo) => {
    try {
      onResponse(packet, rinfo)
    } catch (e) {
      log(`discovery: ignored a response (${String(e)})`)
    }
  })

  const ask = (): void => {
    if (stopping || bindFailed) return
    handle.send(
      {
        type: 'query',
        id: 0,
        flags: 0,
        questions: [{ name: PAPO_SERVICE, type: 'PTR', class: 'IN' }]
      },
      (error) =>
        void handle.ready.then((bindError) => {
          // A socket that could not bind says so itself (see above).
          if (stopping || bindError) return
          // No route to the group: no network to search (yet); searching again once there is.
          if (error) setState({ status: 'unavailable', reason: `no network (${error.message})` })
          else setState({ status: 'searching', since: now() })
        })
    )
  }
  ask()
  const asking = setInterval(ask, options.queryIntervalMs ?? 4_000)
  const sweeping = setInterval(sweep, Math.max(50, Math.min(1_000, staleMs / 4)))
  asking.unref()
  sweeping.unref()
  update()

  return {
    snapshot: () => current,
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    refresh() {
      seenCache.clear()
      update()
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(asking)
        clearInterval(sweeping)
        listeners.clear()
        await handle.close()
      })()
      return stopping
    }
  }
}
