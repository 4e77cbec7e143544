import { existsSync, linkSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { firstFreeName } from './unique-name'

/** The suffix of a download still arriving; renamed away once complete and checked. */
export const PART_SUFFIX = '.part'

/**
 * Most file systems take 255 bytes per name. A sanitised name may be 120 characters of up to
 * four bytes each, and " (12)" and ".part" still have to fit.
 */
const NAME_BYTES_MAX = 200

/** `name` cut (before its extension) to fit NAME_BYTES_MAX in UTF-8, whole characters only. */
export function fitName(name: string): string {
  if (Buffer.byteLength(name) <= NAME_BYTES_MAX) return name
  const dot = name.lastIndexOf('.')
  const ext = dot > 0 && Buffer.byteLength(name.slice(dot)) <= 20 ? name.slice(dot) : ''
  const stem = [...name.slice(0, name.length - ext.length)]
  while (stem.length > 1 && Buffer.byteLength(stem.join('') + ext) > NAME_BYTES_MAX) stem.pop()
  return stem.join('') + ext
}

/**
 * Where downloads land in one folder: each gets a name no file there has (nor its ".part"), nor
 * any other download of this session still arriving, and keeps it until it is renamed into
 * place — without overwriting what may have appeared there meanwhile.
 */
export interface SaveTargets {
  /** A free name for `name` in `dir`, held until released; null if none could be found. */
  reserve(dir: string, name: string): { path: string; partPath: string } | null
  /**
   * Moves a finished `.part` file to its name, or to the next free one if something took that
   * name meanwhile; the path it ended at.
   */
  commit(partPath: string, path: string): string
  release(path: string): void
  /** Deletes a ".part" file that will not be finished (cancelled, damaged, the session ended). */
  discard(partPath: string): void
}

export function createSaveTargets(): SaveTargets {
  const held = new Set<string>()
  const taken = (dir: string) => (candidate: string) => {
    const path = join(dir, candidate)
    return held.has(path) || existsSync(path) || existsSync(path + PART_SUFFIX)
  }

  /** Link then unlink: a link fails if the name exists, where a rename would replace it. */
  const placeWithoutOverwrite = (partPath: string, path: string): boolean => {
    try {
      linkSync(partPath, path)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return false
      // A file system without hard links (FAT on a USB stick, some network shares): the check
      // and the rename are two steps there, the best such a folder allows.
      if (existsSync(path)) return false
      renameSync(partPath, path)
      return true
    }
    rmSync(partPath, { force: true })
    return true
  }

  return {
    reserve(dir, name) {
      const free = firstFreeName(fitName(name), taken(dir))
      if (free === null) return null
      const path = join(dir, free)
      held.add(path)
      return { path, partPath: path + PART_SUFFIX }
    },
    commit(partPath, path) {
      if (placeWithoutOverwrite(partPath, path)) return path
      const dir = dirname(path)
      for (;;) {
        // `path` itself is still held, so the search starts past it.
        const free = firstFreeName(basename(path), (candidate) => {
          const p = join(dir, candidate)
          return held.has(p) || existsSync(p)
        })
        if (free === null) throw Object.assign(new Error('no free name'), { code: 'EEXIST' })
        if (placeWithoutOverwrite(partPath, join(dir, free))) return join(dir, free)
      }
    },
    release(path) {
      held.delete(path)
    },
    discard(partPath) {
      try {
        rmSync(partPath, { force: true })
      } catch {
        // Already gone, or not ours to delete any more: nothing is lost by leaving it.
      }
    }
  }
}
