import { createSocket, type Socket } from 'node:dgram'
import { encode, type Answer, type Packet } from 'dns-packet'
import { afterEach, describe, expect, it } from 'vitest'
import { createAnnouncer, instanceNameFor, type Announcer } from '../../src/main/discovery/announce'
import { createDiscovery, type Discovery } from '../../src/main/discovery/browse'
import { openMdns, type MdnsOptions } from '../../src/main/discovery/mdns-options'
import {
  DISCOVERY_LIMITS,
  PAPO_SERVICE,
  encodeAnnouncement,
  type Announcement,
  type DiscoveredHost,
  type DiscoverySnapshot
} from '../../src/shared/discovery'
import { createHost } from '../../src/main/host'
import { shortCode } from '../../src/shared/fingerprint'
import { PROTOCOL_VERSION } from '../../src/shared/limits'
import { identityForSecret } from '../helpers/handshake'
import { makeTempDir } from '../helpers/temp-dir'
import { connectClient, newSecret } from '../helpers/wire-client'
import { freeUdpPort } from '../helpers/udp'

// Announcer and browser over real sockets, on loopback and a UDP port of the test's own: every
// packet stays on this machine (multicast out of `lo` only), and no other test hears it.

const GROUP = '224.0.0.251'
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function loopbackMdns(): Promise<MdnsOptions> {
  return { interface: '127.0.0.1', port: await freeUdpPort() }
}

let nextId = 0
function announcementFor(overrides: Partial<Announcement> = {}): Announcement {
  nextId++
  return {
    protocol: PROTOCOL_VERSION,
    hostId: `${String(nextId).padStart(8, '0')}-0000-4000-8000-${String(nextId).padStart(12, '0')}`,
    name: `Room ${nextId}`,
    hostedBy: null,
    online: 0,
    shortCode: 'K7MQ-2XAB-9TCE-R4WN',
    access: { password: false, askFirst: false },
    ...overrides
  }
}

interface TestAnnouncer extends Announcer {
  current: Announcement
  set(change: Partial<Announcement>): void
}

function announce(
  mdns: MdnsOptions,
  announcement: Announcement,
  extra: {
    port?: number
    addresses?: () => string[]
    watchIntervalMs?: number
    minUpdateMs?: number
  } = {}
): TestAnnouncer {
  const state = { current: announcement }
  const announcer = createAnnouncer({
    instanceName: instanceNameFor(announcement.name, announcement.hostId),
    port: extra.port ?? 4747,
    announcement: () => state.current,
    listenAddresses: extra.addresses ?? (() => ['127.0.0.1']),
    mdns,
    minUpdateMs: extra.minUpdateMs ?? 100,
    watchIntervalMs: extra.watchIntervalMs
  })
  cleanups.push(() => announcer.stop())
  return {
    ...announcer,
    get current() {
      return state.current
    },
    set(change) {
      state.current = { ...state.current, ...change }
      announcer.changed()
    }
  }
}

function browse(
  mdns: MdnsOptions,
  extra: Partial<Parameters<typeof createDiscovery>[0]> = {}
): Discovery & { changes: DiscoverySnapshot[]; logged: string[] } {
  const logged: string[] = []
  const discovery = createDiscovery({
    mdns,
    seenBefore: () => false,
    queryIntervalMs: 250,
    staleMs: 5_000,
    log: (line) => logged.push(line),
    ...extra
  })
  const changes: DiscoverySnapshot[] = []
  discovery.onChange((s) => changes.push(s))
  cleanups.push(() => discovery.stop())
  return Object.assign(discovery, { changes, logged })
}

/** Resolves with the snapshot once `match` holds for it; fails after `timeoutMs`. */
function until(
  discovery: Discovery,
  match: (s: DiscoverySnapshot) => boolean,
  what: string,
  timeoutMs = 5_000
): Promise<DiscoverySnapshot> {
  return new Promise((resolve, reject) => {
    if (match(discovery.snapshot())) return resolve(discovery.snapshot())
    const timer = setTimeout(() => {
      off()
      reject(
        new Error(`${what} not within ${timeoutMs} ms: ${JSON.stringify(discovery.snapshot())}`)
      )
    }, timeoutMs)
    const off = discovery.onChange((s) => {
      if (!match(s)) return
      clearTimeout(timer)
      off()
      resolve(s)
    })
  })
}

const hostOf = (s: DiscoverySnapshot, hostId: string): DiscoveredHost | undefined =>
  s.hosts.find((h) => h.hostId === hostId)

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A raw socket that sends to the group out of loopback only, as a stranger on the LAN would. */
async function rawSender(
  port: number
): Promise<{ send(bytes: Buffer): Promise<void>; socket: Socket }> {
  const socket = createSocket({ type: 'udp4', reuseAddr: true })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  socket.setMulticastInterface('127.0.0.1')
  socket.setMulticastLoopback(true)
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())))
  return {
    socket,
    send: (bytes) =>
      new Promise<void>((resolve, reject) =>
        socket.send(bytes, port, GROUP, (error) => (error ? reject(error) : resolve()))
      )
  }
}

/** A whole announcement from nobody's announcer: the packet a host that then died sent once. */
function fakeResponse(a: Announcement, port = 4747, ttl = 120): Buffer {
  const instance = `${instanceNameFor(a.name, a.hostId)}.${PAPO_SERVICE}`
  const target = `fake-${a.hostId.slice(0, 8)}.local`
  const answers: Answer[] = [
    { name: PAPO_SERVICE, type: 'PTR', ttl, data: instance },
    { name: instance, type: 'SRV', ttl, data: { port, target } },
    {
      name: instance,
      type: 'TXT',
      ttl,
      data: Object.entries(encodeAnnouncement(a)).map(([k, v]) => Buffer.from(`${k}=${v}`))
    },
    { name: target, type: 'A', ttl, data: '127.0.0.1' }
  ]
  return encode({ type: 'response', flags: 1 << 10, answers } as Packet)
}

describe('LAN discovery over loopback', () => {
  it('lists an announced host with its TXT data, follows changes, and drops it at its goodbye', async () => {
    const mdns = await loopbackMdns()
    const a = announcementFor({
      name: 'Room 12',
      hostedBy: 'Ana',
      access: { password: true, askFirst: false }
    })
    const discovery = browse(mdns, { seenBefore: (code) => code === a.shortCode, staleMs: 10_000 })
    const host = announce(mdns, a, { port: 4848 })

    const listed = await until(discovery, (s) => hostOf(s, a.hostId) !== undefined, 'the host')
    expect(listed.state.status).toBe('searching')
    expect(listed.hosts).toHaveLength(1)
    expect(listed.hosts[0]).toMatchObject({
      ...a,
      addresses: ['127.0.0.1:4848'],
      seenBefore: true,
      compatible: true
    })

    // Heard again and again (re-queries), nothing changed: no change is reported.
    const quiet = discovery.changes.length
    await sleep(1_200)
    expect(discovery.changes.length).toBe(quiet)
    expect(discovery.snapshot().hosts[0]!.lastSeen).toBeGreaterThan(listed.hosts[0]!.lastSeen)

    host.set({ online: 2 })
    await until(discovery, (s) => hostOf(s, a.hostId)?.online === 2, 'the new online count', 3_000)

    // A second host, on a protocol this app does not speak: listed after, whatever its name.
    const b = announcementFor({
      name: 'Aardvark',
      protocol: PROTOCOL_VERSION + 1,
      shortCode: 'AAAA-BBBB-CCCC-DDDD'
    })
    const other = announce(mdns, b)
    const both = await until(discovery, (s) => s.hosts.length === 2, 'the second host')
    expect(both.hosts.map((h) => [h.name, h.compatible, h.seenBefore])).toEqual([
      ['Room 12', true, true],
      ['Aardvark', false, false]
    ])

    const stopped = Date.now()
    await host.stop()
    const after = await until(
      discovery,
      (s) => hostOf(s, a.hostId) === undefined,
      'the goodbye',
      2_000
    )
    expect(Date.now() - stopped).toBeLessThan(2_000)
    expect(after.hosts.map((h) => h.hostId)).toEqual([b.hostId])
    await other.stop()
    await until(discovery, (s) => s.hosts.length === 0, 'the second goodbye', 2_000)
  })

  it('keeps a host that answers, and drops one unheard for staleMs', async () => {
    const mdns = await loopbackMdns()
    const discovery = browse(mdns, { staleMs: 1_500 })
    const alive = announcementFor()
    announce(mdns, alive)
    const dead = announcementFor()
    const stranger = await rawSender(mdns.port!)
    await until(discovery, (s) => hostOf(s, alive.hostId) !== undefined, 'the live host')
    // Announced once, then gone without a goodbye (a crash, a pulled cable).
    await stranger.send(fakeResponse(dead))
    await until(discovery, (s) => hostOf(s, dead.hostId) !== undefined, 'the dead host')
    const heard = Date.now()
    await until(
      discovery,
      (s) => hostOf(s, dead.hostId) === undefined,
      'the dead host dropped',
      4_000
    )
    expect(Date.now() - heard).toBeGreaterThanOrEqual(1_000)
    // The live one outlived several staleMs by answering the browser's queries.
    await sleep(2_000)
    expect(hostOf(discovery.snapshot(), alive.hostId)).toBeDefined()
  })

  it('follows the announcer to new addresses (a laptop moving from Wi-Fi to cable)', async () => {
    const mdns = await loopbackMdns()
    const discovery = browse(mdns)
    let addresses = ['127.0.0.1']
    const a = announcementFor()
    announce(mdns, a, { addresses: () => addresses, watchIntervalMs: 100 })
    await until(discovery, (s) => hostOf(s, a.hostId) !== undefined, 'the host')
    addresses = ['127.0.0.2', '127.0.0.3']
    const moved = await until(
      discovery,
      (s) => hostOf(s, a.hostId)?.addresses.length === 3,
      'the new addresses'
    )
    // Where the packets come from first, then the A records.
    expect(hostOf(moved, a.hostId)!.addresses).toEqual([
      '127.0.0.1:4747',
      '127.0.0.2:4747',
      '127.0.0.3:4747'
    ])
  })

  it('survives a flood of garbage and oversized packets, listing nothing from it', async () => {
    const mdns = await loopbackMdns()
    const discovery = browse(mdns)
    const a = announcementFor()
    // The one-second rule of RFC 6762 §6, as in the app.
    const host = announce(mdns, a, { minUpdateMs: 1_000 })
    await until(discovery, (s) => hostOf(s, a.hostId) !== undefined, 'the host')
    // Counts the announcer's answers: it must not answer each query of a flood.
    const ours = `${instanceNameFor(a.name, a.hostId)}.${PAPO_SERVICE}`
    let responses = 0
    const sniffer = openMdns(mdns, () => {})
    cleanups.push(() => sniffer.close())
    sniffer.mdns.on('response', (packet: Packet) => {
      if ([...(packet.answers ?? []), ...(packet.additionals ?? [])].some((r) => r.name === ours))
        responses++
    })
    await sniffer.ready

    const stranger = await rawSender(mdns.port!)
    const instance = `x.${PAPO_SERVICE}`
    const junk: Buffer[] = [
      Buffer.alloc(0),
      Buffer.from('not dns at all'),
      Buffer.alloc(12, 0xff),
      // A name pointer to itself.
      Buffer.from([
        0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xc0, 12, 0, 12, 0, 1, 0, 0, 0, 120, 0, 2, 0xc0, 12
      ]),
      encode({
        type: 'response',
        answers: [
          { name: PAPO_SERVICE, type: 'PTR', ttl: 120, data: instance },
          { name: instance, type: 'SRV', ttl: 120, data: { port: 0, target: 't.local' } },
          { name: instance, type: 'TXT', ttl: 120, data: [Buffer.from('v=3'), Buffer.from('n=')] }
        ]
      } as Packet),
      encode({
        type: 'response',
        answers: [
          { name: instance, type: 'SRV', ttl: 120, data: { port: 80, target: 't.local' } },
          { name: instance, type: 'TXT', ttl: 120, data: [Buffer.alloc(255, 0x3d)] },
          { name: 't.local', type: 'A', ttl: 120, data: '10.0.0.1' }
        ]
      } as Packet),
      encode({
        type: 'response',
        answers: [{ name: '_other._tcp.local', type: 'PTR', ttl: 120, data: `y._other._tcp.local` }]
      } as Packet),
      encode({
        type: 'response',
        answers: Array.from({ length: 500 }, (_, i) => ({
          name: PAPO_SERVICE,
          type: 'PTR' as const,
          ttl: 120,
          data: `n${i}.${PAPO_SERVICE}`
        }))
      }),
      encode({
        type: 'query',
        questions: Array.from({ length: 1_000 }, () => ({
          name: PAPO_SERVICE,
          type: 'PTR' as const
        }))
      })
    ]
    const query = encode({ type: 'query', questions: [{ name: PAPO_SERVICE, type: 'PTR' }] })
    const started = Date.now()
    await stranger.send(Buffer.alloc(60_000, 0x41))
    for (let round = 0; round < 20; round++) {
      for (const bytes of junk) await stranger.send(bytes)
      for (let i = 0; i < 10; i++) await stranger.send(query)
    }
    const floodMs = Date.now() - started
    await sleep(300)

    expect(discovery.snapshot().hosts.map((h) => h.hostId)).toEqual([a.hostId])
    // 200 queries (and 1,000-question ones) answered at most about once a second.
    const answered = responses
    expect(answered).toBeLessThanOrEqual(Math.ceil((floodMs + 300) / 1_000) + 1)
    // Both still work (and the sniffer hears the announcer: the bound above is not vacuous).
    host.set({ online: 7 })
    await until(discovery, (s) => hostOf(s, a.hostId)?.online === 7, 'a change after the flood')
    await sleep(200)
    expect(responses).toBeGreaterThan(answered)
  })

  it(`lists at most ${DISCOVERY_LIMITS.hostsMax} hosts, logging once`, async () => {
    const mdns = await loopbackMdns()
    const discovery = browse(mdns, { staleMs: 2_000 })
    const stranger = await rawSender(mdns.port!)
    for (let i = 0; i < DISCOVERY_LIMITS.hostsMax + 20; i++)
      await stranger.send(fakeResponse(announcementFor()))
    await until(discovery, (s) => s.hosts.length === DISCOVERY_LIMITS.hostsMax, 'a full list')
    // A real host arriving while the list is full waits until the fakes go stale.
    const a = announcementFor({ name: 'Real' })
    announce(mdns, a)
    await sleep(500)
    expect(discovery.snapshot().hosts).toHaveLength(DISCOVERY_LIMITS.hostsMax)
    expect(hostOf(discovery.snapshot(), a.hostId)).toBeUndefined()
    expect(discovery.logged.filter((l) => l.includes('ignoring more'))).toHaveLength(1)
    const after = await until(discovery, (s) => s.hosts.length === 1, 'the fakes dropped', 6_000)
    expect(after.hosts[0]!.hostId).toBe(a.hostId)
  })

  it('announces a real host: its code, who hosts, who is online, and a goodbye before the end', async () => {
    const mdns = await loopbackMdns()
    const discovery = browse(mdns)
    const temp = makeTempDir('papo-announce-')
    cleanups.push(temp.remove)
    const ownerSecret = newSecret()
    const lines: string[] = []
    // On every IPv4 address (a loopback-bound host is never announced), but mDNS stays on lo.
    const host = await createHost({
      port: 0,
      bindAddress: '0.0.0.0',
      dataDir: temp.dir,
      name: 'Lab 4',
      presenceGraceMs: 0,
      ownerPublicKey: identityForSecret(ownerSecret).publicKey,
      announce: { mdns },
      log: (line) => lines.push(line)
    })
    cleanups.push(() => host.stop())
    const listed = await until(
      discovery,
      (s) => hostOf(s, host.info.hostId) !== undefined,
      'the host'
    )
    const entry = hostOf(listed, host.info.hostId)!
    expect(entry).toMatchObject({
      name: 'Lab 4',
      protocol: PROTOCOL_VERSION,
      shortCode: shortCode(host.fingerprint),
      hostedBy: null,
      online: 0,
      access: { password: false, askFirst: false },
      compatible: true
    })
    expect(entry.addresses[0]).toBe(`127.0.0.1:${host.port}`)

    const owner = await connectClient(host.port, 'Bia', { secret: ownerSecret })
    cleanups.push(() => owner.close())
    await until(
      discovery,
      (s) =>
        hostOf(s, host.info.hostId)?.online === 1 &&
        hostOf(s, host.info.hostId)?.hostedBy === 'Bia',
      'the owner online'
    )
    const guest = await connectClient(host.port, 'Caio')
    cleanups.push(() => guest.close())
    await until(discovery, (s) => hostOf(s, host.info.hostId)?.online === 2, 'two online')
    guest.close()
    await until(discovery, (s) => hostOf(s, host.info.hostId)?.online === 1, 'one left')

    // The host is gone from the list before its clients are told it is stopping.
    let listedAtEnd: boolean | null = null
    owner.socket.on('session:ended', () => {
      listedAtEnd = hostOf(discovery.snapshot(), host.info.hostId) !== undefined
    })
    await host.stop()
    await sleep(100)
    expect(listedAtEnd).toBe(false)
    expect(discovery.snapshot().hosts).toEqual([])
  })

  it('does not announce on a network a host bound to loopback cannot be reached from', async () => {
    const mdns = await loopbackMdns()
    const discovery = browse(mdns)
    const temp = makeTempDir('papo-announce-')
    cleanups.push(temp.remove)
    const lines: string[] = []
    // Announcing on a LAN interface (one this machine does not have, so nothing could leave it
    // even if the host tried) while only loopback can reach the host: it must not announce.
    const host = await createHost({
      port: 0,
      bindAddress: '127.0.0.1',
      dataDir: temp.dir,
      announce: { mdns: { interface: '10.255.255.254', port: mdns.port! } },
      log: (line) => lines.push(line)
    })
    cleanups.push(() => host.stop())
    expect(lines.join('\n')).toMatch(/not announcing.*127\.0\.0\.1/)
    expect(host.addresses()).toEqual([`127.0.0.1:${host.port}`])
    await sleep(1_000)
    expect(discovery.snapshot().hosts).toEqual([])
  })

  it('a host bound to loopback announces on loopback itself (one computer, several apps)', async () => {
    const mdns = await loopbackMdns()
    const discovery = browse(mdns)
    const temp = makeTempDir('papo-announce-')
    cleanups.push(temp.remove)
    const host = await createHost({
      port: 0,
      bindAddress: '127.0.0.1',
      dataDir: temp.dir,
      name: 'Same PC',
      announce: { mdns }
    })
    cleanups.push(() => host.stop())
    const s = await until(discovery, (x) => x.hosts.length === 1, 'listed', 5_000)
    expect(s.hosts[0]).toMatchObject({ name: 'Same PC', addresses: [`127.0.0.1:${host.port}`] })
  })

  it('is unavailable when the port is held exclusively', async () => {
    const port = await freeUdpPort()
    const holder = createSocket({ type: 'udp4', reuseAddr: false })
    await new Promise<void>((resolve) => holder.bind(port, '0.0.0.0', resolve))
    cleanups.push(() => new Promise<void>((resolve) => holder.close(() => resolve())))
    const discovery = browse({ interface: '127.0.0.1', port })
    const s = await until(discovery, (x) => x.state.status === 'unavailable', 'unavailable', 3_000)
    expect(s.state).toMatchObject({
      status: 'unavailable',
      reason: expect.stringMatching(/^bind EADDRINUSE/)
    })
    expect(s.hosts).toEqual([])
    // Nor is anything heard through an interface this computer does not have.
    const nowhere = browse({ interface: '10.255.255.254', port })
    const none = await until(nowhere, (x) => x.state.status === 'unavailable', 'unavailable', 3_000)
    expect(none.state).toMatchObject({
      reason: expect.stringMatching(/^no network interface has the address 10.255.255.254/)
    })
    // And an announcer on either neither throws nor hangs.
    const elsewhere = announce({ interface: '10.255.255.254', port }, announcementFor())
    await elsewhere.stop()
    const announcer = announce({ interface: '127.0.0.1', port }, announcementFor())
    announcer.changed()
    await announcer.stop()
  })
})
