import { describe, expect, it } from 'vitest'
import { PERSON_COLORS } from '../../src/renderer/src/format/person-color'
import { declarations, parseCss, readCss } from '../helpers/css'

// The theme is a set of CSS variables per colour scheme, all in the design tokens; each pair the
// UI draws text (or a focus ring) with is checked against WCAG's contrast ratio: 4.5:1 for text,
// 3:1 for focus rings.

const TOKENS = 'src/renderer/src/ui/tokens.css'
const DARK = '@media (prefers-color-scheme: dark)'

function colours(context: string[]): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const rule of parseCss(readCss(TOKENS))) {
    if (!rule.selectors.includes(':root') || rule.context.join(' ') !== context.join(' ')) continue
    for (const [name, value] of Object.entries(declarations(rule.body))) {
      if (name.startsWith('--') && /^#[0-9a-f]{6}$/i.test(value)) vars[name.slice(2)] = value
    }
  }
  return vars
}

const light = colours([])
const dark = { ...light, ...colours([DARK]) }

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function ratio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

const TEXT: [string, string][] = [
  ['text', 'bg'],
  ['text', 'panel'],
  ['text', 'code-bg'],
  ['text', 'mention'],
  ['text', 'accent-soft'],
  ['muted', 'bg'],
  ['muted', 'panel'],
  ['notice', 'panel'],
  ['accent', 'panel'],
  ['accent', 'bg'],
  ['accent-text', 'accent'],
  ['danger', 'panel'],
  ['danger', 'bg'],
  ['danger-text', 'danger'],
  ['banner-warn-text', 'banner-warn'],
  ['sidebar-text', 'sidebar'],
  ['sidebar-text', 'sidebar-hover'],
  ['sidebar-text', 'sidebar-current'],
  ['sidebar-muted', 'sidebar'],
  // A colour per person (format/person-color.ts): names on the message background (and on the
  // flash of a message jumped to), and the initial on the avatar.
  ...Array.from({ length: PERSON_COLORS }, (_, i): [string, string][] => [
    [`person-${i + 1}`, 'bg'],
    [`person-${i + 1}`, 'panel'],
    [`person-${i + 1}`, 'mention'],
    ['person-text', `person-${i + 1}`]
  ]).flat()
]
const RINGS: [string, string][] = [
  ['focus', 'panel'],
  ['focus', 'bg'],
  ['sidebar-focus', 'sidebar']
]

it('reads both themes from the tokens', () => {
  // The dark block redefines every colour the light one has except the sidebar's focus ring,
  // which is made for the sidebar, dark in both themes.
  expect(Object.keys(light).length).toBeGreaterThan(20)
  expect(Object.keys(colours([DARK])).sort()).toEqual(
    Object.keys(light)
      .filter((name) => name !== 'sidebar-focus' && name !== 'presence-online')
      .sort()
  )
})

describe.each([
  ['light', light],
  ['dark', dark]
])('%s theme contrast', (_name, vars) => {
  it.each(TEXT)('%s on %s is at least 4.5:1', (fg, bg) => {
    expect(vars[fg], fg).toBeDefined()
    expect(vars[bg], bg).toBeDefined()
    expect(ratio(vars[fg] as string, vars[bg] as string)).toBeGreaterThanOrEqual(4.5)
  })
  it.each(RINGS)('%s ring on %s is at least 3:1', (fg, bg) => {
    expect(vars[fg], fg).toBeDefined()
    expect(vars[bg], bg).toBeDefined()
    expect(ratio(vars[fg] as string, vars[bg] as string)).toBeGreaterThanOrEqual(3)
  })
})
