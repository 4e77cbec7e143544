/**
 * The network doctor: "Can't connect?" runs the join steps one by one and says where it stops;
 * on a host, it lists the interfaces and checks each LAN address answers. Advice text lives in
 * the renderer's i18n, keyed by `problem` (and the platform for firewall steps).
 */

/** The join steps, in the order they run. */
export const DOCTOR_STEPS = [
  'parse',
  'resolve',
  'connect',
  'papo',
  'protocol',
  'certificate'
] as const
export type DoctorStepId = (typeof DOCTOR_STEPS)[number]

/** Why a step failed: each has its advice. */
export const DOCTOR_PROBLEMS = [
  /** The text is not an address (parse). */
  'bad-address',
  /** The name does not resolve (resolve). */
  'unknown-name',
  /** Nothing listens on that port: host not running, wrong port (connect). */
  'refused',
  /** No answer at all: wrong address, firewall, guest Wi-Fi isolation, VPN (connect). */
  'timeout',
  /** No route to that address (connect). */
  'unreachable',
  /** Something answers, but not a Papo host (papo). */
  'not-papo',
  /** A Papo host of an older protocol (protocol). */
  'older-papo',
  /** A Papo host of a newer protocol (protocol). */
  'newer-papo',
  /** The host shows another certificate than the one pinned for this address (certificate). */
  'certificate-changed',
  /** The host shows another certificate than the invite names (certificate). */
  'certificate-mismatch'
] as const
export type DoctorProblem = (typeof DOCTOR_PROBLEMS)[number]

export interface DoctorStep {
  id: DoctorStepId
  status: 'ok' | 'failed' | 'skipped'
  /** Short and technical: "192.168.0.12", "ECONNREFUSED", "protocol 2". Not translated. */
  detail: string
  /** Set when status is failed. */
  problem?: DoctorProblem
}

export interface JoinDiagnosis {
  /** The address as typed. */
  address: string
  /** Every step, in order; after the first failure the rest are `skipped`. */
  steps: DoctorStep[]
}

/** What an interface is, for ranking and for the person reading the list. */
export const INTERFACE_KINDS = [
  'ethernet',
  'wifi',
  /** Tunnels: WireGuard, OpenVPN, Tailscale, ZeroTier, utun… */
  'vpn',
  /** Docker, VirtualBox, VMware, Hyper-V vEthernet, WSL, libvirt bridges… */
  'virtual',
  'loopback',
  /** 169.254.x.x / fe80::: no DHCP answered; rarely what people want. */
  'link-local',
  'other'
] as const
export type InterfaceKind = (typeof INTERFACE_KINDS)[number]

export interface InterfaceReport {
  /** The OS's name: "eth0", "Wi-Fi", "en0", "vEthernet (WSL)". */
  name: string
  address: string
  family: 'IPv4' | 'IPv6'
  kind: InterfaceKind
  /** Offered to people to join (a real LAN address the host listens on). */
  shared: boolean
  /** The host listens on this address (all of them unless it was bound to one). */
  listening: boolean
}

export interface HostDiagnosis {
  /** `process.platform`: the renderer picks the firewall steps for it. */
  platform: string
  port: number
  interfaces: InterfaceReport[]
  /** Each shared address asked for GET /papo from this machine. */
  checks: { address: string; ok: boolean; detail: string }[]
}
