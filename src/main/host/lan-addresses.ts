import { networkInterfaces } from 'node:os'

const PRIVATE = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./]

/**
 * The `ip:port` pairs other machines on the LAN can use to reach this host, private ranges first
 * (the ones people can actually type in), link-local last. Loopback only if there is no network.
 */
export function lanAddresses(port: number): string[] {
  const ips: string[] = []
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) ips.push(entry.address)
    }
  }
  const rank = (ip: string): number =>
    PRIVATE.some((re) => re.test(ip)) ? 0 : ip.startsWith('169.254.') ? 2 : 1
  const unique = [...new Set(ips)].sort((a, b) => rank(a) - rank(b))
  return (unique.length > 0 ? unique : ['127.0.0.1']).map((ip) => `${ip}:${port}`)
}
