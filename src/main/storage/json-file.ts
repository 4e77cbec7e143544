import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { z } from 'zod'
import { ensurePrivateDir } from './private-files'

/** Reads a small JSON file; a missing or corrupt one yields null rather than blocking start-up. */
export function readJsonFile<T extends z.ZodType>(file: string, schema: T): z.infer<T> | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return null
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Write-then-rename, so a crash mid-write never leaves half a file behind. */
export function writeJsonFile(file: string, value: unknown, mode = 0o600): void {
  ensurePrivateDir(dirname(file))
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(value, null, 2), { mode })
  renameSync(tmp, file)
}
