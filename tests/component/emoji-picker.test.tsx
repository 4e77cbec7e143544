import { act, fireEvent, render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { Composer } from '../../src/renderer/src/components/Composer'
import {
  loadEmojiIndex,
  searchEmoji,
  shortcodeQueryAt
} from '../../src/renderer/src/format/emoji-search'
import { createI18n } from '../../src/renderer/src/i18n'

// Issue #14, "Writing": an emoji picker in the composer, searchable in pt-BR and en, and
// `:shortcode:` completion as `@` mentions complete.

function setup(language: 'en' | 'pt-BR' = 'en') {
  const onSend = vi.fn()
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <Composer roomId="lobby" roomName="Lobby" onSend={onSend} onTyping={() => {}} />
    </I18nextProvider>
  )
  return { onSend, box: screen.getByTestId('composer') as HTMLTextAreaElement }
}

const emojiOf = (els: HTMLElement[]) => els.map((e) => e.getAttribute('data-emoji'))

describe('emoji search', () => {
  it('finds by name, keyword and shortcode in English', async () => {
    const en = await loadEmojiIndex('en')
    expect(searchEmoji(en, 'thumbs', 3).map((e) => e.emoji)).toContain('👍')
    expect(searchEmoji(en, 'heart', 1)[0]?.emoji).toBe('❤️')
    expect(searchEmoji(en, '+1', 1)[0]?.emoji).toBe('👍')
    expect(searchEmoji(en, 'tada', 1)[0]?.emoji).toBe('🎉')
    expect(searchEmoji(en, 'zzqx')).toEqual([])
    // No skin tones or hair components among the results.
    expect(en.some((e) => e.emoji === '🏻')).toBe(false)
  })

  it('finds in Portuguese without the accents', async () => {
    const pt = await loadEmojiIndex('pt-BR')
    expect(searchEmoji(pt, 'coracao', 3).map((e) => e.emoji)).toContain('❤️')
    expect(searchEmoji(pt, 'coração', 3).map((e) => e.emoji)).toContain('❤️')
    expect(searchEmoji(pt, 'polegar para cima', 1)[0]?.emoji).toBe('👍')
    expect(searchEmoji(pt, 'CAFE').map((e) => e.emoji)).toContain('☕')
    // The English shortcode works in Portuguese too.
    expect(searchEmoji(pt, 'thumbsup', 1)[0]?.emoji).toBe('👍')
  })

  it('reads a shortcode only at a word start and from two letters', () => {
    expect(shortcodeQueryAt('oi :he', 6)).toEqual({ start: 3, query: 'he' })
    expect(shortcodeQueryAt(':thumbs', 7)).toEqual({ start: 0, query: 'thumbs' })
    expect(shortcodeQueryAt('oi :h', 5)).toBeNull()
    expect(shortcodeQueryAt(':)', 2)).toBeNull()
    expect(shortcodeQueryAt('às 10:30', 8)).toBeNull()
    expect(shortcodeQueryAt('http://x', 8)).toBeNull()
    expect(shortcodeQueryAt('a:bc', 4)).toBeNull()
    expect(shortcodeQueryAt(':he llo', 7)).toBeNull()
  })
})

describe('emoji picker', () => {
  it('opens with the search focused, searches, moves with arrows and inserts at the caret', async () => {
    const { box } = setup('en')
    fireEvent.change(box, { target: { value: 'ok then', selectionStart: 2 } })
    box.setSelectionRange(2, 2)
    fireEvent.click(screen.getByTestId('emoji-button'))
    const search = screen.getByTestId('emoji-search')
    expect(document.activeElement).toBe(search)
    await screen.findAllByTestId('emoji-option')

    fireEvent.change(search, { target: { value: 'thumbs' } })
    const options = screen.getAllByTestId('emoji-option')
    expect(emojiOf(options).slice(0, 2)).toEqual(['👍', '👎'])
    expect(options[0]?.getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(search, { key: 'ArrowRight' })
    expect(screen.getAllByTestId('emoji-option')[1]?.getAttribute('aria-selected')).toBe('true')
    expect(search.getAttribute('aria-activedescendant')).toBe(
      screen.getAllByTestId('emoji-option')[1]?.id
    )
    fireEvent.keyDown(search, { key: 'ArrowLeft' })
    fireEvent.keyDown(search, { key: 'Enter' })

    expect(screen.queryByTestId('emoji-picker')).toBeNull()
    expect(box.value).toBe('ok👍 then')
    expect(box.selectionStart).toBe('ok👍'.length)
    expect(document.activeElement).toBe(box)
  })

  it('searches in Portuguese without accents, and Escape closes back to the composer', async () => {
    const { box } = setup('pt-BR')
    fireEvent.click(screen.getByTestId('emoji-button'))
    const search = screen.getByTestId('emoji-search')
    expect(search.getAttribute('placeholder')).toBe('Buscar emoji')
    await screen.findAllByTestId('emoji-option')
    fireEvent.change(search, { target: { value: 'coracao vermelho' } })
    expect(emojiOf(screen.getAllByTestId('emoji-option'))[0]).toBe('❤️')
    fireEvent.change(search, { target: { value: 'nada disso existe' } })
    expect(screen.queryAllByTestId('emoji-option')).toEqual([])
    expect(screen.getByText('Nenhum emoji encontrado')).toBeTruthy()

    fireEvent.keyDown(search, { key: 'Escape' })
    expect(screen.queryByTestId('emoji-picker')).toBeNull()
    expect(document.activeElement).toBe(box)
    expect(box.value).toBe('')
  })

  it('inserts a clicked emoji and closes on a click elsewhere', async () => {
    const { box } = setup('en')
    fireEvent.click(screen.getByTestId('emoji-button'))
    fireEvent.change(screen.getByTestId('emoji-search'), { target: { value: 'tada' } })
    const tada = (await screen.findAllByTestId('emoji-option'))[0] as HTMLElement
    fireEvent.click(tada)
    expect(box.value).toBe('🎉')

    fireEvent.click(screen.getByTestId('emoji-button'))
    expect(screen.getByTestId('emoji-picker')).toBeTruthy()
    fireEvent.mouseDown(document.body)
    expect(screen.queryByTestId('emoji-picker')).toBeNull()
  })
})

describe('shortcode completion', () => {
  it('offers emoji after :he, arrows choose, Tab or Enter replaces the :query', async () => {
    const { box, onSend } = setup('en')
    fireEvent.change(box, { target: { value: 'I :heart', selectionStart: 8 } })
    const items = await screen.findAllByTestId('emoji-suggestion')
    expect(screen.getByTestId('emoji-suggestions')).toBeTruthy()
    expect(items[0]?.getAttribute('data-emoji')).toBe('❤️')
    expect(items[0]?.textContent).toContain(':heart:')
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(onSend).not.toHaveBeenCalled()
    expect(box.value).toBe('I ❤️')
    expect(box.selectionStart).toBe('I ❤️'.length)
    expect(screen.queryByTestId('emoji-suggestions')).toBeNull()

    fireEvent.change(box, { target: { value: 'I ❤️ :thumbs', selectionStart: 12 } })
    await screen.findAllByTestId('emoji-suggestion')
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    const second = screen.getAllByTestId('emoji-suggestion')[1]
    expect(second?.getAttribute('aria-selected')).toBe('true')
    const chosen = second?.getAttribute('data-emoji')
    fireEvent.keyDown(box, { key: 'Tab' })
    expect(box.value).toBe(`I ❤️ ${chosen}`)
  })

  it('matches Portuguese names, leaves :) and a lone letter alone, and Escape dismisses', async () => {
    const { box, onSend } = setup('pt-BR')
    fireEvent.change(box, { target: { value: ':coracao', selectionStart: 8 } })
    const items = await screen.findAllByTestId('emoji-suggestion')
    expect(emojiOf(items)).toContain('❤️')
    fireEvent.keyDown(box, { key: 'Escape' })
    expect(screen.queryByTestId('emoji-suggestions')).toBeNull()

    fireEvent.change(box, { target: { value: 'oi :)', selectionStart: 5 } })
    await act(async () => {})
    expect(screen.queryByTestId('emoji-suggestions')).toBeNull()
    fireEvent.change(box, { target: { value: 'oi :h', selectionStart: 5 } })
    expect(screen.queryByTestId('emoji-suggestions')).toBeNull()
    fireEvent.change(box, { target: { value: 'oi :)', selectionStart: 5 } })
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(onSend).toHaveBeenCalledWith('oi :)')
  })
})
