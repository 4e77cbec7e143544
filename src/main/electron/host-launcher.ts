import { utilityProcess } from 'electron'
import { join } from 'node:path'
import { superviseHostProcess, type HostProcessLauncher } from '../host-process'

/**
 * The built host process entry (src/main/host-process/child.ts), beside this bundle: the
 * electron-vite main build has it as a second input (electron.vite.config.ts).
 */
export const HOST_PROCESS_ENTRY = join(__dirname, 'host-process.js')

/**
 * Hosts in Electron utility processes: off the main process, so a busy host does not hold up
 * IPC and window events, and a crash of the host does not take the window down. Same protocol
 * as the Node launcher the tests use (src/main/host-process/node-launcher.ts).
 */
export function createUtilityHostLauncher(entry = HOST_PROCESS_ENTRY): HostProcessLauncher {
  return {
    start: (options, hooks) =>
      superviseHostProcess(
        (events) => {
          const child = utilityProcess.fork(entry, [], {
            serviceName: 'Papo host',
            // Piped, so a crash's last words (an uncaught error's stack) reach main's log.
            stdio: 'pipe'
          })
          child.on('message', (message: unknown) => events.message(message))
          child.stdout?.on('data', (chunk: Buffer | string) => events.output(chunk, 'stdout'))
          child.stderr?.on('data', (chunk: Buffer | string) => events.output(chunk, 'stderr'))
          child.on('exit', (code) => events.exit(code, null))
          child.on('error', (type, location) =>
            events.error(`host process: ${type} at ${location}`)
          )
          return {
            get pid() {
              return child.pid
            },
            send(message) {
              try {
                child.postMessage(message)
              } catch (e) {
                events.error(`host process: could not send ${message.type}: ${String(e)}`)
              }
            },
            kill() {
              // kill() asks politely (SIGTERM); this is for a child that did not stop when asked.
              const pid = child.pid
              try {
                if (pid !== undefined) process.kill(pid, 'SIGKILL')
                else child.kill()
              } catch {
                child.kill()
              }
            }
          }
        },
        options,
        hooks
      )
  }
}
