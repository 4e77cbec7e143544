import { chmodSync, existsSync, mkdirSync } from 'node:fs'

/**
 * Papo's folders hold keys, a database of private chats and logs: only the person's own account
 * may read them (0700 folders, 0600 files), on a shared computer too. Windows ignores the modes;
 * its profile folders are already private.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  tightenMode(dir, 0o700)
}

/** Sets `mode` on `path` if it exists; a file system without modes (FAT, Windows) is left be. */
export function tightenMode(path: string, mode: number): void {
  if (!existsSync(path)) return
  try {
    chmodSync(path, mode)
  } catch {
    // Not ours to fix (a read-only mount): the folder's 0700 still keeps others out.
  }
}
