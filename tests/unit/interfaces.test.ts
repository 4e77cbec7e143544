import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import {
  classifyInterfaces,
  shareableAddresses,
  type InterfaceTable
} from '../../src/main/network/interfaces'

// Interface lists as os.networkInterfaces() gives them on real machines (addresses changed), so
// the ranking is checked against what people actually have: Docker, WSL, VPNs, Apple's AWDL.

function v4(address: string, netmask: string, mac: string, internal = false): NetworkInterfaceInfo {
  const bits = netmask
    .split('.')
    .reduce((n, part) => n + Number(part).toString(2).replace(/0/g, '').length, 0)
  return { address, netmask, family: 'IPv4', mac, internal, cidr: `${address}/${bits}` }
}

function v6(address: string, prefix: number, mac: string, scopeid: number, internal = false) {
  return {
    address,
    netmask: prefix === 128 ? 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' : 'ffff:ffff:ffff:ffff::',
    family: 'IPv6',
    mac,
    internal,
    cidr: `${address}/${prefix}`,
    scopeid
  } satisfies NetworkInterfaceInfo
}

const NO_MAC = '00:00:00:00:00:00'

/** A Linux laptop on Wi-Fi and a dock's Ethernet, with Docker (two networks) and WireGuard. */
const linuxLaptop: InterfaceTable = {
  lo: [v4('127.0.0.1', '255.0.0.0', NO_MAC, true), v6('::1', 128, NO_MAC, 0, true)],
  wlp2s0: [
    v4('192.168.1.23', '255.255.255.0', '3c:58:c2:11:22:33'),
    v6('fe80::9c1e:4bff:fe2a:1d7e', 64, '3c:58:c2:11:22:33', 3)
  ],
  enp3s0: [v4('10.0.0.15', '255.255.255.0', '00:e0:4c:68:01:02')],
  docker0: [v4('172.17.0.1', '255.255.0.0', '02:42:9a:bc:de:f0')],
  'br-3f2a1b4c5d6e': [v4('172.18.0.1', '255.255.0.0', '02:42:11:aa:bb:cc')],
  veth1a2b3c4: [v6('fe80::d0c1:22ff:fe33:4455', 64, 'd2:c1:22:33:44:55', 9)],
  wg0: [v4('10.8.0.2', '255.255.255.0', NO_MAC)]
}

/** A Windows PC: Ethernet and Wi-Fi on one LAN, WSL, Hyper-V, VirtualBox, Tailscale, a hotspot. */
const windowsPc: InterfaceTable = {
  'vEthernet (WSL)': [
    v6('fe80::4d1b:2c3a:aa10:bb20', 64, '00:15:5d:01:02:03', 45),
    v4('172.29.160.1', '255.255.240.0', '00:15:5d:01:02:03')
  ],
  'vEthernet (Default Switch)': [v4('172.20.48.1', '255.255.240.0', '00:15:5d:0a:0b:0c')],
  'VirtualBox Host-Only Network': [v4('192.168.56.1', '255.255.255.0', '0a:00:27:00:00:0d')],
  Tailscale: [
    v6('fd7a:115c:a1e0::9a01:2b3c', 128, NO_MAC, 0),
    v4('100.101.102.103', '255.255.255.255', NO_MAC)
  ],
  'Wi-Fi': [
    v6('fe80::71c2:8e4d:1a2b:3c4d', 64, 'a4:c3:f0:12:34:56', 12),
    v4('192.168.0.51', '255.255.255.0', 'a4:c3:f0:12:34:56')
  ],
  Ethernet: [
    v6('fe80::e1d2:55ab:77cd:9f10', 64, '18:c0:4d:aa:bb:cc', 7),
    v4('192.168.0.50', '255.255.255.0', '18:c0:4d:aa:bb:cc')
  ],
  'Local Area Connection* 12': [v4('192.168.137.1', '255.255.255.0', 'a6:c3:f0:12:34:57')],
  'Bluetooth Network Connection': [v4('169.254.33.7', '255.255.0.0', 'a4:c3:f0:12:34:58')],
  'Loopback Pseudo-Interface 1': [
    v6('::1', 128, NO_MAC, 0, true),
    v4('127.0.0.1', '255.0.0.0', NO_MAC, true)
  ]
}

/** A MacBook on Wi-Fi (en0) with a USB Ethernet adapter, Tailscale, a VM bridge and AWDL. */
const macBook: InterfaceTable = {
  lo0: [
    v4('127.0.0.1', '255.0.0.0', NO_MAC, true),
    v6('::1', 128, NO_MAC, 0, true),
    v6('fe80::1', 64, NO_MAC, 1, true)
  ],
  anpi0: [v6('fe80::8c3b:2dff:fe01:a1b2', 64, '8e:3b:2d:01:a1:b2', 4)],
  en0: [
    v6('fe80::1c8a:5e3f:4b2d:77aa', 64, 'f0:18:98:aa:bb:cc', 11),
    v4('192.168.1.40', '255.255.255.0', 'f0:18:98:aa:bb:cc'),
    v6('2a02:a03f:1234:5600:1c8a:5e3f:4b2d:77aa', 64, 'f0:18:98:aa:bb:cc', 0)
  ],
  awdl0: [v6('fe80::a8d4:1cff:fe9e:3f21', 64, 'aa:d4:1c:9e:3f:21', 13)],
  llw0: [v6('fe80::a8d4:1cff:fe9e:3f21', 64, 'aa:d4:1c:9e:3f:21', 14)],
  utun0: [v6('fe80::5c1d:2e3f:4a5b:6c7d', 64, NO_MAC, 15)],
  utun4: [v4('100.88.1.2', '255.255.255.255', NO_MAC)],
  bridge100: [v4('192.168.64.1', '255.255.255.0', '3e:22:fb:aa:01:64')],
  en5: [v4('10.0.1.9', '255.255.255.0', '00:e0:4c:36:00:05')]
}

/** DHCP never answered: only self-assigned addresses. */
const linkLocalOnly: InterfaceTable = {
  lo: [v4('127.0.0.1', '255.0.0.0', NO_MAC, true), v6('::1', 128, NO_MAC, 0, true)],
  eth0: [
    v4('169.254.12.34', '255.255.0.0', 'b8:27:eb:01:02:03'),
    v6('fe80::ba27:ebff:fe01:203', 64, 'b8:27:eb:01:02:03', 2)
  ]
}

const loopbackOnly: InterfaceTable = {
  lo: [v4('127.0.0.1', '255.0.0.0', NO_MAC, true), v6('::1', 128, NO_MAC, 0, true)]
}

const rows = (table: InterfaceTable, options: Parameters<typeof classifyInterfaces>[1] = {}) =>
  classifyInterfaces(table, options).map(
    (r) => `${r.name} ${r.address} ${r.kind}${r.shared ? ' shared' : ''}`
  )

describe('classifyInterfaces', () => {
  it('a Linux laptop: the LAN first, the VPN after, Docker and link-local last', () => {
    expect(rows(linuxLaptop, { platform: 'linux' })).toEqual([
      'enp3s0 10.0.0.15 ethernet shared',
      'wlp2s0 192.168.1.23 wifi shared',
      'wg0 10.8.0.2 vpn shared',
      'docker0 172.17.0.1 virtual',
      'br-3f2a1b4c5d6e 172.18.0.1 virtual',
      'wlp2s0 fe80::9c1e:4bff:fe2a:1d7e link-local',
      'veth1a2b3c4 fe80::d0c1:22ff:fe33:4455 link-local',
      'lo 127.0.0.1 loopback',
      'lo ::1 loopback'
    ])
  })

  it('a Windows PC: WSL, Hyper-V, VirtualBox and the hotspot are virtual, Tailscale a VPN', () => {
    expect(rows(windowsPc, { platform: 'win32' })).toEqual([
      'Ethernet 192.168.0.50 ethernet shared',
      'Wi-Fi 192.168.0.51 wifi shared',
      'Tailscale fd7a:115c:a1e0::9a01:2b3c vpn',
      'Tailscale 100.101.102.103 vpn shared',
      'vEthernet (WSL) 172.29.160.1 virtual',
      'vEthernet (Default Switch) 172.20.48.1 virtual',
      'VirtualBox Host-Only Network 192.168.56.1 virtual',
      'Local Area Connection* 12 192.168.137.1 virtual',
      'vEthernet (WSL) fe80::4d1b:2c3a:aa10:bb20 link-local',
      'Wi-Fi fe80::71c2:8e4d:1a2b:3c4d link-local',
      'Ethernet fe80::e1d2:55ab:77cd:9f10 link-local',
      'Bluetooth Network Connection 169.254.33.7 link-local',
      'Loopback Pseudo-Interface 1 ::1 loopback',
      'Loopback Pseudo-Interface 1 127.0.0.1 loopback'
    ])
  })

  it('a MacBook: en0 is Wi-Fi, utun a VPN, bridge100 virtual, AWDL nowhere', () => {
    expect(rows(macBook, { platform: 'darwin' })).toEqual([
      'en5 10.0.1.9 ethernet shared',
      'en0 192.168.1.40 wifi shared',
      'en0 2a02:a03f:1234:5600:1c8a:5e3f:4b2d:77aa wifi',
      'utun4 100.88.1.2 vpn shared',
      'bridge100 192.168.64.1 virtual',
      'anpi0 fe80::8c3b:2dff:fe01:a1b2 link-local',
      'en0 fe80::1c8a:5e3f:4b2d:77aa link-local',
      'awdl0 fe80::a8d4:1cff:fe9e:3f21 link-local',
      'llw0 fe80::a8d4:1cff:fe9e:3f21 link-local',
      'utun0 fe80::5c1d:2e3f:4a5b:6c7d link-local',
      'lo0 127.0.0.1 loopback',
      'lo0 ::1 loopback',
      'lo0 fe80::1 loopback'
    ])
  })

  it('en0 off macOS is no more than an Ethernet name', () => {
    expect(rows({ en0: macBook['en0']!.slice(1, 2) }, { platform: 'linux' })).toEqual([
      'en0 192.168.1.40 ethernet shared'
    ])
  })

  it.each([
    ['eth0', 'ethernet'],
    ['eno1', 'ethernet'],
    ['ens33', 'ethernet'],
    ['enx00e04c680102', 'ethernet'],
    ['wlan0', 'wifi'],
    ['wlx7cdd90a1b2c3', 'wifi'],
    ['Ethernet 2', 'ethernet'],
    ['Local Area Connection', 'ethernet'],
    ['WLAN', 'wifi'],
    ['WiFi', 'wifi'],
    ['Wireless Network Connection', 'wifi'],
    ['virbr0', 'virtual'],
    ['vboxnet0', 'virtual'],
    ['vmnet8', 'virtual'],
    ['lxcbr0', 'virtual'],
    ['lxdbr0', 'virtual'],
    ['cni0', 'virtual'],
    ['flannel.1', 'virtual'],
    ['podman0', 'virtual'],
    ['VMware Network Adapter VMnet8', 'virtual'],
    ['vmenet0', 'virtual'],
    ['vnic0', 'virtual'],
    ['bridge0', 'virtual'],
    ['tun0', 'vpn'],
    ['tap0', 'vpn'],
    ['tailscale0', 'vpn'],
    ['zt5u4y6qlc', 'vpn'],
    ['ppp0', 'vpn'],
    ['nordlynx', 'vpn'],
    ['proton0', 'vpn'],
    ['NordLynx', 'vpn'],
    ['OpenVPN Wintun', 'vpn'],
    ['TAP-Windows Adapter V9', 'vpn'],
    ['ProtonVPN', 'vpn'],
    ['ZeroTier One [8056c2e21c000001]', 'vpn'],
    ['ipsec0', 'vpn'],
    ['ppp1', 'vpn'],
    ['Bluetooth Network Connection', 'other'],
    ['ap1', 'other'],
    ['br0', 'other']
  ])('%s with a LAN address is %s', (name, kind) => {
    const [report] = classifyInterfaces(
      { [name]: [v4('192.168.5.9', '255.255.255.0', '02:00:00:00:00:01')] },
      { platform: 'linux' }
    )
    expect(report?.kind).toBe(kind)
    // Only what leads to the LAN (or a VPN people may share) is offered.
    expect(report?.shared).toBe(!['virtual'].includes(kind) && !/^(Bluetooth|ap1)/.test(name))
  })

  it('the address wins when the name says nothing, and the name when it does', () => {
    const table: InterfaceTable = {
      mystery0: [v4('100.70.1.2', '255.192.0.0', NO_MAC)],
      Ethernet: [v4('100.64.9.9', '255.192.0.0', '18:c0:4d:aa:bb:cd')],
      mybridge: [v4('172.17.0.1', '255.255.0.0', '02:42:00:00:00:01')],
      eth1: [v4('169.254.1.1', '255.255.0.0', '02:00:00:00:00:02')]
    }
    expect(rows(table, { platform: 'linux' })).toEqual([
      'Ethernet 100.64.9.9 ethernet shared',
      'mystery0 100.70.1.2 vpn shared',
      'mybridge 172.17.0.1 virtual',
      'eth1 169.254.1.1 link-local'
    ])
  })

  it('listening: all addresses, IPv4 only for 0.0.0.0, one address, or loopback alone', () => {
    const listening = (bindAddress?: string) =>
      classifyInterfaces(linuxLaptop, { bindAddress, platform: 'linux' })
        .filter((r) => r.listening)
        .map((r) => r.address)
    const every = classifyInterfaces(linuxLaptop, { platform: 'linux' }).map((r) => r.address)
    expect(listening(undefined)).toEqual(every)
    expect(listening('::')).toEqual(every)
    expect(listening('0.0.0.0')).toEqual(every.filter((a) => !a.includes(':')))
    expect(listening('192.168.1.23')).toEqual(['192.168.1.23'])
    expect(listening('127.0.0.1')).toEqual(['127.0.0.1'])

    const shared = (bindAddress?: string) =>
      classifyInterfaces(linuxLaptop, { bindAddress, platform: 'linux' })
        .filter((r) => r.shared)
        .map((r) => r.address)
    expect(shared('192.168.1.23')).toEqual(['192.168.1.23'])
    expect(shared('127.0.0.1')).toEqual([])
  })

  it('a machine without a network lists its loopback only', () => {
    expect(rows(loopbackOnly)).toEqual(['lo 127.0.0.1 loopback', 'lo ::1 loopback'])
    expect(classifyInterfaces({})).toEqual([])
  })
})

describe('shareableAddresses', () => {
  it('gives the shared IPv4 addresses, best first, for a host on every address', () => {
    for (const bindAddress of [undefined, '0.0.0.0', '::']) {
      expect(
        shareableAddresses(4747, { table: linuxLaptop, platform: 'linux', bindAddress })
      ).toEqual(['10.0.0.15:4747', '192.168.1.23:4747', '10.8.0.2:4747'])
      expect(
        shareableAddresses(4800, { table: windowsPc, platform: 'win32', bindAddress })
      ).toEqual(['192.168.0.50:4800', '192.168.0.51:4800', '100.101.102.103:4800'])
      expect(shareableAddresses(4747, { table: macBook, platform: 'darwin', bindAddress })).toEqual(
        ['10.0.1.9:4747', '192.168.1.40:4747', '100.88.1.2:4747']
      )
    }
  })

  it('gives only the address a host is bound to', () => {
    expect(
      shareableAddresses(4747, {
        table: linuxLaptop,
        platform: 'linux',
        bindAddress: '192.168.1.23'
      })
    ).toEqual(['192.168.1.23:4747'])
    expect(
      shareableAddresses(4747, { table: linuxLaptop, platform: 'linux', bindAddress: '127.0.0.1' })
    ).toEqual(['127.0.0.1:4747'])
    expect(shareableAddresses(4747, { table: linuxLaptop, bindAddress: '::1' })).toEqual([
      '[::1]:4747'
    ])
  })

  it('falls back to loopback when nothing is worth sharing', () => {
    expect(shareableAddresses(4747, { table: linkLocalOnly, platform: 'linux' })).toEqual([
      '127.0.0.1:4747'
    ])
    expect(shareableAddresses(4747, { table: loopbackOnly })).toEqual(['127.0.0.1:4747'])
    expect(shareableAddresses(4747, { table: {} })).toEqual(['127.0.0.1:4747'])
  })

  it("reads this machine's own interfaces by default", () => {
    const addresses = shareableAddresses(4747)
    expect(addresses.length).toBeGreaterThan(0)
    for (const address of addresses) expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+:4747$/)
  })
})
