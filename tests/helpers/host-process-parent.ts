// A stand-in for the app: starts a host process through the Node launcher, prints
// {"pid","port"} on one line, and waits to be killed. The child should notice its parent went
// away and stop by itself (tests/integration/host-process.test.ts). Argument: the data folder.
import { createNodeHostLauncher } from '../../src/main/host-process/node-launcher'

async function main(): Promise<void> {
  const dataDir = process.argv[2]
  if (!dataDir) throw new Error('usage: host-process-parent.ts <dataDir>')
  const host = await createNodeHostLauncher().start({
    port: 0,
    portFallback: false,
    dataDir,
    name: 'orphan',
    version: '0',
    bindAddress: '127.0.0.1'
  })
  process.stdout.write(`${JSON.stringify({ pid: host.pid, port: host.port })}\n`)
  setInterval(() => {}, 60_000)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
