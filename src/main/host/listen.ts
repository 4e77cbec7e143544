import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PORT_FALLBACK_RANGE } from '../../shared/limits'

export class PortInUseError extends Error {
  readonly code = 'PORT_IN_USE'
  constructor(readonly port: number) {
    super(`Port ${port} is already in use.`)
  }
}

function listenOnce(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening)
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error)
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve((server.address() as AddressInfo).port)
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

/**
 * Listens on `port`, or with `fallback` on the next free one after it: a second host on the
 * same machine (or another app on 4747) should not stop someone from hosting.
 */
export async function listen(
  server: Server,
  port: number,
  host: string | undefined,
  fallback: boolean
): Promise<number> {
  const last = fallback && port !== 0 ? Math.min(port + PORT_FALLBACK_RANGE, 65535) : port
  for (let candidate = port; ; candidate++) {
    try {
      return await listenOnce(server, candidate, host)
    } catch (error) {
      if (!(error instanceof PortInUseError) || candidate >= last) throw error
    }
  }
}
