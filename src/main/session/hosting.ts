import { err, ok, type Result } from '../../shared/result'
import type { PapoHost } from '../host'
import {
  describeExit,
  type HostExit,
  type HostProcess,
  type HostProcessLauncher,
  type HostProcessOptions
} from '../host-process'

/**
 * The host a hosting session runs, in a process of its own, for as long as the session lasts.
 * It is the PapoHost the live session stops when it ends, whichever process runs it by then:
 * when the process ends unasked it is reported (`onCrash`) and can be started again (`restart`)
 * on the same port and data folder, so the same host id answers where everyone waits for it.
 */
export interface Hosting extends PapoHost {
  /** Why the host process ended unasked; null while it runs (or once stopped). */
  readonly crash: { reason: string } | null
  /**
   * Starts the host process again after a crash, on the port it had, with the same data folder.
   * Ok at once if it runs; PORT_IN_USE if something else took the port meanwhile.
   */
  restart(): Promise<Result<Record<string, never>>>
}

export interface HostingOptions {
  launcher: HostProcessLauncher
  options: HostProcessOptions
  log(line: string): void
  /** The host process ended unasked (after it was ready), with a short reason. */
  onCrash(reason: string): void
}

/** `host: ` before every line the host process logs, so main's log tells them apart. */
const prefixed =
  (log: (line: string) => void) =>
  (line: string): void =>
    log(`host: ${line}`)

/**
 * Starts the host process; rejects as the launcher does (PORT_IN_USE with `code`), so the
 * session answers what it answered when the host ran in its own process.
 */
export async function startHosting({
  launcher,
  options,
  log,
  onCrash
}: HostingOptions): Promise<Hosting> {
  const hooks = { log: prefixed(log) }
  const first = await launcher.start(options, hooks)
  const port = first.port
  let current: HostProcess | null = first
  let crash: { reason: string } | null = null
  let restarting: Promise<Result<Record<string, never>>> | null = null
  let stopped = false

  const watch = (hostProcess: HostProcess): void => {
    hostProcess.onExit((exit: HostExit) => {
      if (exit.expected || stopped || current !== hostProcess) return
      current = null
      const reason = describeExit(exit)
      crash = { reason }
      log(`the host process ended unexpectedly (${reason}); its last lines:`)
      for (const line of exit.lastLines) log(`  ${line}`)
      onCrash(reason)
    })
  }
  watch(first)

  async function restartNow(): Promise<Result<Record<string, never>>> {
    log(`restarting the host process on port ${port}`)
    let next: HostProcess
    try {
      // Exactly the port it had: that is where everyone's rejoin loop is knocking.
      next = await launcher.start({ ...options, port, portFallback: false }, hooks)
    } catch (e) {
      if ((e as { code?: unknown }).code === 'PORT_IN_USE') {
        return err(
          'PORT_IN_USE',
          `Port ${port} is in use by another program now; close it, or log out and host again.`
        )
      }
      log(`the host process did not start again: ${String(e)}`)
      return err('INTERNAL', `Could not restart hosting: ${(e as Error).message}`)
    }
    if (stopped) {
      await next.stop()
      return err('NOT_CONNECTED', 'Not hosting any more.')
    }
    if (next.info.hostId !== first.info.hostId) {
      log(`the restarted host has another host id (${next.info.hostId}, was ${first.info.hostId})`)
    }
    current = next
    crash = null
    watch(next)
    log(`the host process is back on port ${port}`)
    return ok({})
  }

  return {
    port,
    info: first.info,
    fingerprint: first.fingerprint,
    addresses: () => (current ?? first).addresses(),
    get crash() {
      return crash
    },
    restart() {
      if (stopped) return Promise.resolve(err('NOT_CONNECTED', 'Not hosting any more.'))
      if (current) return Promise.resolve(ok({}))
      restarting ??= restartNow().finally(() => {
        restarting = null
      })
      return restarting
    },
    async stop() {
      stopped = true
      crash = null
      // A restart under way ends first, so the process it starts is stopped too.
      await restarting
      const running = current
      current = null
      await running?.stop()
    }
  }
}
