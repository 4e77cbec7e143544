import { describe, expect, it } from 'vitest'
import { PERSON_COLORS } from '../../src/renderer/src/format/person-color'
import { declarations, parseCss, readCss } from '../helpers/css'

// The theme is a set of CSS variables, all in the design tokens, each colour written once as
// light-dark(light, dark) (or one value for both); each pair the UI draws text (or a focus ring)
// with is checked against WCAG's contrast ratio in both themes: 4.5:1 for text, 3:1 for rings.

const TOKENS = 'src/renderer/src/ui/tokens.css'
const HEX = '#[0-9a-f]{6}'
const rules = parseCss(readCss(TOKENS))
const root = rules.filter((rule) => rule.selectors.includes(':root') && rule.context.length === 0)
const rootDeclarations = Object.assign(
  {},
  ...root.map((rule) => declarations(rule.body))
) as Record<string, string>

/** Every colour token, as the light theme and the dark theme see it; `both` when it is one value. */
function palette() {
  const light: Record<string, string> = {}
  const dark: Record<string, string> = {}
  const both: string[] = []
  const unread: string[] = []
  for (const [name, value] of Object.entries(rootDeclarations)) {
    if (!name.startsWith('--')) continue
    const pair = new RegExp(`^light-dark\\(\\s*(${HEX})\\s*,\\s*(${HEX})\\s*\\)$`, 'i').exec(value)
    if (pair) {
      light[name.slice(2)] = pair[1] as string
      dark[name.slice(2)] = pair[2] as string
    } else if (new RegExp(`^${HEX}$`, 'i').test(value)) {
      light[name.slice(2)] = dark[name.slice(2)] = value
      both.push(name.slice(2))
    } else if (/#|light-dark/i.test(value)) {
      unread.push(`${name}: ${value}`)
    }
  }
  return { light, dark, both, unread }
}

const { light, dark, both, unread } = palette()

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
  // One's status under one's name (the picker, hovered), and the hint of a checked status.
  ['sidebar-muted', 'sidebar-hover'],
  ['muted', 'accent-soft'],
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
// Status dots (WCAG's 3:1 for marks that carry meaning) on the three backgrounds they sit on: the
// members pane, the status menu and the sidebar (direct messages, one's own name).
const MARKS: [string, string][] = ['presence-online', 'presence-away', 'presence-dnd'].flatMap(
  (dot): [string, string][] => [
    [dot, 'bg'],
    [dot, 'panel'],
    [dot, 'sidebar']
  ]
)

it('reads both themes from the tokens', () => {
  expect(Object.keys(light).length).toBeGreaterThan(20)
  // Every colour is a plain hex or a light-dark() pair of them, so none escapes the checks below.
  expect(unread).toEqual([])
  // One value for both themes only where that is the point: the sidebar is dark in both (its text
  // and focus ring), the status dots (each reads on both themes' backgrounds, checked below), and
  // QR codes stay black on white for phones to read them.
  expect(both.sort()).toEqual([
    'presence-away',
    'presence-dnd',
    'presence-online',
    'qr-dark',
    'qr-light',
    'sidebar-focus',
    'sidebar-text'
  ])
})

it('follows the system unless Settings chose a theme, with one palette', () => {
  // light-dark() picks by color-scheme: the system's on :root, the choice under data-theme.
  expect(rootDeclarations['color-scheme']).toBe('light dark')
  const scheme = (selector: string) =>
    rules
      .filter((rule) => rule.selectors.includes(selector) && rule.context.length === 0)
      .map((rule) => declarations(rule.body))
  expect(scheme(":root[data-theme='light']")).toEqual([{ 'color-scheme': 'light' }])
  expect(scheme(":root[data-theme='dark']")).toEqual([{ 'color-scheme': 'dark' }])
  // No second copy of the colours anywhere (a media query, a theme block) to drift apart.
  const elsewhere = rules.filter(
    (rule) =>
      !root.includes(rule) && Object.keys(declarations(rule.body)).some((n) => n.startsWith('--'))
  )
  expect(elsewhere.map((rule) => rule.selectors.join(', '))).toEqual([])
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
  it.each(MARKS)('%s dot on %s is at least 3:1', (fg, bg) => {
    expect(vars[fg], fg).toBeDefined()
    expect(vars[bg], bg).toBeDefined()
    expect(ratio(vars[fg] as string, vars[bg] as string)).toBeGreaterThanOrEqual(3)
  })
})
