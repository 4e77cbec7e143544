import { bridgeArgSchemas, type BridgeMethod, type BridgeResults } from '../../shared/bridge'
import { assertNever, err, ok, type Result } from '../../shared/result'
import { safeExternalUrl } from './external-url'
import type { Session } from './session'

export type BridgeDispatcher = (method: unknown, args: unknown) => Promise<Result<unknown>>

/**
 * The main-process side of the bridge: validates what the renderer sent and runs it. Electron's
 * ipcMain and the e2e tests' exposeBinding both call this, so both get the same checks.
 */
export function createBridgeDispatcher(
  session: Session,
  log: (line: string) => void = () => {}
): BridgeDispatcher {
  return async (method, rawArgs) => {
    if (typeof method !== 'string' || !Object.hasOwn(bridgeArgSchemas, method)) {
      return err('BAD_REQUEST', `Unknown bridge method ${JSON.stringify(method)}.`)
    }
    const name = method as BridgeMethod
    const parsed = bridgeArgSchemas[name].safeParse(rawArgs ?? {})
    if (!parsed.success) {
      return err(
        'BAD_REQUEST',
        `Invalid arguments for ${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`
      )
    }
    try {
      return await run(session, name, parsed.data)
    } catch (e) {
      log(`bridge ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
      return err('INTERNAL', 'Something went wrong in Papo. Try again.')
    }
  }
}

async function run<M extends BridgeMethod>(
  session: Session,
  method: M,
  args: unknown
): Promise<Result<BridgeResults[M]>> {
  // Each case returns the result type of its own method; TypeScript cannot narrow M per case.
  const done = (value: unknown): Result<BridgeResults[M]> => value as Result<BridgeResults[M]>
  const a = args as never
  switch (method as BridgeMethod) {
    case 'app:info':
      return done(ok(session.appInfo()))
    case 'prefs:set':
      return done(ok(session.setPrefs(a)))
    case 'session:host':
      return done(await session.host(a))
    case 'session:join':
      return done(await session.join(a))
    case 'session:leave':
      return done(await session.leave())
    case 'session:get':
      return done(ok(await session.get()))
    case 'room:create':
    case 'room:join':
    case 'room:leave':
    case 'room:members':
    case 'room:history':
    case 'room:read':
    case 'message:send':
    case 'member:remove':
      return done(await session.request(method as 'room:create', a))
    case 'typing:set':
      return done(session.setTyping(a))
    case 'shell:open-external': {
      const url = safeExternalUrl((args as { url: string }).url)
      if (!url) return done(err('BAD_REQUEST', 'Only web and mail links can be opened.'))
      await session.desktop.openExternal(url)
      return done(ok({}))
    }
    case 'notify:show':
      session.desktop.showNotification(a)
      return done(ok({}))
    case 'badge:set':
      session.desktop.setBadgeCount((args as { count: number }).count)
      return done(ok({}))
    default:
      return assertNever(method as never, 'bridge method')
  }
}
