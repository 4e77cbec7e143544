/**
 * The network address a connection comes from, as one key for the per-address limits: an IPv4
 * client reaching a dual-stack socket shows up as `::ffff:10.0.0.5`, and must count as the same
 * address as `10.0.0.5`.
 */
export function clientAddress(raw: string | undefined): string {
  const address = (raw ?? '').trim().toLowerCase()
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7)
  return address || 'unknown'
}
