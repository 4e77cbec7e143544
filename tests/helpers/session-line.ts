import { connectToHost, type HostConnection, type Push } from '../../src/main/client/connection'
import type { Connect } from '../../src/main/session/line'
import { ok } from '../../src/shared/result'
import type { SessionInfo } from '../../src/shared/bridge'
import type { RequestName } from '../../src/shared/wire/protocol'
import {
  joinAs,
  sleep,
  type TestSession,
  type TestSessionOptions,
  type useSessionFixtures
} from './session-harness'
import { startRelay } from './tcp-tools'

/**
 * A `connect` for a session that, once armed, holds one request until the test lets it go, and
 * records what the host pushes on that line while it is held. The request held is the first one
 * `holds` picks after `arm()`; `waits` says whether the request itself waits before it goes to
 * the host ('request'), or the host answers it at once and the answer waits ('answer'). With
 * `drops`, the first push it picks after `arm()` never reaches the session (a hole on a live
 * line).
 */
export function holdingConnect(opts: {
  holds: (name: RequestName, payload: unknown) => boolean
  waits: 'request' | 'answer'
  drops?: (push: Push) => boolean
}) {
  let armed = false
  let dropping = false
  let release: () => void = () => {}
  let reached: () => void = () => {}
  const state = {
    pushedWhileHeld: [] as Push[],
    /** Settles once the request (or its answer) is held. */
    reached: new Promise<void>((resolve) => (reached = resolve)),
    arm() {
      armed = true
      dropping = opts.drops !== undefined
    },
    release() {
      release()
    }
  }
  const connect: Connect = async (options) => {
    let holding = false
    const opened = await connectToHost({
      ...options,
      onPush: (push) => {
        if (dropping && opts.drops?.(push)) {
          dropping = false
          return
        }
        if (holding) state.pushedWhileHeld.push(push)
        options.onPush?.(push)
      }
    })
    if (!opened.ok) return opened
    const inner = opened.data
    const held: HostConnection = {
      get connected() {
        return inner.connected
      },
      async request(name, payload) {
        if (!armed || !opts.holds(name, payload)) return inner.request(name, payload)
        armed = false
        const gate = new Promise<void>((resolve) => (release = resolve))
        holding = true
        const answer = opts.waits === 'answer' ? await inner.request(name, payload) : null
        reached()
        await gate
        holding = false
        return answer ?? inner.request(name, payload)
      },
      signal: (name, payload) => inner.signal(name, payload),
      onPush: (listener) => inner.onPush(listener),
      close: () => inner.close()
    }
    return ok(held)
  }
  return { connect, state }
}

/**
 * Cuts `s`'s line at its relay and waits until the session says it is reconnecting; returns the
 * mark of its events from before the cut.
 */
/**
 * Two people on a host: Ana joined directly, Bia through a TCP relay the test can cut (closed
 * with the test's fixtures). `biaOptions` for Bia's session (a wrapped connect…).
 */
export async function anaAndBiaViaRelay(
  fx: ReturnType<typeof useSessionFixtures>,
  port: number,
  biaOptions: TestSessionOptions = {}
): Promise<{
  relay: Awaited<ReturnType<typeof startRelay>>
  ana: TestSession
  bia: TestSession
  biaJoined: SessionInfo
}> {
  const relay = await startRelay(port)
  fx.later(() => relay.close())
  const ana = fx.session()
  const bia = fx.session(biaOptions)
  await joinAs(ana, 'Ana', port)
  const biaJoined = await joinAs(bia, 'Bia', relay.port)
  return { relay, ana, bia, biaJoined }
}

export async function cutLine(s: TestSession, relay: { cut(): void }): Promise<number> {
  const mark = s.mark()
  relay.cut()
  await s.waitForEvent('connection:state', (e) => e.payload.status === 'reconnecting', 5_000, mark)
  return mark
}

/** Polls `check` until it holds, failing after `timeoutMs` with what was awaited. */
export async function waitUntil(
  check: () => boolean,
  what: string,
  timeoutMs = 10_000
): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}
