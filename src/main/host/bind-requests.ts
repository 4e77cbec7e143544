import type { z } from 'zod'
import { err, type Result } from '../../shared/result'
import { REQUEST_NAMES, requestSchemas, type RequestName } from '../../shared/wire/protocol'
import type { Handlers } from './chat-service'
import type { PapoSocket } from './types'

type Ack = (result: Result<unknown>) => void
type LooseSocket = { on(name: string, listener: (...args: unknown[]) => void): void }

const describe = (error: z.ZodError): string => {
  const issue = error.issues[0]
  if (!issue) return 'Invalid payload.'
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
  return `Invalid payload: ${where}${issue.message}`
}

/**
 * Wires every request of the protocol to its handler on one connection. Nothing from the
 * network reaches a handler unvalidated, a handler that throws answers INTERNAL instead of taking
 * the host down, and a request sent without an ack callback (a fire-and-forget signal) is fine.
 */
export function bindRequests(
  socket: PapoSocket,
  userId: string,
  handlers: Handlers,
  log: (line: string) => void
): void {
  const loose = socket as unknown as LooseSocket
  for (const name of REQUEST_NAMES) {
    loose.on(name, (...args: unknown[]) => {
      const last = args[args.length - 1]
      const ack: Ack = typeof last === 'function' ? (last as Ack) : () => {}
      const payload = typeof last === 'function' ? args.slice(0, -1)[0] : args[0]
      ack(handle(name, payload))
    })
  }
  // Unknown events with an ack get a clear answer; a client must never wait for its timeout.
  socket.onAny((name: string, ...args: unknown[]) => {
    if ((REQUEST_NAMES as string[]).includes(name)) return
    const last = args[args.length - 1]
    if (typeof last === 'function') (last as Ack)(err('BAD_REQUEST', `Unknown request "${name}".`))
  })

  function handle(name: RequestName, payload: unknown): Result<unknown> {
    const parsed = requestSchemas[name].safeParse(payload)
    if (!parsed.success) return err('BAD_REQUEST', describe(parsed.error))
    try {
      const handler = handlers[name] as (ctx: unknown, payload: unknown) => Result<unknown>
      return handler({ userId, socket }, parsed.data)
    } catch (e) {
      log(`"${name}" failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
      return err('INTERNAL', 'Something went wrong on the host.')
    }
  }
}
