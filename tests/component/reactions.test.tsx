import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Reaction, TextMessage } from '../../src/shared/models'
import { ok } from '../../src/shared/result'
import {
  ana,
  bia,
  caio,
  room,
  row,
  session,
  setUpConversations,
  text
} from './conversation-fixtures'

// Reactions: chips with counts, pressed when one's own, who reacted in the title; a click
// toggles; the picker's quick set and "any emoji", checked before asking the host.
let current: TextMessage
const { fake, show } = await setUpConversations(() => ok({ messages: [current], hasMore: false }))

/** The host's side: toggles Ana's reaction and answers the message as it is now. */
function react({ emoji, on }: { emoji: string; on: boolean }) {
  const others = current.reactions.filter((r) => r.emoji !== emoji)
  const held = current.reactions.find((r) => r.emoji === emoji)
  const userIds = (held?.userIds ?? []).filter((id) => id !== ana.id)
  if (on) userIds.push(ana.id)
  const reactions: Reaction[] = userIds.length
    ? current.reactions.map((r) => (r.emoji === emoji ? { emoji, userIds } : r))
    : others
  if (!held && userIds.length) reactions.push({ emoji, userIds })
  current = { ...current, reactions, change: current.change + 1 }
  return ok({ message: current })
}

beforeEach(() => {
  current = text('lobby', 1, bia, {
    text: 'bom dia',
    reactions: [
      { emoji: '👍', userIds: [bia.id, caio.id] },
      { emoji: '🎉', userIds: [ana.id, 'u-gone'] }
    ],
    change: 7
  })
  fake.on('message:react', (args) => react(args))
})

// By attribute, not a selector: jsdom's selector engine misreads emoji beyond the BMP.
const chip = (emoji: string): HTMLElement | null =>
  screen.queryAllByTestId('reaction-chip').find((c) => c.getAttribute('data-emoji') === emoji) ??
  null
const count = (emoji: string) => chip(emoji)?.textContent?.replace(emoji, '')

describe('reactions', () => {
  it('shows each emoji once with its count and who; a click toggles one’s own', async () => {
    show(session({ rooms: [room('lobby', 'Lobby', null)] }))
    await waitFor(() => expect(chip('👍')).toBeTruthy())
    await waitFor(() =>
      expect(chip('👍')?.getAttribute('title')).toBe('Bia and Caio reacted with 👍')
    )
    expect(count('👍')).toBe('2')
    expect(chip('👍')?.getAttribute('aria-pressed')).toBe('false')
    expect(chip('🎉')?.getAttribute('aria-pressed')).toBe('true')
    // Someone no list here knows is "someone".
    expect(chip('🎉')?.getAttribute('title')).toBe('You and someone reacted with 🎉')

    fireEvent.click(chip('👍') as HTMLElement)
    await waitFor(() => expect(chip('👍')?.getAttribute('aria-pressed')).toBe('true'))
    expect(count('👍')).toBe('3')
    expect(fake.calls('message:react')).toEqual([{ messageId: current.id, emoji: '👍', on: true }])

    fireEvent.click(chip('🎉') as HTMLElement)
    await waitFor(() => expect(chip('🎉')?.getAttribute('aria-pressed')).toBe('false'))
    expect(count('🎉')).toBe('1')
    expect(fake.calls('message:react')[1]).toEqual({
      messageId: current.id,
      emoji: '🎉',
      on: false
    })

    // Someone else's reaction, pushed: the count follows, Ana's stays pressed.
    act(() =>
      fake.emit({
        type: 'message:changed',
        payload: {
          message: {
            ...current,
            reactions: current.reactions.map((r) =>
              r.emoji === '👍' ? { ...r, userIds: [...r.userIds, 'u-dani'] } : r
            ),
            change: current.change + 1
          }
        }
      })
    )
    expect(count('👍')).toBe('4')
    expect(chip('👍')?.getAttribute('aria-pressed')).toBe('true')
  })

  it('adds from the quick set, and any one emoji typed or pasted', async () => {
    current = { ...current, reactions: [] }
    show(session({ rooms: [room('lobby', 'Lobby', null)] }))
    await waitFor(() => expect(row(current.id)).toBeTruthy())
    const message = within(row(current.id) as HTMLElement)
    expect(message.queryByTestId('reaction-chip')).toBeNull()

    fireEvent.click(message.getByTestId('message-react'))
    const quick = screen.getAllByTestId('reaction-quick').map((b) => b.getAttribute('data-emoji'))
    expect(quick).toEqual(['👍', '❤️', '😂', '😮', '😢', '🎉', '🙏', '👀'])
    fireEvent.click(screen.getAllByTestId('reaction-quick')[1] as HTMLElement)
    await waitFor(() => expect(chip('❤️')?.getAttribute('aria-pressed')).toBe('true'))
    expect(screen.queryByTestId('reaction-picker')).toBeNull()

    fireEvent.click(message.getByTestId('message-react'))
    const input = screen.getByTestId('reaction-custom-input')
    for (const bad of ['ok', '👍👍', 'a🦜']) {
      fireEvent.change(input, { target: { value: bad } })
      fireEvent.submit(input)
      expect(screen.getByTestId('reaction-custom-error').textContent).toBe(
        'Type or paste a single emoji.'
      )
    }
    expect(fake.calls('message:react')).toHaveLength(1)
    fireEvent.change(input, { target: { value: ' 👩🏽‍💻 ' } })
    expect(screen.queryByTestId('reaction-custom-error')).toBeNull()
    fireEvent.submit(input)
    await waitFor(() => expect(chip('👩🏽‍💻')).toBeTruthy())
    expect(fake.calls('message:react')[1]).toEqual({
      messageId: current.id,
      emoji: '👩🏽‍💻',
      on: true
    })

    // Escape closes the picker.
    fireEvent.click(message.getByTestId('message-react'))
    fireEvent.keyDown(screen.getAllByTestId('reaction-quick')[0] as HTMLElement, { key: 'Escape' })
    expect(screen.queryByTestId('reaction-picker')).toBeNull()
  })
})
