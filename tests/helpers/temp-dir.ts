import { afterEach } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh directory per test, removed by the returned function. */
export function makeTempDir(prefix = 'papo-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** `tempDir()` gives a fresh directory, removed after the test that asked for it. */
export function useTempDirs(prefix: string): () => string {
  const made: (() => void)[] = []
  afterEach(() => {
    for (const remove of made.splice(0)) remove()
  })
  return () => {
    const temp = makeTempDir(prefix)
    made.push(temp.remove)
    return temp.dir
  }
}
