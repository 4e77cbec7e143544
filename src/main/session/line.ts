import { ok, type Result } from '../../shared/result'
import type { SessionStart } from '../../shared/wire/protocol'
import type { ConnectOptions, HostConnection, Push } from '../client/connection'

/** Opens one connection; the session takes it as an option so tests can watch or hold a line. */
export type Connect = (options: ConnectOptions) => Promise<Result<HostConnection>>

/**
 * A line the host accepted and answered `session:start` on. The host may push before that answer
 * (a text, a roster batch with the person's own `online` notice), so until the session attaches,
 * pushes are held here in order: the session replays them against the cursors the answer gives, and
 * none is lost or counted before its time.
 */
export interface Line {
  connection: HostConnection
  start: SessionStart
  /**
   * From now on pushes go to `onPush` and a lost line to `onLost`. Returns the pushes that came
   * before, oldest first; a line lost meanwhile is reported after the caller has replayed them.
   */
  attach(onPush: (push: Push) => void, onLost: (reason: string) => void): Push[]
}

export async function openLine(
  connect: Connect,
  options: Omit<ConnectOptions, 'onPush' | 'onLost'>
): Promise<Result<Line>> {
  let held: Push[] = []
  let pushTo: ((push: Push) => void) | null = null
  let lostTo: ((reason: string) => void) | null = null
  let lostReason: string | null = null
  const opened = await connect({
    ...options,
    onPush: (push) => (pushTo ? pushTo(push) : held.push(push)),
    onLost: (reason) => (lostTo ? lostTo(reason) : (lostReason = reason))
  })
  if (!opened.ok) return opened
  const connection = opened.data
  const start = await connection.request('session:start', {})
  if (!start.ok) {
    connection.close()
    return start
  }
  return ok({
    connection,
    start: start.data,
    attach(onPush, onLost) {
      pushTo = onPush
      const before = held
      held = []
      if (lostReason === null) lostTo = onLost
      else {
        const reason = lostReason
        queueMicrotask(() => onLost(reason))
      }
      return before
    }
  })
}
