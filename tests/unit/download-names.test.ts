import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSaveTargets, fitName } from '../../src/main/session/files/save-target'
import { firstFreeName, numberedName } from '../../src/main/session/files/unique-name'
import { makeTempDir } from '../helpers/temp-dir'

// A download never overwrites anything: it takes the first free "name (n).ext", holds it while
// it arrives as ".part", and is moved into place without replacing what may have appeared.

describe('numbered copies', () => {
  it('numbers before the extension, as file managers do', () => {
    expect(numberedName('photo.jpg', 0)).toBe('photo.jpg')
    expect(numberedName('photo.jpg', 1)).toBe('photo (1).jpg')
    expect(numberedName('notes.tar.gz', 2)).toBe('notes.tar (2).gz')
    expect(numberedName('README', 3)).toBe('README (3)')
    expect(numberedName('.bashrc', 1)).toBe('.bashrc (1)')
  })

  it('takes the first name nobody has', () => {
    const taken = new Set(['a.txt', 'a (1).txt', 'a (3).txt'])
    expect(firstFreeName('a.txt', (n) => taken.has(n))).toBe('a (2).txt')
    expect(firstFreeName('b.txt', (n) => taken.has(n))).toBe('b.txt')
    expect(firstFreeName('a.txt', () => true)).toBeNull()
  })

  it('cuts a name too long for the file system in bytes, keeping its extension', () => {
    const long = `${'ç'.repeat(119)}.pdf`
    const fitted = fitName(long)
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(200)
    expect(fitted.endsWith('.pdf')).toBe(true)
    expect(fitName('short.txt')).toBe('short.txt')
    // Whole characters only: an emoji is never split into a broken one.
    const emoji = fitName(`${'😀'.repeat(80)}.png`)
    expect([...emoji.slice(0, -4)].every((c) => c === '😀')).toBe(true)
  })
})

describe('save targets', () => {
  const temps: { remove(): void }[] = []
  afterEach(() => temps.splice(0).forEach((t) => t.remove()))
  const folder = (): string => {
    const t = makeTempDir('papo-downloads-')
    temps.push(t)
    return t.dir
  }

  it('skips names on disk, their .part files and names held by other downloads', () => {
    const dir = folder()
    writeFileSync(join(dir, 'report.pdf'), 'old')
    writeFileSync(join(dir, 'report (1).pdf.part'), 'half')
    const targets = createSaveTargets()
    const first = targets.reserve(dir, 'report.pdf')
    const second = targets.reserve(dir, 'report.pdf')
    expect(first).toEqual({
      path: join(dir, 'report (2).pdf'),
      partPath: join(dir, 'report (2).pdf.part')
    })
    expect(second?.path).toBe(join(dir, 'report (3).pdf'))
    targets.release(join(dir, 'report (2).pdf'))
    expect(targets.reserve(dir, 'report.pdf')?.path).toBe(join(dir, 'report (2).pdf'))
  })

  it('moves a finished file into place, and to the next free name if one appeared meanwhile', () => {
    const dir = folder()
    const targets = createSaveTargets()
    const target = targets.reserve(dir, 'song.mp3')!
    writeFileSync(target.partPath, 'new bytes')
    // Someone saved a file by that name while the download ran.
    writeFileSync(target.path, 'their file')
    const placed = targets.commit(target.partPath, target.path)
    expect(placed).toBe(join(dir, 'song (1).mp3'))
    expect(readFileSync(target.path, 'utf8')).toBe('their file')
    expect(readFileSync(placed, 'utf8')).toBe('new bytes')
    expect(existsSync(target.partPath)).toBe(false)

    const plain = targets.reserve(dir, 'clip.mp4')!
    writeFileSync(plain.partPath, 'clip')
    expect(targets.commit(plain.partPath, plain.path)).toBe(plain.path)
    expect(existsSync(plain.partPath)).toBe(false)
  })

  it('discards a .part that will not be finished', () => {
    const dir = folder()
    const targets = createSaveTargets()
    const target = targets.reserve(dir, 'x.bin')!
    writeFileSync(target.partPath, 'x')
    targets.discard(target.partPath)
    targets.discard(target.partPath)
    expect(existsSync(target.partPath)).toBe(false)
  })
})
