import { createHost, type PapoHost } from '../host'
import {
  toHostProcessSchema,
  type FromHostProcess,
  type HostProcessOptions,
  type HostStartFailure
} from './protocol'

// The host process: the entry a launcher forks (out/main/host-process.js in the app, this file
// through tsx in the tests). It runs the same createHost the app ran in its main process, and
// speaks protocol.ts with whoever started it, over Electron's process.parentPort in a
// utilityProcess or Node's IPC channel after child_process.fork. No Electron import: the same
// file runs under both.

/** The parent side of the channel, whichever kind it is. */
interface Parent {
  send(message: FromHostProcess): void
  onMessage(listener: (raw: unknown) => void): void
  /** Exits once what was sent has left (as far as the channel can tell). */
  exitAfterSend(code: number): void
}

/** What Electron puts on `process` in a utilityProcess (typed here to keep electron out). */
interface ParentPortLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
}

/** stop() is bounded by itself; this backstops anything that still hangs. */
const HARD_EXIT_MS = 3_000
/** How often the child checks that its parent is still there. */
const PARENT_CHECK_MS = 1_000

function connectToParent(onGone: () => void): Parent | null {
  const port = (process as unknown as { parentPort?: ParentPortLike | null }).parentPort
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      // postMessage has no completion callback: a moment for the last messages to leave.
      exitAfterSend: (code) => void setTimeout(() => process.exit(code), 100)
    }
  }
  const send = process.send?.bind(process)
  if (!send) return null
  process.on('disconnect', onGone)
  return {
    send: (message) => {
      if (process.connected) send(message)
    },
    onMessage: (listener) => process.on('message', listener),
    exitAfterSend: (code) => {
      if (!process.connected) process.exit(code)
      // Messages leave in order: once this one has, every earlier one has too.
      send({ type: 'log', line: `host process exiting (${code})` } satisfies FromHostProcess, () =>
        process.exit(code)
      )
    }
  }
}

let host: PapoHost | null = null
let starting: Promise<void> | null = null
let ending = false

const parent = connectToParent(() => void end(1, 'the app went away'))
if (!parent) {
  console.error(
    'The Papo host process is started by the app (child_process.fork or utilityProcess).'
  )
  process.exit(2)
}
const log = (line: string): void => parent.send({ type: 'log', line })

async function start(options: HostProcessOptions): Promise<void> {
  try {
    const started = await createHost({ ...options, log })
    host = started
    // A stop that came while starting: end() stops it once this returns.
    if (!ending) {
      parent?.send({
        type: 'ready',
        port: started.port,
        info: started.info,
        fingerprint: started.fingerprint
      })
    }
  } catch (e) {
    const code: HostStartFailure =
      (e as { code?: unknown }).code === 'PORT_IN_USE' ? 'PORT_IN_USE' : 'INTERNAL'
    if (code === 'INTERNAL') log(`host failed to start: ${(e as Error).stack ?? String(e)}`)
    parent?.send({ type: 'failed', code, message: (e as Error).message ?? String(e) })
  }
}

/** Stops the host (clients hear host-stopping) and exits; once, whatever asks first. */
async function end(code: number, why: string): Promise<void> {
  if (ending) return
  ending = true
  log(`host process stopping: ${why}`)
  setTimeout(() => process.exit(code === 0 ? 1 : code), HARD_EXIT_MS).unref()
  await starting
  await host?.stop().catch((e: unknown) => log(`host stop failed: ${String(e)}`))
  parent?.exitAfterSend(code)
}

parent.onMessage((raw) => {
  const parsed = toHostProcessSchema.safeParse(raw)
  if (!parsed.success) {
    log(`host process: ignored a malformed message (${JSON.stringify(raw)?.slice(0, 200)})`)
    return
  }
  const message = parsed.data
  if (message.type === 'start') {
    if (starting || ending) log('host process: already started')
    else starting = start(message.options)
  } else void end(0, 'asked to stop')
})

// Nobody left to stop it: a parent that died without a word (or Electron's utilityProcess,
// whose parentPort has no disconnect event) leaves this process to a new parent.
const parentPid = process.ppid
setInterval(() => {
  if (process.ppid !== parentPid) void end(1, 'the app went away')
}, PARENT_CHECK_MS).unref()
process.on('SIGTERM', () => void end(0, 'SIGTERM'))
process.on('SIGINT', () => void end(0, 'SIGINT'))

parent.send({ type: 'hello' })
