// Papo's host for the comparison, bundled by build.ts and run by plain `node` (no tsx): the
// same createHost the desktop app and the headless host run, with its abuse limits raised so
// that one load generator on one address may open 1,000 identities and send as fast as asked.
// Config as JSON in argv[2]: { dataDir }.
import { createHost } from '../../src/main/host'
import type { RateLimits } from '../../src/shared/limits'
import { serveOrchestrator } from './common'

const UNLIMITED = { count: 1_000_000_000, windowMs: 1_000 }

/** Only the rules a benchmark from one address crosses; everything else stays as shipped. */
const BENCH_LIMITS: Partial<RateLimits> = {
  messagesPerIdentity: UNLIMITED,
  messagesPerAddress: UNLIMITED,
  newIdentitiesPerAddress: UNLIMITED,
  presenceNoticesPerIdentity: UNLIMITED
}

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
