import { fireEvent, render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { Composer } from '../../src/renderer/src/components/Composer'
import { createI18n } from '../../src/renderer/src/i18n'
import { LIMITS } from '../../src/shared/limits'

function setup(mentionCandidates: string[] = []) {
  const onSend = vi.fn()
  const onTyping = vi.fn()
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <Composer
        roomId="lobby"
        roomName="Lobby"
        onSend={onSend}
        onTyping={onTyping}
        mentionCandidates={mentionCandidates}
      />
    </I18nextProvider>
  )
  return { onSend, onTyping, box: screen.getByTestId('composer') as HTMLTextAreaElement }
}

describe('composer', () => {
  it('sends on Enter, keeps a new line on Shift+Enter, and never sends blanks', () => {
    const { onSend, box } = setup()
    fireEvent.change(box, { target: { value: '   ' } })
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(onSend).not.toHaveBeenCalled()
    fireEvent.change(box, { target: { value: 'linha 1' } })
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true })
    expect(onSend).not.toHaveBeenCalled()
    fireEvent.change(box, { target: { value: ' linha 1\nlinha 2 ' } })
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(onSend).toHaveBeenCalledWith('linha 1\nlinha 2')
    expect(box.value).toBe('')
  })

  it('says typing once per refresh period and stops when the text is sent or cleared', () => {
    const { onTyping, box } = setup()
    fireEvent.change(box, { target: { value: 'o' } })
    fireEvent.change(box, { target: { value: 'oi' } })
    expect(onTyping.mock.calls).toEqual([[true]])
    fireEvent.change(box, { target: { value: '' } })
    expect(onTyping.mock.calls).toEqual([[true], [false]])
    fireEvent.change(box, { target: { value: 'de novo' } })
    fireEvent.blur(box)
    expect(onTyping.mock.calls).toEqual([[true], [false], [true], [false]])
  })

  it('refuses a message over the limit with a counter instead of cutting it', () => {
    const { onSend, box } = setup()
    fireEvent.change(box, { target: { value: 'a'.repeat(LIMITS.messageMax + 3) } })
    expect(screen.getByText('3 characters over the limit')).toBeTruthy()
    expect((screen.getByTestId('send-button') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(onSend).not.toHaveBeenCalled()
    expect(box.value).toHaveLength(LIMITS.messageMax + 3)
  })

  it('suggests members after @: arrows choose, Enter or Tab inserts, Escape closes', () => {
    const { onSend, box } = setup(['Ana', 'Ana Paula', 'Bia'])
    const options = () => screen.queryAllByTestId('mention-option').map((o) => o.textContent)
    fireEvent.change(box, { target: { value: 'oi @an', selectionStart: 6 } })
    expect(options()).toEqual(['@Ana', '@Ana Paula'])
    expect(box.getAttribute('aria-activedescendant')).toBe(
      screen.getAllByTestId('mention-option')[0]?.id
    )
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    expect(screen.getAllByTestId('mention-option')[1]?.getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(onSend).not.toHaveBeenCalled()
    expect(box.value).toBe('oi @Ana Paula ')
    expect(box.selectionStart).toBe('oi @Ana Paula '.length)
    expect(options()).toEqual([])

    fireEvent.change(box, { target: { value: 'oi @Ana Paula e @b', selectionStart: 18 } })
    expect(options()).toEqual(['@Bia'])
    fireEvent.keyDown(box, { key: 'Escape' })
    expect(options()).toEqual([])
    // With the list closed, Enter sends as usual.
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(onSend).toHaveBeenCalledWith('oi @Ana Paula e @b')

    fireEvent.change(box, { target: { value: '@b', selectionStart: 2 } })
    fireEvent.keyDown(box, { key: 'Tab' })
    expect(box.value).toBe('@Bia ')
    fireEvent.change(box, { target: { value: '@a', selectionStart: 2 } })
    fireEvent.mouseDown(screen.getAllByTestId('mention-option')[0] as HTMLElement)
    expect(box.value).toBe('@Ana ')
  })
})
