import { open } from 'node:fs/promises'
import { basename } from 'node:path'

/**
 * The name the save dialog proposes. It comes from the renderer, so it is a name and never a
 * path (no folder, no `..`), with the characters Windows refuses in a file name replaced.
 */
export function proposedFileName(defaultName: string): string {
  const name = basename(defaultName.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_')
    .trim()
  return name === '' || name === '.' || name === '..' ? 'papo.txt' : name
}

/**
 * Writes `content` to `file` readable by its owner only (0600), an existing file included: an
 * export of private chats must not inherit a 0644 left by whatever was there. The mode is set on
 * the emptied file before a byte of the new content is written.
 */
export async function writePrivateTextFile(file: string, content: string): Promise<void> {
  const handle = await open(file, 'w', 0o600)
  try {
    if (process.platform !== 'win32') await handle.chmod(0o600)
    await handle.writeFile(content, 'utf8')
  } finally {
    await handle.close()
  }
}
