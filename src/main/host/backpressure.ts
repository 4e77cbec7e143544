import type { PapoServer, PapoSocket } from './types'

/**
 * The parts of Engine.IO's connection we read. They are not in its public types, but they are
 * where a connection's unsent data lives: packets waiting for the transport (`writeBuffer`,
 * which is also where HTTP long-polling keeps them until the next poll) and, on WebSocket, what
 * the `ws` socket has accepted but the network has not taken yet (`bufferedAmount`).
 */
interface EngineInternals {
  writeBuffer?: { data?: unknown }[]
  transport?: {
    name?: string
    socket?: { bufferedAmount?: number; terminate?: () => void }
  }
  close(discard?: boolean): void
}

const engineOf = (socket: PapoSocket): EngineInternals => socket.conn as unknown as EngineInternals

const sizeOf = (data: unknown): number => {
  if (typeof data === 'string') return data.length
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength
  return 0
}

/** Bytes queued for this connection that the client has not read yet (strings by length). */
export function unsentBytes(socket: PapoSocket): number {
  const engine = engineOf(socket)
  let bytes = 0
  for (const packet of engine.writeBuffer ?? []) bytes += sizeOf(packet.data)
  if (engine.transport?.name === 'websocket') bytes += engine.transport.socket?.bufferedAmount ?? 0
  return bytes
}

/**
 * Ends a connection now, dropping whatever it has not read. `disconnect(true)` alone would wait
 * for the queue to drain (never, for a client that does not read) and then for a WebSocket close
 * handshake: the memory would stay held for as long as the client likes.
 */
export function cutConnection(socket: PapoSocket): void {
  const engine = engineOf(socket)
  socket.disconnect(true)
  engine.close(true)
  if (engine.transport?.name === 'websocket') engine.transport.socket?.terminate?.()
}

export interface OutgoingGuardOptions {
  io: PapoServer
  maxBytes: number
  /** How often every connection is checked, besides before each of its requests. */
  sweepMs: number
  log: (line: string) => void
}

/**
 * Keeps a client that stops reading from growing the host's memory: a connection whose unsent
 * data passes `maxBytes` is cut. Checked before each request (a client asking for more while it
 * reads nothing) and by a periodic sweep (one that only receives pushes).
 */
export interface OutgoingGuard {
  /** False when the connection was over the bound and has just been cut. */
  check(socket: PapoSocket): boolean
  /** Ends the periodic sweep. */
  stop(): void
}

export function createOutgoingGuard(options: OutgoingGuardOptions): OutgoingGuard {
  const { io, maxBytes, log } = options

  const check = (socket: PapoSocket): boolean => {
    const bytes = unsentBytes(socket)
    if (bytes <= maxBytes) return true
    log(
      `cut connection ${socket.id} (${socket.handshake.address}): ${bytes} bytes unread, over ${maxBytes}`
    )
    cutConnection(socket)
    return false
  }

  const timer = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) check(socket)
  }, options.sweepMs)
  timer.unref()

  return {
    check,
    stop(): void {
      clearInterval(timer)
    }
  }
}
