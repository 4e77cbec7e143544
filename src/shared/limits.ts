/** Protocol version spoken by this build; a host refuses clients of another version. */
export const PROTOCOL_VERSION = 1
export const APP_ID = 'papo'

export const DEFAULT_PORT = 4747
/** How many ports after the default a host tries when the default is taken. */
export const PORT_FALLBACK_RANGE = 20

export const LIMITS = {
  nicknameMin: 1,
  nicknameMax: 32,
  roomNameMin: 1,
  roomNameMax: 48,
  messageMax: 4000,
  /** Bytes of one Socket.IO packet; the host drops the connection above this. */
  payloadMaxBytes: 64 * 1024,
  historyPageDefault: 50,
  historyPageMax: 200,
  clientIdMax: 64,
  secretMin: 32,
  secretMax: 128,
  /** Messages one identity may send per rate window. */
  messagesPerWindow: 30,
  rateWindowMs: 10_000
} as const

export const TIMEOUTS = {
  /** Reachability probe and first connection when joining. */
  connectMs: 5_000,
  /** Every request/ack on the wire. */
  requestMs: 8_000,
  /** A typing indicator with no refresh for this long is dropped. */
  typingExpireMs: 6_000,
  /** How often an ongoing typist refreshes its indicator. */
  typingRefreshMs: 3_000
} as const

export const LOBBY_ROOM_ID = 'lobby'

/** Plain HTTP GET on the host answering {@link HostInfo}: tells a Papo host from anything else. */
export const PROBE_PATH = '/papo'
