import { describe, expect, it } from 'vitest'
import { probeHost } from '../../src/main/client/probe'
import type { ConnectionState } from '../../src/shared/bridge'
import type { Message } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import type { RoomJoined } from '../../src/shared/wire/protocol'
import { inProcessHost } from '../helpers/restartable-host'
import {
  expectOk,
  joinAs,
  say,
  sleep,
  statuses,
  useSessionFixtures
} from '../helpers/session-harness'
import { connectClient } from '../helpers/wire-client'

// A host that stops cleanly strands nobody: joined apps keep their chat, wait for the same host
// to answer again at the same address and rejoin it by themselves; a different host there is
// not joined; leaving while waiting ends cleanly.

const fx = useSessionFixtures({ session: { rejoinDelays: { firstMs: 200, maxMs: 1_000 } } })

describe('the host stops and starts again', () => {
  it('two joined apps go to host-stopped and come back to the same rooms by themselves', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const ana = fx.session()
    const bia = fx.session()
    await joinAs(ana, 'Ana', host.port)
    await joinAs(bia, 'Bia', host.port)
    const room = expectOk(
      (await ana.dispatch('room:create', { name: 'Projeto' })) as Result<RoomJoined>
    ).room
    expectOk(await bia.dispatch('room:join', { code: room.code as string }))
    const before = await say(bia, room.id, 'before the restart')
    await ana.waitForEvent('message:new', (e) => e.payload.id === before.id)

    const marks = [ana.mark(), bia.mark()] as const
    await host.stop()
    for (const [i, s] of [ana, bia].entries()) {
      await s.waitForEvent(
        'connection:state',
        (e) => e.payload.status === 'host-stopped',
        5_000,
        marks[i]
      )
    }
    await host.start()
    for (const [i, s] of [ana, bia].entries()) {
      const back = await s.waitForEvent('session:synced', undefined, 15_000, marks[i])
      expect(back.payload.rooms.map((r) => r.id).sort()).toEqual(['lobby', room.id].sort())
      expect(statuses(s, marks[i])[0]).toBe('host-stopped')
      expect(statuses(s, marks[i]).at(-1)).toBe('connected')
      expect(s.events.some((e) => e.type === 'session:closed')).toBe(false)
    }
    // Carrying on where they were.
    const after = await say(bia, room.id, 'after the restart')
    await ana.waitForEvent('message:new', (e) => e.payload.id === after.id)
    const info = expectOk(await ana.dispatch('session:get', {})) as { connection: ConnectionState }
    expect(info.connection.status).toBe('connected')
  })

  it('a different host on that port is not joined; the same one, back later, is', async () => {
    const first = await inProcessHost()
    fx.later(() => first.close())
    const bia = fx.session()
    const joined = await joinAs(bia, 'Bia', first.port)
    const mark = bia.mark()
    await first.stop()
    await bia.waitForEvent(
      'connection:state',
      (e) => e.payload.status === 'host-stopped',
      5_000,
      mark
    )

    const other = await inProcessHost({ port: first.port })
    fx.later(() => other.close())
    const otherInfo = expectOk(await probeHost({ host: '127.0.0.1', port: other.port }, 2_000)).info
    expect(otherInfo.hostId).not.toBe(joined.host.hostId)
    await bia.waitForEvent(
      'connection:state',
      (e) => e.payload.status === 'host-changed',
      10_000,
      mark
    )
    // It never even heard from Bia: her handshake (and secret) went nowhere.
    const cai = await connectClient(other.port, 'Cai')
    const members = expectOk(await cai.request('room:members', { roomId: 'lobby' }))
    expect(members.members.map((m) => m.nickname)).toEqual(['Cai'])
    cai.close()
    expect(bia.events.slice(mark).some((e) => e.type === 'session:synced')).toBe(false)

    await other.stop()
    await first.start()
    const back = await bia.waitForEvent('session:synced', undefined, 15_000, mark)
    expect(back.payload.rooms.map((r) => r.id)).toEqual(['lobby'])
    expect(bia.events.some((e) => e.type === 'session:closed')).toBe(false)
  })

  it('leaving while the host is stopped ends cleanly, fails what was queued, and stops trying', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const bia = fx.session({ session: { rejoinDelays: { firstMs: 50, maxMs: 100 } } })
    await joinAs(bia, 'Bia', host.port)
    const mark = bia.mark()
    await host.stop()
    await bia.waitForEvent(
      'connection:state',
      (e) => e.payload.status === 'host-stopped',
      5_000,
      mark
    )
    const queued = bia.dispatch('message:send', {
      roomId: 'lobby',
      text: 'never sent',
      clientId: 'q-1'
    }) as Promise<Result<{ message: Message }>>

    expectOk(await bia.dispatch('session:leave', {}))
    const ended = await bia.waitForEvent('session:closed', undefined, 2_000, mark)
    expect(ended.payload.reason).toBe('logout')
    const result = await queued
    expect(result.ok ? 'ok' : result.error.code).toBe('NOT_CONNECTED')
    expect(await bia.dispatch('session:get', {})).toEqual({ ok: true, data: null })

    // The host comes back; the app that left does not.
    const afterLeave = bia.mark()
    await host.start()
    await sleep(600)
    expect(bia.events.slice(afterLeave)).toEqual([])
    const cai = await connectClient(host.port, 'Cai')
    const members = expectOk(await cai.request('room:members', { roomId: 'lobby' }))
    expect(members.members.find((m) => m.nickname === 'Bia')?.online).toBe(false)
    cai.close()
  })
})
