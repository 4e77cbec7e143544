import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest'
import { parseHeadlessArgs } from '../../src/headless/args'
import type { DiscoveredHost } from '../../src/shared/discovery'
import { PROTOCOL_VERSION } from '../../src/shared/limits'
import type { ProbeLine } from '../helpers/discovery-probe'
import { createNetnsLan, jsonLines, netnsUnavailable, type NetnsLan } from '../helpers/netns'
import { makeTempDir } from '../helpers/temp-dir'

// The headless host as `npm run host` runs it, announced on real mDNS (224.0.0.251:5353), and an
// app's discovery on another "computer": two network namespaces joined by a cable (veth), so the
// multicast never leaves this machine. Needs root; skipped elsewhere, but never under CI.

const TEST_MS = 60_000
/** Every wait is bounded. */
const WAIT_MS = 15_000

let lan: NetnsLan | null = null
let unavailable: string | null = netnsUnavailable()
beforeAll(() => {
  if (unavailable) return
  try {
    lan = createNetnsLan()
  } catch (e) {
    unavailable = (e as Error).message
  }
})
afterAll(() => lan?.remove())

const children: ChildProcessWithoutNullStreams[] = []
const temps: (() => void)[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  for (const remove of temps.splice(0)) remove()
})

/** The LAN, or a skip saying why there is none (a failure under CI, where it must run). */
function needLan(ctx: TestContext): NetnsLan {
  if (lan) return lan
  const why = `discovery across network namespaces not tested: ${unavailable}`
  if (process.env['CI']) throw new Error(why)
  console.warn(why)
  return ctx.skip(why)
}

function startHost(l: NetnsLan, name: string, extra: string[] = []) {
  const temp = makeTempDir('papo-netns-')
  temps.push(temp.remove)
  const child = l.spawnIn(l.a, process.execPath, [
    '--import',
    'tsx',
    'src/headless/index.ts',
    '--port',
    '0',
    '--data',
    join(temp.dir, 'data'),
    '--name',
    name,
    ...extra
  ])
  children.push(child)
  const out = jsonLines<never>(child)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const waitFor = (re: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const started = Date.now()
      const poll = setInterval(() => {
        const match = out.output().match(re)
        if (match) {
          clearInterval(poll)
          resolve(match)
        } else if (Date.now() - started > WAIT_MS || child.exitCode !== null) {
          clearInterval(poll)
          reject(new Error(`no ${re} in the host's output:\n${out.output()}`))
        }
      }, 50)
    })
  return { child, exited, waitFor, output: out.output }
}

function startProbe(l: NetnsLan, args: string[] = []) {
  const child = l.spawnIn(l.b, process.execPath, [
    '--import',
    'tsx',
    'tests/helpers/discovery-probe.ts',
    ...args
  ])
  children.push(child)
  const lines = jsonLines<ProbeLine>(child)
  const listed = (line: ProbeLine, name: string): DiscoveredHost | undefined =>
    line.type === 'snapshot' ? line.snapshot.hosts.find((h) => h.name === name) : undefined
  return { child, lines, listed }
}

describe('LAN discovery between two computers (network namespaces)', () => {
  it(
    'lists a headless host with its TXT data, counts who joins, and drops it at its goodbye',
    async (ctx) => {
      const l = needLan(ctx)
      const host = startHost(l, 'Room 12')
      const port = Number((await host.waitFor(/Listening on port (\d+)/))[1])
      const code = (await host.waitFor(/Host code [^:]*: (\S+)/))[1]
      await host.waitFor(/Announced on the local network as "Room 12"/)
      // Offered at its LAN address (the namespace's "eth0"), as the list will give it.
      expect(host.output()).toContain(`  ${l.addressA}:${port}`)

      const probe = startProbe(l, ['--join'])
      const first = await probe.lines.waitFor(
        (line) => probe.listed(line, 'Room 12') !== undefined,
        'the host in the list',
        WAIT_MS
      )
      expect(probe.listed(first, 'Room 12')).toMatchObject({
        protocol: PROTOCOL_VERSION,
        hostId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        shortCode: code,
        hostedBy: null,
        online: 0,
        access: { password: false, askFirst: false },
        compatible: true,
        addresses: [`${l.addressA}:${port}`]
      })

      // Joined at the address the list gave, from the other computer: the count follows.
      await probe.lines.waitFor(
        (line) => line.type === 'joined' || line.type === 'join-failed',
        'a join',
        WAIT_MS
      )
      expect(probe.lines.lines.find((line) => line.type === 'join-failed')).toBeUndefined()
      await probe.lines.waitFor(
        (line) => probe.listed(line, 'Room 12')?.online === 1,
        'one person online',
        WAIT_MS
      )

      // Its goodbye removes it at once (unheard hosts last DISCOVERY_LIMITS.staleMs, 15 s).
      const before = probe.lines.lines.length
      const stopped = Date.now()
      host.child.kill('SIGINT')
      await probe.lines.waitFor(
        (line) =>
          probe.lines.lines.indexOf(line) >= before &&
          line.type === 'snapshot' &&
          line.snapshot.hosts.length === 0,
        'the host dropped',
        WAIT_MS
      )
      expect(Date.now() - stopped).toBeLessThan(5_000)
      expect(await host.exited).toBe(0)
    },
    TEST_MS
  )

  it(
    'never lists a host started with --no-announce',
    async (ctx) => {
      const l = needLan(ctx)
      const quiet = startHost(l, 'Quiet', ['--no-announce'])
      await quiet.waitFor(/Not announced \(--no-announce\)/)
      const probe = startProbe(l, ['--query-ms', '500'])
      await probe.lines.waitFor((line) => line.type === 'snapshot', 'the probe running', WAIT_MS)
      // Several queries' worth of listening…
      await new Promise((resolve) => setTimeout(resolve, 2_500))
      // …then a host that does announce, proving the probe hears this network.
      const control = startHost(l, 'Control')
      await control.waitFor(/Announced on the local network/)
      await probe.lines.waitFor(
        (line) => probe.listed(line, 'Control') !== undefined,
        'the announced host',
        WAIT_MS
      )
      expect(probe.lines.lines.some((line) => probe.listed(line, 'Quiet') !== undefined)).toBe(
        false
      )
    },
    TEST_MS
  )

  it('parses --no-announce as a switch without a value', () => {
    expect(parseHeadlessArgs([], 'pc')).toMatchObject({ ok: true, args: { announce: true } })
    expect(parseHeadlessArgs(['--no-announce', '--port', '5'], 'pc')).toMatchObject({
      ok: true,
      args: { announce: false, port: 5 }
    })
    expect(parseHeadlessArgs(['--port', '5', '--no-announce'], 'pc')).toMatchObject({
      ok: true,
      args: { announce: false, port: 5 }
    })
    expect(parseHeadlessArgs(['--no-announce=1'], 'pc')).toMatchObject({ ok: false })
  })
})
