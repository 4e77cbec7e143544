// Papo's host for the comparison, bundled by build.ts and run by plain `node` (no tsx): the
// same createHost the desktop app and the headless host run, with its abuse limits raised so
// that one load generator on one address may open 1,000 identities and send as fast as asked.
// Config as JSON in argv[2]: { dataDir }.
import { createHost } from '../../src/main/host'
import { BENCH_LIMITS, serveOrchestrator } from './common'

async function main(): Promise<void> {
  const { dataDir } = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string }
  const host = await createHost({
    port: 0,
    bindAddress: '127.0.0.1',
    dataDir,
    name: 'bench',
    rateLimits: BENCH_LIMITS
  })
  serveOrchestrator(host.port, () => host.stop())
}

main().catch((e: unknown) => {
  console.error(`papo bench server: ${(e as Error).stack ?? String(e)}`)
  process.exit(1)
})
