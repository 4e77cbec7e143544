import type { BridgeEvent } from '../../src/shared/bridge'
import { createBridgeDispatcher, createSession, type Session } from '../../src/main/session'
import type { DesktopPort } from '../../src/main/session'
import { makeTempDir } from './temp-dir'

/** What the session asked of the desktop, recorded in place of real OS notifications. */
export interface DesktopCalls {
  notifications: { title: string; body: string; roomId: string }[]
  badges: number[]
  opened: string[]
}

export interface TestSession {
  session: Session
  dispatch: ReturnType<typeof createBridgeDispatcher>
  dataDir: string
  events: BridgeEvent[]
  desktop: DesktopCalls
  /** Resolves with the first event (already seen or still to come) that matches. */
  waitForEvent<T extends BridgeEvent['type']>(
    type: T,
    match?: (event: Extract<BridgeEvent, { type: T }>) => boolean,
    timeoutMs?: number
  ): Promise<Extract<BridgeEvent, { type: T }>>
  close(): Promise<void>
}

/**
 * A real main-process session with its own data folder (so its own identity), exactly as the
 * Electron shell builds it, with the OS side recorded instead of shown.
 */
export function startTestSession(
  opts: { dataDir?: string; systemLocale?: string; connectTimeoutMs?: number } = {}
): TestSession {
  const temp = opts.dataDir ? null : makeTempDir('papo-session-')
  const dataDir = opts.dataDir ?? (temp as { dir: string }).dir
  const desktop: DesktopCalls = { notifications: [], badges: [], opened: [] }
  const port: DesktopPort = {
    openExternal: async (url) => {
      desktop.opened.push(url)
    },
    showNotification: (n) => desktop.notifications.push(n),
    setBadgeCount: (count) => desktop.badges.push(count)
  }
  const session = createSession({
    dataDir,
    appVersion: '0.0.0-test',
    platform: process.platform,
    systemLocale: opts.systemLocale ?? 'en-US',
    hostName: 'test-host',
    desktop: port,
    connectTimeoutMs: opts.connectTimeoutMs ?? 3_000
  })
  const events: BridgeEvent[] = []
  const waiters = new Set<(event: BridgeEvent) => void>()
  session.onEvent((event) => {
    events.push(event)
    for (const waiter of [...waiters]) waiter(event)
  })

  return {
    session,
    dispatch: createBridgeDispatcher(session),
    dataDir,
    events,
    desktop,
    waitForEvent(type, match = () => true, timeoutMs = 5_000) {
      type E = Extract<BridgeEvent, { type: typeof type }>
      const hit = (event: BridgeEvent): event is E => event.type === type && match(event as never)
      const seen = events.find(hit)
      if (seen) return Promise.resolve(seen as never)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`no "${type}" event within ${timeoutMs} ms`))
        }, timeoutMs)
        const waiter = (event: BridgeEvent): void => {
          if (!hit(event)) return
          clearTimeout(timer)
          waiters.delete(waiter)
          resolve(event as never)
        }
        waiters.add(waiter)
      })
    },
    async close() {
      await session.shutdown()
      temp?.remove()
    }
  }
}
