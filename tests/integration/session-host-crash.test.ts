import { createServer, type Server } from 'node:net'
import { describe, expect, it } from 'vitest'
import type { BridgeEvent, SessionInfo } from '../../src/shared/bridge'
import type { Message } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import {
  expectOk,
  joinAs,
  say,
  statuses,
  type TestSession,
  useSessionFixtures
} from '../helpers/session-harness'
import { freePort } from '../helpers/tcp-tools'

// The host runs in a process of its own (issue 9, item 3). When that process dies, the window
// of the person hosting stays: the chat screen stays, their own line drops like a guest's and
// waits for the same host, the renderer hears `host:crashed`, and `session:restart-host` starts
// it again on the same port and data folder, where everyone rejoins by themselves.

const fx = useSessionFixtures({ session: { rejoinDelays: { firstMs: 100, maxMs: 400 } } })

const closed = (s: TestSession): BridgeEvent[] =>
  s.events.filter((e) => e.type === 'session:closed')

async function hostAs(s: TestSession, nickname: string, port: number): Promise<SessionInfo> {
  return expectOk((await s.dispatch('session:host', { nickname, port })) as Result<SessionInfo>)
}

function killHost(s: TestSession): number {
  const pid = s.hostProcess()?.pid
  if (!pid) throw new Error('not hosting')
  process.kill(pid, 'SIGKILL')
  return pid
}

describe('the host process crashes', () => {
  it('the hosting window survives it, hears host:crashed, and a restart brings everyone back', async () => {
    const ana = fx.session()
    const bia = fx.session()
    const port = await freePort()
    const hosted = await hostAs(ana, 'Ana', port)
    expect(hosted.hostCrash).toBeUndefined()
    await joinAs(bia, 'Bia', port)
    const before = await say(bia, 'lobby', 'before the crash')
    await ana.waitForEvent('message:new', (e) => e.payload.id === before.id)

    const marks = [ana.mark(), bia.mark()] as const
    const firstPid = killHost(ana)
    const crashed = await ana.waitForEvent('host:crashed', undefined, 5_000, marks[0])
    expect(crashed.payload.reason).toBe('killed by SIGKILL')
    // Both lines drop as any line does: nobody said host-stopping, so it is not a clean stop.
    for (const [i, s] of [ana, bia].entries()) {
      await s.waitForEvent(
        'connection:state',
        (e) => e.payload.status === 'reconnecting',
        5_000,
        marks[i]
      )
      expect(statuses(s, marks[i])).not.toContain('host-stopped')
      expect(closed(s)).toEqual([])
    }
    expect(bia.events.some((e) => e.type === 'host:crashed')).toBe(false)
    // A renderer that reloads now still learns it.
    const during = expectOk(await ana.dispatch('session:get', {})) as SessionInfo
    expect(during.mode).toBe('host')
    expect(during.hostCrash).toEqual({ reason: 'killed by SIGKILL' })
    expect(during.connection.status).not.toBe('connected')

    // Written while the host is down: it waits in the outbox.
    const queued = ana.dispatch('message:send', {
      roomId: 'lobby',
      text: 'while the host was down',
      clientId: 'down-1'
    }) as Promise<Result<{ message: Message }>>

    expectOk(await ana.dispatch('session:restart-host', {}))
    const again = ana.hostProcess()
    expect(again?.pid).not.toBe(firstPid)
    expect(again?.port).toBe(port)
    expect(again?.info.hostId).toBe(hosted.host.hostId)
    // Restarting what runs changes nothing.
    expectOk(await ana.dispatch('session:restart-host', {}))
    expect(ana.hostProcesses).toHaveLength(2)

    for (const [i, s] of [ana, bia].entries()) {
      const back = await s.waitForEvent('session:synced', undefined, 15_000, marks[i])
      expect(back.payload.rooms.map((r) => r.id)).toEqual(['lobby'])
      expect(statuses(s, marks[i]).at(-1)).toBe('connected')
    }
    const delivered = expectOk(await queued).message
    await bia.waitForEvent('message:new', (e) => e.payload.id === delivered.id, 10_000)
    const after = await say(bia, 'lobby', 'after the restart')
    await ana.waitForEvent('message:new', (e) => e.payload.id === after.id)
    const now = expectOk(await ana.dispatch('session:get', {})) as SessionInfo
    expect(now.hostCrash).toBeUndefined()
    expect(now.connection.status).toBe('connected')
  })

  it('a restart onto a port something else took meanwhile says PORT_IN_USE, and works once it is free', async () => {
    const ana = fx.session()
    const port = await freePort()
    await hostAs(ana, 'Ana', port)
    const mark = ana.mark()
    killHost(ana)
    await ana.waitForEvent('host:crashed', undefined, 5_000, mark)
    const hostProcess = ana.hostProcess()
    while (!hostProcess?.exit) await new Promise((r) => setTimeout(r, 20))

    // Another program on the port (it accepts Ana's probes and never answers them).
    const squatter: Server = createServer((socket) => socket.on('error', () => {}))
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve))
    const refused = await ana.dispatch('session:restart-host', {})
    expect(refused.ok ? 'ok' : refused.error.code).toBe('PORT_IN_USE')
    // Stops listening at once (the probes it holds end by their own timeout).
    squatter.close()

    expectOk(await ana.dispatch('session:restart-host', {}))
    await ana.waitForEvent('session:synced', undefined, 15_000, mark)
  })

  it('leaving after a crash ends cleanly; leaving while hosting stops the host process as asked', async () => {
    const ana = fx.session()
    await hostAs(ana, 'Ana', await freePort())
    const mark = ana.mark()
    killHost(ana)
    await ana.waitForEvent('host:crashed', undefined, 5_000, mark)
    expectOk(await ana.dispatch('session:leave', {}))
    const ended = await ana.waitForEvent('session:closed', undefined, 2_000, mark)
    expect(ended.payload.reason).toBe('logout')
    const notHosting = await ana.dispatch('session:restart-host', {})
    expect(notHosting.ok ? 'ok' : notHosting.error.code).toBe('NOT_CONNECTED')

    // Hosting again, then leaving: a stop, not a crash.
    const again = ana.mark()
    await hostAs(ana, 'Ana', await freePort())
    const hostProcess = ana.hostProcess()
    expectOk(await ana.dispatch('session:leave', {}))
    expect(hostProcess?.exit).toMatchObject({ expected: true, code: 0 })
    expect(ana.events.slice(again).some((e) => e.type === 'host:crashed')).toBe(false)
  })

  it('a joined session has no host to restart', async () => {
    const ana = fx.session()
    const bia = fx.session()
    const port = await freePort()
    await hostAs(ana, 'Ana', port)
    await joinAs(bia, 'Bia', port)
    const answer = await bia.dispatch('session:restart-host', {})
    expect(answer.ok ? 'ok' : answer.error.code).toBe('NOT_CONNECTED')
  })
})
