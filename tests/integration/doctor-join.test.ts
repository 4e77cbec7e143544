import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { generate } from 'selfsigned'
import { afterEach, describe, expect, it } from 'vitest'
import { createHost, type PapoHost } from '../../src/main/host'
import { diagnoseJoin } from '../../src/main/network/doctor-join'
import {
  DOCTOR_STEPS,
  type DoctorProblem,
  type DoctorStepId,
  type JoinDiagnosis
} from '../../src/shared/doctor'
import { shortCode } from '../../src/shared/fingerprint'
import { formatInvite } from '../../src/shared/invite'
import { PROBE_PATH, PROTOCOL_VERSION } from '../../src/shared/limits'
import { freePort, startSilentServer } from '../helpers/tcp-tools'
import { makeTempDir } from '../helpers/temp-dir'

// Issue 11: the network doctor walks the join steps against real sockets on 127.0.0.1, one
// stand-in per way a join goes wrong: nothing there, another program, an older or newer Papo,
// another certificate. Never any other address.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Every step before `id` ok, `id` failed with `problem`, every step after it skipped. */
function expectStopsAt(diagnosis: JoinDiagnosis, id: DoctorStepId, problem: DoctorProblem): void {
  const at = DOCTOR_STEPS.indexOf(id)
  expect(diagnosis.steps.map((s) => s.id)).toEqual([...DOCTOR_STEPS])
  expect(diagnosis.steps.map((s) => s.status)).toEqual(
    DOCTOR_STEPS.map((_, i) => (i < at ? 'ok' : i === at ? 'failed' : 'skipped'))
  )
  expect(diagnosis.steps[at]?.problem).toBe(problem)
  for (const step of diagnosis.steps)
    if (step.status !== 'failed') expect(step.problem).toBe(undefined)
}

const stepOf = (diagnosis: JoinDiagnosis, id: DoctorStepId) =>
  diagnosis.steps.find((s) => s.id === id)

/** The OS resolver's stand-in: names in the table, ENOTFOUND for the rest. */
const names: Record<string, string> = { 'sala-3.lan': '127.0.0.1' }
const lookup = async (name: string): Promise<string> => {
  const ip = names[name.toLowerCase()]
  if (ip) return ip
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' })
}

async function serve(server: HttpServer): Promise<number> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  )
  return (server.address() as AddressInfo).port
}

/** A plain HTTP server answering every request with `status` and `body`. */
const plainServer = (answer: (path: string) => [number, string]): Promise<number> =>
  serve(
    createHttpServer((req, res) => {
      const [status, body] = answer(req.url ?? '')
      res.writeHead(status, { 'content-type': 'application/json' }).end(body)
    })
  )

/** An HTTPS server with a certificate of its own (not any Papo host's). */
async function tlsServer(answer: (path: string) => [number, string]): Promise<number> {
  const made = await generate([{ name: 'commonName', value: 'some other program' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256'
  })
  return serve(
    createHttpsServer({ key: made.private, cert: made.cert }, (req, res) => {
      const [status, body] = answer(req.url ?? '')
      res.writeHead(status, { 'content-type': 'application/json' }).end(body)
    }) as unknown as HttpServer
  )
}

async function papoHost(): Promise<PapoHost> {
  const temp = makeTempDir()
  const host = await createHost({ port: 0, bindAddress: '127.0.0.1', dataDir: temp.dir })
  cleanups.push(async () => {
    await host.stop()
    temp.remove()
  })
  return host
}

const hostInfo = (protocol: number) =>
  JSON.stringify({
    app: 'papo',
    protocol,
    hostId: '8c1f3a52-6f0e-4c59-9d56-0e4b2c7a1d90',
    name: 'Sala 3',
    version: protocol === 2 ? '0.2.0' : '9.0.0',
    access: { password: false, askFirst: false }
  })

describe('diagnoseJoin', () => {
  it.each(['192.168.1', 'not an address!', ''])('stops at parse for %j', async (input) => {
    const diagnosis = await diagnoseJoin(input, { lookup })
    expect(diagnosis.address).toBe(input)
    expectStopsAt(diagnosis, 'parse', 'bad-address')
  })

  it('stops at resolve for a name nobody answers to', async () => {
    const diagnosis = await diagnoseJoin('sala-9.lan:4747', { lookup })
    expectStopsAt(diagnosis, 'resolve', 'unknown-name')
    expect(stepOf(diagnosis, 'resolve')?.detail).toBe('ENOTFOUND')
  })

  it('resolves a known name and goes on with its address', async () => {
    const port = await freePort()
    const diagnosis = await diagnoseJoin(`sala-3.lan:${port}`, { lookup })
    expect(stepOf(diagnosis, 'parse')?.detail).toBe(`sala-3.lan:${port}`)
    expect(stepOf(diagnosis, 'resolve')).toMatchObject({ status: 'ok', detail: '127.0.0.1' })
    expectStopsAt(diagnosis, 'connect', 'refused')
  })

  it('a resolver that never answers is bounded too', async () => {
    const diagnosis = await diagnoseJoin('sala-3.lan', {
      lookup: () => new Promise<string>(() => {}),
      timeoutMs: 200
    })
    expectStopsAt(diagnosis, 'resolve', 'unknown-name')
  })

  it('stops at connect when nothing listens on the port', async () => {
    const port = await freePort()
    const diagnosis = await diagnoseJoin(`127.0.0.1:${port}`, { lookup })
    expectStopsAt(diagnosis, 'connect', 'refused')
    expect(stepOf(diagnosis, 'connect')?.detail).toBe('ECONNREFUSED')
    expect(stepOf(diagnosis, 'resolve')?.detail).toContain('127.0.0.1')
  })

  it('stops at papo when a plain web server answers', async () => {
    const port = await plainServer(() => [200, 'hello'])
    const diagnosis = await diagnoseJoin(`127.0.0.1:${port}`, { lookup })
    expectStopsAt(diagnosis, 'papo', 'not-papo')
    expect(stepOf(diagnosis, 'papo')?.detail).toMatch(/, HTTP 200$/)
  })

  it('stops at papo when an HTTPS server answers 404', async () => {
    const port = await tlsServer(() => [404, '{"error":"not found"}'])
    const diagnosis = await diagnoseJoin(`127.0.0.1:${port}`, { lookup })
    expectStopsAt(diagnosis, 'papo', 'not-papo')
    expect(stepOf(diagnosis, 'papo')?.detail).toMatch(/^HTTPS 404, /)
  })

  it('stops at papo, bounded, when something accepts and never answers', async () => {
    const silent = await startSilentServer()
    cleanups.push(() => silent.close())
    const started = Date.now()
    const diagnosis = await diagnoseJoin(`127.0.0.1:${silent.port}`, { lookup, timeoutMs: 300 })
    expect(Date.now() - started).toBeLessThan(2_000)
    expectStopsAt(diagnosis, 'papo', 'timeout')
  })

  it('stops at protocol for a protocol-2 host, which spoke plain HTTP', async () => {
    const port = await plainServer((path) => (path === PROBE_PATH ? [200, hostInfo(2)] : [404, '']))
    const diagnosis = await diagnoseJoin(`127.0.0.1:${port}`, { lookup })
    expectStopsAt(diagnosis, 'protocol', 'older-papo')
    expect(stepOf(diagnosis, 'papo')?.detail).toBe('plain HTTP')
    expect(stepOf(diagnosis, 'protocol')?.detail).toContain('protocol 2')
  })

  it('stops at protocol for a newer host', async () => {
    const newer = PROTOCOL_VERSION + 1
    const port = await tlsServer((path) =>
      path === PROBE_PATH ? [200, hostInfo(newer)] : [404, '']
    )
    const diagnosis = await diagnoseJoin(`127.0.0.1:${port}`, { lookup })
    expectStopsAt(diagnosis, 'protocol', 'newer-papo')
    expect(stepOf(diagnosis, 'papo')?.detail).toBe('HTTPS')
    expect(stepOf(diagnosis, 'protocol')?.detail).toBe(`protocol ${newer}`)
  })

  it('stops at protocol for an older host that already spoke HTTPS (protocol 3)', async () => {
    const port = await tlsServer((path) => (path === PROBE_PATH ? [200, hostInfo(3)] : [404, '']))
    const diagnosis = await diagnoseJoin(`127.0.0.1:${port}`, { lookup })
    expectStopsAt(diagnosis, 'protocol', 'older-papo')
    expect(stepOf(diagnosis, 'protocol')?.detail).toBe('protocol 3')
  })

  it('passes every step against a real host', async () => {
    const host = await papoHost()
    const diagnosis = await diagnoseJoin(`127.0.0.1:${host.port}`, { lookup })
    expect(diagnosis.steps.map((s) => `${s.id} ${s.status}`)).toEqual(
      DOCTOR_STEPS.map((id) => `${id} ok`)
    )
    expect(stepOf(diagnosis, 'protocol')?.detail).toBe(`protocol ${PROTOCOL_VERSION}`)
    expect(stepOf(diagnosis, 'certificate')?.detail).toContain(shortCode(host.fingerprint))
    expect(stepOf(diagnosis, 'certificate')?.detail).toContain('not pinned')

    // The same with the invite's code, its fingerprint, or the pin agreeing.
    for (const options of [
      { fingerprint: host.fingerprint },
      { fingerprint: shortCode(host.fingerprint).toLowerCase() },
      { pinned: () => host.fingerprint }
    ]) {
      const again = await diagnoseJoin(`127.0.0.1:${host.port}`, { lookup, ...options })
      expect(again.steps.every((s) => s.status === 'ok')).toBe(true)
    }
  })

  it('stops at certificate when the host is not the one the invite names', async () => {
    const host = await papoHost()
    const other = 'ab'.repeat(32)
    const diagnosis = await diagnoseJoin(`127.0.0.1:${host.port}`, { lookup, fingerprint: other })
    expectStopsAt(diagnosis, 'certificate', 'certificate-mismatch')
    expect(stepOf(diagnosis, 'certificate')?.detail).toContain(shortCode(other))

    // An invite link carries its own.
    const link = formatInvite({ address: `127.0.0.1:${host.port}`, fingerprint: other })
    const fromLink = await diagnoseJoin(link, { lookup })
    expect(fromLink.address).toBe(link)
    expectStopsAt(fromLink, 'certificate', 'certificate-mismatch')
  })

  it('stops at certificate when the host shows another one than was pinned', async () => {
    const host = await papoHost()
    const asked: string[] = []
    const diagnosis = await diagnoseJoin(`127.0.0.1:${host.port}`, {
      lookup,
      pinned: (address) => {
        asked.push(address)
        return 'cd'.repeat(32)
      }
    })
    expectStopsAt(diagnosis, 'certificate', 'certificate-changed')
    expect(asked).toEqual([`127.0.0.1:${host.port}`])
  })
})
