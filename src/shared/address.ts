import { DEFAULT_PORT } from './limits'

export interface HostAddress {
  host: string
  port: number
}

/**
 * Parses what a person types into the Join form: `IP`, `IP:port`, a host name with or without a
 * port, `[v6]:port` or a bare IPv6 address. A pasted `http://` prefix or trailing slash is
 * forgiven because people copy addresses from browsers.
 */
export function parseAddress(input: string): HostAddress | null {
  let text = input.trim()
  if (!text) return null
  text = text.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '')
  if (!text || /[\s/?#@]/.test(text)) return null

  let host: string
  let portText: string | undefined
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/i.exec(text)
  if (bracketed) {
    host = bracketed[1] as string
    portText = bracketed[2]
  } else if ((text.match(/:/g) ?? []).length > 1) {
    if (!/^[0-9a-f:.]+$/i.test(text)) return null
    host = text
  } else {
    const [h, p, ...rest] = text.split(':')
    if (rest.length > 0 || !h) return null
    host = h
    portText = p
    if (portText === '') return null
  }

  const port = portText === undefined ? DEFAULT_PORT : Number(portText)
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null
  if (host.includes(':')) {
    if (!isIpv6(host)) return null
  } else if (!isIpv4(host) && !isHostName(host)) {
    return null
  }
  return { host, port }
}

export function formatAddress({ host, port }: HostAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

function isIpv4(text: string): boolean {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) {
    return false
  }
  return parts.every((p) => Number(p) <= 255)
}

function isHostName(text: string): boolean {
  // An all-numeric dotted name that failed the IPv4 check is a typo, not a host name.
  if (/^[\d.]+$/.test(text)) return false
  return (
    text.length <= 253 &&
    text.split('.').every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label))
  )
}

function isIpv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text)) return false
  const doubleColons = text.split('::').length - 1
  if (doubleColons > 1) return false
  const groups = text.split(':').filter((g) => g !== '')
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g) && !isIpv4(g))) return false
  return doubleColons === 1 ? groups.length < 8 : groups.length === 8
}
