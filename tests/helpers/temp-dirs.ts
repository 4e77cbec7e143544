import { afterEach } from 'vitest'
import { makeTempDir } from './temp-dir'

// Apart from temp-dir.ts, which the benchmark scripts import outside vitest.

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
