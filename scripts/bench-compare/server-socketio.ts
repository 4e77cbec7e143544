// The bare Socket.IO 4 server of the comparison: no validation, no storage, no rooms. On
// `message:send` it emits `message:new` with the same payload to every connection and acks ok;
// any other request with an ack (session:start) is answered ok at once. Same Socket.IO options
// as Papo's host. Config as JSON in argv[2]: { tls, dataDir }; with tls it serves HTTPS/WSS with
// a certificate made as the host makes its own (certificate.ts), in dataDir.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { Server } from 'socket.io'
import { loadOrCreateCertificate } from '../../src/main/host/certificate'
import { serveOrchestrator, SOCKET_IO_OPTIONS } from './common'

type Ack = (result: { ok: true; data: Record<string, never> }) => void

const { tls, dataDir } = JSON.parse(process.argv[2] ?? '{}') as {
  tls?: boolean
  dataDir?: string | null
}

async function listen(): Promise<HttpServer> {
  const notFound = (_req: unknown, res: { writeHead(status: number): { end(): void } }) => {
    res.writeHead(404).end()
  }
  if (!tls) return createHttpServer(notFound)
  if (!dataDir) throw new Error('a TLS server needs a dataDir for its certificate')
  const certificate = await loadOrCreateCertificate(dataDir)
  return createHttpsServer({ key: certificate.key, cert: certificate.cert }, notFound)
}

async function main(): Promise<void> {
  const http = await listen()
  const io = new Server(http, SOCKET_IO_OPTIONS)

  io.on('connection', (socket) => {
    socket.on('message:send', (payload: unknown, ack?: Ack) => {
      io.emit('message:new', payload)
      if (typeof ack === 'function') ack({ ok: true, data: {} })
    })
    socket.onAny((event: string, ...args: unknown[]) => {
      if (event === 'message:send') return
      const ack = args[args.length - 1]
      if (typeof ack === 'function') (ack as Ack)({ ok: true, data: {} })
    })
  })

  http.listen(0, '127.0.0.1', () => {
    const address = http.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    serveOrchestrator(
      address.port,
      () =>
        new Promise<void>((resolve) => {
          io.disconnectSockets(true)
          void io.close(() => resolve())
        })
    )
  })
}

main().catch((e: unknown) => {
  console.error(`socketio bench server: ${(e as Error).stack ?? String(e)}`)
  process.exit(1)
})
