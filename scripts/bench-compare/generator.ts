// The load generator of the comparison: one process, the same code for every server. Bundled by
// build.ts and run by plain `node`; driven over IPC by compare.ts:
//   start {config} → connects the clients `connectBatch` at a time → `connected`
//   send           → the senders send at a fixed total rate for the duration, then wait for
//                    every delivery and ack (at most drainMs) → `done`
//   close          → closes every client and exits.
// Socket.IO clients speak Papo's protocol as any client does (docs/protocol.md): handshake
// auth, session:start after connecting, message:send {roomId, text, clientId} with an ack, and
// message:new pushes (and messages:new batches, taken apart) matched to their send by clientId.
// The bare Socket.IO server gets the very same traffic; the ws clients send the same requests as
// JSON frames.
import { papoConnectOptions } from '../papo-auth'
import { randomBytes } from 'node:crypto'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { io, type Socket } from 'socket.io-client'
import WebSocket from 'ws'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import {
  percentiles,
  relayConnectOptions,
  type ConnectResult,
  type FromGenerator,
  type GeneratorConfig,
  type SendResult,
  type ToGenerator
} from './common'

interface SendPayload {
  roomId: string
  text: string
  clientId: string
}
type AckResult = { ok: true } | { ok: false; code: string }

interface LoadClient {
  /** Resolves once connected and session:start answered ok; rejects with a short reason. */
  connect(timeoutMs: number): Promise<void>
  send(payload: SendPayload, done: (result: AckResult) => void): void
  close(): void
  readonly connected: boolean
}

interface Hooks {
  /** A pushed message:new (text or notice) with its clientId, if any. */
  onMessage(clientId: unknown): void
  onDrop(reason: string): void
}

function reply(message: FromGenerator): void {
  process.send?.(message)
}

function errorCode(e: unknown): string {
  const data = (e as { data?: { code?: unknown } }).data
  if (data && typeof data.code === 'string') return data.code
  return (e as Error).message?.slice(0, 60) || String(e)
}

/** A Socket.IO client (Papo's host and the bare Socket.IO server alike). */
function socketIoClient(config: GeneratorConfig, index: number, hooks: Hooks): LoadClient {
  let socket: Socket | null = null
  let closing = false
  return {
    get connected() {
      return socket?.connected ?? false
    },
    async connect(timeoutMs) {
      // Papo's host: TLS and a signed challenge, as the app connects; the bare server: neither,
      // or TLS alone.
      const target =
        config.server === 'papo'
          ? await papoConnectOptions(config.port, `bench${index}`)
          : relayConnectOptions(config.port, config.server === 'socketio-tls', `bench${index}`)
      return new Promise<void>((resolve, reject) => {
        const s = io(target.url, {
          ...target.tls,
          auth: target.auth,
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          timeout: timeoutMs
        })
        socket = s
        s.on('message:new', (message: { clientId?: unknown }) => hooks.onMessage(message.clientId))
        // Texts that committed together come as one batch (docs/protocol.md, section 6).
        s.on('messages:new', (batch: { messages?: { clientId?: unknown }[] }) => {
          for (const message of batch.messages ?? []) hooks.onMessage(message.clientId)
        })
        s.once('connect_error', (e) => {
          closing = true
          s.disconnect()
          reject(new Error(errorCode(e)))
        })
        s.once('connect', () => {
          s.on('disconnect', (reason) => {
            if (!closing) hooks.onDrop(reason)
          })
          s.timeout(timeoutMs)
            .emitWithAck('session:start', {})
            .then((r: { ok?: boolean; error?: { code?: string } }) => {
              if (r.ok) resolve()
              else reject(new Error(`session:start ${r.error?.code ?? '?'}`))
            })
            .catch((e: unknown) => reject(new Error(`session:start ${errorCode(e)}`)))
        })
      })
    },
    send(payload, done) {
      if (!socket) return done({ ok: false, code: 'NOT_CONNECTED' })
      socket
        .timeout(config.ackTimeoutMs)
        .emit(
          'message:send',
          payload,
          (e: Error | null, r?: { ok?: boolean; error?: { code?: string } }) => {
            if (e) done({ ok: false, code: 'ACK_TIMEOUT' })
            else if (r?.ok) done({ ok: true })
            else done({ ok: false, code: r?.error?.code ?? 'BAD_ACK' })
          }
        )
    },
    close() {
      closing = true
      socket?.disconnect()
    }
  }
}

/** A raw WebSocket client: requests {event, id, data}, answers {ack, ok}, pushes {event, data}. */
function wsClient(config: GeneratorConfig, hooks: Hooks): LoadClient {
  let ws: WebSocket | null = null
  let closing = false
  let nextId = 1
  const pending = new Map<number, (r: AckResult) => void>()
  const request = (
    event: string,
    data: unknown,
    timeoutMs: number,
    done: (r: AckResult) => void
  ) => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return done({ ok: false, code: 'NOT_CONNECTED' })
    const id = nextId++
    const timer = setTimeout(() => {
      pending.delete(id)
      done({ ok: false, code: 'ACK_TIMEOUT' })
    }, timeoutMs)
    pending.set(id, (r) => {
      clearTimeout(timer)
      done(r)
    })
    ws.send(JSON.stringify({ event, id, data }))
  }
  return {
    get connected() {
      return ws?.readyState === WebSocket.OPEN
    },
    connect(timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${config.port}/`, {
          handshakeTimeout: timeoutMs,
          maxPayload: 64 * 1024
        })
        ws = socket
        let open = false
        socket.on('message', (raw) => {
          const frame = JSON.parse(raw.toString()) as {
            event?: string
            data?: { clientId?: unknown }
            ack?: number
            ok?: boolean
          }
          if (frame.ack !== undefined) {
            const done = pending.get(frame.ack)
            pending.delete(frame.ack)
            done?.(frame.ok ? { ok: true } : { ok: false, code: 'NOT_OK' })
          } else if (frame.event === 'message:new') hooks.onMessage(frame.data?.clientId)
        })
        socket.on('error', (e) => {
          if (!open) reject(new Error(errorCode(e)))
        })
        socket.on('close', (code) => {
          if (!open) reject(new Error(`closed ${code}`))
          else if (!closing) hooks.onDrop(`close ${code}`)
        })
        socket.once('open', () => {
          open = true
          request('session:start', {}, timeoutMs, (r) => {
            if (r.ok) resolve()
            else reject(new Error(`session:start ${r.code}`))
          })
        })
      })
    },
    send(payload, done) {
      request('message:send', payload, config.ackTimeoutMs, done)
    },
    close() {
      closing = true
      ws?.terminate()
    }
  }
}

function cpuNow(): number {
  const cpu = process.cpuUsage()
  return cpu.user + cpu.system
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** What one send phase counts; pushes of an earlier phase no longer match its clientIds. */
class Phase {
  readonly sent = new Map<string, { at: number; received: number }>()
  latencies = new Float64Array(4096)
  deliveries = 0
  otherPushes = 0
  lastDeliveryAt = 0
  readonly allReceived: number[] = []
  constructor(readonly receivers: number) {}

  onMessage(clientId: unknown): void {
    const record = typeof clientId === 'string' ? this.sent.get(clientId) : undefined
    if (!record) {
      this.otherPushes++
      return
    }
    const now = performance.now()
    if (this.deliveries === this.latencies.length) {
      const bigger = new Float64Array(this.latencies.length * 2)
      bigger.set(this.latencies)
      this.latencies = bigger
    }
    this.latencies[this.deliveries++] = now - record.at
    this.lastDeliveryAt = now
    if (++record.received === this.receivers) this.allReceived.push(now - record.at)
  }
}

interface Generator {
  sendPhase(durationMs: number): Promise<SendResult>
  close(): void
}

async function connectAll(config: GeneratorConfig): Promise<Generator> {
  const prefix = randomBytes(4).toString('hex')
  let phase: Phase | null = null
  let phases = 0
  let drops = 0
  const dropReasons: Record<string, number> = {}
  const hooks: Hooks = {
    onMessage(clientId) {
      phase?.onMessage(clientId)
    },
    onDrop(reason) {
      drops++
      dropReasons[reason] = (dropReasons[reason] ?? 0) + 1
    }
  }
  const clients: LoadClient[] = Array.from({ length: config.clients }, (_, i) =>
    config.server === 'ws' ? wsClient(config, hooks) : socketIoClient(config, i, hooks)
  )

  // ---- connect, connectBatch at a time ----
  const failures: Record<string, number> = {}
  let failed = 0
  let timedOut = false
  const cpu0 = cpuNow()
  const started = performance.now()
  const deadline = started + config.connectTimeoutMs
  for (let i = 0; i < clients.length; i += config.connectBatch) {
    const left = deadline - performance.now()
    if (left <= 0) {
      timedOut = true
      break
    }
    await Promise.all(
      clients.slice(i, i + config.connectBatch).map((client) =>
        client.connect(Math.min(60_000, left)).catch((e: unknown) => {
          failed++
          const reason = (e as Error).message
          failures[reason] = (failures[reason] ?? 0) + 1
          client.close()
        })
      )
    )
  }
  const connectMs = performance.now() - started
  const connectCpuMs = (cpuNow() - cpu0) / 1000
  reply({
    type: 'connected',
    ms: connectMs,
    connected: clients.filter((c) => c.connected).length,
    failed,
    failures,
    timedOut,
    generatorCpuMs: connectCpuMs,
    generatorCpuPct: (connectCpuMs / connectMs) * 100,
    drops
  } satisfies ConnectResult)

  const filler = 'lorem ipsum dolor sit amet, consectetur adipiscing elit '.repeat(
    Math.ceil(config.textChars / 56) + 1
  )

  /** Sends at a fixed total rate; a late tick sends everything due (open loop), then drains. */
  async function sendPhase(durationMs: number): Promise<SendResult> {
    const senders = clients.slice(0, config.senders).filter((c) => c.connected)
    const current = new Phase(clients.filter((c) => c.connected).length)
    const tag = `${prefix}${phases++}`
    phase = current
    const intervalMs = (config.senders * 1000) / config.rate
    const planned = Math.floor((config.rate * durationMs) / 1000)
    const next = senders.map((_, i) => (i * 1000) / config.rate)
    const seq = senders.map(() => 0)
    let sent = 0
    let acked = 0
    let answered = 0
    const ackErrors: Record<string, number> = {}
    const acks: number[] = []
    let lastSendAt = 0
    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    const cpu1 = cpuNow()
    const sendStart = performance.now()
    lastSendAt = sendStart

    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const now = performance.now() - sendStart
        for (let s = 0; s < senders.length; s++) {
          const client = senders[s] as LoadClient
          while ((next[s] as number) <= now && (next[s] as number) < durationMs) {
            const k = seq[s] as number
            seq[s] = k + 1
            next[s] = (next[s] as number) + intervalMs
            const clientId = `${tag}-${s}-${k}`
            const head = `message ${k} from sender ${s}: `
            const text = head + filler.slice(0, Math.max(1, config.textChars - head.length))
            const at = performance.now()
            current.sent.set(clientId, { at, received: 0 })
            sent++
            lastSendAt = at
            client.send({ roomId: LOBBY_ROOM_ID, text, clientId }, (r) => {
              answered++
              if (r.ok) {
                acked++
                acks.push(performance.now() - at)
              } else ackErrors[r.code] = (ackErrors[r.code] ?? 0) + 1
            })
          }
        }
        const due = Math.min(...next)
        if (senders.length === 0 || due >= durationMs) return resolve()
        setTimeout(tick, Math.max(0, due - (performance.now() - sendStart)))
      }
      tick()
    })

    // ---- drain: every delivery of every acked message, and every ack ----
    const drainEnd = performance.now() + config.drainMs
    const complete = (): boolean =>
      answered === sent && current.deliveries >= acked * current.receivers
    while (!complete() && performance.now() < drainEnd) await sleep(5)
    const drained = complete()
    const end = drained
      ? Math.max(current.lastDeliveryAt, sendStart + durationMs)
      : performance.now()
    const cpuMs = (cpuNow() - cpu1) / 1000
    const wallMs = performance.now() - sendStart
    delay.disable()
    phase = null
    return {
      type: 'done',
      planned,
      sent,
      acked,
      ackErrors,
      receivers: current.receivers,
      expected: acked * current.receivers,
      delivered: current.deliveries,
      otherPushes: current.otherPushes,
      sendWindowMs: lastSendAt - sendStart,
      elapsedMs: end - sendStart,
      drained,
      latencyMs: percentiles(current.latencies.subarray(0, current.deliveries)),
      allReceivedMs: percentiles(current.allReceived),
      ackMs: percentiles(acks),
      generatorCpuMs: cpuMs,
      generatorCpuPct: (cpuMs / wallMs) * 100,
      generatorLoopDelayP99Ms: delay.percentile(99) / 1e6,
      drops,
      dropReasons: { ...dropReasons }
    }
  }

  return {
    sendPhase,
    close() {
      for (const client of clients) client.close()
    }
  }
}

process.on('disconnect', () => process.exit(1))
reply({ type: 'hello' })
let generator: Promise<Generator> | null = null
process.on('message', (message: ToGenerator) => {
  const fail = (e: unknown): void => {
    reply({ type: 'error', message: (e as Error).stack ?? String(e) })
    process.exit(1)
  }
  if (message.type === 'start' && !generator) {
    generator = connectAll(message.config)
    generator.catch(fail)
  } else if (message.type === 'send' && generator) {
    generator
      .then((g) => g.sendPhase(message.durationMs))
      .then(reply)
      .catch(fail)
  } else if (message.type === 'close') {
    void (generator ?? Promise.resolve(null)).then((g) => {
      g?.close()
      setTimeout(() => process.exit(0), 200)
    })
  }
})
