// Where `npm run bench`'s parts write their figures as JSON, so runs can be compared later.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** BENCH_OUT_DIR, or bench-results/ at the top of the project (ignored by git). */
export const benchOutDir = (env: NodeJS.ProcessEnv): string =>
  env['BENCH_OUT_DIR'] ?? join(__dirname, '..', 'bench-results')

/** Writes `report` to `<outDir>/<part>-<ISO time>.json` and returns that file's path. */
export function writeBenchResults(outDir: string, part: string, at: Date, report: unknown): string {
  mkdirSync(outDir, { recursive: true })
  const file = join(outDir, `${part}-${at.toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
  return file
}
