import type { NetworkInterfaceInfo } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { createHost, type PapoHost } from '../../src/main/host'
import { diagnoseHost } from '../../src/main/network/doctor-host'
import { PROTOCOL_VERSION } from '../../src/shared/limits'
import type { InterfaceTable } from '../../src/main/network/interfaces'
import { freePort } from '../helpers/tcp-tools'
import { makeTempDir } from '../helpers/temp-dir'

// Issue 11: the host's half of the doctor asks each address it offers for GET /papo. The table
// holds loopback alone, so the only address checked is 127.0.0.1: never this machine's LAN.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const lo: NetworkInterfaceInfo[] = [
  {
    address: '127.0.0.1',
    netmask: '255.0.0.0',
    family: 'IPv4',
    mac: '00:00:00:00:00:00',
    internal: true,
    cidr: '127.0.0.1/8'
  },
  {
    address: '::1',
    netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    family: 'IPv6',
    mac: '00:00:00:00:00:00',
    internal: true,
    cidr: '::1/128',
    scopeid: 0
  }
]
const table: InterfaceTable = { lo }

async function papoHost(): Promise<PapoHost> {
  const temp = makeTempDir()
  const host = await createHost({ port: 0, bindAddress: '127.0.0.1', dataDir: temp.dir })
  cleanups.push(async () => {
    await host.stop()
    temp.remove()
  })
  return host
}

describe('diagnoseHost', () => {
  it('finds the host answering with its certificate on the address it offers', async () => {
    const host = await papoHost()
    const diagnosis = await diagnoseHost({
      port: host.port,
      bindAddress: '127.0.0.1',
      fingerprint: host.fingerprint,
      table,
      platform: 'linux'
    })
    expect(diagnosis.platform).toBe('linux')
    expect(diagnosis.port).toBe(host.port)
    expect(diagnosis.interfaces).toEqual([
      {
        name: 'lo',
        address: '127.0.0.1',
        family: 'IPv4',
        kind: 'loopback',
        shared: false,
        listening: true
      },
      {
        name: 'lo',
        address: '::1',
        family: 'IPv6',
        kind: 'loopback',
        shared: false,
        listening: false
      }
    ])
    expect(diagnosis.checks).toEqual([
      {
        address: `127.0.0.1:${host.port}`,
        ok: true,
        detail: expect.stringContaining(`protocol ${PROTOCOL_VERSION}`)
      }
    ])
  })

  it('fails the check when another certificate answers', async () => {
    const host = await papoHost()
    const diagnosis = await diagnoseHost({
      port: host.port,
      fingerprint: 'ef'.repeat(32),
      table,
      platform: 'win32'
    })
    expect(diagnosis.platform).toBe('win32')
    expect(diagnosis.checks).toEqual([
      {
        address: `127.0.0.1:${host.port}`,
        ok: false,
        detail: expect.stringContaining('another certificate')
      }
    ])
  })

  it('fails the check, bounded, when nothing listens', async () => {
    const port = await freePort()
    const diagnosis = await diagnoseHost({
      port,
      fingerprint: 'ef'.repeat(32),
      table,
      timeoutMs: 500
    })
    expect(diagnosis.checks).toEqual([
      { address: `127.0.0.1:${port}`, ok: false, detail: 'ECONNREFUSED' }
    ])
  })
})
