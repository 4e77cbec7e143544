import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionInfo } from '../../src/shared/bridge'
import { shortCode } from '../../src/shared/fingerprint'
import { err, ok } from '../../src/shared/result'
import { chatScreen, NoResize } from './chat-fixtures'
import { installFakeBridge } from './fake-bridge'
import { ana, bia, FP_NOW, hostingSession, knock, room, session } from './trust-fixtures'

// The person hosting: requests at the door, people removed, a room's new code, and the host's
// code for people joining to compare.
const fake = installFakeBridge()
const { ChatScreen } = await import('../../src/renderer/src/screens/ChatScreen')
const { createI18n } = await import('../../src/renderer/src/i18n')

Element.prototype.scrollBy ??= () => {}

let focused = true
beforeEach(() => {
  fake.reset()
  focused = true
  vi.stubGlobal('ResizeObserver', NoResize)
  vi.spyOn(document, 'hasFocus').mockImplementation(() => focused)
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

function show(info: SessionInfo) {
  return render(chatScreen(ChatScreen, createI18n, info))
}

const requests = () => screen.queryAllByTestId('knock-request')

describe('requests at the door of an "ask me first" host', () => {
  it('shows who was already knocking, and lets them in', async () => {
    fake.on('host:knocks', () => ok({ knocks: [knock('k1', 'Caio')] }))
    fake.on('host:answer-knock', () => ok({}))
    show(hostingSession())

    const tray = await screen.findByTestId('knock-tray')
    expect(tray.getAttribute('aria-label')).toBe('People asking to join')
    const request = within(tray).getByTestId('knock-request')
    expect(request.textContent).toContain('Caio wants to join')
    expect(request.textContent).toContain('Caio-laptop')
    expect(request.textContent).toContain('192.168.0.40')
    expect(request.textContent).toContain('key K7MQ-2XAB')

    const letIn = within(request).getByRole('button', { name: 'Let in' })
    // Several requests: each button says whose it is.
    expect(letIn.getAttribute('aria-describedby')).toBeTruthy()
    fireEvent.click(letIn)
    await waitFor(() => expect(requests()).toHaveLength(0))
    expect(fake.calls('host:answer-knock')).toEqual([{ knockId: 'k1', admit: true }])
  })

  it('follows knocks:changed and turns someone away', async () => {
    fake.on('host:knocks', () => ok({ knocks: [] }))
    fake.on('host:answer-knock', () => ok({}))
    show(hostingSession())
    await waitFor(() => expect(fake.calls('host:knocks')).not.toHaveLength(0))
    expect(screen.queryByTestId('knock-tray')).toBeNull()

    act(() =>
      fake.emit({
        type: 'knocks:changed',
        payload: { knocks: [knock('k1', 'Caio'), knock('k2', 'Duda')] }
      })
    )
    expect(requests().map((r) => r.getAttribute('data-nickname'))).toEqual(['Caio', 'Duda'])
    fireEvent.click(within(requests()[1] as HTMLElement).getByTestId('knock-turn-away'))
    await waitFor(() => expect(requests()).toHaveLength(1))
    expect(fake.calls('host:answer-knock')).toEqual([{ knockId: 'k2', admit: false }])
  })

  it('keeps a request whose answer failed, saying why', async () => {
    fake.on('host:knocks', () => ok({ knocks: [knock('k1', 'Caio')] }))
    fake.on('host:answer-knock', () => err('NOT_CONNECTED', 'Not connected.'))
    show(hostingSession())
    fireEvent.click(await screen.findByTestId('knock-admit'))
    await screen.findByTestId('knock-error')
    expect(screen.getByTestId('knock-error').textContent).toBe(
      'Could not answer: Not connected to the host right now.'
    )
    expect(requests()).toHaveLength(1)
    expect((screen.getByTestId('knock-admit') as HTMLButtonElement).disabled).toBe(false)
  })

  it('notifies of a new request only while the window is not focused', async () => {
    fake.on('host:knocks', () => ok({ knocks: [] }))
    show(hostingSession())
    act(() => fake.emit({ type: 'knocks:changed', payload: { knocks: [knock('k1', 'Caio')] } }))
    expect(fake.calls('notify:show')).toEqual([])

    focused = false
    act(() => {
      window.dispatchEvent(new Event('blur'))
    })
    act(() =>
      fake.emit({
        type: 'knocks:changed',
        payload: { knocks: [knock('k1', 'Caio'), knock('k2', 'Duda')] }
      })
    )
    // Duda only: Caio was already there.
    expect(fake.calls('notify:show')).toEqual([
      {
        title: 'Someone wants to join',
        body: 'Duda (Duda-laptop, 192.168.0.40) is waiting for you to let them in.',
        roomId: 'lobby',
        kind: 'knock'
      }
    ])
  })

  it('asks nothing of a host that lets people in without asking, nor of a guest', async () => {
    show(
      hostingSession({
        host: { ...hostingSession().host, access: { password: true, askFirst: false } }
      })
    )
    await waitFor(() => expect(fake.calls('room:history')).toHaveLength(1))
    expect(fake.calls('host:knocks')).toEqual([])
  })
})

describe('a room’s new code', () => {
  it('is offered to the person hosting, confirmed, and shown', async () => {
    fake.on('room:new-code', ({ roomId }) => ok({ roomId, code: 'ZX9R4T' }))
    show(hostingSession())
    // Not for the lobby, which has no code.
    expect(screen.queryByTestId('new-room-code-button')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Física' }))
    expect(screen.getByTestId('room-code').textContent).toBe('K7MQ2X')

    fireEvent.click(screen.getByTestId('new-room-code-button'))
    const dialog = screen.getByTestId('new-code-dialog')
    expect(dialog.textContent).toContain('The old code stops working.')
    fireEvent.click(within(dialog).getByTestId('confirm-button'))
    await waitFor(() => expect(screen.getByTestId('room-code').textContent).toBe('ZX9R4T'))
    expect(fake.calls('room:new-code')).toEqual([{ roomId: 'r1' }])
    expect(screen.queryByTestId('new-code-dialog')).toBeNull()
  })

  it('is offered to a guest only in a room they created', () => {
    show(
      session({
        rooms: [
          room('lobby', 'Lobby', null),
          room('r1', 'Física', bia.id),
          room('r2', 'Química', ana.id)
        ]
      })
    )
    fireEvent.click(screen.getByRole('button', { name: 'Física' }))
    expect(screen.queryByTestId('new-room-code-button')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Química' }))
    expect(screen.getByTestId('new-room-code-button')).toBeTruthy()
  })

  it('changes for every member when the host says so', () => {
    show(session())
    fireEvent.click(screen.getByRole('button', { name: 'Física' }))
    act(() => fake.emit({ type: 'room:code-changed', payload: { roomId: 'r1', code: 'QW3E7R' } }))
    expect(screen.getByTestId('room-code').textContent).toBe('QW3E7R')
  })
})

describe('removed people', () => {
  it('lists them and lets one back in', async () => {
    fake.on('host:removed', () =>
      ok({
        removed: [
          { user: { id: 'u-caio', nickname: 'Caio' }, removedAt: Date.UTC(2025, 0, 5) },
          { user: { id: 'u-duda', nickname: 'Duda' }, removedAt: Date.UTC(2025, 0, 4) }
        ]
      })
    )
    fake.on('member:readmit', () => ok({}))
    show(hostingSession())
    fireEvent.click(screen.getByTestId('removed-people-button'))
    const dialog = screen.getByTestId('removed-people-dialog')
    await waitFor(() => expect(within(dialog).getAllByTestId('removed-person')).toHaveLength(2))

    const caio = within(dialog).getAllByTestId('removed-person')[0] as HTMLElement
    fireEvent.click(within(caio).getByRole('button', { name: 'Let back in' }))
    await waitFor(() => expect(within(dialog).getAllByTestId('removed-person')).toHaveLength(1))
    expect(fake.calls('member:readmit')).toEqual([{ userId: 'u-caio' }])
    expect(screen.getByTestId('readmit-status').textContent).toBe('Caio can join again.')
  })

  it('opens from the members pane too, and says when nobody is removed', async () => {
    fake.on('host:removed', () => ok({ removed: [] }))
    show(hostingSession())
    fireEvent.click(screen.getByTestId('members-removed-people-button'))
    await screen.findByTestId('removed-empty')
    fireEvent.keyDown(screen.getByTestId('removed-people-dialog'), { key: 'Escape' })
    expect(screen.queryByTestId('removed-people-dialog')).toBeNull()
  })

  it('is not offered to guests, nor are the activity and the door', () => {
    show(session())
    expect(screen.queryByTestId('removed-people-button')).toBeNull()
    expect(screen.queryByTestId('members-removed-people-button')).toBeNull()
    expect(screen.queryByTestId('activity-button')).toBeNull()
    expect(fake.calls('host:knocks')).toEqual([])
  })
})

describe('the host’s code', () => {
  it('is shown beside the addresses to the person hosting', () => {
    show(hostingSession())
    const share = screen.getByTestId('share-addresses')
    expect(within(share).getByTestId('host-code').textContent).toBe(shortCode(FP_NOW))
    expect(share.textContent).toContain('Host code')
  })

  it('is shown to a guest under the host’s name', () => {
    show(session())
    expect(screen.getByTestId('host-code').textContent).toBe(shortCode(FP_NOW))
  })
})
