import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ActivityEntry } from '../../src/shared/activity'
import { ok } from '../../src/shared/result'
import { chatScreen, NoResize } from './chat-fixtures'
import { installFakeBridge } from './fake-bridge'
import { ana, bia, entry, hostingSession } from './trust-fixtures'

// The person hosting's Activity panel: the newest page, live entries on top, filters, older
// pages, and an export of exactly what the filters show.
const fake = installFakeBridge()
const { ChatScreen } = await import('../../src/renderer/src/screens/ChatScreen')
const { createI18n } = await import('../../src/renderer/src/i18n')
const { mergeActivity } = await import('../../src/renderer/src/state/chat-state')

Element.prototype.scrollBy ??= () => {}

beforeEach(() => {
  fake.reset()
  vi.stubGlobal('ResizeObserver', NoResize)
  vi.spyOn(document, 'hasFocus').mockImplementation(() => true)
  fake.on('room:history', () => ok({ messages: [], hasMore: false }))
  fake.on('host:knocks', () => ok({ knocks: [] }))
  fake.on('room:members', () =>
    ok({
      members: [
        { ...ana, online: true, status: 'available' },
        { ...bia, online: true, status: 'available' }
      ]
    })
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const page: ActivityEntry[] = [
  entry(1, 'connected'),
  entry(2, 'room-joined', { detail: 'Física' }),
  entry(3, 'refused', {
    userId: null,
    nickname: null,
    address: '10.0.0.9',
    detail: 'wrong password'
  }),
  entry(4, 'refused', { userId: null, nickname: null, address: '10.0.0.7', detail: 'rate' }),
  entry(5, 'disconnected')
]

function openPanel() {
  render(chatScreen(ChatScreen, createI18n, hostingSession()))
  fireEvent.click(screen.getByTestId('activity-button'))
  return screen.getByTestId('activity-dialog')
}

const rowIds = () =>
  screen.getAllByTestId('activity-row').map((r) => Number(r.getAttribute('data-entry-id')))

describe('activity panel', () => {
  it('shows the newest page, newest first, with live entries on top', async () => {
    fake.on('host:activity', () => ok({ entries: page }))
    const dialog = openPanel()
    await waitFor(() => expect(rowIds()).toEqual([5, 4, 3, 2, 1]))
    expect(fake.calls('host:activity')).toEqual([{ limit: 200 }])

    const refused = within(dialog).getAllByTestId('activity-row')[1] as HTMLElement
    const cells = within(refused)
      .getAllByRole('cell')
      .map((c) => c.textContent)
    expect(cells.slice(1)).toEqual(['Refused', '—', '—', '10.0.0.7', 'rate'])
    const joinedRow = within(dialog).getAllByTestId('activity-row')[3] as HTMLElement
    expect(within(joinedRow).getAllByRole('cell')[3]?.textContent).toBe('u-bia-01')

    act(() => fake.emit({ type: 'activity:new', payload: { entries: [entry(6, 'knocked')] } }))
    expect(rowIds()[0]).toBe(6)
    expect(screen.getByTestId('activity-count').textContent).toBe('6 of 6 entries')
  })

  it('filters by kind and text, and exports exactly the entries shown', async () => {
    fake.on('host:activity', () => ok({ entries: page }))
    fake.on('activity:export', () => ok({ path: '/home/ana/papo-activity.csv' }))
    openPanel()
    await waitFor(() => expect(rowIds()).toHaveLength(5))

    fireEvent.change(screen.getByTestId('activity-kind-filter'), { target: { value: 'refused' } })
    expect(rowIds()).toEqual([4, 3])
    fireEvent.change(screen.getByTestId('activity-text-filter'), {
      target: { value: 'PASSWORD' }
    })
    expect(rowIds()).toEqual([3])
    expect(screen.getByTestId('activity-count').textContent).toBe('1 of 5 entries')

    fireEvent.change(screen.getByTestId('activity-text-filter'), { target: { value: '10.0.0' } })
    fireEvent.click(screen.getByTestId('activity-export'))
    await waitFor(() =>
      expect(screen.getByTestId('activity-export-note').textContent).toBe(
        'Saved to /home/ana/papo-activity.csv'
      )
    )
    // Oldest first, as a log file reads.
    expect(fake.calls('activity:export')).toEqual([{ entries: [page[2], page[3]] }])

    fireEvent.change(screen.getByTestId('activity-text-filter'), { target: { value: 'nobody' } })
    expect(screen.getByTestId('activity-no-match')).toBeTruthy()
    expect((screen.getByTestId('activity-export') as HTMLButtonElement).disabled).toBe(true)
  })

  it('says nothing when the save dialog was cancelled', async () => {
    fake.on('host:activity', () => ok({ entries: page }))
    fake.on('activity:export', () => ok({ path: null }))
    openPanel()
    await waitFor(() => expect(rowIds()).toHaveLength(5))
    fireEvent.click(screen.getByTestId('activity-export'))
    await waitFor(() => expect(fake.calls('activity:export')).toHaveLength(1))
    await waitFor(() =>
      expect((screen.getByTestId('activity-export') as HTMLButtonElement).disabled).toBe(false)
    )
    expect(screen.getByTestId('activity-export-note').textContent).toBe('')
  })

  it('loads older pages before the oldest shown, until the host has none', async () => {
    const newest = Array.from({ length: 200 }, (_, i) => entry(301 + i, 'connected'))
    const older = Array.from({ length: 50 }, (_, i) => entry(251 + i, 'disconnected'))
    fake.on('host:activity', ({ beforeId }) => ok({ entries: beforeId ? older : newest }))
    openPanel()
    await waitFor(() => expect(rowIds()).toHaveLength(200))

    fireEvent.click(screen.getByTestId('activity-load-older'))
    await waitFor(() => expect(rowIds()).toHaveLength(250))
    expect(fake.calls('host:activity')).toEqual([{ limit: 200 }, { beforeId: 301, limit: 200 }])
    // A short page: the host keeps nothing older.
    expect(screen.queryByTestId('activity-load-older')).toBeNull()
  })

  it('closes on Escape', async () => {
    fake.on('host:activity', () => ok({ entries: [] }))
    const dialog = openPanel()
    await screen.findByTestId('activity-empty')
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByTestId('activity-dialog')).toBeNull()
  })
})

describe('merging activity', () => {
  const ids = (list: ActivityEntry[]) => list.map((e) => e.id)
  const run = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => entry(from + i, 'connected'))

  it('joins pages and live entries of one run, once each', () => {
    expect(ids(mergeActivity(run(3, 5), run(5, 7)))).toEqual([3, 4, 5, 6, 7])
    expect(ids(mergeActivity(run(3, 5), run(1, 2)))).toEqual([1, 2, 3, 4, 5])
  })

  it('starts over past a hole, or when the host was restarted (ids count again from 1)', () => {
    expect(ids(mergeActivity(run(1, 5), run(9, 10)))).toEqual([9, 10])
    const restarted = [entry(1, 'connected', { at: 5 })]
    expect(mergeActivity(run(1, 5), restarted)).toEqual(restarted)
  })

  it('keeps only the newest 2000', () => {
    const merged = mergeActivity(run(1, 1_990), run(1_991, 2_010))
    expect(merged).toHaveLength(2_000)
    expect(merged[0]?.id).toBe(11)
  })
})
