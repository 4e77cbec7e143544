import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** A loopback port that accepts connections and never says a word: a host that hangs. */
export async function startSilentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const port = await listen(server)
  return { port, close: () => closeServer(server, sockets) }
}

/** A loopback port that answers every request like some other web app would. */
export async function startForeignHttpServer(): Promise<{
  port: number
  close: () => Promise<void>
}> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.once('data', () =>
      socket.end(
        'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<h1>Hello</h1'
      )
    )
  })
  const port = await listen(server)
  return { port, close: () => closeServer(server, sockets) }
}

/** A port nothing listens on (bound once, then released). */
export async function freePort(): Promise<number> {
  const server = createServer()
  const port = await listen(server)
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * A TCP relay to a target port that a test can cut, as a pulled cable or a Wi-Fi drop would:
 * `cut()` drops every open connection and refuses new ones until `restore()`. `accepted()` is
 * how many TCP connections it has relayed.
 */
export async function startRelay(targetPort: number): Promise<{
  port: number
  cut: () => void
  restore: () => void
  accepted: () => number
  close: () => Promise<void>
}> {
  const sockets = new Set<Socket>()
  let open = true
  let accepted = 0
  const server = createServer((client) => {
    if (!open) {
      client.destroy()
      return
    }
    accepted++
    const upstream = connect(targetPort, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  const port = await listen(server)
  return {
    port,
    cut() {
      open = false
      for (const s of sockets) s.destroy()
    },
    restore() {
      open = true
    },
    accepted: () => accepted,
    close: () => closeServer(server, sockets)
  }
}
