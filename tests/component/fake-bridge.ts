import type {
  BridgeArgs,
  BridgeEvent,
  BridgeMethod,
  BridgeResults,
  PapoBridge
} from '../../src/shared/bridge'
import { FILE_LIMITS } from '../../src/shared/files'
import type { Result } from '../../src/shared/result'

type Handler<M extends BridgeMethod> = (
  args: BridgeArgs<M>
) => Result<BridgeResults[M]> | Promise<Result<BridgeResults[M]>>

/**
 * What the fake answers for a method without a handler when `{}` would not do: the start
 * screen lists hosts on every render of it, and the app asks for a start-up invite.
 */
const DEFAULTS: Partial<{ [M in BridgeMethod]: () => Result<BridgeResults[M]> }> = {
  'discovery:list': () => ({
    ok: true,
    data: { state: { status: 'searching', since: Date.now() }, hosts: [] }
  }),
  'invite:take': () => ({ ok: true, data: null }),
  // The chat screen asks for the session's transfers and the host's file limits as it opens.
  'file:transfers': () => ({ ok: true, data: { transfers: [] } }),
  'file:limits': () => ({
    ok: true,
    data: {
      maxFileBytes: FILE_LIMITS.maxFileBytes,
      maxTotalBytes: FILE_LIMITS.maxTotalBytes,
      usedBytes: 0
    }
  })
}

/**
 * A fake preload bridge for the component tests: records every call, answers with the handler
 * given for its method (a default from DEFAULTS, or `{ ok: true, data: {} }`, otherwise), and
 * emits events as main would. Installed before the renderer's modules are imported, since they read `window.papo`
 * when they load.
 */
export function installFakeBridge() {
  const listeners = new Set<(event: BridgeEvent) => void>()
  const handlers = new Map<string, (args: unknown) => unknown>()
  const log: { method: string; args: unknown }[] = []
  // Electron's path of a picked or dropped file; none by default, as in a browser.
  let pathFor: ((file: Blob) => string) | null = null
  const bridge: PapoBridge = {
    invoke: (async (method: string, args: unknown) => {
      log.push({ method, args })
      const handler = handlers.get(method) ?? DEFAULTS[method as BridgeMethod]
      return handler ? await handler(args) : { ok: true, data: {} }
    }) as PapoBridge['invoke'],
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    pathForFile: (file) => pathFor?.(file) ?? ''
  }
  ;(window as unknown as { papo: PapoBridge }).papo = bridge
  return {
    on<M extends BridgeMethod>(method: M, handler: Handler<M>): void {
      handlers.set(method, handler as (args: unknown) => unknown)
    },
    emit(event: BridgeEvent): void {
      for (const listener of [...listeners]) listener(event)
    },
    /** The arguments of every call of `method`, in order. */
    calls<M extends BridgeMethod>(method: M): BridgeArgs<M>[] {
      return log.filter((c) => c.method === method).map((c) => c.args as BridgeArgs<M>)
    },
    /** What `window.papo.pathForFile` answers (a file's path on disk, as Electron gives). */
    pathForFile(answer: ((file: Blob) => string) | null): void {
      pathFor = answer
    },
    reset(): void {
      log.length = 0
      handlers.clear()
      pathFor = null
    }
  }
}
