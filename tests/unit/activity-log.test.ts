import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ACTIVITY_PUSH_MAX,
  createActivityLog,
  type ActivityLog,
  type ActivityLogOptions,
  type NewActivity
} from '../../src/main/host/activity-log'
import { activityEntrySchema, type ActivityEntry } from '../../src/shared/activity'
import { activityToCsv, formatActivityLine } from '../../src/shared/activity-format'
import { makeTempDir } from '../helpers/temp-dir'

// The host's activity log (issue 10): real files in a temp folder, time and timers from a fake
// clock so that batches and repeat windows are crossed without waiting.

const T0 = Date.UTC(2026, 10, 26, 12, 0, 3, 120)

function fakeClock(start = T0) {
  let t = start
  let timers: { at: number; run: () => void }[] = []
  return {
    now: () => t,
    schedule(run: () => void, ms: number): () => void {
      const timer = { at: t + ms, run }
      timers.push(timer)
      return () => {
        timers = timers.filter((other) => other !== timer)
      }
    },
    /** Moves time on by `ms`, running each timer due on the way at its own time. */
    advance(ms: number): void {
      const end = t + ms
      for (;;) {
        const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0]
        if (!due) break
        timers = timers.filter((timer) => timer !== due)
        t = Math.max(t, due.at)
        due.run()
      }
      t = end
    },
    get timers(): number {
      return timers.length
    }
  }
}

const ana: NewActivity = {
  kind: 'connected',
  userId: 'u_1f3a',
  nickname: 'Ana',
  address: '192.168.0.5',
  detail: ''
}
const refusal = (address = '10.0.0.9', detail = 'PASSWORD_WRONG'): NewActivity => ({
  kind: 'refused',
  userId: null,
  nickname: null,
  address,
  detail
})

const isWindows = process.platform === 'win32'

let cleanup: (() => void)[] = []
afterEach(() => {
  for (const run of cleanup.reverse()) run()
  cleanup = []
})

function setup(overrides: Partial<ActivityLogOptions> = {}) {
  const temp = makeTempDir('papo-activity-')
  const clock = fakeClock()
  const printed: string[] = []
  const pushes: ActivityEntry[][] = []
  const dir = overrides.dir ?? join(temp.dir, 'data')
  const log: ActivityLog = createActivityLog({
    now: clock.now,
    schedule: clock.schedule,
    print: (line) => printed.push(line),
    onEntries: (entries) => pushes.push(entries),
    ...overrides,
    dir
  })
  cleanup.push(temp.remove, () => log.close())
  const read = (name = 'activity.log'): string[] => {
    const path = join(dir, name)
    return existsSync(path) ? readFileSync(path, 'utf8').split('\n').slice(0, -1) : []
  }
  return { log, clock, printed, pushes, dir, read, root: temp.dir }
}

describe('activity log file', () => {
  it('writes one line per entry with time, nickname, identity and address, once per batch', () => {
    const { log, clock, printed, read } = setup()
    const first = log.record(ana)
    expect(first).toEqual({ id: 1, at: T0, ...ana })
    clock.advance(100)
    log.record(refusal())
    // Nothing touches the disk before the batch is over.
    expect(read()).toEqual([])
    clock.advance(150)
    expect(read()).toEqual([
      '2026-11-26T12:00:03.120Z connected Ana (u_1f3a) from 192.168.0.5',
      '2026-11-26T12:00:03.220Z refused - from 10.0.0.9: PASSWORD_WRONG'
    ])
    // The headless host prints exactly what the file holds.
    expect(printed).toEqual(read())
    log.record({ ...ana, kind: 'room-joined', nickname: 'Ana Maria', detail: 'Maths' })
    log.close()
    expect(read()[2]).toBe(
      '2026-11-26T12:00:03.370Z room-joined "Ana Maria" (u_1f3a) from 192.168.0.5: Maths'
    )
  })

  it('appends to the file a previous run left', () => {
    const first = setup()
    first.log.record(ana)
    first.log.close()
    const again = createActivityLog({ dir: first.dir, now: first.clock.now })
    again.record({ ...ana, kind: 'disconnected' })
    again.close()
    expect(first.read()).toHaveLength(2)
    expect(first.read()[1]).toContain('disconnected Ana')
  })

  it('rotates before passing maxFileBytes and keeps `files` older files', () => {
    const { log, clock, read, dir } = setup({ maxFileBytes: 300, files: 2 })
    const all: string[] = []
    for (let i = 1; i <= 40; i++) {
      all.push(formatActivityLine(log.record({ ...refusal(`10.0.0.${i}`), detail: `n${i}` })))
      if (i % 3 === 0) clock.advance(250)
    }
    log.flush()
    const current = read()
    const older = [read('activity.2.log'), read('activity.1.log')]
    for (const name of ['activity.log', 'activity.1.log', 'activity.2.log']) {
      expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(300)
    }
    expect(existsSync(join(dir, 'activity.3.log'))).toBe(false)
    // The three files are the newest lines, in order, with nothing lost or repeated between them.
    const kept = [...older.flat(), ...current]
    expect(kept).toEqual(all.slice(all.length - kept.length))
    expect(kept.length).toBeGreaterThan(8)
    expect(current.at(-1)).toContain(': n40')
  })

  it.skipIf(isWindows)('creates the folder 0700 and the files 0600, rotated ones too', () => {
    const temp = makeTempDir('papo-activity-')
    cleanup.push(temp.remove)
    const dir = join(temp.dir, 'data', 'logs')
    const clock = fakeClock()
    const log = createActivityLog({
      dir,
      now: clock.now,
      schedule: clock.schedule,
      maxFileBytes: 100
    })
    for (let i = 0; i < 6; i++) log.record(refusal(`10.0.0.${i}`))
    log.close()
    expect(statSync(join(temp.dir, 'data')).mode & 0o777).toBe(0o700)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    for (const name of ['activity.log', 'activity.1.log']) {
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600)
    }
  })

  it.skipIf(isWindows)('makes a file left world-readable private again', () => {
    const { log, dir } = setup()
    log.record(ana)
    log.flush()
    chmodSync(join(dir, 'activity.log'), 0o644)
    const again = createActivityLog({ dir, now: Date.now })
    again.record(ana)
    again.close()
    expect(statSync(join(dir, 'activity.log')).mode & 0o777).toBe(0o600)
  })

  it('never throws into the host when the file cannot be written, and says so once', () => {
    const temp = makeTempDir('papo-activity-')
    cleanup.push(temp.remove)
    const notADir = join(temp.dir, 'file')
    writeFileSync(notADir, 'x')
    const clock = fakeClock()
    const problems: string[] = []
    const pushes: ActivityEntry[][] = []
    const log = createActivityLog({
      dir: notADir,
      now: clock.now,
      schedule: clock.schedule,
      log: (line) => problems.push(line),
      onEntries: (entries) => pushes.push(entries)
    })
    for (let i = 0; i < 3; i++) {
      expect(() => log.record(refusal(`10.0.0.${i}`))).not.toThrow()
      clock.advance(300)
    }
    log.close()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('activity.log')
    // Memory and the live push go on without the disk.
    expect(log.recent({ limit: 10 }).map((e) => e.id)).toEqual([1, 2, 3])
    expect(pushes.flat().map((e) => e.id)).toEqual([1, 2, 3])
  })

  it('survives a listener that throws', () => {
    const problems: string[] = []
    const { log, clock, read } = setup({
      log: (line) => problems.push(line),
      onEntries: () => {
        throw new Error('renderer gone')
      }
    })
    log.record(ana)
    expect(() => clock.advance(250)).not.toThrow()
    log.record(ana)
    clock.advance(2_000)
    // Two pushes failed (the entry, then its repeat), one report; the file is not affected.
    expect(problems).toEqual([expect.stringContaining('renderer gone')])
    expect(read()[1]).toMatch(/connected Ana \(u_1f3a\) from 192\.168\.0\.5: \(repeated ×1\)$/)
  })
})

describe('activity log in memory', () => {
  it('pages with recent(): newest first by page, oldest first within it, bounded by keep', () => {
    const { log } = setup({ keep: 5 })
    for (let i = 1; i <= 8; i++) log.record(refusal(`10.0.0.${i}`))
    const ids = (entries: ActivityEntry[]) => entries.map((e) => e.id)
    expect(ids(log.recent({ limit: 3 }))).toEqual([6, 7, 8])
    expect(ids(log.recent({ beforeId: 6, limit: 3 }))).toEqual([4, 5])
    expect(ids(log.recent({ beforeId: 4, limit: 3 }))).toEqual([])
    expect(ids(log.recent({ limit: 100 }))).toEqual([4, 5, 6, 7, 8])
    expect(ids(log.recent({ beforeId: 100, limit: 2 }))).toEqual([7, 8])
    expect(log.recent({ limit: 0 })).toEqual([])
    expect(log.recent({ limit: 3 })[0]).toMatchObject({ address: '10.0.0.6', kind: 'refused' })
  })

  it('keeps every entry within what activityEntrySchema allows', () => {
    const { log } = setup()
    const entry = log.record({
      kind: 'room-joined',
      userId: 'u'.repeat(100),
      nickname: 'N'.repeat(255) + '😀',
      address: 'a'.repeat(100),
      detail: 'd'.repeat(2_000)
    })
    expect(activityEntrySchema.safeParse(entry).success).toBe(true)
    expect(entry.nickname).toBe('N'.repeat(255))
    expect(Object.isFrozen(entry)).toBe(true)
  })
})

describe('activity push', () => {
  it('batches onEntries: at most once per batchMs, oldest first, with the entries since', () => {
    const { log, clock, pushes } = setup()
    log.record(ana)
    clock.advance(100)
    log.record({ ...ana, kind: 'room-joined', detail: 'Maths' })
    expect(pushes).toEqual([])
    clock.advance(149)
    expect(pushes).toEqual([])
    clock.advance(1)
    expect(pushes.map((batch) => batch.map((e) => e.id))).toEqual([[1, 2]])
    // Quiet: no timer, no empty pushes.
    clock.advance(5_000)
    expect(clock.timers).toBe(0)
    expect(pushes).toHaveLength(1)
    log.record({ ...ana, kind: 'disconnected' })
    clock.advance(250)
    expect(pushes.map((batch) => batch.map((e) => e.id))).toEqual([[1, 2], [3]])
  })

  it('pushes at most ACTIVITY_PUSH_MAX, the newest, and still writes every line', () => {
    const { log, clock, pushes, read } = setup({ keep: 3_000 })
    const n = ACTIVITY_PUSH_MAX + 500
    for (let i = 0; i < n; i++) log.record(refusal(`10.0.${i >> 8}.${i & 255}`))
    clock.advance(250)
    expect(pushes).toHaveLength(1)
    expect(pushes[0]).toHaveLength(ACTIVITY_PUSH_MAX)
    expect(pushes[0]?.[0]?.id).toBe(501)
    expect(pushes[0]?.at(-1)?.id).toBe(n)
    // The ids say what was skipped; recent() has it.
    expect(log.recent({ beforeId: 501, limit: 500 })).toHaveLength(500)
    expect(read()).toHaveLength(n)
  })
})

describe('activity coalescing', () => {
  const repeats = (line: string): number => Number(/\(repeated ×(\d+)\)$/.exec(line)?.[1] ?? 1)

  it('turns 10,000 refusals a second from one address into two lines, counts intact', () => {
    const { log, clock, pushes, printed, read } = setup()
    const started = performance.now()
    for (let ms = 0; ms < 1_000; ms++) {
      for (let i = 0; i < 10; i++) log.record(refusal())
      clock.advance(1)
    }
    const elapsed = performance.now() - started
    clock.advance(500)
    expect(read()).toEqual([
      '2026-11-26T12:00:03.120Z refused - from 10.0.0.9: PASSWORD_WRONG',
      '2026-11-26T12:00:04.119Z refused - from 10.0.0.9: PASSWORD_WRONG (repeated ×9999)'
    ])
    expect(printed).toHaveLength(2)
    expect(pushes.flat()).toHaveLength(2)
    expect(log.recent({ limit: 100 })).toHaveLength(2)
    expect(elapsed).toBeLessThan(1_000)
  })

  it('a sustained flood costs about two lines a second, others still get through', () => {
    const { log, clock, read } = setup()
    let total = 0
    for (let ms = 0; ms < 3_000; ms++) {
      for (let i = 0; i < 5; i++) log.record(refusal())
      total += 5
      if (ms % 700 === 0) log.record({ ...ana, address: `192.168.0.${ms / 700}` })
      clock.advance(1)
    }
    log.close()
    const lines = read()
    const flood = lines.filter((line) => line.includes('10.0.0.9'))
    expect(flood.length).toBeLessThanOrEqual(7)
    expect(flood.reduce((sum, line) => sum + repeats(line), 0)).toBe(total)
    expect(lines.filter((line) => line.includes('connected Ana'))).toHaveLength(5)
  })

  it('does not fold entries that differ in detail, address or identity', () => {
    const { log } = setup()
    log.record(refusal('10.0.0.9', 'PASSWORD_WRONG'))
    log.record(refusal('10.0.0.9', 'PROTOCOL_MISMATCH'))
    log.record(refusal('10.0.0.8', 'PASSWORD_WRONG'))
    log.record({ ...ana })
    log.record({ ...ana, userId: 'u_2' })
    const again = log.record(refusal('10.0.0.9', 'PASSWORD_WRONG'))
    // A repeat answers the entry it was folded into.
    expect(again.id).toBe(1)
    expect(log.recent({ limit: 10 })).toHaveLength(5)
  })

  it('close() writes what is still being counted', () => {
    const { log, read } = setup()
    for (let i = 0; i < 3; i++) log.record(refusal())
    log.close()
    expect(read().map(repeats)).toEqual([1, 2])
    log.record(ana)
    expect(read()).toHaveLength(2)
  })

  it('can be turned off with repeatMs 0', () => {
    const { log } = setup({ repeatMs: 0 })
    for (let i = 0; i < 3; i++) log.record(refusal())
    expect(log.recent({ limit: 10 })).toHaveLength(3)
  })
})

describe('formatActivityLine', () => {
  const entry = (over: Partial<ActivityEntry>): ActivityEntry => ({
    id: 1,
    at: T0,
    ...ana,
    ...over
  })

  it('keeps a hostile nickname from forging or flipping a line', () => {
    const forged = formatActivityLine(
      entry({ nickname: 'Ana\n2026-11-26T12:00:04.000Z removed Bob (u_2) from 10.0.0.1' })
    )
    expect(forged).not.toContain('\n')
    expect(forged).toContain('"Ana\\u{A}2026-11-26T12:00:04.000Z removed Bob (u_2) from 10.0.0.1"')

    const flipped = formatActivityLine(
      entry({ nickname: '\u202Egnp.exe', detail: 'x\u2066y\u200B' })
    )
    expect(flipped).not.toMatch(/[\u202E\u2066\u200B]/)
    expect(flipped).toBe(
      '2026-11-26T12:00:03.120Z connected "\\u{202E}gnp.exe" (u_1f3a) from 192.168.0.5: x\\u{2066}y\\u{200B}'
    )
  })

  it('quotes a nickname that could pass for other fields, or for none', () => {
    expect(formatActivityLine(entry({ nickname: 'Ana (u_2) from 10.0.0.1' }))).toContain(
      'connected "Ana (u_2) from 10.0.0.1" (u_1f3a) from'
    )
    expect(formatActivityLine(entry({ nickname: '-' }))).toContain('connected "-" (u_1f3a)')
    expect(formatActivityLine(entry({ nickname: 'say "hi"' }))).toContain('"say \\"hi\\""')
    // A typed escape stays distinguishable from a real one.
    expect(formatActivityLine(entry({ nickname: '\\u{202E}' }))).toContain('"\\\\u{202E}"')
    expect(formatActivityLine(entry({ nickname: '\u3164' }))).toContain('"\\u{3164}"')
    expect(formatActivityLine(entry({ nickname: 'José_2.0' }))).toContain('connected José_2.0 (')
    expect(formatActivityLine(entry({ nickname: null, userId: null, address: '' }))).toBe(
      '2026-11-26T12:00:03.120Z connected - from -'
    )
  })
})

describe('activityToCsv', () => {
  it('writes RFC 4180 CSV that a spreadsheet will not run as formulas', () => {
    const csv = activityToCsv([
      { id: 1, at: T0, ...ana, nickname: '=HYPERLINK("http://x","y")', detail: 'a, b' },
      { id: 2, at: T0, ...refusal(), detail: '-2+3' },
      { id: 3, at: T0, ...ana, nickname: '@Ana', detail: 'line\nbreak' },
      { id: 4, at: T0, ...ana, nickname: '+1', detail: '\tx' }
    ])
    expect(csv.split('\r\n')).toEqual([
      'id,time,kind,nickname,userId,address,detail',
      `1,2026-11-26T12:00:03.120Z,connected,"'=HYPERLINK(""http://x"",""y"")",u_1f3a,192.168.0.5,"a, b"`,
      `2,2026-11-26T12:00:03.120Z,refused,,,10.0.0.9,'-2+3`,
      `3,2026-11-26T12:00:03.120Z,connected,'@Ana,u_1f3a,192.168.0.5,"line\nbreak"`,
      `4,2026-11-26T12:00:03.120Z,connected,'+1,u_1f3a,192.168.0.5,'\tx`,
      ''
    ])
    expect(activityToCsv([])).toBe('id,time,kind,nickname,userId,address,detail\r\n')
  })
})
