import { act, fireEvent, render } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { createI18n } from '../../src/renderer/src/i18n'
import { mentionNames, parseMessage } from '../../src/shared/markdown'
import { mentionsMe, roomMentionNames } from '../../src/shared/mentions'
import { renderMessageText } from '../../src/renderer/src/markdown/render'

function show(text: string, openLink = vi.fn()) {
  const view = render(
    <I18nextProvider i18n={createI18n('en')}>
      <div data-testid="t" className="message-text">
        {renderMessageText(text, { openLink, selfNickname: 'Ana' })}
      </div>
    </I18nextProvider>
  )
  return { el: view.getByTestId('t'), openLink, unmount: view.unmount }
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
    // Markers that straddle a code span: one parse decides both, and (CommonMark) code spans
    // bind before emphasis.
    expect(highlighted('**`x**`@Ana`', 'Ana')).toBe(true)
    expect(highlighted('**x `a** @Ana`', 'Ana')).toBe(false)
    // In a quote, a list or a link's text.
    expect(highlighted('> oi @Ana', 'Ana')).toBe(true)
    expect(highlighted('- um\n- @Ana', 'Ana')).toBe(true)
    expect(highlighted('[@Ana](https://x.example)', 'Ana')).toBe(false)
  })
  it('shows text that only looks like emphasis exactly as typed', () => {
    for (const typed of ['¯\\_(ツ)_/¯', '2*3*4', '__init__', 'snake_case_name']) {
      const { el, unmount } = show(typed)
      expect(el.textContent, typed).toBe(typed)
      expect(el.querySelector('em, strong'), typed).toBeNull()
      unmount()
    }
  })

  it('renders emphasis CommonMark takes, honours escapes, formats nothing in code', () => {
    const { el } = show('**bold** _it_ *it* \\*not italic\\* `a*b*c`')
    expect(el.querySelector('strong')?.textContent).toBe('bold')
    expect([...el.querySelectorAll('em')].map((e) => e.textContent)).toEqual(['it', 'it'])
    expect(el.querySelector('code')?.textContent).toBe('a*b*c')
    expect(el.textContent).toBe('bold it it *not italic* a*b*c')
  })

  it('shows a fenced code block whose Copy button copies the code', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.assign(navigator, { clipboard: { writeText } })
    const { el } = show('olha:\n\n```ts\nconst a = *1* // <b>\n```')
    const block = el.querySelector('[data-testid="code-block"]')
    expect(block?.querySelector('pre code')?.textContent).toBe('const a = *1* // <b>')
    expect(block?.querySelector('em, b')).toBeNull()
    const copy = el.querySelector('[data-testid="code-copy"]') as HTMLButtonElement
    await act(async () => {
      fireEvent.click(copy)
      await Promise.resolve()
    })
    expect(writeText).toHaveBeenCalledWith('const a = *1* // <b>')
    expect(copy.textContent).toBe('Copied')
  })

  it('links [text](url) only to http, https and mailto, with the target shown on hover', () => {
    const hostile = [
      '[a](javascript:alert(1))',
      '[b](JaVaScRiPt:alert(1))',
      '[c](data:text/html,<script>alert(1)</script>)',
      '[d](file:///etc/passwd)'
    ]
    const { el, openLink } = show(`${hostile.join(' ')} [x](http://ok.example)`)
    const links = el.querySelectorAll('a')
    expect(links).toHaveLength(1)
    expect(links[0]?.textContent).toBe('x')
    expect(links[0]?.getAttribute('title')).toBe('http://ok.example/')
    expect(el.querySelector('script')).toBeNull()
    for (const typed of hostile) expect(el.textContent).toContain(typed)
    fireEvent.click(links[0] as HTMLAnchorElement)
    expect(openLink).toHaveBeenCalledWith('http://ok.example/')
    expect(openLink).toHaveBeenCalledTimes(1)
  })

  it('renders block quotes and lists compactly', () => {
    const { el } = show('> citado @Ana\n\n- um\n- **dois**\n\n3. três\n4. quatro')
    expect(el.querySelector('blockquote')?.textContent).toBe('citado @Ana')
    expect(el.querySelector('blockquote .mention-self')?.textContent).toBe('@Ana')
    expect([...el.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual(['um', 'dois'])
    expect(el.querySelector('ul strong')?.textContent).toBe('dois')
    const ol = el.querySelector('ol')
    expect(ol?.getAttribute('start')).toBe('3')
    expect([...(ol?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual([
      'três',
      'quatro'
    ])
    // Tight list items hold their text, not a paragraph each.
    expect(el.querySelector('li p')).toBeNull()
  })

  it('keeps a one-paragraph message free of block elements', () => {
    const { el } = show('oi **você**\nsegunda linha')
    expect(el.querySelector('p, div, ul, blockquote')).toBeNull()
    expect(el.textContent).toBe('oi você\nsegunda linha')
  })

  it('renders 4,000 characters of hostile markers in bounded time', () => {
    const input = '*_['.repeat(1_334).slice(0, 4_000)
    const started = performance.now()
    const { el } = show(input)
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(el.textContent?.length).toBeGreaterThan(0)
  })
})
