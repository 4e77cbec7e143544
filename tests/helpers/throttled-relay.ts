import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

/**
 * A TCP relay to a loopback port, like tcp-tools' startRelay (`cut()` drops every connection
 * and refuses new ones until `restore()`), that also paces each direction to a number of bytes
 * a second — a file transfer takes seconds instead of milliseconds, so a test can cut the line
 * in the middle of it — and counts the bytes, so a test can tell a resumed transfer from one
 * that started over.
 */
export interface ThrottledRelay {
  port: number
  /** Bytes the app sent through the relay so far, every connection together. */
  bytesUp(): number
  /** Bytes the host sent back through it. */
  bytesDown(): number
  cut(): void
  restore(): void
  close(): Promise<void>
}

/** Bytes a second each way; a direction left out is not paced. */
export interface Pace {
  up?: number
  down?: number
}

/** Copies `from` to `to`, counting, and pausing `from` whenever it runs ahead of `bytesPerSecond`. */
function pipePaced(
  from: Socket,
  to: Socket,
  bytesPerSecond: number | undefined,
  clock: { at: number },
  count: (n: number) => void
): void {
  from.on('data', (data: Buffer) => {
    count(data.length)
    to.write(data)
    if (!bytesPerSecond) return
    clock.at = Math.max(clock.at, Date.now()) + (data.length * 1_000) / bytesPerSecond
    const ahead = clock.at - Date.now()
    if (ahead > 5) {
      from.pause()
      setTimeout(() => {
        if (!from.destroyed) from.resume()
      }, ahead)
    }
  })
}

export async function startThrottledRelay(targetPort: number, pace: Pace): Promise<ThrottledRelay> {
  const sockets = new Set<Socket>()
  let open = true
  let up = 0
  let down = 0
  // When the bytes sent so far may all have gone, at the pace asked (shared by connections).
  const upClock = { at: Date.now() }
  const downClock = { at: Date.now() }

  const server = createServer((client) => {
    if (!open) {
      client.destroy()
      return
    }
    const upstream = connect(targetPort, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {})
    }
    pipePaced(client, upstream, pace.up, upClock, (n) => (up += n))
    pipePaced(upstream, client, pace.down, downClock, (n) => (down += n))
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    bytesUp: () => up,
    bytesDown: () => down,
    cut() {
      open = false
      for (const s of sockets) s.destroy()
    },
    restore() {
      open = true
    },
    close() {
      for (const s of sockets) s.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
}
