import { networkInterfaces } from 'node:os'
import { encode, type Packet } from 'dns-packet'
import makeMdns from 'multicast-dns'

/** Where mDNS is spoken. Every default is real mDNS; tests move it to loopback and a free port. */
export interface MdnsOptions {
  /** The IPv4 address of the one interface to use; default all of them. */
  interface?: string
  /** Default 5353. */
  port?: number
  /** The multicast group; default 224.0.0.251. */
  ip?: string
}

export const MDNS_PORT = 5353
export const MDNS_GROUP = '224.0.0.251'

/** How long closing the socket may take: stopping must stay bounded whatever the OS does. */
const CLOSE_MS = 500

export type MdnsSocket = ReturnType<typeof makeMdns>

/** multicast-dns's own send (untyped): the packet as given, to the group when `to` is null. */
interface RawSend {
  send(packet: Packet, to: null, done: (error?: Error | null) => void): void
}

/** One multicast-dns instance, wrapped so that nothing it does can throw out of it. */
export interface MdnsHandle {
  readonly mdns: MdnsSocket
  /** Null once bound; the error when it could not bind (the port held exclusively, no network). */
  readonly ready: Promise<Error | null>
  /** Multicasts a packet; `done` gets the send error, if any. Nothing is sent after close(). */
  send(packet: Packet, done?: (error: Error | null) => void): void
  close(): Promise<void>
}

/**
 * Opens the socket at once. `report` hears every socket error and warning (a membership that
 * failed, a send nobody routed); none of them throws.
 */
export function openMdns(options: MdnsOptions, report: (error: Error) => void): MdnsHandle {
  // multicast-dns would bind, fail to join the group there, and send out of the default route:
  // an interface that is not (or no longer) there is no socket at all.
  const missing =
    options.interface !== undefined &&
    !Object.values(networkInterfaces()).some((list) =>
      list?.some((entry) => entry.address === options.interface)
    )
  const mdns = makeMdns({
    ...(missing ? { bind: false as const, multicast: false } : {}),
    port: options.port ?? MDNS_PORT,
    ip: options.ip ?? MDNS_GROUP,
    interface: options.interface,
    // multicast-dns binds to `interface` when given, and on Linux a socket bound to a unicast
    // address never receives what is sent to the group: always the wildcard, as mDNS does.
    bind: '0.0.0.0',
    // Other responders (Avahi, Bonjour, another Papo) share the port.
    reuseAddr: true,
    // A browser and a host in the same app (or on one test machine) hear each other.
    loopback: true
  })
  let lastReported = ''
  const reportOnce = (error: Error): void => {
    // A failed bind arrives twice (the bind callback and the socket's error event).
    if (error.message === lastReported) return
    lastReported = error.message
    report(error)
  }
  let bound: Error | null | undefined
  let closed = false
  const ready = new Promise<Error | null>((resolve) => {
    if (missing) {
      bound = new Error(`no network interface has the address ${options.interface}`)
      reportOnce(bound)
      resolve(bound)
    }
    mdns.on('error', (error: Error) => {
      reportOnce(error)
      if (bound === undefined) resolve((bound = error))
    })
    mdns.once('ready', () => {
      if (bound === undefined) resolve((bound = null))
    })
  })
  mdns.on('warning', reportOnce)

  return {
    mdns,
    ready,
    send(packet, done) {
      const finish = (error: Error | null): void => {
        if (error) reportOnce(error)
        done?.(error)
      }
      // multicast-dns re-tries a failed bind on each send; a socket that could not bind stays so.
      if (closed || bound instanceof Error) return finish(bound instanceof Error ? bound : null)
      try {
        // multicast-dns encodes a tick later, where a throw would be uncaught: encode here first.
        encode(packet)
        ;(mdns as unknown as RawSend).send(packet, null, (error) => finish(error ?? null))
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)))
      }
    },
    close() {
      if (closed) return Promise.resolve()
      closed = true
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, CLOSE_MS)
        const done = (): void => {
          clearTimeout(timer)
          resolve()
        }
        try {
          mdns.destroy(done)
        } catch {
          // Never bound: there is nothing to close.
          done()
        }
      })
    }
  }
}
