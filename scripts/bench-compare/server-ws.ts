// The raw `ws` server of the comparison: JSON text frames, no Socket.IO. A request is
// {"event", "id", "data"}; the answer is {"ack": id, "ok": true}. On `message:send` it sends
// {"event":"message:new","data":<same payload>} to every connection (encoded once). Pings every
// 10 s like the Socket.IO servers, and the same 64 KiB frame bound.
import { createServer } from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'
import { serveOrchestrator, SOCKET_IO_OPTIONS } from './common'

const http = createServer((_req, res) => {
  res.writeHead(404).end()
})
const wss = new WebSocketServer({ server: http, maxPayload: SOCKET_IO_OPTIONS.maxHttpBufferSize })
const alive = new WeakMap<WebSocket, boolean>()

wss.on('connection', (ws) => {
  alive.set(ws, true)
  ws.on('pong', () => alive.set(ws, true))
  ws.on('message', (raw) => {
    let request: { event?: unknown; id?: unknown; data?: unknown }
    try {
      request = JSON.parse(raw.toString()) as typeof request
    } catch {
      return
    }
    if (request.event === 'message:send') {
      const frame = JSON.stringify({ event: 'message:new', data: request.data })
      for (const client of wss.clients) client.send(frame)
    }
    if (typeof request.id === 'number') ws.send(JSON.stringify({ ack: request.id, ok: true }))
  })
})

const heartbeat = setInterval(() => {
  for (const ws of wss.clients) {
    if (alive.get(ws) === false) {
      ws.terminate()
      continue
    }
    alive.set(ws, false)
    ws.ping()
  }
}, SOCKET_IO_OPTIONS.pingInterval + SOCKET_IO_OPTIONS.pingTimeout)

http.listen(0, '127.0.0.1', () => {
  const address = http.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  serveOrchestrator(
    address.port,
    () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat)
        for (const ws of wss.clients) ws.terminate()
        wss.close(() => http.close(() => resolve()))
      })
  )
})
