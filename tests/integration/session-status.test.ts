import { describe, expect, it } from 'vitest'
import type { OwnStatus } from '../../src/shared/bridge'
import type { PresenceStatus } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { inProcessHost } from '../helpers/restartable-host'
import {
  expectOk,
  joinAs,
  sleep,
  type TestSession,
  useSessionFixtures
} from '../helpers/session-harness'
import { cutLine } from '../helpers/session-line'
import { startRelay } from '../helpers/tcp-tools'

// Issue 14, Status, through the bridge as the renderer reaches it, on a real host: one's own
// status reaches the others, comes back after a reconnect, turns away by itself when the person
// is idle (never over one they picked), and "do not disturb" silences notifications.

// Idleness is looked at every 50 ms here instead of every 15 s; the threshold stays 10 minutes.
const fx = useSessionFixtures({
  session: {
    rejoinDelays: { firstMs: 100, maxMs: 400 },
    autoAway: { afterMs: 10 * 60_000, checkEveryMs: 50 }
  }
})

async function setStatus(s: TestSession, status: PresenceStatus): Promise<OwnStatus> {
  return expectOk((await s.dispatch('session:set-status', { status })) as Result<OwnStatus>)
}

/** Waits until `watcher` has been told that `userId` is now `status`. */
function seesStatus(
  watcher: TestSession,
  userId: string,
  status: PresenceStatus,
  since = 0
): Promise<unknown> {
  return watcher.waitForPresence((c) => c.user.id === userId && c.status === status, 5_000, since)
}

async function twoApps() {
  const host = await inProcessHost({ presenceGraceMs: 0, rosterBatchMs: 20 })
  fx.later(() => host.close())
  const relay = await startRelay(host.port)
  fx.later(() => relay.close())
  const ana = fx.session()
  const bia = fx.session()
  const anaInfo = await joinAs(ana, 'Ana', relay.port)
  await joinAs(bia, 'Bia', host.port)
  return { host, relay, ana, bia, anaId: anaInfo.self.id }
}

describe('one’s own status through the session', () => {
  it('is picked through the bridge, shown in session info and seen by another app', async () => {
    const { ana, bia, anaId } = await twoApps()
    expect(expectOk(await ana.dispatch('session:get', {}))).toMatchObject({
      status: { chosen: 'available', shown: 'available' }
    })
    expect(await setStatus(ana, 'dnd')).toEqual({ chosen: 'dnd', shown: 'dnd' })
    await seesStatus(bia, anaId, 'dnd')
    expect(expectOk(await ana.dispatch('session:get', {}))).toMatchObject({
      status: { chosen: 'dnd', shown: 'dnd' }
    })
    const members = expectOk(
      (await bia.dispatch('room:members', { roomId: 'lobby' })) as Result<{
        members: { id: string; status: string }[]
      }>
    ).members
    expect(members.find((m) => m.id === anaId)?.status).toBe('dnd')
    expect((await ana.dispatch('session:set-status', { status: 'busy' } as never)).ok).toBe(false)
  })

  it('is said again after a reconnect, when the host has forgotten it', async () => {
    const { ana, bia, relay, anaId } = await twoApps()
    await setStatus(ana, 'away')
    await seesStatus(bia, anaId, 'away')
    const mark = bia.mark()
    await cutLine(ana, relay)
    // Gone for longer than the grace period (0 here): the host forgets the status.
    await bia.waitForPresence((c) => c.user.id === anaId && !c.online, 5_000, mark)
    relay.restore()
    await ana.waitForEvent('session:synced', () => true, 10_000)
    await seesStatus(bia, anaId, 'away', mark)
    expect(ana.session.status()).toEqual({ chosen: 'away', shown: 'away' })
  })

  it('turns away when the person is idle and back when they return, never over a pick', async () => {
    const { ana, bia, anaId } = await twoApps()
    const mark = bia.mark()
    ana.desktop.idleSeconds = 10 * 60
    await seesStatus(bia, anaId, 'away', mark)
    expect(ana.session.status()).toEqual({ chosen: 'available', shown: 'away' })
    // From here on: an "available" before the away (Ana's own arrival) must not count.
    const away = bia.mark()
    ana.desktop.idleSeconds = 1
    await seesStatus(bia, anaId, 'available', away)
    expect(ana.session.status()).toEqual({ chosen: 'available', shown: 'available' })

    await setStatus(ana, 'dnd')
    await seesStatus(bia, anaId, 'dnd', away)
    const afterPick = bia.mark()
    ana.desktop.idleSeconds = 3_600
    await sleep(300)
    ana.desktop.idleSeconds = 0
    await sleep(300)
    expect(ana.session.status()).toEqual({ chosen: 'dnd', shown: 'dnd' })
    expect(bia.presence(afterPick).filter((c) => c.user.id === anaId)).toEqual([])
  })

  it('silences desktop notifications while "do not disturb", and only then', async () => {
    const { ana } = await twoApps()
    const notify = { title: 'Bia', body: 'oi', roomId: 'lobby' }
    expectOk(await ana.dispatch('notify:show', notify))
    expect(ana.desktop.notifications).toHaveLength(1)
    await setStatus(ana, 'dnd')
    expectOk(await ana.dispatch('notify:show', notify))
    expectOk(await ana.dispatch('notify:show', { ...notify, kind: 'knock' }))
    expect(ana.desktop.notifications).toHaveLength(1)
    await setStatus(ana, 'away')
    expectOk(await ana.dispatch('notify:show', notify))
    expect(ana.desktop.notifications).toHaveLength(2)
  })
})
