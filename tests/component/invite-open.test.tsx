import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppInfo, SessionInfo } from '../../src/shared/bridge'
import { formatInvite, parseInvite, type Invite } from '../../src/shared/invite'
import { shortCode } from '../../src/shared/fingerprint'
import { err, ok } from '../../src/shared/result'
import { installFakeBridge } from './fake-bridge'
import { ana, bia, FP_NOW, FP_PINNED, identity, room, session } from './trust-fixtures'
import { DEFAULT_PREFS } from '../../src/main/session/prefs'

// Opening an invite link: joined at once from the start screen (the link's code stands in for
// comparing it), a nickname asked for when there is none, the room entered; in a chat, the
// room of the same host opened, or leaving asked before going to another host.
const fake = installFakeBridge()
const { App } = await import('../../src/renderer/src/App')
const { createI18n } = await import('../../src/renderer/src/i18n')

class NoResize {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
Element.prototype.scrollBy ??= () => {}

const invite: Invite = { address: '192.168.0.12:4747', room: 'K7MQ2X', fingerprint: FP_NOW }

function show(nickname: string, running: SessionInfo | null = null) {
  const info: AppInfo = {
    version: '1.0.0',
    platform: 'linux',
    systemLocale: 'en-US',
    prefs: {
      ...DEFAULT_PREFS,
      language: 'en',
      lastNickname: nickname,
      lastAddress: ''
    }
  }
  render(<App info={info} i18n={createI18n('en')} session={running} />)
}

const open = (value: Invite | null, url = value ? formatInvite(value) : 'papo://join?x') =>
  act(async () => fake.emit({ type: 'invite:opened', payload: { url, invite: value } }))

beforeEach(() => {
  fake.reset()
  vi.stubGlobal('ResizeObserver', NoResize)
  fake.on('room:history', () => ok({ messages: [], hasMore: false }))
  fake.on('room:members', () =>
    ok({
      members: [
        { ...ana, online: true, status: 'available' },
        { ...bia, online: true, status: 'available' }
      ]
    })
  )
})
afterEach(() => vi.unstubAllGlobals())

describe('an invite opened on the start screen', () => {
  it('joins at once with the nickname typed, the invite’s code and room', async () => {
    const joined = session({ invitedRoom: { roomId: 'r1' } })
    fake.on('session:join', () => ok(joined))
    show('Ana')
    await open(invite)
    await screen.findByTestId('chat-screen')
    expect(fake.calls('session:join')).toEqual([
      {
        nickname: 'Ana',
        address: '192.168.0.12:4747',
        inviteFingerprint: FP_NOW,
        room: 'K7MQ2X'
      }
    ])
    // The invited room is the one open.
    await waitFor(() => expect(screen.getByTestId('room-title').textContent).toBe('Física'))
    expect(screen.queryByTestId('invite-room-notice')).toBeNull()
  })

  it('takes the link the app was started with', async () => {
    fake.on('invite:take', () => ok({ url: formatInvite(invite), invite }))
    fake.on('session:join', () => ok(session()))
    show('Ana')
    await screen.findByTestId('chat-screen')
    expect(fake.calls('invite:take')).toEqual([{}])
    expect(fake.calls('session:join')[0]?.inviteFingerprint).toBe(FP_NOW)
  })

  it('asks for a nickname when none is typed, then joins', async () => {
    fake.on('session:join', () => ok(session()))
    show('')
    await open({ ...invite, room: null })
    const dialog = screen.getByTestId('invite-nickname-dialog')
    expect(within(dialog).getByRole('heading').textContent).toBe(
      'Join 192.168.0.12:4747: choose a nickname'
    )
    expect(fake.calls('session:join')).toEqual([])
    fireEvent.change(screen.getByTestId('invite-nickname-input'), { target: { value: 'Caio' } })
    fireEvent.click(screen.getByTestId('invite-nickname-submit'))
    await screen.findByTestId('chat-screen')
    expect(fake.calls('session:join')).toEqual([
      { nickname: 'Caio', address: '192.168.0.12:4747', inviteFingerprint: FP_NOW }
    ])
  })

  it('says so when the host shows another code than the invite names', async () => {
    fake.on('session:join', () => err('INVITE_MISMATCH', 'Mismatch.'))
    show('Ana')
    await open(invite)
    await waitFor(() =>
      expect(screen.getByTestId('form-error').textContent).toBe(
        'This invite is for another host: the host at that address shows a different code. Ask for a new invite.'
      )
    )
    expect(screen.queryByTestId('chat-screen')).toBeNull()
  })

  it('has the code compared when the link carries none', async () => {
    fake.on('session:join', (args) =>
      args.acceptFingerprint === FP_NOW ? ok(session()) : err('HOST_UNVERIFIED', 'Unverified.')
    )
    fake.on('host:identify', () => ok(identity()))
    show('Ana')
    await open({ ...invite, fingerprint: null })
    expect((await screen.findByTestId('host-check-code')).textContent).toBe(shortCode(FP_NOW))
    fireEvent.click(screen.getByTestId('host-check-accept'))
    await screen.findByTestId('chat-screen')
    expect(fake.calls('host:identify')).toEqual([{ address: '192.168.0.12:4747' }])
    expect(fake.calls('session:join').at(-1)).toEqual({
      nickname: 'Ana',
      address: '192.168.0.12:4747',
      acceptFingerprint: FP_NOW,
      room: 'K7MQ2X'
    })
  })

  it('opens the lobby with a notice when the invite’s room code is stale', async () => {
    fake.on('session:join', () =>
      ok(session({ invitedRoom: { error: { code: 'ROOM_NOT_FOUND', message: 'No.' } } }))
    )
    show('Ana')
    await open(invite)
    const notice = await screen.findByTestId('invite-room-notice')
    expect(notice.textContent).toContain('The room code in the invite is no longer valid')
    expect(screen.getByTestId('room-title').textContent).toBe('Lobby')
    fireEvent.click(screen.getByTestId('invite-room-notice-dismiss'))
    expect(screen.queryByTestId('invite-room-notice')).toBeNull()
  })

  it('says when a link is not an invite', async () => {
    show('Ana')
    await open(null)
    const dialog = screen.getByTestId('invite-invalid-dialog')
    expect(dialog.textContent).toContain('That link is not a Papo invite.')
    expect(fake.calls('session:join')).toEqual([])
    fireEvent.click(screen.getByTestId('invite-invalid-close'))
    expect(screen.queryByTestId('invite-invalid-dialog')).toBeNull()
  })
})

describe('an invite link pasted in the address field', () => {
  it('joins with the invite’s address, code and room', async () => {
    fake.on('session:join', () => ok(session()))
    show('Ana')
    const link = formatInvite({ address: '10.0.0.7:5000', room: 'ABCDEF', fingerprint: FP_PINNED })
    expect(parseInvite(link)).not.toBeNull()
    fireEvent.change(screen.getByTestId('address-input'), { target: { value: ` ${link} ` } })
    fireEvent.click(screen.getByTestId('join-button'))
    await screen.findByTestId('chat-screen')
    expect(fake.calls('session:join')).toEqual([
      {
        nickname: 'Ana',
        address: '10.0.0.7:5000',
        inviteFingerprint: FP_PINNED,
        room: 'ABCDEF'
      }
    ])
  })
})

describe('an invite opened in a chat', () => {
  const joinedRoom = (id: string, name: string) => ({
    room: { ...room(id, name, bia.id), code: 'K7MQ2X' },
    members: [{ ...ana, online: true, status: 'available' as const }],
    history: { messages: [], hasMore: false }
  })

  it('to the same host: joins the room by its code and opens it', async () => {
    fake.on('room:join', () => ok(joinedRoom('r9', 'Química')))
    show('Ana', session())
    await screen.findByTestId('chat-screen')
    await open({ ...invite, room: 'K7MQ2X' })
    await waitFor(() => expect(fake.calls('room:join')).toEqual([{ code: 'K7MQ2X' }]))
    await waitFor(() => expect(screen.getByTestId('room-title').textContent).toBe('Química'))
    expect(fake.calls('session:join')).toEqual([])
    expect(screen.queryByTestId('invite-switch-dialog')).toBeNull()
  })

  it('to the same host by address alone (a link without its code)', async () => {
    fake.on('room:join', () => ok(joinedRoom('r9', 'Química')))
    show('Ana', session())
    await screen.findByTestId('chat-screen')
    await open({ address: '192.168.0.12:4747', room: 'QQQQQQ', fingerprint: null })
    await waitFor(() => expect(fake.calls('room:join')).toEqual([{ code: 'QQQQQQ' }]))
  })

  it('to the same host with a stale room: says so', async () => {
    fake.on('room:join', () => err('ROOM_NOT_FOUND', 'No.'))
    show('Ana', session())
    await screen.findByTestId('chat-screen')
    await open(invite)
    expect((await screen.findByTestId('invite-room-notice')).textContent).toContain(
      'no longer valid'
    )
  })

  it('to another host: asks, and Stay keeps the chat', async () => {
    show('Ana', session())
    await screen.findByTestId('chat-screen')
    await open({ address: '10.0.0.7:4747', room: null, fingerprint: FP_PINNED })
    const dialog = screen.getByTestId('invite-switch-dialog')
    expect(dialog.textContent).toContain(
      'You are in a chat on sala-3. Leave it to join the invited host?'
    )
    fireEvent.click(screen.getByTestId('invite-switch-stay'))
    expect(screen.queryByTestId('invite-switch-dialog')).toBeNull()
    expect(fake.calls('session:leave')).toEqual([])
    expect(screen.getByTestId('chat-screen')).toBeTruthy()
  })

  it('to another host: Leave and join leaves, then joins the invited host', async () => {
    const other: Invite = { address: '10.0.0.7:4747', room: null, fingerprint: FP_PINNED }
    fake.on('session:join', () =>
      ok(session({ fingerprint: FP_PINNED, addresses: ['10.0.0.7:4747'] }))
    )
    show('Ana', session())
    await screen.findByTestId('chat-screen')
    await open(other)
    fireEvent.click(screen.getByTestId('invite-switch-leave'))
    await waitFor(() => expect(fake.calls('session:leave')).toEqual([{}]))
    await waitFor(() =>
      expect(fake.calls('session:join')).toEqual([
        { nickname: 'Ana', address: '10.0.0.7:4747', inviteFingerprint: FP_PINNED }
      ])
    )
    await waitFor(() =>
      expect(screen.getByTestId('host-code').textContent).toBe(shortCode(FP_PINNED))
    )
  })
})

describe('inviting from a chat', () => {
  it('the room header invites to the room open, the lobby to the host', async () => {
    show('Ana', session())
    await screen.findByTestId('chat-screen')
    fireEvent.click(screen.getByTestId('invite-button'))
    expect(parseInvite(screen.getByTestId('invite-link').textContent ?? '')).toEqual({
      address: '192.168.0.12:4747',
      room: null,
      fingerprint: FP_NOW
    })
    fireEvent.click(screen.getByTestId('invite-close'))

    fireEvent.click(
      screen.getAllByTestId('room-item').find((r) => r.dataset['roomId'] === 'r1') as HTMLElement
    )
    fireEvent.click(screen.getByTestId('invite-button'))
    expect(parseInvite(screen.getByTestId('invite-link').textContent ?? '')?.room).toBe('K7MQ2X')
  })

  it('hosting: the Invite beside the addresses shared offers each address', async () => {
    show(
      'Ana',
      session({
        mode: 'host',
        hostUserId: ana.id,
        addresses: ['192.168.0.12:4747', '10.0.0.5:4747']
      })
    )
    await screen.findByTestId('chat-screen')
    fireEvent.click(screen.getByTestId('share-invite-button'))
    expect(screen.getByTestId('invite-address-select')).toBeTruthy()
    expect(parseInvite(screen.getByTestId('invite-link').textContent ?? '')?.room).toBeNull()
    fireEvent.click(screen.getByTestId('invite-close'))

    // The network check sits beside it.
    fake.on('doctor:host', () => ok({ platform: 'linux', port: 4747, interfaces: [], checks: [] }))
    fireEvent.click(screen.getByTestId('host-doctor-button'))
    const dialog = await screen.findByTestId('host-doctor-dialog')
    expect(fake.calls('doctor:host')).toEqual([{}])
    await waitFor(() => expect(dialog.textContent).toContain('sudo ufw allow 4747/tcp'))
  })
})
