import { connect, createServer, type Server } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPinMismatch, pinnedTls, type PinnedCertificate } from '../../src/main/client/tls-pin'
import { certificateFingerprint, loadOrCreateCertificate } from '../../src/main/host/certificate'
import { makeTempDir } from '../helpers/temp-dir'

// Pinned TLS builds its trust store once per certificate and shares it (client/tls-pin.ts): the
// sharing must save the work and never carry one pin's trust over to another.

interface TlsHost {
  pin: PinnedCertificate
  port: number
  server: Server
}

async function tlsHost(): Promise<TlsHost> {
  const temp = makeTempDir('papo-pin-')
  const certificate = await loadOrCreateCertificate(temp.dir)
  temp.remove()
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (s) => s.end())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const pin = { fingerprint: certificateFingerprint(certificate.cert), pem: certificate.cert }
  return { pin, port: (server.address() as AddressInfo).port, server }
}

/** 'ok' once the pinned handshake completes, else the error. */
function handshake(port: number, pin: PinnedCertificate): Promise<'ok' | Error> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ...pinnedTls(pin) }, () => {
      socket.destroy()
      resolve('ok')
    })
    socket.on('error', (e) => resolve(e))
  })
}

let a: TlsHost
let b: TlsHost
beforeAll(async () => {
  a = await tlsHost()
  b = await tlsHost()
})
afterAll(() => {
  a.server.close()
  b.server.close()
})

describe('pinned TLS contexts', () => {
  it('are built once per certificate and shared by every connection to it', () => {
    expect(pinnedTls(a.pin).secureContext).toBe(pinnedTls({ ...a.pin }).secureContext)
    expect(pinnedTls(b.pin).secureContext).not.toBe(pinnedTls(a.pin).secureContext)
  })

  it('let each pin reach its own host only, however often they are used', async () => {
    for (let round = 0; round < 2; round++) {
      expect(await handshake(a.port, a.pin)).toBe('ok')
      expect(await handshake(b.port, b.pin)).toBe('ok')
      const crossed = await handshake(b.port, a.pin)
      expect(crossed).toBeInstanceOf(Error)
      expect(isPinMismatch(crossed)).toBe(true)
      expect(isPinMismatch(await handshake(a.port, b.pin))).toBe(true)
    }
  })
})
