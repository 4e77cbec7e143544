import { describe, expect, it } from 'vitest'
import { parseMessage, safeLinkTarget, type MdNode } from '../../src/shared/markdown'

const text = (v: string): MdNode => ({ t: 'text', v })

describe('message markdown, parsed', () => {
  it('leaves snake_case, e-mail addresses and lone markers alone', () => {
    expect(parseMessage('my_var_name e ana@escola.br 2 * 3 * 4')).toEqual([
      text('my_var_name e ana@escola.br 2 * 3 * 4')
    ])
  })

  it('does not mangle text that only looks like emphasis', () => {
    for (const typed of [
      '¯\\_(ツ)_/¯',
      '2*3*4',
      '__init__',
      'snake_case_name',
      'def __init__(self): pass',
      'a_b_c e x*y*z'
    ]) {
      expect(parseMessage(typed), typed).toEqual([text(typed)])
    }
  })

  it('takes **bold**, _it_ and *it* where CommonMark does', () => {
    expect(parseMessage('**bold** _it_ *it*')).toEqual([
      { t: 'bold', c: [text('bold')] },
      text(' '),
      { t: 'italic', c: [text('it')] },
      text(' '),
      { t: 'italic', c: [text('it')] }
    ])
  })

  it('honours backslash escapes', () => {
    expect(parseMessage('\\*not italic\\*')).toEqual([text('*not italic*')])
    expect(parseMessage('\\_\\_init\\_\\_ and \\`x\\`')).toEqual([text('__init__ and `x`')])
  })

  it('formats nothing inside inline code', () => {
    expect(parseMessage('run `a*b*c @Ana` now', ['Ana'])).toEqual([
      text('run '),
      { t: 'code', v: 'a*b*c @Ana' },
      text(' now')
    ])
  })

  it('reads fenced code, quotes and lists as blocks', () => {
    expect(parseMessage('```js\nlet a = *1*\n```')).toEqual([{ t: 'codeblock', v: 'let a = *1*' }])
    expect(parseMessage('> quoted\n\n- a\n- b\n\n3. x\n4. y')).toEqual([
      { t: 'quote', c: [text('quoted')] },
      { t: 'list', ordered: false, start: null, items: [[text('a')], [text('b')]] },
      { t: 'list', ordered: true, start: 3, items: [[text('x')], [text('y')]] }
    ])
  })

  it('links only http, https and mailto targets; anything else stays as typed', () => {
    for (const typed of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](data:text/html,<script>alert(1)</script>)',
      '[x](file:///etc/passwd)',
      '[x](/relative)',
      '[x](vbscript:msgbox)'
    ]) {
      expect(parseMessage(typed), typed).toEqual([text(typed)])
    }
    expect(parseMessage('[ok](http://ok.example)')).toEqual([
      { t: 'link', href: 'http://ok.example/', c: [text('ok')] }
    ])
    expect(parseMessage('<mailto:ana@escola.br>')).toEqual([
      { t: 'link', href: 'mailto:ana@escola.br', c: [text('mailto:ana@escola.br')] }
    ])
    expect(safeLinkTarget('https://a.example/x')).toBe('https://a.example/x')
    expect(safeLinkTarget(' javascript:alert(1)')).toBeNull()
    expect(safeLinkTarget('http:///nohost')).not.toBe('http:///nohost')
  })

  it('keeps raw HTML as text', () => {
    expect(parseMessage('<img src=x onerror=alert(1)>')).toEqual([
      text('<img src=x onerror=alert(1)>')
    ])
    expect(parseMessage('<div>\n*x*\n</div>')).toEqual([
      text('<div>\n'),
      { t: 'italic', c: [text('x')] },
      text('\n</div>')
    ])
  })

  it('marks ~~strike~~ and mentions on the text, not inside links or code', () => {
    expect(parseMessage('~~@bia~~ e [@Ana](https://x.example) `@Ana`', ['Ana', 'bia'])).toEqual([
      { t: 'strike', c: [{ t: 'mention', v: '@bia' }] },
      text(' e '),
      { t: 'link', href: 'https://x.example/', c: [text('@Ana')] },
      text(' '),
      { t: 'code', v: '@Ana' }
    ])
  })

  it('parses long hostile input in bounded time', () => {
    for (const unit of ['*_[', '~~a ', '[](', '**_', '> - ']) {
      const input = unit.repeat(Math.ceil(4_000 / unit.length)).slice(0, 4_000)
      const started = performance.now()
      const nodes = parseMessage(input, ['Ana'])
      expect(performance.now() - started, unit).toBeLessThan(1_000)
      expect(nodes.length).toBeGreaterThan(0)
    }
  })
})
