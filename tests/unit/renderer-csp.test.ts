import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { relaxScriptSrc } from '../../scripts/vite-dev-csp'

const ROOT = join(__dirname, '../..')
const STRICT =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"

describe('renderer Content-Security-Policy', () => {
  it('is strict in the source page', () => {
    const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8')
    expect(html.replace(/\s+/g, ' ')).toContain(`content="${STRICT}"`)
  })

  it('stays strict in the built page, which loads no inline script', () => {
    const built = join(ROOT, 'out/renderer/index.html')
    if (!existsSync(built)) return // npm test builds first; a lone unit run may not have
    const html = readFileSync(built, 'utf8')
    expect(html.replace(/\s+/g, ' ')).toContain(`content="${STRICT}"`)
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
  })

  it('is loosened for the dev server only, for React Fast Refresh', () => {
    const relaxed = relaxScriptSrc(`<meta content="${STRICT}">`)
    expect(relaxed).toContain("script-src 'self' 'unsafe-inline';")
    expect(relaxScriptSrc(relaxed)).toBe(relaxed)
  })
})
