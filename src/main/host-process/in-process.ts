import { createHost } from '../host'
import type { HostExit, HostProcess, HostProcessLauncher } from './port'

/**
 * The same port, with createHost in this very process: what the app did before the host had a
 * process of its own, kept for the benchmark's comparison (scripts/bench-main-loop.ts). It
 * never ends unasked; a crash here would be the caller's own.
 */
export function createInProcessHostLauncher(): HostProcessLauncher {
  return {
    async start(options, hooks) {
      const host = await createHost({ ...options, log: hooks?.log })
      let exit: HostExit | null = null
      const listeners = new Set<(exit: HostExit) => void>()
      const hostProcess: HostProcess = {
        port: host.port,
        info: host.info,
        fingerprint: host.fingerprint,
        pid: process.pid,
        get exit() {
          return exit
        },
        addresses: () => host.addresses(),
        onExit(listener) {
          if (exit) {
            listener(exit)
            return () => {}
          }
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
        async stop() {
          await host.stop()
          if (exit) return
          exit = { code: 0, signal: null, expected: true, lastLines: [] }
          for (const listener of [...listeners]) listener(exit)
          listeners.clear()
        }
      }
      return hostProcess
    }
  }
}
