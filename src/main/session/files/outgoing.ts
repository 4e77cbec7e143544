import { rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ensurePrivateDir } from '../../storage/private-files'

/**
 * Bytes to send that have no file of their own (a pasted image, a long paste sent as a text
 * file) are written here first, so an upload always reads from disk and resumes the same way.
 * The folder is in the app's private data folder (0700, files 0600); each file goes when its
 * transfer does, and whatever a crash left behind goes when the next session starts.
 */
/** Its name in the app's data folder. */
export const OUTGOING_FOLDER = 'outgoing'

export interface OutgoingFolder {
  /** Writes `bytes` under `id` and returns the path. */
  write(id: string, bytes: Buffer): Promise<string>
  remove(id: string): void
  /** Removes every file (the session ended, or a new one starts). */
  clear(): void
}

export function createOutgoingFolder(dir: string): OutgoingFolder {
  const pathOf = (id: string): string => join(dir, id)
  return {
    async write(id, bytes) {
      ensurePrivateDir(dir)
      const path = pathOf(id)
      await writeFile(path, bytes, { mode: 0o600 })
      return path
    },
    remove(id) {
      rmSync(pathOf(id), { force: true })
    },
    clear() {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
