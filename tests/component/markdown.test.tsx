import { fireEvent, render } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { parseMessage } from '../../src/renderer/src/markdown/parse'
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

  it('leaves snake_case, e-mail addresses and lone markers alone', () => {
    expect(parseMessage('my_var_name e ana@escola.br 2 * 3 * 4')).toEqual([
      { t: 'text', v: 'my_var_name e ana@escola.br 2 * 3 * 4' }
    ])
  })

  it('highlights a mention of the reader', () => {
    const { el } = show('@ana olha isso, @Bia também')
    expect(el.querySelector('.mention-self')?.textContent).toBe('@ana')
    expect(el.querySelectorAll('.mention')).toHaveLength(2)
  })
})
