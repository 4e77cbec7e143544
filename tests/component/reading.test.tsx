import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Message, NoticeMessage, NoticeType, UserRef } from '../../src/shared/models'
import { ok } from '../../src/shared/result'
import { ana, bia, caio, room, session, setUpConversations, text } from './conversation-fixtures'

// Reading a conversation: notices collapsed into one line (online/offline left to presence), a
// colour per person, right-to-left text, very long messages collapsed, and renames said.

const duda = { id: 'u-duda', nickname: 'Duda' }
const eve = { id: 'u-eve', nickname: 'Eve' }
const AT = new Date(2025, 0, 6, 14, 0).getTime()

const notice = (seq: number, type: NoticeType, user: UserRef): NoticeMessage => ({
  id: `lobby-n${seq}`,
  roomId: 'lobby',
  seq,
  at: AT + seq * 1_000,
  kind: 'notice',
  notice: type,
  user
})

/** What the lobby's history holds in each test. */
let lobbyHistory: Message[] = []

const { fake, show } = await setUpConversations(() =>
  ok({ messages: lobbyHistory, hasMore: false })
)

const lobby = () => session({ rooms: [room('lobby', 'Lobby', null)] })
const rows = () => screen.queryAllByTestId('message')

/** Five people arrive (with their online notices), then Bia says hello. */
const arrivals = (): Message[] => [
  notice(1, 'joined', ana),
  notice(2, 'online', ana),
  notice(3, 'joined', bia),
  notice(4, 'online', bia),
  notice(5, 'joined', caio),
  notice(6, 'offline', ana),
  notice(7, 'joined', duda),
  notice(8, 'joined', eve),
  notice(9, 'online', eve),
  text('lobby', 10, bia, { text: 'Oi, gente!' })
]

describe('reading', () => {
  it('collapses consecutive notices into one line, and leaves online/offline to presence', async () => {
    lobbyHistory = arrivals()
    show(lobby())
    await waitFor(() => expect(rows()).toHaveLength(2))
    const [line, hello] = rows() as [HTMLElement, HTMLElement]
    expect(line.dataset['kind']).toBe('notice')
    expect(line.dataset['collapsed']).toBe('true')
    expect(line.dataset['count']).toBe('5')
    expect(line.textContent).toContain('Ana, Bia and 3 others joined')
    expect(hello.dataset['kind']).toBe('text')
    expect(screen.getByTestId('message-list').textContent).not.toMatch(/is online|went offline/)
    // Its time is a message time: same element and class as beside an author's name.
    const time = within(line).getByTestId('message-time')
    expect(time.className).toBe('message-time')
    expect(time.previousElementSibling?.className).toBe('message-notice-text')
    // Each notice is still there for whoever wants the detail.
    expect(
      within(line)
        .getByText(/3 others/)
        .getAttribute('title')
    ).toMatch(/Eve joined/)
  })

  it('says the collapsed line in Portuguese, with its plural', async () => {
    lobbyHistory = arrivals()
    show(lobby(), 'pt-BR')
    await waitFor(() => expect(rows()).toHaveLength(2))
    expect(rows()[0]?.textContent).toContain('Ana, Bia e mais 3 entraram')
  })

  it('keeps notices on either side of a message apart', async () => {
    lobbyHistory = [
      notice(1, 'joined', ana),
      notice(2, 'joined', bia),
      text('lobby', 3, bia),
      notice(4, 'left', caio)
    ]
    show(lobby())
    await waitFor(() => expect(rows()).toHaveLength(3))
    expect(rows().map((r) => r.textContent)).toEqual([
      expect.stringContaining('Ana and Bia joined'),
      expect.stringContaining('message 3'),
      expect.stringContaining('Caio left')
    ])
  })

  it('gives each person their colour, and text and names their own direction', async () => {
    const arabic = 'مرحبا بالجميع، كيف حالكم؟'
    lobbyHistory = [
      text('lobby', 1, bia, { text: arabic }),
      text('lobby', 2, { id: 'u-noa', nickname: 'נועה' }, { text: 'שלום לכולם' })
    ]
    show(lobby())
    await waitFor(() => expect(rows()).toHaveLength(2))
    const [first, second] = rows() as [HTMLElement, HTMLElement]
    const said = within(first).getByTestId('message-text')
    expect(said.getAttribute('dir')).toBe('auto')
    expect(said.textContent).toBe(arabic)
    const author = within(second).getByTestId('message-author')
    expect(author.getAttribute('dir')).toBe('auto')
    expect(author.className).toMatch(/\bperson-[1-8]\b/)
    // The avatar has the same colour as the name.
    const colour = /\bperson-[1-8]\b/.exec(author.className)?.[0] as string
    expect(within(second).getByTestId('person-avatar').classList).toContain(colour)
    expect(within(second).getByTestId('person-avatar').textContent).toBe('נ')
    // The members pane too: names in their own direction, online ones in their colour.
    const pane = await screen.findByTestId('members-pane')
    await waitFor(() => expect(within(pane).getAllByTestId('member-name')).toHaveLength(3))
    for (const name of within(pane).getAllByTestId('member-name'))
      expect(name.getAttribute('dir')).toBe('auto')
    const biaRow = within(pane)
      .getAllByTestId('member')
      .find((m) => m.dataset['nickname'] === 'Bia') as HTMLElement
    const biaColour = within(first)
      .getByTestId('message-author')
      .className.match(/person-\d/)?.[0]
    expect(within(biaRow).getByTestId('member-name').classList).toContain(biaColour)
    expect(within(biaRow).getByTestId('person-avatar').classList).toContain(biaColour)
  })

  it('collapses a very long message under "Show more", and opens and closes it', async () => {
    const long = 'Lorem ipsum dolor sit amet. '.repeat(143).slice(0, 4_000)
    lobbyHistory = [
      text('lobby', 1, bia, { text: long }),
      text('lobby', 2, caio, { text: 'curta' })
    ]
    show(lobby())
    await waitFor(() => expect(rows()).toHaveLength(2))
    const [first, second] = rows() as [HTMLElement, HTMLElement]
    expect(within(second).queryByTestId('message-show-more')).toBeNull()
    const said = within(first).getByTestId('message-text')
    expect(said.textContent).toHaveLength(4_000)
    expect(said.dataset['clipped']).toBe('true')
    const more = within(first).getByTestId('message-show-more')
    expect(more.tagName).toBe('BUTTON')
    expect(more.textContent).toBe('Show more')
    expect(more.getAttribute('aria-expanded')).toBe('false')
    expect(more.getAttribute('aria-controls')).toBe(said.id)
    more.focus()
    expect(document.activeElement).toBe(more)
    fireEvent.click(more)
    expect(more.textContent).toBe('Show less')
    expect(more.getAttribute('aria-expanded')).toBe('true')
    expect(said.dataset['clipped']).toBeUndefined()
    fireEvent.click(more)
    expect(more.textContent).toBe('Show more')
    expect(said.dataset['clipped']).toBe('true')
  })

  it('collapses a message of many short lines too', async () => {
    lobbyHistory = [
      text('lobby', 1, bia, { text: Array.from({ length: 40 }, (_, i) => `${i}`).join('\n') })
    ]
    show(lobby())
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(screen.getByTestId('message-show-more').textContent).toBe('Show more')
  })

  it('says "Eve is now José" when someone known takes a new nickname', async () => {
    lobbyHistory = [text('lobby', 1, bia, { text: 'oi' })]
    fake.on('room:members', () =>
      ok({
        members: [
          { ...ana, online: true, status: 'available' },
          { ...eve, online: true, status: 'available' }
        ]
      })
    )
    show(lobby())
    const pane = await screen.findByTestId('members-pane')
    await waitFor(() => expect(within(pane).getAllByTestId('member')).toHaveLength(2))
    expect(screen.queryByTestId('rename-line')).toBeNull()
    // Only presence changes: no line.
    act(() =>
      fake.emit({
        type: 'presence:update',
        payload: { changes: [{ user: eve, online: false, status: 'available' }] }
      })
    )
    expect(screen.queryByTestId('rename-line')).toBeNull()
    act(() =>
      fake.emit({
        type: 'presence:update',
        payload: {
          changes: [{ user: { ...eve, nickname: 'José' }, online: true, status: 'available' }]
        }
      })
    )
    const line = await screen.findByTestId('rename-line')
    expect(line.textContent).toContain('Eve is now José')
    expect(within(line).getByTestId('message-time')).toBeTruthy()
    // After the message that was newest, and not part of the history.
    expect(rows()).toHaveLength(1)
    expect(rows()[0]?.compareDocumentPosition(line)).toBe(Node.DOCUMENT_POSITION_FOLLOWING)
    await waitFor(() =>
      expect(
        within(pane)
          .getAllByTestId('member-name')
          .map((n) => n.textContent)
      ).toContain('José')
    )
  })
})
