import { join } from 'node:path'
import { createHost, type HostOptions, type PapoHost } from '../../src/main/host'
import { startHeadless, type HeadlessProcess } from './host-process'
import { freePort } from './tcp-tools'
import { makeTempDir } from './temp-dir'

/**
 * A host that a test can stop and start again on the same loopback port and data folder, as a
 * person restarting Papo (or a headless host) would: the same host id comes back, so joined
 * sessions should find their way back to it by themselves.
 */
export interface RestartableHost {
  readonly port: number
  readonly dataDir: string
  readonly running: boolean
  start(): Promise<void>
  /** A clean stop: clients are told `host-stopping`. */
  stop(): Promise<void>
  /** Stops (if running) and removes a data folder this fixture made. */
  close(): Promise<void>
}

export interface InProcessHost extends RestartableHost {
  /** The running host; throws while stopped. */
  readonly host: PapoHost
}

/** In this process, through createHost; fast to restart. */
export async function inProcessHost(
  options: Partial<HostOptions> & { port?: number } = {}
): Promise<InProcessHost> {
  const temp = options.dataDir ? null : makeTempDir('papo-host-')
  const dataDir = options.dataDir ?? (temp as { dir: string }).dir
  const port = options.port ?? (await freePort())
  let host: PapoHost | null = null
  const fixture: InProcessHost = {
    port,
    dataDir,
    get running() {
      return host !== null
    },
    get host() {
      if (!host) throw new Error('host is stopped')
      return host
    },
    async start() {
      if (host) return
      host = await createHost({ bindAddress: '127.0.0.1', ...options, port, dataDir })
    },
    async stop() {
      const h = host
      host = null
      await h?.stop()
    },
    async close() {
      await fixture.stop()
      temp?.remove()
    }
  }
  await fixture.start()
  return fixture
}

export interface ChildProcessHost extends RestartableHost {
  /** `kill -9`: no goodbye to anyone, nothing flushed that was not already committed. */
  kill(): Promise<void>
  output(): string
}

/** `npm run host` as a real child process (through tsx), so it can be killed with SIGKILL. */
export async function childProcessHost(
  options: { port?: number; dataDir?: string; startTimeoutMs?: number } = {}
): Promise<ChildProcessHost> {
  const temp = options.dataDir ? null : makeTempDir('papo-child-host-')
  const dataDir = options.dataDir ?? join((temp as { dir: string }).dir, 'data')
  const port = options.port ?? (await freePort())
  const startTimeoutMs = options.startTimeoutMs ?? 20_000
  let current: HeadlessProcess | null = null
  /** Output of the runs before the current one. */
  let earlier = ''

  const waitForExit = async (host: HeadlessProcess, timeoutMs: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      host.exited,
      new Promise<void>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`host did not exit:\n${host.output()}`)),
          timeoutMs
        )
      })
    ]).finally(() => clearTimeout(timer))
  }

  const end = async (signal: 'SIGINT' | 'SIGKILL', timeoutMs: number): Promise<void> => {
    const host = current
    if (!host) return
    host.child.kill(signal)
    await waitForExit(host, timeoutMs)
  }

  const fixture: ChildProcessHost = {
    port,
    dataDir,
    get running() {
      return current !== null
    },
    output: () => earlier + (current?.output() ?? ''),
    async start() {
      if (current) return
      const host = startHeadless(['--port', String(port), '--data', dataDir, '--bind', '127.0.0.1'])
      current = host
      void host.exited.then(() => {
        if (current !== host) return
        earlier += host.output()
        current = null
      })
      await host.waitFor(/Listening on port \d+/, startTimeoutMs)
    },
    stop: () => end('SIGINT', 10_000),
    kill: () => end('SIGKILL', 5_000),
    async close() {
      await fixture.kill()
      temp?.remove()
    }
  }
  await fixture.start()
  return fixture
}
