import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HOST_DB_FILE } from '../../src/main/host'
import { APP_ID, LIMITS, LOBBY_ROOM_ID, PROTOCOL_VERSION } from '../../src/shared/limits'
import { rssMb, useHeadlessHosts } from '../helpers/host-process'
import { rawConnect } from '../helpers/raw-socket'
import { seedMessages } from '../helpers/seed'
import { makeTempDir } from '../helpers/temp-dir'
import { connectClient, expectOk, newSecret, sleep } from '../helpers/wire-client'

// Issue 7, backpressure: a client that asks for a lot and reads nothing must not be able to
// grow the host's memory, nor slow everyone else down. The host runs as its own process
// (npm run host), so its memory is measured from outside, as an operator would see it.

const startHeadless = useHeadlessHosts()
const temps: (() => void)[] = []
afterEach(() => {
  for (const remove of temps.splice(0)) remove()
})

describe('a client that never reads', () => {
  it('is cut off before the host grows, and others keep being answered', async () => {
    const temp = makeTempDir('papo-slow-reader-')
    temps.push(temp.remove)
    const data = join(temp.dir, 'data')
    // 200 messages of 1 KB: every history page asked for below is ~220 KB of answer.
    seedMessages(
      join(data, HOST_DB_FILE),
      LOBBY_ROOM_ID,
      200,
      'Arquivo',
      (i) => `${i} ${'x'.repeat(1_020)}`
    )
    const host = startHeadless(['--port', '0', '--data', data])
    const port = Number((await host.waitFor(/Listening on port (\d+)/))[1])
    const pid = host.child.pid as number

    const bia = await connectClient(port, 'Bia')
    expectOk(await bia.request('session:start', {}))
    const before = rssMb(pid)

    const auth = { app: APP_ID, protocol: PROTOCOL_VERSION, secret: newSecret(), nickname: 'Lento' }
    const attacker = await rawConnect(port, auth)
    attacker.stopReading()

    let peakMb = before
    const latencies: number[] = []
    let attacking = true
    const watch = (async () => {
      while (attacking) {
        peakMb = Math.max(peakMb, rssMb(pid))
        const t0 = performance.now()
        expectOk(await bia.request('room:members', { roomId: LOBBY_ROOM_ID }))
        latencies.push(performance.now() - t0)
        await sleep(50)
      }
    })()

    try {
      // 3,000 requests for the largest page, each asking for an answer it will never read, a
      // few per TCP write (fewer than the in-flight bound, so each one is served).
      const request = [
        'room:history',
        { roomId: LOBBY_ROOM_ID, limit: LIMITS.historyPageMax }
      ] as const
      for (let sent = 0; sent < 3_000 && !attacker.tcp.destroyed; sent += 5) {
        void attacker.emitAll(Array.from({ length: 5 }, () => request))
        await sleep(1)
      }
      await host.waitFor(/cut connection/, 10_000)
      // A little longer, to see the memory settle rather than a moment of it.
      await sleep(1_000)
    } finally {
      attacking = false
      await watch
      attacker.destroy()
    }

    expect(host.output()).toMatch(/cut connection .* bytes unread/)
    // Generous bounds: the issue saw 1,969 MB; the host stays near where it started.
    expect(peakMb).toBeLessThan(400)
    expect(Math.max(...latencies)).toBeLessThan(1_000)
    expect(latencies.length).toBeGreaterThan(5)
    expect(bia.socket.connected).toBe(true)
    expectOk(await bia.request('session:start', {}))
    bia.close()
  })
})
