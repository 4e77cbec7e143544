import { describe, expect, it } from 'vitest'
import type { PresenceStatus } from '../../src/shared/models'
import { err, ok, type Result } from '../../src/shared/result'
import { createOwnStatus, type SendStatus } from '../../src/main/session/own-status'
import { createFakeClock } from '../helpers/session-harness'

// One's own status in the session: picked for the run of the app, away by itself after a while
// idle (never over a status the person picked), told to the host on every line that needs it.

const AUTO = { afterMs: 10 * 60_000, checkEveryMs: 15_000 }

function setup() {
  const clock = createFakeClock(1_000)
  let idle = 0
  const tracker = createOwnStatus({ clock, idleSeconds: () => idle, autoAway: AUTO, log: () => {} })
  /** A line: what it was asked to send, and how it answers. */
  const line = (answer: (status: PresenceStatus) => Result<unknown> = () => ok({})) => {
    const sent: PresenceStatus[] = []
    const send: SendStatus = async (status) => {
      sent.push(status)
      return answer(status)
    }
    return { sent, send }
  }
  return {
    clock,
    tracker,
    line,
    idleFor(seconds: number) {
      idle = seconds
    }
  }
}

describe('own status', () => {
  it('is available at first, and tells a fresh line nothing (the host starts there)', async () => {
    const { tracker, line, clock } = setup()
    expect(tracker.get()).toEqual({ chosen: 'available', shown: 'available' })
    const first = line()
    tracker.attach(first.send, true)
    await clock.advance(AUTO.checkEveryMs * 3)
    expect(first.sent).toEqual([])
  })

  it('tells the host what the person picks, once, and keeps it', async () => {
    const { tracker, line, clock } = setup()
    const first = line()
    tracker.attach(first.send, true)
    expect(tracker.choose('dnd')).toEqual({ chosen: 'dnd', shown: 'dnd' })
    await clock.advance(AUTO.checkEveryMs * 2)
    expect(first.sent).toEqual(['dnd'])
    tracker.choose('dnd')
    await clock.advance(AUTO.checkEveryMs)
    expect(first.sent).toEqual(['dnd'])
    tracker.choose('available')
    await clock.advance(0)
    expect(first.sent).toEqual(['dnd', 'available'])
  })

  it('goes away after ten minutes idle while available, and comes back with the person', async () => {
    const { tracker, line, clock, idleFor } = setup()
    const first = line()
    tracker.attach(first.send, true)
    idleFor(9 * 60)
    await clock.advance(AUTO.checkEveryMs)
    expect(first.sent).toEqual([])
    idleFor(10 * 60)
    await clock.advance(AUTO.checkEveryMs)
    expect(tracker.get()).toEqual({ chosen: 'available', shown: 'away' })
    expect(first.sent).toEqual(['away'])
    idleFor(2)
    await clock.advance(AUTO.checkEveryMs)
    expect(tracker.get()).toEqual({ chosen: 'available', shown: 'available' })
    expect(first.sent).toEqual(['away', 'available'])
  })

  it('never changes a status the person picked, however long they are idle', async () => {
    const { tracker, line, clock, idleFor } = setup()
    const first = line()
    tracker.attach(first.send, true)
    for (const picked of ['dnd', 'away'] as const) {
      tracker.choose(picked)
      idleFor(3_600)
      await clock.advance(AUTO.checkEveryMs * 2)
      expect(tracker.get()).toEqual({ chosen: picked, shown: picked })
      idleFor(0)
      await clock.advance(AUTO.checkEveryMs * 2)
      expect(tracker.get()).toEqual({ chosen: picked, shown: picked })
    }
    expect(first.sent).toEqual(['dnd', 'away'])
  })

  it('says it again on the line after a reconnect, unless "available" is known to hold', async () => {
    const { tracker, line, clock } = setup()
    const first = line()
    tracker.attach(first.send, true)
    await clock.advance(0)
    tracker.detach()
    // Available when the line dropped: the host holds "available" whether or not it forgot.
    const second = line()
    tracker.attach(second.send, false)
    await clock.advance(AUTO.checkEveryMs)
    expect(second.sent).toEqual([])
    tracker.choose('dnd')
    await clock.advance(0)
    expect(second.sent).toEqual(['dnd'])
    tracker.detach()
    // Picked while the line was down: told on the next one, not on none.
    tracker.choose('away')
    const third = line()
    tracker.attach(third.send, false)
    await clock.advance(0)
    expect(third.sent).toEqual(['away'])
    tracker.detach()
    // Back to available while away from a host that may have kept "away" (a blip): said too.
    tracker.choose('available')
    const fourth = line()
    tracker.attach(fourth.send, false)
    await clock.advance(0)
    expect(fourth.sent).toEqual(['available'])
    // A new chat (another host) hears a status picked before.
    tracker.choose('dnd')
    tracker.detach()
    const fresh = line()
    tracker.attach(fresh.send, true)
    await clock.advance(0)
    expect(fresh.sent).toEqual(['dnd'])
  })

  it('waits out RATE_LIMITED and then sends the status as it is by then', async () => {
    const { tracker, line, clock } = setup()
    let refuse = true
    const first = line(() => (refuse ? err('RATE_LIMITED', 'Too often.', 5_000) : ok({})))
    tracker.attach(first.send, true)
    tracker.choose('dnd')
    await clock.advance(0)
    expect(first.sent).toEqual(['dnd'])
    refuse = false
    tracker.choose('away')
    await clock.advance(4_000)
    expect(first.sent).toEqual(['dnd'])
    await clock.advance(1_000)
    expect(first.sent).toEqual(['dnd', 'away'])
  })

  it('tries again at the next check after a timeout', async () => {
    const { tracker, line, clock } = setup()
    let answer: Result<unknown> = err('TIMEOUT', 'No answer.')
    const first = line(() => answer)
    tracker.attach(first.send, true)
    tracker.choose('dnd')
    await clock.advance(0)
    answer = ok({})
    await clock.advance(AUTO.checkEveryMs)
    expect(first.sent).toEqual(['dnd', 'dnd'])
    await clock.advance(AUTO.checkEveryMs)
    expect(first.sent).toEqual(['dnd', 'dnd'])
  })

  it('watches idleness only while a line is up, and sends nothing without one', async () => {
    const { tracker, line, clock, idleFor } = setup()
    const first = line()
    tracker.attach(first.send, true)
    tracker.detach()
    expect(clock.pending).toBe(0)
    idleFor(3_600)
    expect(tracker.choose('dnd')).toEqual({ chosen: 'dnd', shown: 'dnd' })
    await clock.advance(AUTO.checkEveryMs * 4)
    expect(first.sent).toEqual([])
  })

  it('sends on the new line what an answer on the old one did not settle', async () => {
    const { tracker, line, clock } = setup()
    let release = (): void => {}
    const slow: SendStatus = (status) => {
      slowSent.push(status)
      return new Promise((resolve) => (release = () => resolve(ok({}))))
    }
    const slowSent: PresenceStatus[] = []
    tracker.attach(slow, true)
    tracker.choose('dnd')
    await clock.advance(0)
    tracker.detach()
    const second = line()
    tracker.attach(second.send, false)
    await clock.advance(0)
    expect(second.sent).toEqual([])
    release()
    await clock.advance(0)
    expect(slowSent).toEqual(['dnd'])
    expect(second.sent).toEqual(['dnd'])
  })
})
