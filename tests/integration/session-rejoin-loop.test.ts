import { describe, expect, it } from 'vitest'
import type { ConnectionState } from '../../src/shared/bridge'
import type { HostInfo } from '../../src/shared/models'
import { err, ok, type Result } from '../../src/shared/result'
import type { ProbeAnswer } from '../../src/main/client/probe'
import { startRejoin, type WaitReason } from '../../src/main/session/rejoin'
import { createFakeClock } from '../helpers/session-harness'

// The rejoin loop on a test clock: when it knocks, what it says meanwhile, and to whom it hands
// the handshake (only to the host it was in).

const info = (hostId: string): HostInfo => ({
  app: 'papo',
  protocol: 2,
  hostId,
  name: 'Sala',
  version: '0',
  access: { password: false, askFirst: false }
})
const certificate = { fingerprint: 'a'.repeat(64), pem: '' }
const papo = (hostId: string): ProbeAnswer => ({ kind: 'papo', info: info(hostId), certificate })
const silent: ProbeAnswer = { kind: 'silent', error: { code: 'HOST_REFUSED', message: 'no' } }
const foreign: ProbeAnswer = { kind: 'foreign', error: { code: 'NOT_A_PAPO_HOST', message: 'x' } }

interface FakeLine {
  hostId: string
  closed: boolean
}

function loop(opts: {
  why?: WaitReason
  answers: () => ProbeAnswer
  join?: () => Result<FakeLine>
}) {
  const clock = createFakeClock()
  const states: ConnectionState[] = []
  const probes: number[] = []
  const joins: number[] = []
  const joined: FakeLine[] = []
  const removed: string[] = []
  const rejoin = startRejoin<FakeLine>({
    hostId: 'H1',
    why: opts.why ?? 'lost',
    probe: async () => {
      probes.push(clock.now())
      return opts.answers()
    },
    join: async () => {
      joins.push(clock.now())
      return opts.join ? opts.join() : ok({ hostId: 'H1', closed: false })
    },
    hostIdOf: (line) => line.hostId,
    closeLine: (line) => {
      line.closed = true
    },
    onState: (state) => states.push(state),
    onJoined: (line) => joined.push(line),
    onRemoved: (error) => removed.push(error.code),
    clock,
    random: () => 0
  })
  return { clock, states, probes, joins, joined, removed, rejoin }
}

describe('rejoin loop', () => {
  it('backs off from 0.5 s to 5 s and says the host is probably gone after five attempts', async () => {
    const l = loop({ answers: () => silent })
    await l.clock.advance(30_000)
    l.rejoin.stop()
    expect(l.probes.slice(0, 7)).toEqual([500, 1_500, 3_500, 7_500, 12_500, 17_500, 22_500])
    expect(l.states.slice(0, 7).map((s) => s.status)).toEqual([
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'host-gone',
      'host-gone'
    ])
    expect(l.states.map((s) => ('attempt' in s ? s.attempt : -1)).slice(0, 3)).toEqual([0, 1, 2])
    expect(l.joins).toEqual([])
    // Stopped: no timer left behind, nothing more happens.
    expect(l.clock.pending).toBe(0)
  })

  it('after the host said it was stopping, waits as host-stopped however long it takes', async () => {
    const l = loop({ why: 'stopped', answers: () => silent })
    await l.clock.advance(60_000)
    l.rejoin.stop()
    expect(new Set(l.states.map((s) => s.status))).toEqual(new Set(['host-stopped']))
    expect(l.probes.length).toBeGreaterThan(8)
  })

  it('never hands the handshake to another host or another program at the address', async () => {
    let answer: ProbeAnswer = papo('H2')
    const l = loop({ answers: () => answer })
    await l.clock.advance(2_000)
    expect(l.states.at(-1)?.status).toBe('host-changed')
    answer = foreign
    await l.clock.advance(2_000)
    expect(l.states.at(-1)?.status).toBe('host-changed')
    expect(l.joins).toEqual([])
    // Its own host back: joined at the next attempt, and the loop is over.
    answer = papo('H1')
    await l.clock.advance(10_000)
    expect(l.joins).toHaveLength(1)
    expect(l.joined).toHaveLength(1)
    expect(l.clock.pending).toBe(0)
  })

  it('a host swapped between the probe and the handshake is not joined', async () => {
    let hostId = 'H2'
    const l = loop({ answers: () => papo('H1'), join: () => ok({ hostId, closed: false }) })
    await l.clock.advance(600)
    expect(l.joined).toEqual([])
    expect(l.states.at(-1)?.status).toBe('host-changed')
    hostId = 'H1'
    await l.clock.advance(2_000)
    expect(l.joined.map((line) => line.closed)).toEqual([false])
  })

  it('keeps trying through refusals that pass, waiting as long as the host asks', async () => {
    let refusals = 2
    const l = loop({
      answers: () => papo('H1'),
      join: () =>
        refusals-- > 0 ? err('RATE_LIMITED', 'later', 8_000) : ok({ hostId: 'H1', closed: false })
    })
    await l.clock.advance(30_000)
    expect(l.joins).toEqual([500, 8_500, 16_500])
    expect(l.joined).toHaveLength(1)
  })

  it('stops for good when the host says this identity was removed', async () => {
    const l = loop({ answers: () => papo('H1'), join: () => err('REMOVED', 'removed') })
    await l.clock.advance(20_000)
    expect(l.removed).toEqual(['REMOVED'])
    expect(l.joins).toHaveLength(1)
    expect(l.clock.pending).toBe(0)
  })

  it('stop() abandons an attempt in progress and closes the line it brings', async () => {
    let release: (line: Result<FakeLine>) => void = () => {}
    const clock = createFakeClock()
    const joined: FakeLine[] = []
    const line: FakeLine = { hostId: 'H1', closed: false }
    const rejoin = startRejoin<FakeLine>({
      hostId: 'H1',
      why: 'lost',
      probe: async () => papo('H1'),
      join: () => new Promise((resolve) => (release = resolve)),
      hostIdOf: (l) => l.hostId,
      closeLine: (l) => {
        l.closed = true
      },
      onState: () => {},
      onJoined: (l) => joined.push(l),
      onRemoved: () => {},
      clock
    })
    await clock.advance(1_000)
    rejoin.stop()
    release(ok(line))
    await clock.advance(10_000)
    expect(joined).toEqual([])
    expect(line.closed).toBe(true)
  })
})
