import type { HostInfo } from '../../shared/models'
import { shareableAddresses } from '../network/interfaces'
import type { HostExit, HostLaunchHooks, HostProcess, HostProcessOptions } from './port'
import { HostStartError } from './port'
import { fromHostProcessSchema, type ToHostProcess } from './protocol'

// The parent's half of the host process protocol (protocol.ts), the same for every way of
// starting the child: a launcher only forks it and wires its events here.

/** What a launcher reports of the child it forked. */
export interface ChildEvents {
  /** A message from the child, as it came (validated here). */
  message(raw: unknown): void
  /** A chunk of the child's stdout or stderr. */
  output(chunk: Buffer | string, stream: 'stdout' | 'stderr'): void
  /** The child has ended; Node gives a code or a signal, Electron a code. */
  exit(code: number | null, signal: string | null): void
  /** Something the platform said about the child (a spawn error, a fatal V8 report). */
  error(text: string): void
}

/** What a launcher lets the supervisor do with the child it forked. */
export interface ChildControl {
  readonly pid: number | undefined
  send(message: ToHostProcess): void
  /** Ends it at once (SIGKILL or the platform's equivalent). */
  kill(): void
}

export interface HostProcessTimeouts {
  /** From fork to `ready`: loading, opening the database, listening. */
  startMs: number
  /** From `stop` to exit before the child is killed; the host's own stop is bounded (~1.3 s). */
  stopMs: number
}

export const HOST_PROCESS_TIMEOUTS: HostProcessTimeouts = { startMs: 30_000, stopMs: 4_000 }

/** How many of the child's last log and output lines an exit report carries. */
const LAST_LINES = 30
const LINE_MAX = 500

/** "exit code 1", "killed by SIGKILL". */
export function describeExit(exit: Pick<HostExit, 'code' | 'signal'>): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code ?? '?'}`
}

/** Cuts a stream of chunks into lines; `flush` gives the unfinished last one. */
export function lineSplitter(onLine: (line: string) => void): {
  push(chunk: Buffer | string): void
  flush(): void
} {
  let rest = ''
  return {
    push(chunk) {
      const lines = (rest + chunk.toString()).split(/\r?\n/)
      rest = lines.pop() ?? ''
      for (const line of lines) if (line.trim()) onLine(line)
      // A runaway line without a newline must not grow without bound.
      if (rest.length > 64 * 1024) {
        onLine(rest)
        rest = ''
      }
    },
    flush() {
      if (rest.trim()) onLine(rest)
      rest = ''
    }
  }
}

/**
 * Forks the child through `spawn`, says `start` when it says `hello`, and resolves with the
 * running host once it says `ready` (rejects with a HostStartError on `failed`, on an exit
 * before `ready`, or after `timeouts.startMs`; the child is ended then).
 */
export function superviseHostProcess(
  spawn: (events: ChildEvents) => ChildControl,
  options: HostProcessOptions,
  hooks: HostLaunchHooks = {},
  timeouts: Partial<HostProcessTimeouts> = {}
): Promise<HostProcess> {
  const { startMs, stopMs } = { ...HOST_PROCESS_TIMEOUTS, ...timeouts }
  const log = hooks.log ?? (() => {})
  const lastLines: string[] = []
  const remember = (line: string): void => {
    lastLines.push(line.length > LINE_MAX ? `${line.slice(0, LINE_MAX)}…` : line)
    if (lastLines.length > LAST_LINES) lastLines.shift()
  }
  const printed = (stream: 'stdout' | 'stderr') =>
    lineSplitter((line) => {
      remember(`${stream}: ${line}`)
      log(`host ${stream}: ${line}`)
    })
  const streams = { stdout: printed('stdout'), stderr: printed('stderr') }

  let exit: HostExit | null = null
  let stopRequested = false
  const exitListeners = new Set<(exit: HostExit) => void>()
  let markExited: (exit: HostExit) => void = () => {}
  const exited = new Promise<HostExit>((resolve) => (markExited = resolve))
  let ending: Promise<void> | null = null

  return new Promise<HostProcess>((resolve, reject) => {
    let settled = false
    let child: ChildControl | null = null
    const startTimer = setTimeout(
      () =>
        fail(
          new HostStartError(
            'INTERNAL',
            `The host process did not start within ${Math.round(startMs / 1000)} s.`
          )
        ),
      startMs
    )

    /** Asks the child to stop, and kills it if it has not exited after `stopMs`. */
    const end = (): Promise<void> => {
      stopRequested = true
      ending ??= (async () => {
        const running = child
        if (exit || !running) return
        running.send({ type: 'stop' })
        const killTimer = setTimeout(() => {
          log(`host process did not exit within ${stopMs} ms of stop; killing it`)
          running.kill()
        }, stopMs)
        await exited
        clearTimeout(killTimer)
      })()
      return ending
    }

    function fail(error: HostStartError): void {
      if (settled) return
      settled = true
      clearTimeout(startTimer)
      void end()
      reject(error)
    }

    function ready(port: number, info: HostInfo, fingerprint: string): void {
      if (settled) return
      settled = true
      clearTimeout(startTimer)
      resolve({
        port,
        info,
        fingerprint,
        get pid() {
          return child?.pid
        },
        get exit() {
          return exit
        },
        addresses: () => shareableAddresses(port, { bindAddress: options.bindAddress }),
        onExit(listener) {
          if (exit) {
            listener(exit)
            return () => {}
          }
          exitListeners.add(listener)
          return () => exitListeners.delete(listener)
        },
        stop: end
      })
    }

    const events: ChildEvents = {
      message(raw) {
        const parsed = fromHostProcessSchema.safeParse(raw)
        if (!parsed.success) {
          log(`host process: ignored a malformed message (${JSON.stringify(raw)?.slice(0, 200)})`)
          return
        }
        const message = parsed.data
        switch (message.type) {
          case 'hello':
            if (!settled) child?.send({ type: 'start', options })
            return
          case 'ready':
            return ready(message.port, message.info, message.fingerprint)
          case 'failed':
            return fail(new HostStartError(message.code, message.message))
          case 'log':
            remember(message.line)
            return log(message.line)
        }
      },
      output(chunk, stream) {
        streams[stream].push(chunk)
      },
      exit(code, signal) {
        if (exit) return
        streams.stdout.flush()
        streams.stderr.flush()
        exit = { code, signal, expected: stopRequested, lastLines: [...lastLines] }
        const last = lastLines.at(-1)
        fail(
          new HostStartError(
            'INTERNAL',
            `The host process ended before it was ready (${describeExit(exit)})${last ? `: ${last}` : '.'}`
          )
        )
        markExited(exit)
        for (const listener of [...exitListeners]) listener(exit)
        exitListeners.clear()
      },
      error(text) {
        remember(text)
        log(text)
      }
    }
    try {
      child = spawn(events)
    } catch (e) {
      fail(new HostStartError('INTERNAL', `Could not start the host process: ${String(e)}`))
    }
  })
}
