import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach } from 'vitest'

// `npm run host` as a real child process: plain Node (through tsx), no Electron anywhere. Its
// memory is its own, so a test can read what an attack costs the host from /proc.

const ROOT = join(__dirname, '../..')

export interface HeadlessProcess {
  child: ChildProcessWithoutNullStreams
  exited: Promise<number | null>
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  output(): string
}

/** Headless hosts started by this test file, killed after each test if still running. */
export function useHeadlessHosts(): (args: string[]) => HeadlessProcess {
  const children: ChildProcessWithoutNullStreams[] = []
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  })
  return (args) => {
    const host = startHeadless(args)
    children.push(host.child)
    return host
  }
}

/**
 * A headless host is announced on the LAN by default; a test's never is (it would multicast on
 * whatever network the test machine is on). tests/integration/discovery-netns.test.ts announces
 * inside network namespaces of its own.
 */
export function startHeadless(args: string[]): HeadlessProcess {
  const argv = ['--import', 'tsx', 'src/headless/index.ts', ...args, '--no-announce']
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '' }
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  // 'close', not 'exit': by then every line the process wrote has been read into `output`.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  const waitFor = (re: RegExp, timeoutMs = 15_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const started = Date.now()
      const poll = setInterval(() => {
        const match = output.match(re)
        if (match) {
          clearInterval(poll)
          resolve(match)
        } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
          clearInterval(poll)
          reject(new Error(`no ${re} in output:\n${output}`))
        }
      }, 50)
    })
  return { child, exited, waitFor, output: () => output }
}

/** Resident memory of a process, in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1] ?? NaN)
  return kb / 1024
}
