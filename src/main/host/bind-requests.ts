import { err, type Result } from '../../shared/result'
import {
  invalidPayload,
  REQUEST_NAMES,
  requestSchemas,
  type RequestName
} from '../../shared/wire/protocol'
import type { Handlers, RequestContext } from './chat-service'
import type { PapoSocket } from './types'

type Ack = (result: Result<unknown>) => void
type LooseHandler = (
  ctx: RequestContext,
  payload: unknown
) => Result<unknown> | Promise<Result<unknown>>

/** What a client over its in-flight bound is told to wait: the next batch commits in a tick. */
export const BUSY_RETRY_AFTER_MS = 100

export interface BindOptions {
  ctx: RequestContext
  handlers: Handlers
  /** Requests this connection may have waiting for their answer. */
  inFlightMax: number
  /** False when the connection reads too little to be answered (and has been cut). */
  admit(socket: PapoSocket): boolean
  /** A request answered RATE_LIMITED (for the activity log). */
  onRateLimited?(name: string, message: string): void
  log: (line: string) => void
}

const REQUESTS: ReadonlySet<string> = new Set(REQUEST_NAMES)
const isRequestName = (name: string): name is RequestName => REQUESTS.has(name)

const isPromise = (value: unknown): value is Promise<Result<unknown>> =>
  typeof (value as { then?: unknown } | null)?.then === 'function'

/**
 * Wires every request of the protocol to its handler on one connection. Nothing from the
 * network reaches a handler unvalidated (a refused payload answers what `invalidPayload` says:
 * TOO_LONG for a text over its limit, BAD_REQUEST otherwise), a handler that throws (or whose
 * promise rejects) answers INTERNAL instead of taking the host down, and a request sent without
 * an ack callback (a fire-and-forget signal) is fine.
 *
 * A connection gets at most `inFlightMax` requests in flight: a request counts from its arrival
 * until its answer is handed to the network, which for a synchronous answer is the end of the
 * event-loop turn and for a promise when it settles. So a burst of thousands of requests in one
 * TCP read costs the host `inFlightMax` answers and a cheap refusal for each of the others, and
 * other connections are served in between. None is handled for a connection that leaves what it
 * was already sent unread (it is cut instead): memory and time per client stay bounded.
 */
export function bindRequests(options: BindOptions): void {
  const { ctx, handlers, log } = options
  const { socket } = ctx
  let inFlight = 0
  // Synchronous answers of this turn, released together once the turn is over.
  let answeredThisTurn = 0
  const releaseTurn = (): void => {
    inFlight -= answeredThisTurn
    answeredThisTurn = 0
  }

  function request(name: RequestName, payload: unknown, reply: Ack): void {
    const ack: Ack = (result) => {
      if (!result.ok && result.error.code === 'RATE_LIMITED') {
        options.onRateLimited?.(name, result.error.message)
      }
      reply(result)
    }
    if (!options.admit(socket)) return
    if (inFlight >= options.inFlightMax) {
      ack(
        err(
          'RATE_LIMITED',
          `At most ${options.inFlightMax} requests may wait for an answer at once.`,
          BUSY_RETRY_AFTER_MS
        )
      )
      return
    }
    inFlight++
    const answer = handle(name, payload)
    // A synchronous answer goes out at once, in the order the requests came.
    if (!isPromise(answer)) {
      ack(answer)
      if (answeredThisTurn++ === 0) setImmediate(releaseTurn)
      return
    }
    answer
      .catch((e: unknown) => failed(name, e))
      .then(ack)
      .finally(() => inFlight--)
      .catch(() => {})
  }

  // One listener for every event, not one per request name: a thousand connections would
  // otherwise hold a thousand copies of a table of thirty listeners. Unknown events with an ack
  // get a clear answer; a client must never wait for its timeout.
  socket.onAny((name: string, ...args: unknown[]) => {
    const last = args[args.length - 1]
    const reply = typeof last === 'function' ? (last as Ack) : null
    if (!isRequestName(name)) {
      reply?.(err('BAD_REQUEST', `Unknown request "${name}".`))
      return
    }
    // A request sent without an ack callback (a fire-and-forget signal) is handled all the same.
    const payload = reply ? args.slice(0, -1)[0] : args[0]
    request(name, payload, reply ?? (() => {}))
  })

  function handle(name: RequestName, payload: unknown): Result<unknown> | Promise<Result<unknown>> {
    const schema = requestSchemas[name]
    const parsed = schema.safeParse(payload)
    // TOO_LONG for a text over its length (the rule is the schema's), BAD_REQUEST otherwise.
    if (!parsed.success) return invalidPayload(schema, parsed.error)
    try {
      return (handlers[name] as LooseHandler)(ctx, parsed.data)
    } catch (e) {
      return failed(name, e)
    }
  }

  function failed(name: RequestName, e: unknown): Result<unknown> {
    log(`"${name}" failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    return err('INTERNAL', 'Something went wrong on the host.')
  }
}
