import { describe, expect, it } from 'vitest'
import { cssFiles, declarations, parseCss, readCss, type CssRule } from '../helpers/css'

// The renderer's styles live next to their components, on top of one file of design tokens
// (src/renderer/src/ui/tokens.css). With many files, a selector declared twice would make the
// look depend on the order the sheets are bundled in: each selector (in each media query) is
// declared once, in one file; colours are written only in the tokens; every variable used exists.

const TOKENS = 'src/renderer/src/ui/tokens.css'
const files = cssFiles()
const sheets = files.map((file) => ({ file, rules: parseCss(readCss(file)) }))

/** `selector` (or `@media … › selector`) → every place it is declared. */
function declarationsBySelector(list: { file: string; rules: CssRule[] }[]): Map<string, string[]> {
  const seen = new Map<string, string[]>()
  for (const { file, rules } of list) {
    for (const rule of rules) {
      for (const selector of rule.selectors) {
        const key = [...rule.context, selector].join(' › ')
        seen.set(key, [...(seen.get(key) ?? []), `${file}:${rule.line}`])
      }
    }
  }
  return seen
}

function duplicates(list: { file: string; rules: CssRule[] }[]): string[] {
  return [...declarationsBySelector(list)]
    .filter(([, places]) => places.length > 1)
    .map(([key, places]) => `${key} — ${places.join(', ')}`)
}

describe('renderer style sheets', () => {
  it('are split per component, on one tokens file', () => {
    expect(files).toContain(TOKENS)
    expect(files).not.toContain('src/renderer/src/styles.css')
    expect(files.length).toBeGreaterThan(10)
  })

  it('declare each selector once per media query, across all files', () => {
    expect(duplicates(sheets)).toEqual([])
  })

  it('write colours only in the tokens', () => {
    const literal = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/i
    const found = sheets
      .filter(({ file }) => file !== TOKENS)
      .flatMap(({ file, rules }) =>
        rules.flatMap((rule) =>
          Object.entries(declarations(rule.body))
            .filter(([, value]) => literal.test(value))
            .map(([name, value]) => `${file}:${rule.line} ${name}: ${value}`)
        )
      )
    expect(found).toEqual([])
  })

  it('use only variables that are defined', () => {
    const defined = new Set<string>()
    const used: string[] = []
    for (const { file, rules } of sheets) {
      for (const rule of rules) {
        for (const [name, value] of Object.entries(declarations(rule.body))) {
          if (name.startsWith('--')) defined.add(name)
          for (const m of value.matchAll(/var\(\s*(--[\w-]+)/g)) {
            used.push(`${m[1]} (${file}:${rule.line})`)
          }
        }
      }
    }
    expect(used.filter((u) => !defined.has(u.split(' ')[0] as string))).toEqual([])
  })
})

describe('the duplicate check itself', () => {
  const sheet = (file: string, css: string) => ({ file, rules: parseCss(css) })

  it('finds a selector declared again, alone or in a list, in the same or another file', () => {
    const found = duplicates([
      sheet('a.css', 'button, input,\ntextarea { font: inherit }\n.x > .y { color: red }'),
      sheet('b.css', '/* } */ textarea { resize: none }\n.x>.y { content: "{" }')
    ])
    expect(found).toEqual(['textarea — a.css:2, b.css:1', '.x > .y — a.css:3, b.css:2'])
  })

  it('tells media queries and compound selectors apart', () => {
    const found = duplicates([
      sheet(
        'a.css',
        '.x { a: b }\n.x.y { a: b }\n.x .y { a: b }\n@media (max-width: 9px) { .x { a: b } }'
      ),
      sheet('b.css', '@media (prefers-color-scheme: dark) { .x { a: b } }')
    ])
    expect(found).toEqual([])
  })
})
