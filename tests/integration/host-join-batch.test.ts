import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Manager, type Socket } from 'socket.io-client'
import { signedAuth } from '../helpers/handshake'
import { afterEach, describe, expect, it } from 'vitest'
import { HOST_DB_FILE } from '../../src/main/host/create-host'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import {
  expectOk,
  newSecret,
  sleep,
  tryConnect,
  useHostFixtures,
  type ConnectFailure,
  type WireClient
} from '../helpers/wire-client'

// Issue 9, joining at the speed of bare Socket.IO: the handshakes of one event-loop turn write
// their identities (new user, lobby membership) in one transaction, and the "joined" notices go
// with the group commit, so a class arriving at once pays a few disk syncs, not three per person.

const { host } = useHostFixtures({
  rateLimits: { newIdentitiesPerAddress: { count: 1_000, windowMs: 60_000 } }
})

/**
 * Commits in the database's write-ahead log so far: frames carrying the database size are the
 * last frame of a commit (sqlite.org/fileformat.html, "WAL file format"), and each is one sync
 * under synchronous = FULL. Counted from outside, so a write outside a transaction counts too.
 */
function walCommits(dataDir: string): number {
  let wal: Buffer
  try {
    wal = readFileSync(join(dataDir, `${HOST_DB_FILE}-wal`))
  } catch {
    return 0
  }
  if (wal.length < 32) return 0
  const pageSize = wal.readUInt32BE(8)
  const salt = [wal.readUInt32BE(16), wal.readUInt32BE(20)]
  let commits = 0
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    // A frame of an older generation of the log (before a checkpoint reset it) ends the count.
    if (wal.readUInt32BE(at + 8) !== salt[0] || wal.readUInt32BE(at + 12) !== salt[1]) break
    if (wal.readUInt32BE(at + 4) !== 0) commits++
  }
  return commits
}

const burstSockets: Socket[] = []
afterEach(() => {
  for (const socket of burstSockets.splice(0)) socket.disconnect()
})

/**
 * Newcomers whose handshakes reach the host in one event-loop turn: every connection's
 * transport is opened first, then all their Socket.IO CONNECT packets are written at once.
 * Resolves with each one's outcome, in order: the refusal's code, or "ok".
 */
async function burst(port: number, nicknames: string[]): Promise<string[]> {
  // Each handshake is signed for its own challenge beforehand, so the bursts stay one turn.
  const signed = await Promise.all(nicknames.map((n) => signedAuth(port, newSecret(), n)))
  const managers = signed.map(
    ({ tls }) =>
      new Manager(`https://127.0.0.1:${port}`, {
        ...tls,
        transports: ['websocket'],
        reconnection: false,
        autoConnect: false,
        forceNew: true
      })
  )
  await Promise.all(
    managers.map(
      (m) => new Promise<void>((resolve, reject) => m.open((e) => (e ? reject(e) : resolve())))
    )
  )
  const sockets = managers.map((m, i) =>
    m.socket('/', { auth: (signed[i] as (typeof signed)[number]).auth })
  )
  burstSockets.push(...sockets)
  const outcomes = sockets.map(
    (socket) =>
      new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('ok'))
        socket.once('connect_error', (e: Error & { data?: { code?: string } }) =>
          resolve(e.data?.code ?? e.message)
        )
      })
  )
  for (const socket of sockets) socket.connect()
  return Promise.all(outcomes)
}

const isClient = (c: WireClient | ConnectFailure): c is WireClient => !('code' in c)

describe('handshakes in batches', () => {
  it('writes a burst of newcomers in fewer commits than newcomers, every one told once', async () => {
    const h = await host({ rosterBatchMs: 50 })
    const people = 40
    const before = walCommits(h.dataDir)
    const arrivals = await burst(
      h.port,
      Array.from({ length: people }, (_, i) => `Pessoa ${i}`)
    )
    expect(arrivals).toEqual(Array.from({ length: people }, () => 'ok'))
    const watcher = await tryConnect(h.port, 'Vigia')
    const clients = [watcher].filter(isClient)
    try {
      expect(clients).toHaveLength(1)
      const last = clients.at(-1) as WireClient
      // Every "joined" is written by the group commit of its turn: soon, not at once.
      const lobby = async () =>
        expectOk(
          await last.request('room:history', { roomId: LOBBY_ROOM_ID, afterSeq: 0, limit: 200 })
        ).messages
      for (let i = 0; i < 100 && (await lobby()).length < people + 1; i++) await sleep(20)
      const history = await lobby()
      expect(history.map((m) => m.seq)).toEqual(Array.from({ length: people + 1 }, (_, i) => i + 1))
      expect(history.every((m) => m.kind === 'notice' && m.notice === 'joined')).toBe(true)
      // One commit per newcomer each for user, lobby and notice was 3 × people (and a watcher's
      // 3 more): the burst's handshakes share one, its notices the next.
      const commits = walCommits(h.dataDir) - before
      expect(commits).toBeGreaterThan(0)
      expect(commits).toBeLessThan(people / 4)
      const start = expectOk(await last.request('session:start', {}))
      expect(start.rooms[0]).toMatchObject({ id: LOBBY_ROOM_ID, memberCount: people + 1 })
    } finally {
      for (const c of clients) c.close()
    }
  })

  it('lets only the first of newcomers asking for one nickname in one burst have it', async () => {
    const h = await host()
    const before = walCommits(h.dataDir)
    expect(await burst(h.port, ['Ana', 'ana', 'Bia', ' ANA '])).toEqual([
      'ok',
      'NICKNAME_TAKEN',
      'ok',
      'NICKNAME_TAKEN'
    ])
    // One turn's commit: the refusals wrote nothing, and the two made it together.
    expect(walCommits(h.dataDir) - before).toBeLessThanOrEqual(2)
    const watcher = await tryConnect(h.port, 'Caio')
    if (!isClient(watcher)) throw new Error(`refused: ${watcher.code}`)
    try {
      const members = expectOk(
        await watcher.request('room:members', { roomId: LOBBY_ROOM_ID })
      ).members
      expect(members.map((m) => m.nickname)).toEqual(['Ana', 'Bia', 'Caio'])
    } finally {
      watcher.close()
    }
  })
})
