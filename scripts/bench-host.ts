// A Papo host in its own process for the benchmark, so the load generator and the host do not
// share one event loop (as on a real network). Options come as JSON in argv[2]; prints
// "PORT <n>" once listening and stops on SIGTERM.
import { createHost, type HostOptions } from '../src/main/host'

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as HostOptions
  const host = await createHost({ port: 0, bindAddress: '127.0.0.1', ...options })
  console.log(`PORT ${host.port}`)
  process.on('SIGTERM', () => {
    void host.stop().then(() => process.exit(0))
  })
}

void main()
