// `npm run bench:compare`: only the comparison of Papo's host with bare Socket.IO and raw ws
// (also the `compare` part of `npm run bench`). Settings from the environment; see README.md.
import { optionsFromEnv, runCompare } from './compare'

async function main(): Promise<number> {
  const report = await runCompare(optionsFromEnv())
  return report.cells.some((c) => c.error) ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bench-compare: ${(e as Error).message}`)
    process.exit(1)
  }
)
