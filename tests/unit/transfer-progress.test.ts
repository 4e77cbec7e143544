import { describe, expect, it } from 'vitest'
import type { Transfer } from '../../src/shared/files'
import { createProgressThrottle } from '../../src/main/session/files/progress-throttle'
import { createSpeedWindow } from '../../src/main/session/files/speed-window'
import { createTransferTracker } from '../../src/main/session/files/transfer-tracker'
import { createFakeClock } from '../helpers/session-harness'

// What a progress bar shows: the speed over the last few seconds (not the whole transfer's
// average), a time left from it, and at most five reports a second, the last one never lost.

const MB = 1024 * 1024

describe('the speed window', () => {
  it('measures over the last seconds only, so a pause does not linger', () => {
    const speed = createSpeedWindow(3_000)
    for (let t = 0; t <= 10_000; t += 500) speed.record(t, (t / 1_000) * 10 * MB)
    expect(speed.bytesPerSecond(10_000)).toBe(10 * MB)
    // Slower from 10 s on: two seconds later the window is mostly the slow part.
    for (let t = 10_500; t <= 13_000; t += 500)
      speed.record(t, 100 * MB + ((t - 10_000) / 1_000) * MB)
    expect(speed.bytesPerSecond(13_000)).toBe(MB)
  })

  it('says 0 and no time left when nothing moved within the window', () => {
    const speed = createSpeedWindow(3_000)
    speed.record(0, 0)
    speed.record(1_000, 5 * MB)
    expect(speed.bytesPerSecond(1_000)).toBe(5 * MB)
    expect(speed.etaMs(1_000, 10 * MB)).toBe(2_000)
    expect(speed.bytesPerSecond(5_000)).toBe(0)
    expect(speed.etaMs(5_000, 10 * MB)).toBeNull()
  })

  it('waits for a fifth of a second of history before guessing', () => {
    const speed = createSpeedWindow(3_000)
    speed.record(0, 0)
    speed.record(50, 4 * MB)
    expect(speed.bytesPerSecond(50)).toBe(0)
    speed.record(250, 5 * MB)
    expect(speed.bytesPerSecond(250)).toBe(20 * MB)
  })

  it('starts over when the count goes back (a resume from what the host had)', () => {
    const speed = createSpeedWindow(3_000)
    speed.record(0, 0)
    speed.record(1_000, 10 * MB)
    speed.record(1_100, 8 * MB)
    expect(speed.bytesPerSecond(1_100)).toBe(0)
    speed.record(2_100, 12 * MB)
    expect(speed.bytesPerSecond(2_100)).toBe(4 * MB)
  })

  it('says no time is left once nothing is', () => {
    const speed = createSpeedWindow()
    expect(speed.etaMs(0, 0)).toBe(0)
  })
})

describe('the progress throttle', () => {
  it('reports at most once per interval and always the last state', async () => {
    const clock = createFakeClock()
    let reports = 0
    const throttle = createProgressThrottle(clock, () => reports++, 200)
    throttle.progress()
    expect(reports).toBe(1)
    for (let i = 0; i < 50; i++) {
      await clock.advance(10)
      throttle.progress()
    }
    // 500 ms of progress every 10 ms: the first at once, then one per 200 ms.
    expect(reports).toBe(3)
    await clock.advance(200)
    expect(reports).toBe(4)
    await clock.advance(1_000)
    expect(reports).toBe(4)
  })

  it('says a state change at once and drops the report held back', async () => {
    const clock = createFakeClock()
    let reports = 0
    const throttle = createProgressThrottle(clock, () => reports++, 200)
    throttle.progress()
    await clock.advance(50)
    throttle.progress()
    expect(reports).toBe(1)
    throttle.now()
    expect(reports).toBe(2)
    await clock.advance(500)
    expect(reports).toBe(2)
  })

  it('says nothing once stopped', async () => {
    const clock = createFakeClock()
    let reports = 0
    const throttle = createProgressThrottle(clock, () => reports++, 200)
    throttle.progress()
    throttle.progress()
    throttle.stop()
    throttle.now()
    await clock.advance(1_000)
    expect(reports).toBe(1)
  })
})

describe('a transfer tracker', () => {
  const facts = {
    id: 't1',
    direction: 'up' as const,
    roomId: 'lobby',
    messageId: null,
    clientId: 'c1',
    name: 'photo.jpg',
    size: 10 * MB,
    caption: ''
  }

  it('tells each state at once, progress throttled, speed and time left only while active', async () => {
    const clock = createFakeClock()
    const seen: Transfer[] = []
    const t = createTransferTracker(facts, { clock, emit: (x) => seen.push(x) })
    t.set('queued')
    t.set('active')
    for (let i = 1; i <= 10; i++) {
      await clock.advance(100)
      t.progress(i * (MB / 2))
    }
    t.set('waiting')
    expect(seen.map((x) => x.state)).toEqual([
      'queued',
      'active',
      ...seen.slice(2, -1).map(() => 'active'),
      'waiting'
    ])
    const moving = seen.filter((x) => x.state === 'active').at(-1) as Transfer
    expect(moving.bytesPerSecond).toBe(5 * MB)
    expect(moving.etaMs).toBeGreaterThan(0)
    const waiting = seen.at(-1) as Transfer
    expect(waiting).toMatchObject({ bytesPerSecond: 0, etaMs: null, done: 5 * MB })
    // 1 s of progress every 100 ms: five reports at most, not ten.
    expect(seen.filter((x) => x.state === 'active').length).toBeLessThanOrEqual(7)
  })

  it('marks when it ended, with the error it ended with', async () => {
    const clock = createFakeClock(1_000)
    const t = createTransferTracker(facts, { clock, emit: () => {} })
    t.set('active')
    expect(t.endedAt).toBeNull()
    t.set('failed', { code: 'STORAGE_FULL', message: 'full' })
    expect(t.endedAt).toBe(1_000)
    expect(t.view().error).toEqual({ code: 'STORAGE_FULL', message: 'full' })
    t.set('queued')
    expect(t.endedAt).toBeNull()
    expect(t.view().error).toBeNull()
  })
})
