import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Member } from '../../src/shared/models'
import { ok } from '../../src/shared/result'
import { ana, bia, caio, dm, room, session, setUpConversations } from './conversation-fixtures'

// Issue 14, Status: each person's status as a mark on their avatar (shape, not only colour) and
// in words, in the members pane and the direct messages; one's own picked at the foot of the
// sidebar, where "Away (idle)" says it was not picked.
const { fake, show } = await setUpConversations(() => ok({ messages: [], hasMore: false }))

const dani = { id: 'u-dani', nickname: 'Dani' }
const people: Member[] = [
  { ...ana, online: true, status: 'available' },
  { ...bia, online: true, status: 'dnd' },
  { ...caio, online: true, status: 'away' },
  // Offline: whatever the host says of the status, the list says offline.
  { ...dani, online: false, status: 'available' }
]

const member = (nickname: string): HTMLElement =>
  document.querySelector(`[data-testid=member][data-nickname="${nickname}"]`) as HTMLElement

/** What a member's line says: its mark's status and title, and the words a screen reader hears. */
const shown = (nickname: string) => {
  const line = member(nickname)
  const dot = within(line).getByTestId('status-dot')
  return {
    status: line.getAttribute('data-status'),
    mark: dot.getAttribute('data-status'),
    title: dot.getAttribute('title'),
    words: within(line).getByTestId('member-presence').textContent
  }
}

const lobbyOnly = session({ rooms: [room('lobby', 'Lobby', null), dm('d1', bia)] })

describe('status marks', () => {
  it('show each person’s status in the members pane, as a mark and in words', async () => {
    fake.on('room:members', () => ok({ members: people }))
    show(lobbyOnly)
    await waitFor(() => expect(member('Bia')).toBeTruthy())
    expect(shown('Ana')).toEqual({
      status: 'available',
      mark: 'available',
      title: 'Available',
      words: 'Available'
    })
    expect(shown('Bia')).toEqual({
      status: 'dnd',
      mark: 'dnd',
      title: 'Do not disturb',
      words: 'Do not disturb'
    })
    expect(shown('Caio')).toEqual({ status: 'away', mark: 'away', title: 'Away', words: 'Away' })
    expect(shown('Dani')).toEqual({
      status: 'offline',
      mark: 'offline',
      title: 'Offline',
      words: 'Offline'
    })
    // Each state its own shape class, so colour is never the only difference.
    expect(
      ['Ana', 'Bia', 'Caio', 'Dani'].map(
        (n) => within(member(n)).getByTestId('status-dot').className
      )
    ).toEqual([
      'status-dot status-available',
      'status-dot status-dnd',
      'status-dot status-away',
      'status-dot status-offline'
    ])
  })

  it('follow presence live: a status change, and going offline', async () => {
    fake.on('room:members', () => ok({ members: people }))
    show(lobbyOnly)
    await waitFor(() => expect(member('Bia')).toBeTruthy())
    act(() =>
      fake.emit({
        type: 'presence:update',
        payload: { changes: [{ user: bia, online: true, status: 'away' }] }
      })
    )
    expect(shown('Bia').status).toBe('away')
    act(() =>
      fake.emit({
        type: 'presence:update',
        payload: { changes: [{ user: bia, online: false, status: 'available' }] }
      })
    )
    expect(shown('Bia')).toMatchObject({ status: 'offline', words: 'Offline' })
  })

  it('show the other person’s status in a direct message, to the eye and to screen readers', async () => {
    fake.on('room:members', () => ok({ members: people }))
    show(lobbyOnly)
    const item = () =>
      document.querySelector('[data-testid=dm-item][data-room-id="d1"]') as HTMLElement
    await waitFor(() =>
      expect(within(item()).getByTestId('status-dot').getAttribute('data-status')).toBe('dnd')
    )
    expect(item().getAttribute('aria-label')).toBe('Bia (Do not disturb)')
    act(() =>
      fake.emit({
        type: 'presence:update',
        payload: { changes: [{ user: bia, online: true, status: 'available' }] }
      })
    )
    expect(item().getAttribute('aria-label')).toBe('Bia (Available)')
  })
})

describe('the status picker', () => {
  const button = () => screen.getByTestId('status-button')
  const options = () => screen.getAllByTestId('status-option')

  it('shows one’s name and status, and picks another from a menu of three', async () => {
    fake.on('session:set-status', ({ status }) => ok({ chosen: status, shown: status }))
    show(lobbyOnly)
    expect(button().textContent).toContain('Ana')
    expect(screen.getByTestId('status-label').textContent).toBe('Available')
    expect(button().getAttribute('aria-label')).toBe('Your status: Available. Change it')
    expect(button().getAttribute('aria-expanded')).toBe('false')

    fireEvent.click(button())
    const menu = screen.getByRole('menu', { name: 'Your status' })
    expect(button().getAttribute('aria-expanded')).toBe('true')
    expect(
      within(menu)
        .getAllByRole('menuitemradio')
        .map((o) => [o.getAttribute('data-status'), o.getAttribute('aria-checked')])
    ).toEqual([
      ['available', 'true'],
      ['away', 'false'],
      ['dnd', 'false']
    ])
    expect(menu.textContent).toContain('Notifications are silenced')
    expect(menu.textContent).toContain('After 10 minutes without using the computer')
    // The checked one has the focus; the arrows move it, round the ends.
    expect(document.activeElement).toBe(options()[0])
    fireEvent.keyDown(options()[0] as HTMLElement, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(options()[1])
    fireEvent.keyDown(options()[1] as HTMLElement, { key: 'End' })
    expect(document.activeElement).toBe(options()[2])
    fireEvent.keyDown(options()[2] as HTMLElement, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(options()[0])

    fireEvent.click(options()[2] as HTMLElement)
    await waitFor(() =>
      expect(screen.getByTestId('status-label').textContent).toBe('Do not disturb')
    )
    expect(fake.calls('session:set-status')).toEqual([{ status: 'dnd' }])
    expect(screen.queryByTestId('status-menu')).toBeNull()
    expect(document.activeElement).toBe(button())
    expect(button().getAttribute('data-status')).toBe('dnd')

    fireEvent.click(button())
    expect(options().map((o) => o.getAttribute('aria-checked'))).toEqual(['false', 'false', 'true'])
    fireEvent.keyDown(options()[2] as HTMLElement, { key: 'Escape' })
    expect(screen.queryByTestId('status-menu')).toBeNull()
    expect(document.activeElement).toBe(button())
  })

  it('starts from the status the session holds (a window that reloads)', () => {
    show({ ...lobbyOnly, status: { chosen: 'away', shown: 'away' } })
    expect(screen.getByTestId('status-label').textContent).toBe('Away')
    fireEvent.click(button())
    expect(options().map((o) => o.getAttribute('aria-checked'))).toEqual(['false', 'true', 'false'])
  })

  it('says "Away (idle)" when away came by itself, and follows it back', () => {
    show(lobbyOnly)
    act(() =>
      fake.emit({
        type: 'presence:update',
        payload: { changes: [{ user: ana, online: true, status: 'away' }] }
      })
    )
    expect(screen.getByTestId('status-label').textContent).toBe('Away (idle)')
    expect(button().getAttribute('aria-label')).toBe('Your status: Away (idle). Change it')
    fireEvent.click(button())
    // What was picked stays checked: idleness is not a choice.
    expect(options()[0]?.getAttribute('aria-checked')).toBe('true')
    act(() =>
      fake.emit({
        type: 'presence:update',
        payload: { changes: [{ user: ana, online: true, status: 'available' }] }
      })
    )
    expect(screen.getByTestId('status-label').textContent).toBe('Available')
  })

  it('speaks Portuguese', () => {
    fake.on('session:set-status', ({ status }) => ok({ chosen: status, shown: status }))
    show({ ...lobbyOnly, status: { chosen: 'dnd', shown: 'dnd' } }, 'pt-BR')
    expect(screen.getByTestId('status-label').textContent).toBe('Não perturbe')
    expect(button().getAttribute('aria-label')).toBe('Seu status: Não perturbe. Mudar')
    fireEvent.click(button())
    expect(options().map((o) => o.textContent)).toEqual([
      'Disponível',
      'Ausente',
      'Não perturbeNotificações silenciadas'
    ])
  })
})
