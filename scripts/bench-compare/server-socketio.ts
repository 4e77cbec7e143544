// The bare Socket.IO 4 server of the comparison: no validation, no storage, no rooms. On
// `message:send` it emits `message:new` with the same payload to every connection and acks ok;
// any other request with an ack (session:start) is answered ok at once. Same Socket.IO options
// as Papo's host.
import { createServer } from 'node:http'
import { Server } from 'socket.io'
import { serveOrchestrator, SOCKET_IO_OPTIONS } from './common'

type Ack = (result: { ok: true; data: Record<string, never> }) => void

const http = createServer((_req, res) => {
  res.writeHead(404).end()
})
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
