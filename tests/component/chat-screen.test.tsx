import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BridgeEvent, PapoBridge, SessionInfo } from '../../src/shared/bridge'
import type { Message, RoomSummary } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { textMessage } from '../helpers/messages'
import { chatScreen, NoResize } from './chat-fixtures'

// A fake bridge, only here: the component tests look at what the chat screen asks of main for
// what it is shown. The real bridge, session and host are exercised by tests/e2e.
const fake = vi.hoisted(() => {
  type Handler = (args: unknown) => Result<unknown>
  const listeners = new Set<(event: BridgeEvent) => void>()
  const state = {
    calls: [] as { method: string; args: unknown }[],
    handlers: {} as Record<string, Handler>,
    emit(event: BridgeEvent): void {
      for (const listener of listeners) listener(event)
    },
    reset(): void {
      state.calls.length = 0
      state.handlers = {}
    }
  }
  const bridge: PapoBridge = {
    invoke: (async (method: string, args: unknown) => {
      state.calls.push({ method, args })
      return state.handlers[method]?.(args) ?? { ok: true, data: {} }
    }) as PapoBridge['invoke'],
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
  ;(window as unknown as { papo: PapoBridge }).papo = bridge
  return state
})

const { ChatScreen } = await import('../../src/renderer/src/screens/ChatScreen')
const { createI18n } = await import('../../src/renderer/src/i18n')

const ana = { id: 'u-ana', nickname: 'Ana' }
const bia = { id: 'u-bia', nickname: 'Bia' }

const summary = (id: string, name: string): RoomSummary => ({
  id,
  code: id === 'lobby' ? null : 'K7MQ2X',
  name,
  isLobby: id === 'lobby',
  createdBy: id === 'lobby' ? null : 'u-bia',
  createdAt: id === 'lobby' ? 0 : 1,
  lastSeq: 0,
  lastReadSeq: 0,
  unread: 0,
  memberCount: 2,
  isDirect: false,
  lastChange: 0,
  peer: null
})

const session: SessionInfo = {
  mode: 'join',
  self: ana,
  host: {
    app: 'papo',
    protocol: 4,
    hostId: 'h1',
    name: 'sala-3',
    version: '1',
    access: { password: false, askFirst: false }
  },
  fingerprint: 'a'.repeat(64),
  hostUserId: null,
  addresses: ['192.168.0.12:4747'],
  port: 4747,
  rooms: [summary('lobby', 'Lobby'), summary('r1', 'Física')],
  connection: { status: 'connected' },
  status: { chosen: 'available', shown: 'available' }
}

let nextSeq = 1
const said = (roomId: string, text: string, author = bia): Message =>
  textMessage({ id: `m${nextSeq}`, roomId, seq: nextSeq++, at: Date.now(), author, text })

const calls = (method: string) => fake.calls.filter((c) => c.method === method).map((c) => c.args)
const roomItem = (id: string) =>
  document.querySelector(`[data-testid=room-item][data-room-id="${id}"]`) as HTMLElement

// jsdom does not scroll either; Virtuoso scrolls a list that has items.
Element.prototype.scrollBy ??= () => {}

let focused = true
beforeEach(() => {
  fake.reset()
  nextSeq = 1
  focused = true
  vi.stubGlobal('ResizeObserver', NoResize)
  vi.spyOn(document, 'hasFocus').mockImplementation(() => focused)
  fake.handlers['room:history'] = () => ({ ok: true, data: { messages: [], hasMore: false } })
  fake.handlers['file:transfers'] = () => ({ ok: true, data: { transfers: [] } })
  fake.handlers['room:members'] = () => ({
    ok: true,
    data: {
      members: [
        { ...ana, online: true, status: 'available' },
        { ...bia, online: true, status: 'available' }
      ]
    }
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

function show(info: SessionInfo = session) {
  return render(chatScreen(ChatScreen, createI18n, info))
}

describe('chat screen over the bridge', () => {
  it('counts unread and asks for a notification for a room not in view; a click opens it', async () => {
    show()
    await waitFor(() => expect(calls('room:history')).toEqual([{ roomId: 'lobby' }]))
    expect(roomItem('lobby').getAttribute('aria-current')).toBe('true')

    act(() => fake.emit({ type: 'message:new', payload: said('r1', 'Prova amanhã!') }))
    expect(roomItem('r1').getAttribute('data-unread')).toBe('1')
    await waitFor(() => expect(calls('badge:set').at(-1)).toEqual({ count: 1 }))
    expect(calls('notify:show')).toEqual([
      { title: 'Bia · Física', body: 'Prova amanhã!', roomId: 'r1' }
    ])
    expect(document.title).toBe('(1) Papo')

    // In the room in view, in a focused window: read at once, no notification.
    act(() => fake.emit({ type: 'message:new', payload: said('lobby', 'oi') }))
    expect(roomItem('lobby').getAttribute('data-unread')).toBe('0')
    expect(calls('room:read')).toContainEqual({ roomId: 'lobby', seq: 2 })
    expect(calls('notify:show')).toHaveLength(1)
    // One's own messages never count.
    act(() => fake.emit({ type: 'message:new', payload: said('r1', 'eu', ana) }))
    expect(calls('notify:show')).toHaveLength(1)

    act(() => fake.emit({ type: 'notification:clicked', payload: { roomId: 'r1' } }))
    expect(roomItem('r1').getAttribute('aria-current')).toBe('true')
    expect(screen.getByTestId('room-title').textContent).toBe('Física')
    await waitFor(() => expect(calls('room:read')).toContainEqual({ roomId: 'r1', seq: 3 }))
    expect(roomItem('r1').getAttribute('data-unread')).toBe('0')
    await waitFor(() => expect(calls('badge:set').at(-1)).toEqual({ count: 0 }))
    expect(document.title).toBe('Papo')
  })

  it('in an unfocused window, counts the room in view as unread and notifies', async () => {
    focused = false
    show()
    await waitFor(() => expect(calls('room:history')).toHaveLength(1))
    act(() => fake.emit({ type: 'message:new', payload: said('lobby', 'alguém?') }))
    expect(roomItem('lobby').getAttribute('data-unread')).toBe('1')
    expect(calls('notify:show')).toEqual([
      { title: 'Bia · Lobby', body: 'alguém?', roomId: 'lobby' }
    ])
    expect(calls('room:read')).toEqual([])

    // Coming back to the window reads what is on screen.
    focused = true
    act(() => {
      window.dispatchEvent(new Event('focus'))
    })
    await waitFor(() => expect(calls('room:read')).toEqual([{ roomId: 'lobby', seq: 1 }]))
    expect(roomItem('lobby').getAttribute('data-unread')).toBe('0')
  })

  it('shows a message sent before the history loaded, and loads it again once reconnected', async () => {
    fake.handlers['room:history'] = () => ({
      ok: false,
      error: { code: 'NOT_CONNECTED', message: 'Not connected.' }
    })
    show()
    act(() =>
      fake.emit({ type: 'connection:state', payload: { status: 'reconnecting', attempt: 1 } })
    )
    await screen.findByText('The messages load when the connection is back.')

    fake.handlers['message:send'] = () => ({ ok: false, error: { code: 'TIMEOUT', message: '' } })
    const composer = screen.getByTestId('composer')
    fireEvent.change(composer, { target: { value: 'enviado sem rede' } })
    fireEvent.keyDown(composer, { key: 'Enter' })
    const pending = document.querySelector('[data-testid=message][data-pending=true]')
    expect(pending?.textContent).toContain('enviado sem rede')

    fake.handlers['room:history'] = () => ({ ok: true, data: { messages: [], hasMore: false } })
    act(() => fake.emit({ type: 'connection:state', payload: { status: 'connected' } }))
    await waitFor(() => expect(calls('room:history')).toHaveLength(2))
    await waitFor(() =>
      expect(screen.queryByText('The messages load when the connection is back.')).toBeNull()
    )
  })

  it('offers a retry when the history fails for a reason waiting will not fix', async () => {
    fake.handlers['room:history'] = () => ({
      ok: false,
      error: { code: 'INTERNAL', message: 'boom' }
    })
    show()
    const retry = await screen.findByRole('button', { name: 'Try again' })
    expect(screen.getByText(/Something went wrong/)).toBeTruthy()
    fake.handlers['room:history'] = () => ({ ok: true, data: { messages: [], hasMore: false } })
    fireEvent.click(retry)
    await waitFor(() => expect(calls('room:history')).toHaveLength(2))
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull())
  })

  it('keeps the composer open while the host is away, and offers "Retry all" for failed ones', async () => {
    show()
    await waitFor(() => expect(calls('room:history')).toHaveLength(1))
    act(() =>
      fake.emit({ type: 'connection:state', payload: { status: 'host-stopped', attempt: 1 } })
    )
    expect(screen.getByTestId('connection-banner').getAttribute('data-status')).toBe('host-stopped')

    // Written while the host is away; the host then refuses both for a reason retrying fixes.
    fake.handlers['message:send'] = () => ({
      ok: false,
      error: { code: 'NOT_A_MEMBER', message: 'no' }
    })
    const composer = screen.getByTestId('composer') as HTMLTextAreaElement
    expect(composer.disabled).toBe(false)
    for (const text of ['primeira', 'segunda']) {
      fireEvent.change(composer, { target: { value: text } })
      fireEvent.keyDown(composer, { key: 'Enter' })
    }
    const bar = await screen.findByTestId('failed-bar')
    expect(bar.textContent).toContain('2 messages not sent.')

    let seq = 10
    fake.handlers['message:send'] = (args) => {
      const { roomId, text, clientId } = args as { roomId: string; text: string; clientId: string }
      const message = textMessage({
        id: `s${seq}`,
        roomId,
        seq: seq++,
        at: Date.now(),
        author: ana,
        text,
        clientId
      })
      return { ok: true, data: { message } }
    }
    const before = calls('message:send').length
    fireEvent.click(screen.getByTestId('retry-all'))
    await waitFor(() => expect(screen.queryByTestId('failed-bar')).toBeNull())
    // Both again, in the order written, with the clientIds they had (the host stores each once).
    const again = calls('message:send').slice(before) as { text: string; clientId: string }[]
    expect(again.map((a) => a.text)).toEqual(['primeira', 'segunda'])
    const first = calls('message:send').slice(0, before) as { clientId: string }[]
    expect(again.map((a) => a.clientId)).toEqual(first.map((a) => a.clientId))
    expect(document.querySelectorAll('[data-testid=message][data-pending=true]')).toHaveLength(0)
  })

  it('offers the person hosting to restart a host process that crashed; the button asks main', async () => {
    fake.handlers['session:restart-host'] = () => ({ ok: true, data: {} })
    show({ ...session, mode: 'host', hostUserId: ana.id })
    await waitFor(() => expect(calls('room:history')).toEqual([{ roomId: 'lobby' }]))
    expect(screen.queryByTestId('host-crash-banner')).toBeNull()

    act(() => fake.emit({ type: 'host:crashed', payload: { reason: 'killed by SIGKILL' } }))
    act(() =>
      fake.emit({ type: 'connection:state', payload: { status: 'reconnecting', attempt: 1 } })
    )
    const banner = screen.getByTestId('host-crash-banner')
    expect(banner.getAttribute('role')).toBe('alert')
    expect(banner.textContent).toContain('Hosting stopped unexpectedly.')
    expect(banner.getAttribute('title')).toBe('killed by SIGKILL')
    // The chat stays on screen, with the usual word on the line.
    expect(screen.getByTestId('room-title').textContent).toBe('Lobby')
    expect(screen.getByTestId('connection-banner').getAttribute('data-status')).toBe('reconnecting')

    fireEvent.click(screen.getByRole('button', { name: 'Restart hosting' }))
    await waitFor(() => expect(screen.queryByTestId('host-crash-banner')).toBeNull())
    expect(calls('session:restart-host')).toEqual([{}])
  })

  it('says why a restart failed and offers it again', async () => {
    fake.handlers['session:restart-host'] = () => ({
      ok: false,
      error: { code: 'PORT_IN_USE', message: 'Port 4747 is in use.' }
    })
    show({ ...session, mode: 'host', hostUserId: ana.id, hostCrash: { reason: 'exit code 1' } })
    // Known from session:get already (a renderer that reloaded after the crash).
    fireEvent.click(screen.getByRole('button', { name: 'Restart hosting' }))
    await waitFor(() =>
      expect(screen.getByTestId('host-restart-error').textContent).toContain(
        'That port is in use by another program.'
      )
    )
    expect(screen.getByRole('button', { name: 'Restart hosting' })).not.toHaveProperty(
      'disabled',
      true
    )
  })

  it('a guest never shows it', () => {
    show()
    act(() => fake.emit({ type: 'host:crashed', payload: { reason: 'killed by SIGKILL' } }))
    expect(screen.queryByTestId('host-crash-banner')).toBeNull()
  })
})
