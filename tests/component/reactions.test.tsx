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
// toggles; the picker's quick set, and the full emoji picker (issue 14) from "More emoji…" and
// from the reaction bar's add button: searched, by keyboard, in a skin tone, or pasted.
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
const options = () =>
  screen.queryAllByTestId('emoji-option').map((o) => o.getAttribute('data-emoji'))

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

  it('adds from the quick set; Escape closes it', async () => {
    current = { ...current, reactions: [] }
    show(session({ rooms: [room('lobby', 'Lobby', null)] }))
    await waitFor(() => expect(row(current.id)).toBeTruthy())
    const message = within(row(current.id) as HTMLElement)
    expect(message.queryByTestId('reaction-chip')).toBeNull()

    fireEvent.click(message.getByTestId('message-react'))
    const quick = screen.getAllByTestId('reaction-quick').map((b) => b.getAttribute('data-emoji'))
    expect(quick).toEqual(['👍', '❤️', '😂', '😮', '😢', '🎉', '🙏', '👀'])
    expect(screen.getByTestId('reaction-more').getAttribute('aria-label')).toBe('More emoji…')
    fireEvent.click(screen.getAllByTestId('reaction-quick')[1] as HTMLElement)
    await waitFor(() => expect(chip('❤️')?.getAttribute('aria-pressed')).toBe('true'))
    expect(screen.queryByTestId('reaction-picker')).toBeNull()
    expect(fake.calls('message:react')).toEqual([{ messageId: current.id, emoji: '❤️', on: true }])

    fireEvent.click(message.getByTestId('message-react'))
    fireEvent.keyDown(screen.getAllByTestId('reaction-quick')[0] as HTMLElement, { key: 'Escape' })
    expect(screen.queryByTestId('reaction-picker')).toBeNull()
  })

  it('reacts with any emoji found in the full picker, by keyboard, in Portuguese', async () => {
    current = { ...current, reactions: [] }
    show(session({ rooms: [room('lobby', 'Lobby', null)] }), 'pt-BR')
    await waitFor(() => expect(row(current.id)).toBeTruthy())
    const message = within(row(current.id) as HTMLElement)
    const react = message.getByTestId('message-react')

    // "More emoji…" swaps the quick set for the searchable picker, its search box focused.
    fireEvent.click(react)
    fireEvent.click(screen.getByTestId('reaction-more'))
    expect(screen.queryByTestId('reaction-picker')).toBeNull()
    const picker = screen.getByTestId('emoji-picker')
    expect(picker.getAttribute('aria-label')).toBe('Reações')
    expect(picker.classList.contains('floating')).toBe(true)
    // Out of the message list (whose scrolling would clip it), placed by the window.
    expect(row(current.id)?.contains(picker)).toBe(false)
    expect(picker.style.top).not.toBe('')
    expect(react.getAttribute('aria-expanded')).toBe('true')
    const search = screen.getByTestId('emoji-search')
    expect(document.activeElement).toBe(search)
    await screen.findAllByTestId('emoji-option')

    fireEvent.change(search, { target: { value: 'coração' } })
    expect(options()[0]).toBe('❤️')
    fireEvent.keyDown(search, { key: 'ArrowRight' })
    const second = options()[1] as string
    fireEvent.keyDown(search, { key: 'Enter' })
    await waitFor(() => expect(chip(second)?.getAttribute('aria-pressed')).toBe('true'))
    expect(fake.calls('message:react')).toEqual([
      { messageId: current.id, emoji: second, on: true }
    ])
    expect(screen.queryByTestId('emoji-picker')).toBeNull()
    // The focus is back where it was before the picker opened.
    expect(document.activeElement).toBe(react)

    // Escape closes it without reacting, the focus back on the react button.
    fireEvent.click(react)
    fireEvent.click(screen.getByTestId('reaction-more'))
    fireEvent.keyDown(screen.getByTestId('emoji-search'), { key: 'Escape' })
    expect(screen.queryByTestId('emoji-picker')).toBeNull()
    expect(document.activeElement).toBe(react)
    // A click elsewhere closes it too.
    fireEvent.click(react)
    fireEvent.click(screen.getByTestId('reaction-more'))
    fireEvent.mouseDown(document.body)
    expect(screen.queryByTestId('emoji-picker')).toBeNull()
    expect(fake.calls('message:react')).toHaveLength(1)
  })

  it('reacts in the skin tone chosen, or with an emoji pasted into the search', async () => {
    current = { ...current, reactions: [] }
    show(session({ rooms: [room('lobby', 'Lobby', null)] }))
    await waitFor(() => expect(row(current.id)).toBeTruthy())
    const message = within(row(current.id) as HTMLElement)
    const openFull = async () => {
      fireEvent.click(message.getByTestId('message-react'))
      fireEvent.click(screen.getByTestId('reaction-more'))
      await screen.findAllByTestId('emoji-option')
      return screen.getByTestId('emoji-search')
    }

    let search = await openFull()
    const tones = screen.getAllByTestId('emoji-tone')
    expect(tones.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Default skin tone',
      'Light skin tone',
      'Medium-light skin tone',
      'Medium skin tone',
      'Medium-dark skin tone',
      'Dark skin tone'
    ])
    expect(tones[0]?.getAttribute('aria-pressed')).toBe('true')
    fireEvent.change(search, { target: { value: 'thumbs up' } })
    expect(options()[0]).toBe('👍')
    fireEvent.click(tones[3] as HTMLElement)
    expect(tones[3]?.getAttribute('aria-pressed')).toBe('true')
    expect(options()[0]).toBe('👍🏽')
    fireEvent.click(screen.getAllByTestId('emoji-option')[0] as HTMLElement)
    await waitFor(() => expect(chip('👍🏽')).toBeTruthy())

    // The next picker opens in the same tone.
    search = await openFull()
    expect(screen.getAllByTestId('emoji-tone')[3]?.getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(screen.getAllByTestId('emoji-tone')[0] as HTMLElement)

    // An emoji pasted is its own result, as pasted: the tone chosen does not change it.
    fireEvent.change(search, { target: { value: ' 👩🏿‍💻 ' } })
    expect(options()).toEqual(['👩🏿‍💻'])
    fireEvent.keyDown(search, { key: 'Enter' })
    await waitFor(() => expect(chip('👩🏿‍💻')).toBeTruthy())
    expect(fake.calls('message:react').map((c) => c.emoji)).toEqual(['👍🏽', '👩🏿‍💻'])
    // Each tone picked is kept in the prefs, for the next start.
    expect(fake.calls('prefs:set')).toEqual([{ emojiTone: 3 }, { emojiTone: 0 }])
  })

  it('opens in the tone the prefs remember (main.tsx hands it over at start)', async () => {
    // Imported once the fake bridge is in place, as the screen is.
    const { rememberEmojiTone } = await import('../../src/renderer/src/components/EmojiPicker')
    rememberEmojiTone(5)
    current = { ...current, reactions: [] }
    show(session({ rooms: [room('lobby', 'Lobby', null)] }))
    await waitFor(() => expect(row(current.id)).toBeTruthy())
    fireEvent.click(within(row(current.id) as HTMLElement).getByTestId('message-react'))
    fireEvent.click(screen.getByTestId('reaction-more'))
    await screen.findAllByTestId('emoji-option')
    expect(screen.getAllByTestId('emoji-tone')[5]?.getAttribute('aria-pressed')).toBe('true')
    rememberEmojiTone(0)
  })

  it('adds from the reaction bar’s button, the same 👍 as the quick set’s', async () => {
    show(session({ rooms: [room('lobby', 'Lobby', null)] }))
    await waitFor(() => expect(chip('👍')).toBeTruthy())
    const add = screen.getByTestId('reaction-add')
    expect(add.getAttribute('aria-label')).toBe('Add reaction')
    fireEvent.click(add)
    expect(add.getAttribute('aria-expanded')).toBe('true')
    const search = screen.getByTestId('emoji-search')
    expect(document.activeElement).toBe(search)
    await screen.findAllByTestId('emoji-option')
    // emojibase spells it "👍️" (with U+FE0F); Bia's and Caio's 👍 gains a third, no new chip.
    fireEvent.change(search, { target: { value: 'thumbsup' } })
    fireEvent.keyDown(search, { key: 'Enter' })
    await waitFor(() => expect(count('👍')).toBe('3'))
    expect(screen.getAllByTestId('reaction-chip')).toHaveLength(2)
    expect(fake.calls('message:react')).toEqual([{ messageId: current.id, emoji: '👍', on: true }])
    expect(document.activeElement).toBe(add)

    // One already hers, picked again, is taken back, as its chip would.
    fireEvent.click(add)
    fireEvent.change(screen.getByTestId('emoji-search'), { target: { value: 'tada' } })
    fireEvent.click(screen.getAllByTestId('emoji-option')[0] as HTMLElement)
    await waitFor(() => expect(count('🎉')).toBe('1'))
    expect(fake.calls('message:react')[1]).toEqual({
      messageId: current.id,
      emoji: '🎉',
      on: false
    })

    // The button toggles its picker; Escape gives the focus back to it.
    fireEvent.click(add)
    fireEvent.mouseDown(add)
    fireEvent.click(add)
    expect(screen.queryByTestId('emoji-picker')).toBeNull()
    fireEvent.click(add)
    fireEvent.keyDown(screen.getByTestId('emoji-search'), { key: 'Escape' })
    expect(screen.queryByTestId('emoji-picker')).toBeNull()
    expect(document.activeElement).toBe(add)
  })
})
