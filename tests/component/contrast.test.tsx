import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The theme is a set of CSS variables per colour scheme; each pair the UI draws text (or a focus
// ring) with is checked against WCAG's contrast ratio: 4.5:1 for text, 3:1 for focus rings.

const css = readFileSync(join(__dirname, '../../src/renderer/src/styles.css'), 'utf8')

function variables(block: string): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const m of block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})\s*;/gi)) {
    vars[m[1] as string] = m[2] as string
  }
  return vars
}

const light = variables(/:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '')
const dark = {
  ...light,
  ...variables(/prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '')
}

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
  ['sidebar-muted', 'sidebar']
]
const RINGS: [string, string][] = [
  ['focus', 'panel'],
  ['focus', 'bg'],
  ['sidebar-focus', 'sidebar']
]

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
    expect(ratio(vars[fg] as string, vars[bg] as string)).toBeGreaterThanOrEqual(3)
  })
})
