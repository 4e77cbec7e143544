import { randomBytes } from 'node:crypto'
import { connect as netConnect, type Socket } from 'node:net'
import { connect } from 'node:tls'
import { signedAuth } from './handshake'

/**
 * A Socket.IO client written straight onto a TCP socket (WebSocket frames by hand), for what a
 * well-behaved client library would never do: stop reading while still sending, write many
 * requests in one TCP segment, or never answer the host's close.
 */
export interface RawClient {
  tcp: Socket
  /** Engine.IO packets the host sent, as text, oldest first (only while reading). */
  received: string[]
  /** Sends events in ONE write; each gets an ack id, and a promise of its ack. */
  emitAll(events: readonly (readonly [string, unknown])[]): Promise<unknown>[]
  /** Sends events in one write without asking for acks (and without waiting for anything). */
  sendAll(events: readonly (readonly [string, unknown])[]): void
  /** Stops reading from the socket: the host's data piles up in the kernel, then in the host. */
  stopReading(): void
  destroy(): void
}

export interface RawOptions {
  /** Answer the host's pings (default true); false looks like a vanished client. */
  pong?: boolean
}

/** One masked client frame (text), as RFC 6455 requires of clients. */
function frame(text: string): Buffer {
  const payload = Buffer.from(text)
  const length = payload.length
  const header =
    length < 126
      ? Buffer.from([0x81, 0x80 | length])
      : length < 65_536
        ? Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff])
        : (() => {
            const h = Buffer.alloc(10)
            h[0] = 0x81
            h[1] = 0x80 | 127
            h.writeBigUInt64BE(BigInt(length), 2)
            return h
          })()
  const mask = randomBytes(4)
  const masked = Buffer.alloc(length)
  for (let i = 0; i < length; i++) masked[i] = (payload[i] as number) ^ (mask[i % 4] as number)
  return Buffer.concat([header, mask, masked])
}

/**
 * Connects (TLS), upgrades to WebSocket, sends the Socket.IO CONNECT with `auth` and resolves
 * once the host accepted it (or rejects with its refusal). An `auth` of `{ secret, nickname }`
 * is made into a signed handshake for that identity first.
 */
export async function rawConnect(
  port: number,
  auth: unknown,
  options: RawOptions = {}
): Promise<RawClient> {
  const named = auth as { secret?: unknown; nickname?: unknown; signature?: unknown }
  if (typeof named.secret === 'string' && typeof named.nickname === 'string' && !named.signature) {
    auth = (await signedAuth(port, named.secret, named.nickname)).auth
  }
  // The test trusts its own loopback host; what is tested is the host's side of the line.
  // Half-open underneath, so the client can go on never answering the host's close.
  const tcp: Socket = connect({
    socket: netConnect({ port, host: '127.0.0.1', allowHalfOpen: true }),
    rejectUnauthorized: false
  })
  tcp.on('error', () => {})
  const received: string[] = []
  const acks = new Map<number, (payload: unknown) => void>()
  let nextAckId = 0
  let upgraded = false
  let pending = Buffer.alloc(0)

  const write = (texts: string[]): void => {
    if (!tcp.destroyed) tcp.write(Buffer.concat(texts.map(frame)))
  }

  return new Promise((resolve, reject) => {
    const onPacket = (text: string): void => {
      received.push(text)
      if (text.startsWith('0')) write([`40${JSON.stringify(auth)}`])
      else if (text === '2' && options.pong !== false) write(['3'])
      else if (text.startsWith('40')) resolve(client)
      else if (text.startsWith('44')) reject(new Error(`refused: ${text.slice(2)}`))
      else if (text.startsWith('43')) {
        const match = /^43(\d+)(.*)$/s.exec(text)
        if (!match) return
        const id = Number(match[1])
        acks.get(id)?.((JSON.parse(match[2] as string) as unknown[])[0])
        acks.delete(id)
      }
    }

    const parseFrames = (): void => {
      for (;;) {
        if (pending.length < 2) return
        const opcode = (pending[0] as number) & 0x0f
        let length = (pending[1] as number) & 0x7f
        let offset = 2
        if (length === 126) {
          if (pending.length < 4) return
          length = pending.readUInt16BE(2)
          offset = 4
        } else if (length === 127) {
          if (pending.length < 10) return
          length = Number(pending.readBigUInt64BE(2))
          offset = 10
        }
        if (pending.length < offset + length) return
        const payload = pending.subarray(offset, offset + length)
        pending = pending.subarray(offset + length)
        // Close frames (8) are deliberately never answered.
        if (opcode === 1) onPacket(payload.toString())
      }
    }

    tcp.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk])
      if (!upgraded) {
        const end = pending.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = pending.subarray(0, end).toString()
        if (!head.startsWith('HTTP/1.1 101')) {
          reject(new Error(`no upgrade: ${head.split('\r\n')[0]}`))
          return
        }
        upgraded = true
        pending = pending.subarray(end + 4)
      }
      parseFrames()
    })
    tcp.once('close', () => reject(new Error('closed before connecting')))

    tcp.once('secureConnect', () => {
      tcp.write(
        [
          'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          ''
        ].join('\r\n')
      )
    })

    const client: RawClient = {
      tcp,
      received,
      emitAll(events) {
        const promises: Promise<unknown>[] = []
        const texts = events.map(([name, payload]) => {
          const id = nextAckId++
          promises.push(new Promise((res) => acks.set(id, res)))
          return `42${id}${JSON.stringify([name, payload])}`
        })
        write(texts)
        return promises
      },
      sendAll(events) {
        write(events.map(([name, payload]) => `42${JSON.stringify([name, payload])}`))
      },
      stopReading() {
        tcp.pause()
      },
      destroy() {
        tcp.destroy()
      }
    }
  })
}
