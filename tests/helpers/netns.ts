import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'

// Two Linux network namespaces joined by a veth pair: a LAN of two computers inside this one,
// where real mDNS (224.0.0.251:5353) can be multicast without reaching any real network.

export const ROOT = join(__dirname, '../..')

/** Why namespaces cannot be made here (not Linux, not root, no `ip`), or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces are Linux only'
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root'
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' })
  } catch {
    return 'the `ip` command (iproute2) is not installed'
  }
  return null
}

export interface NetnsLan {
  /** Namespace names: `a` hosts, `b` browses. */
  a: string
  b: string
  /** Their addresses on the shared link. */
  addressA: string
  addressB: string
  /** Runs `command` inside a namespace (the child's pid is the command's own: `ip` execs it). */
  spawnIn(ns: string, command: string, args: string[]): ChildProcessWithoutNullStreams
  remove(): void
}

const ip = (...args: string[]): void => {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 })
}

/**
 * Makes the LAN; throws (after undoing what it made) when the system refuses. Names carry the
 * pid, so parallel runs and leftovers of a crashed one do not collide.
 */
export function createNetnsLan(): NetnsLan {
  const pid = process.pid
  const a = `papo-a-${pid}`
  const b = `papo-b-${pid}`
  const lan: NetnsLan = {
    a,
    b,
    addressA: '10.231.0.1',
    addressB: '10.231.0.2',
    spawnIn: (ns, command, args) =>
      spawn('ip', ['netns', 'exec', ns, command, ...args], {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '' }
      }),
    remove() {
      // Deleting a namespace deletes its end of the veth, and with it the other end.
      for (const ns of [a, b]) {
        try {
          ip('netns', 'del', ns)
        } catch {
          // Never made, or already gone.
        }
      }
    }
  }
  lan.remove()
  try {
    ip('netns', 'add', a)
    ip('netns', 'add', b)
    // Made straight inside the namespaces: the root namespace never has these interfaces.
    ip(
      'link',
      'add',
      `pa${pid}`,
      'netns',
      a,
      'type',
      'veth',
      'peer',
      'name',
      `pb${pid}`,
      'netns',
      b
    )
    for (const [ns, link, address] of [
      [a, `pa${pid}`, lan.addressA],
      [b, `pb${pid}`, lan.addressB]
    ] as const) {
      // Named as a wired card, so the host offers (and announces) it as a LAN address.
      ip('-n', ns, 'link', 'set', link, 'name', 'eth0')
      ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0')
      ip('-n', ns, 'link', 'set', 'eth0', 'up')
      ip('-n', ns, 'link', 'set', 'lo', 'up')
      // No default route here: multicast needs a route of its own to leave.
      ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0')
    }
  } catch (e) {
    lan.remove()
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim()
    throw new Error(`could not create network namespaces: ${stderr || String(e)}`)
  }
  return lan
}

/** A child's stdout as JSON lines, and waiting for one that matches. */
export interface JsonLines<T> {
  lines: T[]
  waitFor(match: (line: T) => boolean, what: string, timeoutMs?: number): Promise<T>
  output(): string
}

export function jsonLines<T>(child: ChildProcessWithoutNullStreams): JsonLines<T> {
  const lines: T[] = []
  const waiters = new Set<() => void>()
  let output = ''
  let pending = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    pending += chunk.toString()
    const complete = pending.split('\n')
    pending = complete.pop() ?? ''
    for (const line of complete) {
      if (!line.startsWith('{')) continue
      try {
        lines.push(JSON.parse(line) as T)
      } catch {
        continue
      }
    }
    for (const waiter of [...waiters]) waiter()
  })
  return {
    lines,
    output: () => output,
    waitFor(match, what, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = lines.find(match)
          if (found === undefined) return false
          waiters.delete(check)
          clearTimeout(timer)
          resolve(found)
          return true
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no ${what} within ${timeoutMs} ms; output:\n${output.slice(-4_000)}`))
        }, timeoutMs)
        if (!check()) waiters.add(check)
      })
    }
  }
}
