import type { PapoHost } from '../host'
import type { HostProcessOptions } from './protocol'

export type { HostProcessOptions } from './protocol'

/**
 * How a host process ended. `expected` is true when the parent asked for it (`stop()`); anything
 * else (a crash, a kill, an exit nobody asked for) is unexpected.
 */
export interface HostExit {
  /** The exit code, or null when a signal ended it (Node reports one or the other). */
  code: number | null
  /** The signal that ended it (Node); Electron's utilityProcess reports only a code. */
  signal: string | null
  expected: boolean
  /** The last lines the process logged or printed (stderr included), oldest first. */
  lastLines: string[]
}

/**
 * A Papo host running in a process of its own. It is a PapoHost (port, info, addresses, stop),
 * so the session runs it as it ran an in-process one, plus what only a process has: a pid and an
 * end that can come unasked.
 */
export interface HostProcess extends PapoHost {
  /** The child's pid; undefined if the platform has not told it yet. */
  readonly pid: number | undefined
  /** How it ended; null while it runs. */
  readonly exit: HostExit | null
  /**
   * Called once, when the process has ended, asked or not (called at once if it already has).
   * Returns a function that stops listening.
   */
  onExit(listener: (exit: HostExit) => void): () => void
  /**
   * Clean stop: the host tells its clients `host-stopping`, closes them and the database, and the
   * process exits; killed if it has not within a few seconds. Resolves once it has exited.
   */
  stop(): Promise<void>
}

export interface HostLaunchHooks {
  /** Every line the host logs (and the process prints), for the parent's log. */
  log?(line: string): void
}

/**
 * Starts hosts in processes of their own: Node's child_process.fork (node-launcher.ts: tests,
 * the benchmark) or Electron's utilityProcess (src/main/electron/host-launcher.ts: the app).
 */
export interface HostProcessLauncher {
  /**
   * Starts a host process and resolves once its host listens. Rejects like createHost: an error
   * with `code: 'PORT_IN_USE'` when the port (or every fallback port) is taken, another error
   * when the process fails to start, fails to answer, or exits first.
   */
  start(options: HostProcessOptions, hooks?: HostLaunchHooks): Promise<HostProcess>
}

/** What `start` rejects with. */
export class HostStartError extends Error {
  constructor(
    readonly code: 'PORT_IN_USE' | 'INTERNAL',
    message: string
  ) {
    super(message)
    this.name = 'HostStartError'
  }
}
