import { existsSync, statfsSync } from 'node:fs'
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { err, type Err } from '../../../shared/result'
import type { FileTables } from '../../store'
import { ensurePrivateDir } from '../../storage/private-files'

/**
 * Where the host keeps files: each content once, named by its SHA-256, in
 * `<dataDir>/files/<first two hex digits>/<sha256>` (so no folder holds too many), and the
 * uploads on their way in `<dataDir>/files/incoming/<uploadId>`. A content is moved into place
 * with a rename once complete, so a half-written file is never served; content already there is
 * not stored twice. A content nothing refers to any more is deleted.
 */

export interface FileStorageOptions {
  dataDir: string
  files: FileTables
  maxFileBytes: number
  maxTotalBytes: number
  log: (line: string) => void
}

export interface FileStorage {
  readonly maxFileBytes: number
  readonly maxTotalBytes: number
  /** Where the staging file of an upload is. */
  incomingPath(uploadId: string): string
  /** Where a stored content is. */
  pathOf(sha256: string): string
  /** Bytes of every stored content (the records' sum). */
  usedBytes(): number
  /**
   * Null when a file of `size` bytes may be stored: within the file limit, and within the total
   * with every other open upload's size set aside (`uploadId` is the upload asking, if open);
   * FILE_TOO_BIG or STORAGE_FULL otherwise, with the limit in the message.
   */
  refusal(size: number, uploadId?: string): Err | null
  /**
   * Runs `work` while nothing else runs on the same content (placing it, deleting it), so a
   * content being deleted is never the one another upload just found already there.
   */
  withContent<T>(sha256: string, work: () => Promise<T>): Promise<T>
  /** True when the content is on disk (then a new copy of it is not kept). */
  contains(sha256: string): Promise<boolean>
  /** A complete staging file moved into place as `sha256` (inside {@link withContent}). */
  place(stagingPath: string, sha256: string): Promise<void>
  /** Small content (a thumbnail) written into place, unless that content is there. */
  writeSmall(bytes: Uint8Array, sha256: string): Promise<void>
  /** Deletes a content placed for a message that was then not stored (no record names it). */
  dropIfUnrecorded(sha256: string): Promise<void>
  /** Deletes from disk, and forgets, every content nothing refers to any more. */
  release(): Promise<void>
  /**
   * At start: contents on disk that no record names (a crash between a rename and its commit)
   * and records nothing refers to go; staging files of no open upload too.
   */
  tidy(openUploads: readonly string[]): Promise<void>
}

const SHA256 = /^[0-9a-f]{64}$/
/** The disk itself must keep this much free beyond a file, for the database and the system. */
const DISK_MARGIN_BYTES = 64 * 1024 * 1024

/** `12.3 MB`: limits said in refusals, in the units people read. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value >= 100 ? Math.round(value) : Number(value.toFixed(1))} ${units[unit]}`
}

export function createFileStorage(options: FileStorageOptions): FileStorage {
  const { files, log } = options
  const root = join(options.dataDir, 'files')
  const incoming = join(root, 'incoming')
  ensurePrivateDir(root)
  ensurePrivateDir(incoming)

  const pathOf = (sha256: string): string => {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`)
    return join(root, sha256.slice(0, 2), sha256)
  }

  /** Work per content, one after the other (a promise chain per hash, dropped when idle). */
  const chains = new Map<string, Promise<unknown>>()
  const withContent = <T>(sha256: string, work: () => Promise<T>): Promise<T> => {
    const before = chains.get(sha256) ?? Promise.resolve()
    const run = before.then(work, work)
    const settled = run.catch(() => {})
    chains.set(sha256, settled)
    void settled.then(() => {
      if (chains.get(sha256) === settled) chains.delete(sha256)
    })
    return run
  }

  const ensureFolder = async (sha256: string): Promise<void> => {
    await mkdir(join(root, sha256.slice(0, 2)), { recursive: true, mode: 0o700 })
  }

  /** Deletes a content's file and its record, if nothing refers to it (under its lock). */
  const deleteIfUnreferenced = (sha256: string): Promise<void> =>
    withContent(sha256, async () => {
      if (!files.deleteFileIfUnreferenced(sha256)) return
      await rm(pathOf(sha256), { force: true })
    })

  const release = async (): Promise<void> => {
    for (const sha256 of files.unreferenced()) await deleteIfUnreferenced(sha256)
  }

  /** Bytes the disk can still take (null when the system cannot tell). */
  const diskFree = (): number | null => {
    try {
      const s = statfsSync(root)
      return s.bavail * s.bsize
    } catch {
      return null
    }
  }

  return {
    maxFileBytes: options.maxFileBytes,
    maxTotalBytes: options.maxTotalBytes,
    incomingPath: (uploadId) => join(incoming, uploadId),
    pathOf,
    usedBytes: () => files.usedBytes(),

    refusal(size, uploadId) {
      if (size > options.maxFileBytes) {
        return err(
          'FILE_TOO_BIG',
          `Files may be at most ${formatBytes(options.maxFileBytes)} on this host.`
        )
      }
      const taken = files.usedBytes() + files.reservedBytes(uploadId)
      if (taken + size > options.maxTotalBytes) {
        const left = Math.max(0, options.maxTotalBytes - taken)
        return err(
          'STORAGE_FULL',
          `This host keeps at most ${formatBytes(options.maxTotalBytes)} of files, ` +
            `and ${formatBytes(left)} of it is left.`
        )
      }
      const free = diskFree()
      if (free !== null && free < size + DISK_MARGIN_BYTES) {
        return err('STORAGE_FULL', `The host's disk has only ${formatBytes(free)} free.`)
      }
      return null
    },

    withContent,

    async contains(sha256) {
      return existsSync(pathOf(sha256))
    },

    async place(stagingPath, sha256) {
      await ensureFolder(sha256)
      await rename(stagingPath, pathOf(sha256))
    },

    async writeSmall(bytes, sha256) {
      const target = pathOf(sha256)
      if (existsSync(target)) return
      await ensureFolder(sha256)
      // Written aside and renamed, so a crash never leaves half a thumbnail under its hash.
      const aside = join(incoming, `${sha256}.part`)
      const handle = await open(aside, 'w', 0o600)
      try {
        await handle.writeFile(bytes)
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(aside, target)
    },

    async dropIfUnrecorded(sha256) {
      if (files.file(sha256) === null) await rm(pathOf(sha256), { force: true })
    },

    release,

    async tidy(openUploads) {
      const recorded = new Set(files.fileHashes())
      const open = new Set(openUploads)
      let folders: string[] = []
      try {
        folders = await readdir(root)
      } catch {
        return
      }
      for (const folder of folders) {
        const path = join(root, folder)
        if (folder === 'incoming') {
          for (const name of await readdir(path)) {
            if (!open.has(name)) await rm(join(path, name), { force: true })
          }
          continue
        }
        if (!/^[0-9a-f]{2}$/.test(folder) || !(await stat(path)).isDirectory()) continue
        for (const name of await readdir(path)) {
          if (recorded.has(name)) continue
          await withContent(name, async () => {
            if (files.file(name) === null) await unlink(join(path, name)).catch(() => {})
          })
          log(`deleted a stored file no record names: ${name}`)
        }
      }
      await release()
    }
  }
}
