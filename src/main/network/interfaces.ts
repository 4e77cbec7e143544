import { isIPv4 } from 'node:net'
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'
import { formatAddress } from '../../shared/address'
import type { InterfaceKind, InterfaceReport } from '../../shared/doctor'

/** What `os.networkInterfaces()` returns: addresses by interface name. */
export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>

export interface InterfaceOptions {
  /** The host's bind address; undefined (or `::`) is every address, `0.0.0.0` every IPv4 one. */
  bindAddress?: string
  /** Default `process.platform`: only macOS's `en0` reads differently. */
  platform?: NodeJS.Platform
}

/**
 * Best first: the addresses people on the same network can type. A VPN address works only for
 * people on that VPN; virtual adapters (Docker, WSL, VirtualBox…) lead to this machine's own
 * guests, and link-local or loopback nowhere useful.
 */
const RANK: Record<InterfaceKind, number> = {
  ethernet: 0,
  wifi: 1,
  other: 2,
  vpn: 3,
  virtual: 4,
  'link-local': 5,
  loopback: 6
}

/** Kinds that lead nowhere another computer on the LAN can go. */
const NEVER_OFFERED = new Set<InterfaceKind>(['virtual', 'loopback', 'link-local'])

/** A kind the name says, and whether such an interface is ever worth offering. */
interface NameRule {
  pattern: RegExp
  kind: InterfaceKind
  /** False for point-to-point links (Bluetooth, Apple's AWDL) that carry no LAN. */
  offered?: false
}

/** A case-blind match of a name's start against any of `prefixes` (regex source each). */
const startsWith = (...prefixes: string[]): RegExp => new RegExp(`^(${prefixes.join('|')})`, 'i')

// Names, most specific first. Windows names are the adapter's display name (localized names
// such as "Conexión de área local" fall through to `other`, which is still offered).
const NAME_RULES: NameRule[] = [
  { pattern: /^(lo\d*|loopback pseudo-interface.*)$/i, kind: 'loopback' },
  // Windows's Wi-Fi Direct virtual adapters: "Local Area Connection* 12".
  { pattern: /^local area connection\*/i, kind: 'virtual' },
  {
    pattern: startsWith(
      // Linux containers and VMs (`br-<hex>` is Docker's; a plain `br0` is often the LAN itself).
      ...['docker', 'br-[0-9a-f]', 'veth', 'virbr', 'vnet\\d', 'vboxnet', 'vmnet', 'lxcbr'],
      ...['lxdbr', 'cni', 'flannel', 'podman'],
      // macOS: Internet Sharing and VM bridges, Thunderbolt Bridge.
      ...['bridge\\d', 'vmenet', 'vnic'],
      // Windows: Hyper-V and WSL, VirtualBox, VMware.
      ...['vethernet', 'virtualbox', 'vmware', 'hyper-v']
    ),
    kind: 'virtual'
  },
  {
    pattern: startsWith(
      ...['tun', 'tap', 'wg', 'tailscale', 'zt', 'ppp', 'nordlynx', 'proton', 'utun', 'ipsec'],
      ...['openvpn', 'zerotier', 'wireguard', 'mullvad']
    ),
    kind: 'vpn'
  },
  { pattern: startsWith('wl', 'wi-?fi', 'wireless network connection'), kind: 'wifi' },
  {
    pattern: /^(eth\d|en[ospx][0-9a-f]|em\d|ethernet( \d+)?$|local area connection( \d+)?$)/i,
    kind: 'ethernet'
  },
  {
    pattern: startsWith('bluetooth', 'bnep', 'awdl', 'llw', 'anpi', 'ap\\d'),
    kind: 'other',
    offered: false
  }
]

/** IPv4 as a 32-bit number, for the range checks below. */
const ipv4Number = (ip: string): number =>
  ip.split('.').reduce((n, part) => n * 256 + Number(part), 0)

const inRange = (ip: string, base: string, bits: number): boolean =>
  isIPv4(ip) &&
  Math.floor(ipv4Number(ip) / 2 ** (32 - bits)) === Math.floor(ipv4Number(base) / 2 ** (32 - bits))

function kindOf(
  name: string,
  entry: NetworkInterfaceInfo,
  platform: NodeJS.Platform
): { kind: InterfaceKind; offered: boolean } {
  const ip = entry.address
  // The address wins over the name: eth0's fe80:: is as useless to share as lo's ::1.
  if (entry.internal || inRange(ip, '127.0.0.0', 8) || ip === '::1') {
    return { kind: 'loopback', offered: false }
  }
  if (inRange(ip, '169.254.0.0', 16) || /^fe[89ab][0-9a-f]:/i.test(ip)) {
    return { kind: 'link-local', offered: false }
  }
  // macOS numbers its adapters in hardware order, so the name alone cannot tell: en0 is Wi-Fi
  // on every MacBook (the commonest Mac by far) and Ethernet on an iMac or a Mac mini, whose
  // Wi-Fi is en1. Guessing the laptop costs a wrong label at worst, and on a desktop Mac wired
  // and on Wi-Fi at once, which of two working addresses comes first.
  if (/^en\d+$/.test(name)) {
    return { kind: name === 'en0' && platform === 'darwin' ? 'wifi' : 'ethernet', offered: true }
  }
  const rule = NAME_RULES.find((r) => r.pattern.test(name))
  if (rule) return { kind: rule.kind, offered: rule.offered ?? !NEVER_OFFERED.has(rule.kind) }
  // Carrier-grade NAT space: Tailscale hands it out; a LAN practically never does.
  if (inRange(ip, '100.64.0.0', 10)) return { kind: 'vpn', offered: true }
  // Docker's default bridge under a name the rules above do not know (a renamed bridge).
  if (inRange(ip, '172.17.0.0', 16) && /docker|bridge/i.test(name)) {
    return { kind: 'virtual', offered: false }
  }
  // A Linux `br0` bridging the real NIC for VMs carries the LAN address: unknown is offered.
  return { kind: 'other', offered: true }
}

function isListening(ip: string, bindAddress: string | undefined): boolean {
  if (bindAddress === undefined || bindAddress === '' || bindAddress === '::') return true
  // Node listens on IPv4 alone for 0.0.0.0; `::` (and no address) is dual-stack.
  if (bindAddress === '0.0.0.0') return isIPv4(ip)
  if (bindAddress === 'localhost') return ip === '127.0.0.1' || ip === '::1'
  return ip.toLowerCase() === bindAddress.toLowerCase()
}

/**
 * Every address of every interface, with what it is and whether the host offers it, best first
 * (stable within a kind, so an interface's addresses stay together in the OS's order).
 */
export function classifyInterfaces(
  table: InterfaceTable,
  options: InterfaceOptions = {}
): InterfaceReport[] {
  const platform = options.platform ?? process.platform
  const reports: InterfaceReport[] = []
  for (const [name, entries] of Object.entries(table)) {
    for (const entry of entries ?? []) {
      const family = entry.family === 'IPv4' ? 'IPv4' : 'IPv6'
      const { kind, offered } = kindOf(name, entry, platform)
      const listening = isListening(entry.address, options.bindAddress)
      const shared = offered && family === 'IPv4' && listening
      reports.push({ name, address: entry.address, family, kind, shared, listening })
    }
  }
  return reports
    .map((report, index) => ({ report, index }))
    .sort((a, b) => RANK[a.report.kind] - RANK[b.report.kind] || a.index - b.index)
    .map(({ report }) => report)
}

const isWildcard = (bindAddress: string | undefined): boolean =>
  bindAddress === undefined ||
  bindAddress === '' ||
  bindAddress === '0.0.0.0' ||
  bindAddress === '::'

/**
 * The `ip:port` addresses to give people joining, best first. A host bound to one address is
 * reachable there only, whatever it is (a loopback one included); with nothing worth sharing
 * this machine's own loopback remains, for a second app on the same computer.
 */
export function shareableAddresses(
  port: number,
  options: InterfaceOptions & { table?: InterfaceTable } = {}
): string[] {
  const { bindAddress } = options
  if (bindAddress !== undefined && !isWildcard(bindAddress)) {
    return [formatAddress({ host: bindAddress === 'localhost' ? '127.0.0.1' : bindAddress, port })]
  }
  const reports = classifyInterfaces(options.table ?? networkInterfaces(), options)
  const ips = [...new Set(reports.filter((r) => r.shared).map((r) => r.address))]
  return (ips.length > 0 ? ips : ['127.0.0.1']).map((host) => formatAddress({ host, port }))
}
