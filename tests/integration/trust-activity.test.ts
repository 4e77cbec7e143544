import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HOST_DB_FILE } from '../../src/main/host'
import { ACTIVITY_LOG_FILE } from '../../src/main/host/activity-log'
import { CERT_FILE, CERT_KEY_FILE } from '../../src/main/host/certificate'
import type { ActivityEntry } from '../../src/shared/activity'
import { shortCode } from '../../src/shared/fingerprint'
import type { Result } from '../../src/shared/result'
import { hostCertificate, identityForSecret, signedAuth } from '../helpers/handshake'
import { useHeadlessHosts } from '../helpers/host-process'
import { makeTempDir } from '../helpers/temp-dir'
import { attempt, modeOf, waitUntil } from '../helpers/trust-tools'
import { expectOk, newSecret, tryConnect, useHostFixtures } from '../helpers/wire-client'

// Issue 10, "what it must show": the activity log has one line per event (connection,
// disconnection, room join, leave, removal, refusal, rate-limit hit) with the IP address, in the
// headless host's output. The headless host runs as `npm run host` does, in a child process;
// clients connect from 127.0.0.1 and from 127.0.0.2 (a second "computer" on loopback), so the
// address in each line is seen to be the client's own.

// Folders go last (after-hooks run in reverse): hosts are stopped before.
const temps: (() => void)[] = []
afterEach(() => {
  for (const remove of temps.splice(0)) remove()
})
const owner = newSecret()
const fixtures = useHostFixtures({ ownerPublicKey: identityForSecret(owner).publicKey })
const startHeadless = useHeadlessHosts()
const sockets: { close(): void }[] = []
afterEach(() => {
  for (const s of sockets.splice(0)) s.close()
})

/** A client from `localAddress` through a full signed handshake; throws if refused. */
async function from(
  port: number,
  localAddress: string,
  nickname: string,
  opts: { secret?: string; password?: string } = {}
) {
  const secret = opts.secret ?? newSecret()
  const { auth } = await signedAuth(port, secret, nickname, { password: opts.password })
  const a = await attempt(port, auth, { localAddress })
  if (!a.connected) throw new Error(`${nickname} refused: ${JSON.stringify(a.data)}`)
  sockets.push(a)
  const request = async <T>(name: string, payload: unknown): Promise<Result<T>> =>
    (await a.socket.timeout(3_000).emitWithAck(name, payload)) as Result<T>
  const pushes: { name: string; payload: unknown }[] = []
  a.socket.onAny((name: string, payload: unknown) => pushes.push({ name, payload }))
  return { socket: a.socket, secret, request, pushes, close: () => a.close() }
}

/** One activity line as formatActivityLine writes it. */
const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (\S+) (.+?) from (\S+?)(?:: (.*))?$/

function activityLines(
  text: string
): { kind: string; who: string; address: string; detail: string; line: string }[] {
  return text.split('\n').flatMap((line) => {
    const m = LINE.exec(line)
    return m ? [{ kind: m[1]!, who: m[2]!, address: m[3]!, detail: m[4] ?? '', line }] : []
  })
}

describe('the activity log', () => {
  it('the headless host prints one line per event with the address, and keeps them in a private file', async () => {
    const temp = makeTempDir('papo-activity-')
    temps.push(temp.remove)
    const data = join(temp.dir, 'data')

    // First the folder is hosted in the app, where the person hosting removes Bia.
    const printed: string[] = []
    const inApp = await fixtures.host({ dataDir: data, printActivity: (l) => printed.push(l) })
    const ana = await from(inApp.port, '127.0.0.1', 'Ana', { secret: owner })
    const bia = await from(inApp.port, '127.0.0.2', 'Bia')
    const biaId = expectOk(await bia.request<{ self: { id: string } }>('session:start', {})).self.id
    expectOk(await ana.request('member:remove', { userId: biaId }))
    await waitUntil(() => printed.some((l) => / removed Bia /.test(l)), 'the removal line')
    await inApp.host.stop()

    // Then headless, with a password from the environment (not on the command line).
    const PASSWORD = 'lab-3-segredo'
    process.env['PAPO_PASSWORD'] = PASSWORD
    let host: ReturnType<typeof startHeadless>
    try {
      host = startHeadless([
        '--port',
        '0',
        '--data',
        data,
        '--bind',
        '127.0.0.1',
        '--name',
        'Lab 3'
      ])
    } finally {
      delete process.env['PAPO_PASSWORD']
    }
    const port = Number((await host.waitFor(/Listening on port (\d+)/))[1])
    const { fingerprint } = await hostCertificate(port)
    const printedCode = (await host.waitFor(/Host code[^:]*: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})/))[1]
    expect(printedCode).toBe(shortCode(fingerprint))
    // Each line is its own write: the lines after the code are all there by the last one.
    await host.waitFor(/Press Ctrl-C to stop\./)
    expect(host.output()).toContain(fingerprint)
    expect(host.output()).toContain('New people need the password to join.')

    // Connection (from two computers), room create, join, leave, a rate-limit hit, disconnection.
    const caio = await from(port, '127.0.0.2', 'Caio', { password: PASSWORD })
    const caioId = expectOk(await caio.request<{ self: { id: string } }>('session:start', {})).self
      .id
    const duda = await from(port, '127.0.0.1', 'Duda', { password: PASSWORD })
    const dudaId = expectOk(await duda.request<{ self: { id: string } }>('session:start', {})).self
      .id
    const room = expectOk(
      await caio.request<{ room: { id: string; code: string } }>('room:create', { name: 'Estudos' })
    ).room
    expectOk(await duda.request('room:join', { code: room.code }))
    expectOk(await duda.request('room:leave', { roomId: room.id }))
    let limited = false
    for (let i = 0; i < 10 && !limited; i++) {
      const wrong = await duda.request('room:join', { code: `ZZZZZ${i}` })
      limited = !wrong.ok && wrong.error.code === 'RATE_LIMITED'
    }
    expect(limited).toBe(true)
    duda.close()
    // Refusals: removed, no password, an invisible name.
    expect(await tryConnect(port, 'Bia', { secret: bia.secret })).toMatchObject({
      code: 'REMOVED'
    })
    expect(await tryConnect(port, 'Eva')).toMatchObject({ code: 'PASSWORD_REQUIRED' })
    expect(await tryConnect(port, 'Eva\u200B', { password: PASSWORD })).toMatchObject({
      code: 'NICKNAME_INVALID'
    })

    const expected: [kind: string, who: RegExp, address: string, detail: RegExp][] = [
      ['connected', new RegExp(`^Caio \\(${caioId}\\)$`), '127.0.0.2', /new on this host/],
      ['connected', new RegExp(`^Duda \\(${dudaId}\\)$`), '127.0.0.1', /new on this host/],
      ['room-created', /^Caio /, '127.0.0.2', /"Estudos"/],
      ['room-joined', /^Duda /, '127.0.0.1', /"Estudos"/],
      ['room-left', /^Duda /, '127.0.0.1', /"Estudos"/],
      ['rate-limited', /^Duda /, '127.0.0.1', /room:join/],
      ['disconnected', /^Duda /, '127.0.0.1', /./],
      ['refused', new RegExp(`^Bia \\(${biaId}\\)$`), '127.0.0.1', /^REMOVED/],
      ['refused', /^Eva$/, '127.0.0.1', /^PASSWORD_REQUIRED/],
      // The invisible character is shown escaped, never as itself.
      ['refused', /^"Eva\\u\{200B\}"$/, '127.0.0.1', /^NICKNAME_INVALID/]
    ]
    const matches = (l: ReturnType<typeof activityLines>[number], e: (typeof expected)[number]) =>
      l.kind === e[0] && e[1].test(l.who) && l.address === e[2] && e[3].test(l.detail)
    await waitUntil(
      () => {
        const lines = activityLines(host.output())
        return expected.every((e) => lines.some((l) => matches(l, e)))
      },
      `every event printed; output:\n${host.output()}`,
      5_000
    )
    const lines = activityLines(host.output())
    for (const e of expected) {
      expect(
        lines.filter((l) => matches(l, e)),
        `${e[0]} ${e[1]}`
      ).toHaveLength(1)
    }
    // Nothing printed carries the password or a raw invisible character.
    expect(host.output()).not.toContain(PASSWORD)
    expect(host.output()).not.toContain('\u200B')

    host.child.kill('SIGINT')
    expect(await host.exited).toBe(0)
    // Caio's line closed at the stop too.
    expect(
      activityLines(host.output()).filter(
        (l) => l.kind === 'disconnected' && l.who.startsWith('Caio ')
      )
    ).toHaveLength(1)

    // The file holds both runs, the removal included; all of it private.
    const file = join(data, ACTIVITY_LOG_FILE)
    const logged = readFileSync(file, 'utf8')
    const inFile = activityLines(logged)
    expect(inFile.some((l) => l.kind === 'removed' && l.who === `Bia (${biaId})`)).toBe(true)
    for (const e of expected) expect(inFile.filter((l) => matches(l, e))).toHaveLength(1)
    for (const line of printed) expect(logged).toContain(line)
    expect(logged).not.toContain(PASSWORD)
    expect(modeOf(data)).toBe(0o700)
    for (const name of [ACTIVITY_LOG_FILE, HOST_DB_FILE, CERT_FILE, CERT_KEY_FILE]) {
      expect(modeOf(join(data, name)), name).toBe(0o600)
    }
    for (const suffix of ['-wal', '-shm']) {
      const companion = join(data, HOST_DB_FILE + suffix)
      if (existsSync(companion)) expect(modeOf(companion), suffix).toBe(0o600)
    }
  })

  it('the person hosting reads it (host:activity) and is pushed new entries; nobody else is', async () => {
    const h = await fixtures.host()
    const ana = await from(h.port, '127.0.0.1', 'Ana', { secret: owner })
    const bia = await from(h.port, '127.0.0.2', 'Bia')
    const biaId = expectOk(await bia.request<{ self: { id: string } }>('session:start', {})).self.id
    expectOk(await bia.request('room:create', { name: 'Grupo' }))

    const pushed = (): ActivityEntry[] =>
      ana.pushes.flatMap((p) =>
        p.name === 'activity:new' ? (p.payload as { entries: ActivityEntry[] }).entries : []
      )
    await waitUntil(
      () => pushed().some((e) => e.kind === 'room-created' && e.userId === biaId),
      'the push of Bia creating a room'
    )
    expect(pushed().find((e) => e.kind === 'connected' && e.userId === biaId)).toMatchObject({
      nickname: 'Bia',
      address: '127.0.0.2'
    })
    const read = expectOk(
      await ana.request<{ entries: ActivityEntry[] }>('host:activity', {})
    ).entries
    expect(read.filter((e) => e.kind === 'connected').map((e) => [e.nickname, e.address])).toEqual([
      ['Ana', '127.0.0.1'],
      ['Bia', '127.0.0.2']
    ])
    // Pages: ids ascending, the page before an id holds only older ones.
    const older = expectOk(
      await ana.request<{ entries: ActivityEntry[] }>('host:activity', {
        beforeId: read.at(-1)!.id,
        limit: 1
      })
    ).entries
    expect(older).toEqual([read.at(-2)])

    expect(await bia.request('host:activity', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
    expect(bia.pushes.filter((p) => p.name === 'activity:new')).toEqual([])
  })

  it("a removal's line gives the address the removed person was at", async () => {
    const h = await fixtures.host()
    const ana = await from(h.port, '127.0.0.1', 'Ana', { secret: owner })
    const bia = await from(h.port, '127.0.0.2', 'Bia')
    const biaId = expectOk(await bia.request<{ self: { id: string } }>('session:start', {})).self.id
    expectOk(await ana.request('member:remove', { userId: biaId }))
    const entries = expectOk(
      await ana.request<{ entries: ActivityEntry[] }>('host:activity', {})
    ).entries
    const removal = entries.find((e) => e.kind === 'removed')
    expect(removal).toMatchObject({ userId: biaId, nickname: 'Bia' })
    // The line is about Bia (her nickname, her id): "from" is where she was, not where the
    // person hosting sits (in the app always 127.0.0.1, which tells nobody anything).
    expect(removal?.address).toBe('127.0.0.2')
  })
})
