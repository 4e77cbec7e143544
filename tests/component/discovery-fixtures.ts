import type { DiscoveredHost, DiscoverySnapshot } from '../../src/shared/discovery'

/** A host found on the network, as main lists it. */
export const found = (hostId: string, extra: Partial<DiscoveredHost> = {}): DiscoveredHost => ({
  protocol: 4,
  hostId,
  name: `sala-${hostId}`,
  hostedBy: 'Bia',
  online: 3,
  shortCode: 'K7MQ-2XAB-9TCE-R4WN',
  access: { password: false, askFirst: false },
  addresses: [`192.168.0.${hostId.length + 20}:4747`, '10.0.0.9:4747'],
  seenBefore: false,
  compatible: true,
  lastSeen: 0,
  ...extra
})

export const searching = (hosts: DiscoveredHost[], since = Date.now()): DiscoverySnapshot => ({
  state: { status: 'searching', since },
  hosts
})
