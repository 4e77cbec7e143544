import { createSocket } from 'node:dgram'

/** A UDP port nothing uses right now (bound once on loopback, then released): a test's own mDNS. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const { port } = socket.address()
  await new Promise<void>((resolve) => socket.close(resolve))
  return port
}
