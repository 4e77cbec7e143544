import { io, type Socket } from 'socket.io-client'
import { signedAuth } from '../helpers/handshake'
import { afterEach, describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID, TIMEOUTS } from '../../src/shared/limits'
import {
  applyMemberChanges,
  connectClient,
  expectOk,
  newSecret,
  sleep,
  startTestHost,
  type TestHost
} from '../helpers/wire-client'

// Issue 7, a join costs O(people): a class of new people arriving at once is held, nobody is
// dropped, nobody receives a member list per arrival, and someone already in is still answered.
// CI-sized (300); `npm run bench` prints the 1,000-identity figures.

const PEOPLE = 300
const AT_ONCE = 50

let host: TestHost | null = null
const sockets: Socket[] = []
afterEach(async () => {
  await host?.stop()
  host = null
  for (const socket of sockets.splice(0)) socket.disconnect()
})

/**
 * A bare client that only counts what it receives: the JSON text of every packet (acks included)
 * and the pushes (Socket.IO events) among them.
 */
async function arrive(port: number, nickname: string) {
  const { auth, tls } = await signedAuth(port, newSecret(), nickname)
  const socket = io(`https://127.0.0.1:${port}`, {
    ...tls,
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 20_000
  })
  sockets.push(socket)
  const stats = { bytes: 0, pushes: 0, drops: 0 }
  socket.io.engine.on('packet', (packet: { data?: unknown }) => {
    if (typeof packet.data !== 'string') return
    stats.bytes += packet.data.length
    // A Socket.IO EVENT packet on the default namespace (an ack starts with "3").
    if (packet.data.startsWith('2')) stats.pushes++
  })
  socket.on('disconnect', () => stats.drops++)
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', (e) => reject(e))
  })
  return { socket, stats, connected }
}

describe('join storm', () => {
  it(`holds ${PEOPLE} new identities arriving ${AT_ONCE} at a time, in O(people) bytes each`, async () => {
    host = await startTestHost({
      rateLimits: { newIdentitiesPerAddress: { count: 10_000, windowMs: 60_000 } }
    })
    const port = host.port
    const ana = await connectClient(port, 'Ana')
    const start = expectOk(await ana.request('room:members', { roomId: LOBBY_ROOM_ID })).members

    // Ana keeps asking while the class arrives.
    const answers: number[] = []
    let storming = true
    const sampling = (async () => {
      while (storming) {
        const t0 = performance.now()
        expectOk(await ana.request('room:members', { roomId: LOBBY_ROOM_ID }))
        answers.push(performance.now() - t0)
        await sleep(100)
      }
    })()

    const people: Awaited<ReturnType<typeof arrive>>[] = []
    const started = performance.now()
    try {
      for (let i = 0; i < PEOPLE; i += AT_ONCE) {
        const wave = await Promise.all(
          Array.from({ length: AT_ONCE }, (_, j) => arrive(port, `Aluno ${i + j}`))
        )
        people.push(...wave)
        await Promise.all(wave.map((p) => p.connected))
      }
      const allIn = performance.now() - started
      // Everyone is in the lobby, Ana's kept list (deltas on top of one list) agrees with it.
      await ana.waitFor(
        'members:changed',
        () => applyMemberChanges(ana, LOBBY_ROOM_ID, start).length === PEOPLE + 1,
        10_000
      )
      await sleep(500)
      const truth = expectOk(await ana.request('room:members', { roomId: LOBBY_ROOM_ID })).members
      expect(truth).toHaveLength(PEOPLE + 1)
      expect(allIn).toBeLessThan(25_000)
    } finally {
      storming = false
      await sampling
    }

    const elapsed = performance.now() - started
    expect(people.every((p) => p.socket.connected)).toBe(true)
    expect(people.reduce((sum, p) => sum + p.stats.drops, 0)).toBe(0)
    // Full member lists per arrival would be ~N²/2 × 70 B ≈ 3 MB for the first to arrive; the
    // changes and notices are a few hundred bytes per person.
    const most = Math.max(...people.map((p) => p.stats.bytes))
    expect(most).toBeLessThan(PEOPLE * 1_024)
    // Notices and member changes each travel once per roster window (notices as one
    // `messages:new`), not once per arrival: a push per newcomer would be ~PEOPLE for the first.
    // A newcomer's presence rides in its member entry, so no `presence:update` on top.
    const mostPushes = Math.max(...people.map((p) => p.stats.pushes))
    const windows = Math.ceil(elapsed / TIMEOUTS.rosterBatchMs) + 1
    expect(mostPushes).toBeLessThanOrEqual(2 * windows)
    expect(answers.length).toBeGreaterThan(3)
    expect(Math.max(...answers)).toBeLessThan(3_000)
    ana.close()
  }, 60_000)
})
