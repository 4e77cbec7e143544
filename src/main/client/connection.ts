import { io, type Socket } from 'socket.io-client'
import { formatAddress, type HostAddress } from '../../shared/address'
import type { ConnectionState } from '../../shared/bridge'
import { TIMEOUTS } from '../../shared/limits'
import { err, ok, type Result } from '../../shared/result'
import {
  connectRefusalSchema,
  parseResponse,
  pushSchemas,
  type ClientToServerEvents,
  type ConnectRefusal,
  type Handshake,
  type PushName,
  type PushPayload,
  type RequestName,
  type RequestPayload,
  type ResponseData,
  type ServerToClientEvents
} from '../../shared/wire/protocol'

/** After this many failed reconnect attempts the UI says the host is probably gone. */
export const HOST_GONE_AFTER_ATTEMPTS = 5

export type Push = { [K in PushName]: { name: K; payload: PushPayload<K> } }[PushName]

export interface HostConnection {
  readonly state: ConnectionState
  request<K extends RequestName>(
    name: K,
    payload: RequestPayload<K>
  ): Promise<Result<ResponseData<K>>>
  /** Fire-and-forget, dropped while disconnected: for signals that are stale a moment later. */
  signal<K extends RequestName>(name: K, payload: RequestPayload<K>): void
  onPush(listener: (push: Push) => void): () => void
  onState(listener: (state: ConnectionState) => void): () => void
  /** Fires after every successful reconnect (not the first connect), once the socket is usable. */
  onReconnected(listener: () => void): () => void
  /** The host refused a reconnect (e.g. REMOVED); the connection has stopped trying. */
  onRefused(listener: (refusal: ConnectRefusal) => void): () => void
  close(): void
}

export interface ConnectOptions {
  address: HostAddress
  handshake: Handshake
  connectTimeoutMs?: number
  requestTimeoutMs?: number
  log?: (line: string) => void
}

type PapoSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/**
 * Opens the one Socket.IO connection to a host and resolves once the host has accepted the
 * handshake, or with the reason it did not. The connection then reconnects by itself;
 * every ack and every pushed event is validated before anyone else sees it.
 */
export function connectToHost(options: ConnectOptions): Promise<Result<HostConnection>> {
  const connectTimeoutMs = options.connectTimeoutMs ?? TIMEOUTS.connectMs
  const requestTimeoutMs = options.requestTimeoutMs ?? TIMEOUTS.requestMs
  const log = options.log ?? (() => {})
  const where = formatAddress(options.address)
  const socket: PapoSocket = io(`http://${where}`, {
    auth: options.handshake,
    transports: ['websocket'],
    timeout: connectTimeoutMs,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    forceNew: true
  })

  let state: ConnectionState = { status: 'connecting' }
  const pushListeners = new Set<(push: Push) => void>()
  const stateListeners = new Set<(state: ConnectionState) => void>()
  const reconnectListeners = new Set<() => void>()
  const refusedListeners = new Set<(refusal: ConnectRefusal) => void>()
  const setState = (next: ConnectionState): void => {
    state = next
    for (const listener of stateListeners) listener(next)
  }

  socket.onAny((name: string, payload: unknown) => {
    if (!Object.hasOwn(pushSchemas, name)) return
    const parsed = pushSchemas[name as PushName].safeParse(payload)
    if (!parsed.success) {
      log(`dropped malformed "${name}" from host: ${parsed.error.message}`)
      return
    }
    const push = { name, payload: parsed.data } as Push
    for (const listener of pushListeners) listener(push)
  })

  const connection: HostConnection = {
    get state() {
      return state
    },
    async request(name, payload) {
      if (!socket.connected) return err('NOT_CONNECTED', 'Not connected to the host right now.')
      let raw: unknown
      try {
        // The typed emitWithAck cannot follow a generic event name; the contract types the call.
        raw = await (socket.timeout(requestTimeoutMs) as unknown as LooseEmitter).emitWithAck(
          name,
          payload
        )
      } catch {
        return err('TIMEOUT', `The host did not answer "${name}" in time.`)
      }
      return (
        parseResponse(name, raw) ?? err('INTERNAL', `The host sent a malformed reply to "${name}".`)
      )
    },
    signal(name, payload) {
      if (socket.connected) (socket.volatile as unknown as LooseEmitter).emit(name, payload)
    },
    onPush(listener) {
      pushListeners.add(listener)
      return () => pushListeners.delete(listener)
    },
    onState(listener) {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    },
    onReconnected(listener) {
      reconnectListeners.add(listener)
      return () => reconnectListeners.delete(listener)
    },
    onRefused(listener) {
      refusedListeners.add(listener)
      return () => refusedListeners.delete(listener)
    },
    close() {
      socket.removeAllListeners()
      socket.io.removeAllListeners()
      socket.disconnect()
      setState({ status: 'offline' })
    }
  }

  return new Promise((resolve) => {
    let settled = false
    const settle = (result: Result<HostConnection>): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (!result.ok) connection.close()
      resolve(result)
    }
    const timer = setTimeout(
      () =>
        settle(
          err('HOST_UNREACHABLE', `The host at ${where} did not accept a connection in time.`)
        ),
      connectTimeoutMs
    )

    socket.on('connect', () => {
      const wasReconnect = settled
      setState({ status: 'connected' })
      if (!wasReconnect) settle(ok(connection))
      else for (const listener of reconnectListeners) listener()
    })
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      const refusal = connectRefusalSchema.safeParse(error.data)
      if (refusal.success) {
        // A refused handshake will be refused again: retrying would only hammer the host.
        log(`host refused the handshake: ${refusal.data.code}`)
        if (!settled) settle(err(refusal.data.code, refusal.data.message))
        else {
          connection.close()
          for (const listener of refusedListeners) listener(refusal.data)
        }
      }
    })
    socket.on('disconnect', (reason) => {
      log(`disconnected: ${reason}`)
      if (reason === 'io client disconnect') return
      if (reason === 'io server disconnect') setState({ status: 'offline' })
      else setState({ status: 'reconnecting', attempt: 0 })
    })
    socket.io.on('reconnect_attempt', (attempt) => {
      setState(
        attempt >= HOST_GONE_AFTER_ATTEMPTS
          ? { status: 'host-gone', attempt }
          : { status: 'reconnecting', attempt }
      )
    })
  })
}

interface LooseEmitter {
  emit(name: string, payload: unknown): void
  emitWithAck(name: string, payload: unknown): Promise<unknown>
}
