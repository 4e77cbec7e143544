import { describe, expect, it } from 'vitest'
import {
  PERSON_COLORS,
  personClass,
  personColorIndex
} from '../../src/renderer/src/format/person-color'
import { declarations, parseCss, readCss } from '../helpers/css'

const ids = Array.from({ length: 200 }, (_, i) => `u-${i.toString(36)}-${(i * 7919).toString(16)}`)

describe('a colour per person', () => {
  it('is stable: the same id always gets the same colour', () => {
    for (const id of ids) {
      expect(personColorIndex(id)).toBe(personColorIndex(id))
      expect(personClass(id)).toBe(`person-${personColorIndex(id)}`)
    }
    // Fixed values, so a change to the hash (which would repaint everyone) is deliberate.
    expect(['u-ana', 'u-bia', 'u-caio', ''].map(personColorIndex)).toEqual([8, 2, 8, 6])
  })

  it('is within the palette, and spreads people over all of it', () => {
    const seen = new Map<number, number>()
    for (const id of ids) {
      const index = personColorIndex(id)
      expect(Number.isInteger(index)).toBe(true)
      expect(index).toBeGreaterThanOrEqual(1)
      expect(index).toBeLessThanOrEqual(PERSON_COLORS)
      seen.set(index, (seen.get(index) ?? 0) + 1)
    }
    expect(seen.size).toBe(PERSON_COLORS)
    // No colour takes more than twice its fair share of 200 ids.
    for (const count of seen.values()) expect(count).toBeLessThan((2 * 200) / PERSON_COLORS)
  })

  it('tells people apart by id', () => {
    const distinct = new Set(['u-ana', 'u-bia', 'u-caio', 'u-eve', 'u-jose'].map(personColorIndex))
    expect(distinct.size).toBeGreaterThan(1)
  })

  it('has a token per palette colour in both themes, and a class setting each', () => {
    const tokens = parseCss(readCss('src/renderer/src/ui/tokens.css'))
    // One :root rule, each colour a light-dark(light, dark) pair of hex colours.
    const root = tokens.filter((r) => r.selectors.includes(':root'))
    expect(root.length).toBe(1)
    const vars = declarations(root[0]!.body)
    const pair = /^light-dark\(\s*#[0-9a-f]{6}\s*,\s*#[0-9a-f]{6}\s*\)$/i
    for (let i = 1; i <= PERSON_COLORS; i++) expect(vars[`--person-${i}`]).toMatch(pair)
    expect(vars[`--person-${PERSON_COLORS + 1}`]).toBeUndefined()
    expect(vars['--person-text']).toMatch(/^(#[0-9a-f]{6}|light-dark\(.*\))$/i)
    const classes = parseCss(readCss('src/renderer/src/components/AuthorName.css'))
    for (let i = 1; i <= PERSON_COLORS; i++) {
      const rule = classes.find((r) => r.selectors.includes(`.person-${i}`))
      expect(rule && declarations(rule.body)['--person']).toBe(`var(--person-${i})`)
    }
  })
})
