/** Protocol version spoken by this build; a host refuses clients of another version. */
export const PROTOCOL_VERSION = 5
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
  /**
   * A history page also stops before its messages pass this many bytes (as JSON, UTF-8), so a
   * page of 200 long messages cannot make one ack megabytes long. `hasMore` then says so; a page
   * always holds at least one message.
   */
  historyPageMaxBytes: 256 * 1024,
  /**
   * Messages in one `messages:new` push (a batch of notices); a bigger batch goes out as several
   * pushes, in seq order.
   */
  messagesPushMax: 200,
  /**
   * Requests one connection may have waiting for their answer; more get RATE_LIMITED. An answer
   * given at once counts until the end of the host's event-loop turn, so a burst in one read
   * costs the host this many answers, not thousands.
   */
  requestsInFlightMax: 8,
  /**
   * Bytes queued for a connection that does not read them (acks and pushes not yet taken by the
   * network); past this the host disconnects it rather than grow its memory.
   */
  outgoingBufferMaxBytes: 4 * 1024 * 1024,
  clientIdMax: 64,
  secretMin: 32,
  secretMax: 128,
  /** A host password, in characters. */
  passwordMax: 128,
  /** The computer name a knocking app shows the person hosting. */
  deviceNameMax: 64,
  /** People waiting at the door of an "ask me first" host; more are refused (RATE_LIMITED). */
  knocksMax: 50,
  /** Handshake challenges handed out and not used yet; the oldest are forgotten past this. */
  challengesMax: 4_096,
  /** Activity entries the host keeps in memory for the Activity panel. */
  activityKept: 2_000,
  /** Entries in one activity:export from the renderer. */
  activityExportMax: 5_000,
  /** The start of a replied-to message quoted with the reply, in characters. */
  replyExcerptMax: 140,
  /** Different emoji on one message; one more is refused (BAD_REQUEST). */
  reactionsPerMessageMax: 20,
  /** One reaction: a single emoji (with its modifiers, ZWJ sequences, flags), in UTF-16 units. */
  reactionMax: 32,
  /** Changed messages in one room:changes answer. */
  changesPageMax: 200,
  /** A search query, in characters. */
  searchQueryMax: 200,
  /** Hits in one search answer. */
  searchHitsMax: 50
} as const

/** At most `count` events in any sliding window of `windowMs`. */
export interface RateRule {
  count: number
  windowMs: number
}

/**
 * What one person, one connection or one network address may do per window. Crossing a rule
 * gets RATE_LIMITED with `retryAfterMs` (a refused handshake for new identities). A host can be
 * given other values (`createHost({ rateLimits })`), which tests use to cross them quickly.
 */
export const RATE_LIMITS = {
  /** New messages per identity (across all its windows). */
  messagesPerIdentity: { count: 30, windowMs: 10_000 },
  /** New messages per IP address, whatever identities it uses. */
  messagesPerAddress: { count: 90, windowMs: 10_000 },
  roomCreatesPerIdentity: { count: 5, windowMs: 60_000 },
  roomCreatesPerAddress: { count: 15, windowMs: 60_000 },
  /** typing:set requests per identity (a typist refreshes every 3 s). */
  typingPerIdentity: { count: 20, windowMs: 10_000 },
  /**
   * Joining a room one was not in, and leaving one, per identity: each writes a notice to the
   * room's history, so a join/leave loop would flood it.
   */
  membershipChangesPerIdentity: { count: 10, windowMs: 60_000 },
  /** room:join with a code that matches no room: a code cannot be guessed by trying. */
  failedJoinsPerConnection: { count: 5, windowMs: 60_000 },
  failedJoinsPerAddress: { count: 10, windowMs: 60_000 },
  /** Identities a network address may create (the handshake is refused past it). */
  newIdentitiesPerAddress: { count: 10, windowMs: 60_000 },
  /**
   * "online" notices written to history per identity (each with its "offline" line when the
   * identity leaves). Presence stays live past it (presence:update); only the history lines are
   * skipped. "joined", once per identity, is always written.
   */
  presenceNoticesPerIdentity: { count: 4, windowMs: 60_000 },
  /**
   * Handshake challenges (GET /papo/challenge) per address: one per attempt, and a knocking app
   * asks every 2 s, so a few apps behind one address (a NAT, a shared PC) still fit.
   */
  challengesPerAddress: { count: 300, windowMs: 60_000 },
  /** Wrong host passwords per address; past it even the right one waits. */
  failedPasswordsPerAddress: { count: 5, windowMs: 60_000 },
  /** Knocks on an "ask me first" host per address (each new one shows the host a request). */
  knocksPerAddress: { count: 5, windowMs: 60_000 },
  /** Edits, deletes and reactions per identity: each is pushed to the whole room. */
  changesPerIdentity: { count: 30, windowMs: 10_000 },
  /** Searches per identity (each scans the full-text index). */
  searchesPerIdentity: { count: 20, windowMs: 10_000 },
  /** Direct conversations opened (created) per identity. */
  directOpensPerIdentity: { count: 20, windowMs: 60_000 },
  /**
   * Status changes per identity (status:set): each is pushed to everyone. A person picks one now
   * and then, and automatic away flips it at most twice per idle spell.
   */
  statusChangesPerIdentity: { count: 10, windowMs: 60_000 },
  /**
   * New uploads per identity (file:upload that starts one; resuming one is free): each takes a
   * staging file and, once finished, a message. A drop of a few dozen photos fits.
   */
  uploadsPerIdentity: { count: 60, windowMs: 60_000 },
  /**
   * Download tickets per identity (file:download): every picture shown asks for one, so a room
   * scrolled through full of photos fits; an identity asking without end would otherwise push
   * everyone else's tickets out of the host's table.
   */
  downloadsPerIdentity: { count: 600, windowMs: 60_000 }
} as const satisfies Record<string, RateRule>

export type RateLimits = { [K in keyof typeof RATE_LIMITS]: RateRule }

export const TIMEOUTS = {
  /** Reachability probe and first connection when joining. */
  connectMs: 5_000,
  /** Every request/ack on the wire. */
  requestMs: 8_000,
  /** A typing indicator with no refresh for this long is dropped. */
  typingExpireMs: 6_000,
  /** How often an ongoing typist refreshes its indicator. */
  typingRefreshMs: 3_000,
  /**
   * Notices, presence and member-list changes are gathered for this long and pushed as one batch,
   * so a room filling up costs each client a few pushes a second rather than one per person.
   */
  rosterBatchMs: 100,
  /** After telling clients it stops, the host waits this long before cutting what is left. */
  stopGraceMs: 1_000,
  /** A handshake challenge is good for this long, once. */
  challengeMs: 30_000,
  /** A knocking app asks again this often; a knock not renewed for 4× this is dropped. */
  knockRetryMs: 2_000,
  /** A "let in" answer waits this long for the knocking app to come back. */
  admissionMs: 10 * 60_000
} as const

export const LOBBY_ROOM_ID = 'lobby'

/** HTTPS GET on the host answering {@link HostInfo}: tells a Papo host from anything else. */
export const PROBE_PATH = '/papo'
/** HTTPS GET answering a fresh handshake challenge (`{ nonce }`), good once. */
export const CHALLENGE_PATH = '/papo/challenge'
