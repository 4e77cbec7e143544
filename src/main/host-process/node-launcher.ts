import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { HostProcessLauncher } from './port'
import { superviseHostProcess, type HostProcessTimeouts } from './supervise'

/** The child entry as source; run through tsx. */
export const HOST_CHILD_SOURCE = join(__dirname, 'child.ts')

export interface NodeHostLauncherOptions {
  /**
   * The child entry: a built .js/.cjs (run by plain node), or a .ts file run through tsx.
   * Default: child.ts next to this file, through tsx (tests, running from source).
   */
  entry?: string
  /** The child's environment; default this process's (NODE_OPTIONS always dropped). */
  env?: NodeJS.ProcessEnv
  timeouts?: Partial<HostProcessTimeouts>
}

/** `--import` for tsx by absolute URL, so the child does not depend on its working folder. */
function tsxImport(): string {
  return pathToFileURL(createRequire(__filename).resolve('tsx')).href
}

/**
 * Hosts in child processes of plain Node (child_process.fork with an IPC channel): what the
 * tests and the benchmark use; the app uses Electron's utilityProcess
 * (src/main/electron/host-launcher.ts) over the same protocol.
 */
export function createNodeHostLauncher(opts: NodeHostLauncherOptions = {}): HostProcessLauncher {
  const entry = opts.entry ?? HOST_CHILD_SOURCE
  const execArgv = /\.[cm]?tsx?$/.test(entry) ? ['--import', tsxImport()] : []
  return {
    start: (options, hooks) =>
      superviseHostProcess(
        (events) => {
          const env = { ...(opts.env ?? process.env) }
          // Whatever the parent runs under (a test runner's loader, an inspector) stays there.
          delete env['NODE_OPTIONS']
          const child = fork(entry, [], {
            execArgv,
            env,
            stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
            serialization: 'json'
          })
          child.on('message', (message) => events.message(message))
          child.stdout?.on('data', (chunk: Buffer) => events.output(chunk, 'stdout'))
          child.stderr?.on('data', (chunk: Buffer) => events.output(chunk, 'stderr'))
          // 'close', not 'exit': the child's last output has been read by then.
          child.on('close', (code, signal) => events.exit(code, signal))
          child.on('error', (error) => events.error(`host process: ${error.message}`))
          return {
            get pid() {
              return child.pid
            },
            send(message) {
              if (child.connected) child.send(message)
            },
            kill() {
              child.kill('SIGKILL')
            }
          }
        },
        options,
        hooks,
        opts.timeouts
      )
  }
}
