import { readFileSync, statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ActivityEntry } from '../../src/shared/activity'
import { expectOk, useSessionFixtures } from '../helpers/session-harness'

// The Activity panel's Export, past the renderer: the bridge writes the entries it is given as
// CSV (safe from spreadsheet formulas) through the desktop's save dialog, 0600.

const { session } = useSessionFixtures()

describe('activity:export', () => {
  it('saves the given entries as CSV, private, and says where', async () => {
    const s = session()
    const entries: ActivityEntry[] = [
      {
        id: 1,
        at: Date.UTC(2026, 10, 26, 12, 0, 3, 120),
        kind: 'refused',
        userId: null,
        nickname: '=HYPERLINK("http://x")',
        address: '192.168.0.7',
        detail: 'PASSWORD_WRONG: That is not the host’s password.'
      }
    ]
    const { path } = expectOk((await s.dispatch('activity:export', { entries })) as never) as {
      path: string
    }
    expect(s.desktop.saved).toEqual([path])
    expect(path).toMatch(/papo-activity-\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = readFileSync(path, 'utf8')
    expect(csv.split('\r\n')[0]).toBe('id,time,kind,nickname,userId,address,detail')
    expect(csv).toContain(`'=HYPERLINK(""http://x"")`)
    expect(csv).toContain('192.168.0.7')
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('refuses more entries than one export may carry', async () => {
    const s = session()
    const entry: ActivityEntry = {
      id: 1,
      at: 0,
      kind: 'connected',
      userId: 'u1',
      nickname: 'Ana',
      address: '127.0.0.1',
      detail: ''
    }
    const many = Array.from({ length: 5_001 }, (_, i) => ({ ...entry, id: i + 1 }))
    const answer = await s.dispatch('activity:export', { entries: many })
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(s.desktop.saved).toEqual([])
  })
})
