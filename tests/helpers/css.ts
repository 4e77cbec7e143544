import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/** The repository root, and the folder whose style sheets the CSS tests read. */
export const ROOT = join(__dirname, '../..')
export const RENDERER = join(ROOT, 'src/renderer')

export interface CssRule {
  /** The at-rules around the rule, outermost first, e.g. `@media (max-width: 960px)`. */
  context: string[]
  /** One entry per selector of a comma-separated list, whitespace normalised. */
  selectors: string[]
  /** The rule's own declarations (text directly inside its braces). */
  body: string
  /** 1-based line of the rule's opening brace. */
  line: number
}

/** Every `.css` file under `dir`, as paths relative to the repository root, sorted. */
export function cssFiles(dir = RENDERER): string[] {
  const found: string[] = []
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.css')) found.push(relative(ROOT, path))
    }
  }
  walk(dir)
  return found.sort()
}

export function readCss(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8')
}

/** Splits at commas outside parentheses and brackets: `:is(a, b), c` is two selectors. */
function splitList(prelude: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const ch of prelude) {
    if (ch === '(' || ch === '[') depth++
    if (ch === ')' || ch === ']') depth--
    if (ch === ',' && depth === 0) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  return parts.map(normalise).filter((s) => s.length > 0)
}

function normalise(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s*([>+~])\s*/g, ' $1 ')
    .replace(/"/g, "'")
    .trim()
}

/**
 * A small CSS reader, enough for hand-written sheets: comments and strings are skipped, every
 * `{` opens either an at-rule (which becomes context for what it holds) or a style rule.
 */
export function parseCss(css: string): CssRule[] {
  const rules: CssRule[] = []
  // Each open block: its prelude, whether it is an at-rule, its own text, its line.
  const stack: { prelude: string; at: boolean; body: string; line: number }[] = []
  let pending = ''
  let line = 1
  for (let i = 0; i < css.length; i++) {
    const ch = css[i] as string
    if (ch === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2)
      const stop = end === -1 ? css.length : end + 2
      line += (css.slice(i, stop).match(/\n/g) ?? []).length
      i = stop - 1
      continue
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1
      while (j < css.length && css[j] !== ch) j += css[j] === '\\' ? 2 : 1
      pending += css.slice(i, j + 1)
      i = j
      continue
    }
    if (ch === '\n') line++
    if (ch === '{') {
      const prelude = pending.trim()
      stack.push({ prelude, at: prelude.startsWith('@'), body: '', line })
      pending = ''
    } else if (ch === '}') {
      const open = stack.pop()
      if (!open) throw new Error(`unbalanced } at line ${line}`)
      if (!open.at) {
        rules.push({
          context: stack.filter((s) => s.at).map((s) => normalise(s.prelude.toLowerCase())),
          selectors: splitList(open.prelude),
          body: open.body + pending,
          line: open.line
        })
      }
      pending = ''
    } else if (ch === ';') {
      const top = stack[stack.length - 1]
      if (top) top.body += pending + ';'
      pending = ''
    } else {
      pending += ch
    }
  }
  if (stack.length > 0) throw new Error(`unclosed { from line ${stack[0]?.line}`)
  return rules
}

/** `--name: value` declarations of a rule body. */
export function declarations(body: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of body.split(';')) {
    const colon = part.indexOf(':')
    if (colon === -1) continue
    out[part.slice(0, colon).trim()] = part.slice(colon + 1).trim()
  }
  return out
}
