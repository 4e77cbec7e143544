import type { Agent } from 'node:https'
import { io, type Socket } from 'socket.io-client'
import { formatAddress, type HostAddress } from '../../shared/address'
import { TIMEOUTS } from '../../shared/limits'
import { err, ok, type Result } from '../../shared/result'
import {
  connectRefusalSchema,
  parseResponse,
  pushSchemas,
  type ClientToServerEvents,
  type Handshake,
  type PushName,
  type PushPayload,
  type RequestName,
  type RequestPayload,
  type ResponseData,
  type ServerToClientEvents
} from '../../shared/wire/protocol'
import { isPinMismatch, pinnedTls, type PinnedCertificate } from './tls-pin'

export type Push = { [K in PushName]: { name: K; payload: PushPayload<K> } }[PushName]

/**
 * One accepted Socket.IO connection to a host, for one life: once the line is lost it stays
 * lost, and whoever owns it opens a new one (see session/rejoin.ts), after checking that the
 * same host is back. Socket.IO's own reconnection is off: each connection needs a fresh signed
 * challenge, and it would knock on whatever answers at that address next.
 */
export interface HostConnection {
  /** False once the line is lost or closed. */
  readonly connected: boolean
  request<K extends RequestName>(
    name: K,
    payload: RequestPayload<K>
  ): Promise<Result<ResponseData<K>>>
  /** Fire-and-forget, dropped while disconnected: for signals that are stale a moment later. */
  signal<K extends RequestName>(name: K, payload: RequestPayload<K>): void
  /** Another listener for pushes from now on (ConnectOptions.onPush also has the earlier ones). */
  onPush(listener: (push: Push) => void): () => void
  /** Ends the line on purpose; `onLost` is not called for it. */
  close(): void
}

export interface ConnectOptions {
  address: HostAddress
  /** The host's certificate as accepted: the connection refuses any other. */
  pin: PinnedCertificate
  /** Signed for this host and one challenge (client/handshake.ts). */
  handshake: Handshake
  /** The dial's agent (dial-agent.ts) whose open connection fetched the challenge. */
  agent?: Agent
  connectTimeoutMs?: number
  requestTimeoutMs?: number
  log?: (line: string) => void
  /**
   * Every validated push, from the first one on. Given up front because the host may push (a
   * text, a roster batch) before `connectToHost` has even resolved.
   */
  onPush?: (push: Push) => void
  /** The line went down without `close()`: a dropped network, a host that stopped or died. */
  onLost?: (reason: string) => void
}

type PapoSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/**
 * Opens one Socket.IO connection to a host and resolves once the host has accepted the
 * handshake, or with why not: the host's refusal (its code and `retryAfterMs`), or
 * HOST_UNREACHABLE. Every ack and every pushed event is validated before anyone sees it.
 */
export function connectToHost(options: ConnectOptions): Promise<Result<HostConnection>> {
  const connectTimeoutMs = options.connectTimeoutMs ?? TIMEOUTS.connectMs
  const requestTimeoutMs = options.requestTimeoutMs ?? TIMEOUTS.requestMs
  const log = options.log ?? (() => {})
  const where = formatAddress(options.address)
  const socket: PapoSocket = io(`https://${where}`, {
    ...pinnedTls(options.pin),
    // engine.io-client's types say string | boolean; in Node it hands the agent to ws as is.
    ...(options.agent ? { agent: options.agent as unknown as string } : {}),
    auth: options.handshake,
    transports: ['websocket'],
    timeout: connectTimeoutMs,
    reconnection: false,
    forceNew: true
  })

  let ended = false
  const pushListeners = new Set<(push: Push) => void>()
  if (options.onPush) pushListeners.add(options.onPush)
  const end = (): void => {
    ended = true
    socket.offAny()
    socket.removeAllListeners()
    socket.io.removeAllListeners()
    socket.disconnect()
  }

  socket.onAny((name: string, payload: unknown) => {
    if (ended || !Object.hasOwn(pushSchemas, name)) return
    const parsed = pushSchemas[name as PushName].safeParse(payload)
    if (!parsed.success) {
      log(`dropped malformed "${name}" from host: ${parsed.error.message}`)
      return
    }
    const push = { name, payload: parsed.data } as Push
    for (const listener of pushListeners) listener(push)
  })

  const connection: HostConnection = {
    get connected() {
      return !ended && socket.connected
    },
    async request(name, payload) {
      if (!connection.connected) {
        return err('NOT_CONNECTED', 'Not connected to the host right now.')
      }
      let raw: unknown
      try {
        // The typed emitWithAck cannot follow a generic event name; the contract types the call.
        raw = await (socket.timeout(requestTimeoutMs) as unknown as LooseEmitter).emitWithAck(
          name,
          payload
        )
      } catch {
        // Socket.IO fails pending acks at once when the line drops: that is not a slow host.
        return connection.connected
          ? err('TIMEOUT', `The host did not answer "${name}" in time.`)
          : err('NOT_CONNECTED', `The line to the host dropped before it answered "${name}".`)
      }
      return (
        parseResponse(name, raw) ?? err('INTERNAL', `The host sent a malformed reply to "${name}".`)
      )
    },
    signal(name, payload) {
      if (connection.connected) (socket.volatile as unknown as LooseEmitter).emit(name, payload)
    },
    onPush(listener) {
      pushListeners.add(listener)
      return () => pushListeners.delete(listener)
    },
    close() {
      if (!ended) end()
    }
  }

  return new Promise((resolve) => {
    let settled = false
    const settle = (result: Result<HostConnection>): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (!result.ok) end()
      resolve(result)
    }
    const timer = setTimeout(
      () =>
        settle(
          err('HOST_UNREACHABLE', `The host at ${where} did not accept a connection in time.`)
        ),
      connectTimeoutMs
    )

    socket.on('connect', () => settle(ok(connection)))
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      const refusal = connectRefusalSchema.safeParse(error.data)
      if (refusal.success) {
        log(`host refused the handshake: ${refusal.data.code}`)
        const { code, message, retryAfterMs } = refusal.data
        settle(err(code, message, retryAfterMs))
      } else if (
        isPinMismatch(error) ||
        isPinMismatch((error as { description?: unknown }).description)
      ) {
        settle(
          err('HOST_KEY_CHANGED', `The host at ${where} shows another certificate than before.`)
        )
      } else {
        settle(err('HOST_UNREACHABLE', `Could not connect to ${where}: ${error.message}`))
      }
    })
    socket.on('disconnect', (reason) => {
      log(`disconnected: ${reason}`)
      if (ended || !settled) return
      end()
      options.onLost?.(reason)
    })
  })
}

interface LooseEmitter {
  emit(name: string, payload: unknown): void
  emitWithAck(name: string, payload: unknown): Promise<unknown>
}
