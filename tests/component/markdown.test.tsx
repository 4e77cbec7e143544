import { fireEvent, render } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { mentionNames, parseMessage } from '../../src/shared/markdown'
import { mentionsMe, roomMentionNames } from '../../src/shared/mentions'
import { renderMessageText } from '../../src/renderer/src/markdown/render'

function show(text: string, openLink = vi.fn()) {
  const view = render(
    <div data-testid="t">{renderMessageText(text, { openLink, selfNickname: 'Ana' })}</div>
  )
  return { el: view.getByTestId('t'), openLink }
}

describe('message markdown', () => {
  it('renders bold, italic, strike, code and code blocks as elements', () => {
    const { el } = show('**negrito** *itálico* _também_ ~~riscado~~ `x < y`\n```\nlet a = 1\n```')
    expect(el.querySelector('strong')?.textContent).toBe('negrito')
    expect([...el.querySelectorAll('em')].map((e) => e.textContent)).toEqual(['itálico', 'também'])
    expect(el.querySelector('del')?.textContent).toBe('riscado')
    expect(el.querySelector('code')?.textContent).toBe('x < y')
    expect(el.querySelector('pre code')?.textContent).toBe('let a = 1')
  })

  it('keeps HTML as text: nothing typed becomes markup or runs', () => {
    const { el } = show('<b>oi</b> <img src=x onerror="alert(1)"> <script>alert(2)</script>')
    expect(el.querySelector('b, img, script')).toBeNull()
    expect(el.textContent).toBe(
      '<b>oi</b> <img src=x onerror="alert(1)"> <script>alert(2)</script>'
    )
  })

  it('links only http(s) URLs, opened through the bridge, never javascript:', () => {
    const { el, openLink } = show('veja https://example.org/a_b_c. e javascript:alert(1)')
    const links = el.querySelectorAll('a')
    expect(links).toHaveLength(1)
    expect(links[0]?.getAttribute('href')).toBe('https://example.org/a_b_c')
    expect(el.textContent).toContain('javascript:alert(1)')
    fireEvent.click(links[0] as HTMLAnchorElement)
    expect(openLink).toHaveBeenCalledWith('https://example.org/a_b_c')
  })

  it('highlights a mention of the reader', () => {
    const { el } = show('@ana olha isso, @Bia também')
    expect(el.querySelector('.mention-self')?.textContent).toBe('@ana')
    expect(el.querySelectorAll('.mention')).toHaveLength(2)
  })

  it('recognises nicknames with spaces whole, in any case, also inside formatting', () => {
    const names = mentionNames(['Ana', 'Ana Paula', 'Zé.Luiz'])
    const mentions = (text: string) =>
      render(
        <div data-testid="m">
          {renderMessageText(text, {
            openLink: vi.fn(),
            selfNickname: 'Ana Paula',
            mentionNames: names
          })}
        </div>
      )
    const first = mentions('@ana paula, vem! **@Zé.Luiz** e @Ana Paulinha').getByTestId('m')
    expect([...first.querySelectorAll('.mention')].map((e) => e.textContent)).toEqual([
      '@ana paula',
      '@Zé.Luiz',
      '@Ana'
    ])
    expect(first.querySelector('.mention-self')?.textContent).toBe('@ana paula')
    expect(first.querySelector('strong .mention')?.textContent).toBe('@Zé.Luiz')
    // Not a nickname of the room: the plain @word rule still marks it, and only that word.
    expect(parseMessage('oi @Carla Souza', names)).toEqual([
      { t: 'text', v: 'oi ' },
      { t: 'mention', v: '@Carla' },
      { t: 'text', v: ' Souza' }
    ])
  })

  it('highlights exactly the mentions that notify: never in code, whole names, whole words', () => {
    const members = [{ nickname: 'Ana' }, { nickname: 'Ana Paula' }, { nickname: 'Bia' }]
    const highlighted = (text: string, self: string) => {
      const names = roomMentionNames(self, members)
      const view = render(
        <div data-testid="h">
          {renderMessageText(text, { openLink: vi.fn(), selfNickname: self, mentionNames: names })}
        </div>
      )
      const found = view.getByTestId('h').querySelector('.mention-self') !== null
      view.unmount()
      // What the notification decides, from the same text and the same names.
      expect(mentionsMe(text, self, names), text).toBe(found)
      return found
    }
    expect(highlighted('olha `@Ana` aqui', 'Ana')).toBe(false)
    expect(highlighted('```\n@Ana\n```', 'Ana')).toBe(false)
    expect(highlighted('@Ana Paula, vem!', 'Ana Paula')).toBe(true)
    expect(highlighted('@Ana Paula, vem!', 'Ana')).toBe(false)
    expect(highlighted('@Anabel chegou', 'Ana')).toBe(false)
    expect(highlighted('oi @ANA.', 'Ana')).toBe(true)
    expect(highlighted('~~@bia~~ e _@Ana_', 'Bia')).toBe(true)
    expect(highlighted('https://example.org/@Ana', 'Ana')).toBe(false)
    // Markers that straddle a code span: one parse decides both.
    expect(highlighted('**`x**`@Ana`', 'Ana')).toBe(false)
    expect(highlighted('**x `a** @Ana`', 'Ana')).toBe(true)
  })
})
