import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { RoomJoined } from '../../src/shared/wire/protocol'
import { err, ok } from '../../src/shared/result'
import {
  ana,
  bia,
  caio,
  dm,
  room,
  session,
  setUpConversations,
  text
} from './conversation-fixtures'

// Direct messages: listed apart in the sidebar with the other person's dot and unread count,
// started from the members pane or a message's author, never with oneself.
const { fake, show } = await setUpConversations(({ roomId }) =>
  ok({ messages: [text(roomId, 1)], hasMore: false })
)

const dmItem = (id: string) =>
  document.querySelector(`[data-testid=dm-item][data-room-id="${id}"]`) as HTMLElement | null

const joinedDm = (peer: typeof bia): RoomJoined => ({
  room: dm(`d-${peer.id}`, peer),
  members: [
    { ...ana, online: true, status: 'available' },
    { ...peer, online: true, status: 'available' }
  ],
  history: { messages: [], hasMore: false }
})

describe('direct messages', () => {
  it('lists them under "Direct messages" with the person, their dot and unread counts', async () => {
    show(
      session({
        rooms: [
          room('lobby', 'Lobby', null),
          room('r1', 'Física', bia.id),
          dm('d1', bia),
          dm('d2', caio)
        ]
      })
    )
    const section = screen.getByTestId('dm-section')
    expect(section.textContent).toContain('Direct messages')
    // Apart from the rooms.
    expect(within(screen.getByTestId('room-list')).queryAllByTestId('dm-item')).toHaveLength(0)
    expect(
      within(section)
        .getAllByTestId('dm-item')
        .map((b) => b.getAttribute('data-room-name'))
    ).toEqual(['Bia', 'Caio'])
    // Presence from the lobby's member list: Bia online, Caio not.
    await waitFor(() => expect(dmItem('d1')?.getAttribute('data-online')).toBe('true'))
    expect(dmItem('d2')?.getAttribute('data-online')).toBe('false')
    act(() =>
      fake.emit({
        type: 'presence:update',
        payload: { changes: [{ user: caio, online: true, status: 'available' }] }
      })
    )
    expect(dmItem('d2')?.getAttribute('data-online')).toBe('true')

    // Unread and notified like a room, titled with the author alone.
    act(() => fake.emit({ type: 'message:new', payload: text('d2', 1, caio, { text: 'oi Ana' }) }))
    expect(dmItem('d2')?.getAttribute('data-unread')).toBe('1')
    await waitFor(() =>
      expect(fake.calls('notify:show')).toEqual([{ title: 'Caio', body: 'oi Ana', roomId: 'd2' }])
    )
    fireEvent.click(dmItem('d2') as HTMLElement)
    expect(dmItem('d2')?.getAttribute('aria-current')).toBe('true')
    expect(screen.getByTestId('room-title').textContent).toBe('Caio')
    expect(screen.getByText('Only the two of you can read this conversation.')).toBeTruthy()
    // No code, no invite, no leaving a conversation with one person.
    expect(screen.queryByTestId('invite-button')).toBeNull()
    expect(screen.queryByTestId('leave-room-button')).toBeNull()
    await waitFor(() => expect(dmItem('d2')?.getAttribute('data-unread')).toBe('0'))
  })

  it('starts one from the members pane with dm:open, never for oneself; room:added too is one', async () => {
    fake.on('dm:open', ({ userId }) => {
      expect(userId).toBe(bia.id)
      // The host tells every window about the new conversation as well.
      fake.emit({ type: 'room:added', payload: dm(`d-${bia.id}`, bia) })
      return ok(joinedDm(bia))
    })
    show(session())
    const pane = screen.getByTestId('members-pane')
    await waitFor(() => expect(within(pane).getAllByTestId('member')).toHaveLength(3))
    const buttons = within(pane).getAllByTestId('member-message-button')
    // Bia and Caio, not Ana herself.
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Message Bia',
      'Message Caio'
    ])

    fireEvent.click(buttons[0] as HTMLElement)
    await waitFor(() => expect(screen.getByTestId('room-title').textContent).toBe('Bia'))
    expect(fake.calls('dm:open')).toEqual([{ userId: bia.id }])
    expect(screen.getAllByTestId('dm-item')).toHaveLength(1)
    expect(dmItem(`d-${bia.id}`)?.getAttribute('aria-current')).toBe('true')
    // Within the conversation the pane offers no "Message" (it is that person already).
    expect(screen.queryAllByTestId('member-message-button')).toHaveLength(0)

    // Once listed, going back to it needs no request.
    fireEvent.click(document.querySelector('[data-room-id=lobby]') as HTMLElement)
    await waitFor(() => expect(screen.getAllByTestId('member-message-button')).toHaveLength(2))
    fireEvent.click(screen.getAllByTestId('member-message-button')[0] as HTMLElement)
    expect(screen.getByTestId('room-title').textContent).toBe('Bia')
    expect(fake.calls('dm:open')).toHaveLength(1)
  })

  it('starts one from a message author’s name; says why a removed person cannot be messaged', async () => {
    fake.on('room:history', () =>
      ok({ messages: [text('lobby', 1, caio), text('lobby', 2, ana)], hasMore: false })
    )
    fake.on('dm:open', () => err('FORBIDDEN', 'removed'))
    show(session())
    await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(2))
    const authors = screen.getAllByTestId('message-author')
    // One's own name is not a menu.
    expect(authors[1]?.tagName).toBe('SPAN')
    fireEvent.click(authors[0] as HTMLElement)
    fireEvent.click(screen.getByTestId('author-message-button'))
    await waitFor(() =>
      expect(screen.getByTestId('invite-room-notice').textContent).toContain(
        'You can’t message Caio: the person hosting removed them.'
      )
    )
    expect(fake.calls('dm:open')).toEqual([{ userId: caio.id }])
    expect(screen.getByTestId('room-title').textContent).toBe('Lobby')
  })
})
