import { describe, expect, it } from 'vitest'
import { FALLBACK_FILE_NAME, sanitizeFileName } from '../../src/shared/file-name'
import { FILE_LIMITS } from '../../src/shared/files'

const points = (text: string): number => [...text].length

describe('file names from the network', () => {
  const cases: [string, string, string][] = [
    ['a plain name', 'relatório final.pdf', 'relatório final.pdf'],
    ['a path up and out', '../../etc/passwd', 'passwd'],
    ['a Windows path', 'C:\\Users\\ana\\..\\evil.bat', 'evil.bat'],
    ['a path ending in a slash', 'folder/', FALLBACK_FILE_NAME],
    ['only dots', '..', FALLBACK_FILE_NAME],
    ['empty', '', FALLBACK_FILE_NAME],
    ['only spaces and dots', ' . . ', FALLBACK_FILE_NAME],
    ['NUL and escape characters', 'a\u0000b\u001b[2Jc.txt', 'ab[2Jc.txt'],
    ['C1 controls', 'x\u0080y\u009bz.txt', 'xyz.txt'],
    ['tabs and line breaks become spaces', 'a\tb\r\nc.txt', 'a b c.txt'],
    ['right-to-left override', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['bidi isolates and marks', '\u2067a\u2069b\u200fc.txt', 'abc.txt'],
    ['zero-width space and BOM', 'a\u200bb\ufeff.txt', 'ab.txt'],
    ['Windows forbidden characters', 'a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['trailing dots and spaces', 'run.exe. . ', 'run.exe'],
    ['leading spaces', '   notes.txt', 'notes.txt'],
    ['reserved CON with an extension', 'CON.txt', '_CON.txt'],
    ['reserved in lower case', 'nul', '_nul'],
    ['reserved with two extensions', 'aux.tar.gz', '_aux.tar.gz'],
    ['reserved COM and LPT ports', 'COM1.log', '_COM1.log'],
    ['reserved LPT with a superscript', 'LPT¹', '_LPT¹'],
    ['reserved with a space before the dot', 'PRN .txt', '_PRN .txt'],
    ['not reserved: a longer word', 'CONSOLE.txt', 'CONSOLE.txt'],
    ['a hidden-file name stays', '.gitignore', '.gitignore'],
    ['emoji sequences keep their joiners', '👩‍💻 trabalho.png', '👩‍💻 trabalho.png'],
    ['decomposed accents are composed', 'Jose\u0301.txt', 'José.txt']
  ]
  it.each(cases)('%s', (_what, raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected)
  })

  it('cuts long names to the limit in code points, keeping the extension', () => {
    const long = sanitizeFileName(`${'a'.repeat(500)}.docx`)
    expect(points(long)).toBe(FILE_LIMITS.nameMax)
    expect(long.endsWith('.docx')).toBe(true)
    const emoji = sanitizeFileName(`${'😀'.repeat(300)}.png`)
    expect(points(emoji)).toBe(FILE_LIMITS.nameMax)
    expect(emoji.endsWith('.png')).toBe(true)
    // Never half a surrogate pair.
    expect(emoji).toBe(emoji.normalize('NFC'))
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(emoji)).toBe(false)
    // An "extension" too long to be one is cut like the rest.
    expect(points(sanitizeFileName(`x.${'y'.repeat(300)}`))).toBe(FILE_LIMITS.nameMax)
    // A cut that ends in dots or spaces loses them too.
    expect(sanitizeFileName(`${'a'.repeat(7)}. . ${'b'.repeat(20)}`, 9)).toBe('aaaaaaa')
    expect(sanitizeFileName('abcdef.txt', 8)).toBe('abcd.txt')
  })

  it('is stable: cleaning a clean name changes nothing', () => {
    for (const [, raw] of cases) {
      const once = sanitizeFileName(raw)
      expect(sanitizeFileName(once)).toBe(once)
    }
  })
})
