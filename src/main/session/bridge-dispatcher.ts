import type { z } from 'zod'
import {
  bridgeArgSchemas,
  isBridgeMethod,
  type BridgeHandlers,
  type BridgeMethod,
  type BridgeResults,
  type ParsedBridgeArgs
} from '../../shared/bridge'
import { err, type Result } from '../../shared/result'
import { invalidPayload } from '../../shared/wire/protocol'

/** What Electron's ipcMain (and the e2e tests' exposeBinding) call with whatever arrived. */
export type BridgeDispatcher = (method: unknown, args: unknown) => Promise<Result<unknown>>

/** Each method's schema, seen as the parser of that method's arguments. */
const argSchemas: { [M in BridgeMethod]: z.ZodType<ParsedBridgeArgs<M>> } = bridgeArgSchemas

/**
 * The main-process side of the bridge: validates what the renderer sent and runs its handler.
 * Electron's ipcMain and the e2e tests' exposeBinding both call this, so both get the same
 * checks. Every call resolves to a Result; a handler that throws answers INTERNAL.
 */
export function createBridgeDispatcher(
  handlers: BridgeHandlers,
  log: (line: string) => void = () => {}
): BridgeDispatcher {
  return async (method, args) => {
    if (!isBridgeMethod(method)) {
      return err('BAD_REQUEST', `Unknown bridge method ${JSON.stringify(method)}.`)
    }
    return run(handlers, method, args, log)
  }
}

async function run<M extends BridgeMethod>(
  handlers: BridgeHandlers,
  method: M,
  rawArgs: unknown,
  log: (line: string) => void
): Promise<Result<BridgeResults[M]>> {
  const schema = argSchemas[method]
  const parsed = schema.safeParse(rawArgs ?? {})
  // TOO_LONG for a text over its length (the schema's rule, as on the host), else BAD_REQUEST.
  if (!parsed.success) return invalidPayload(schema, parsed.error)
  try {
    return await handlers[method](parsed.data)
  } catch (e) {
    log(`bridge ${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    return err('INTERNAL', 'Something went wrong in Papo. Try again.')
  }
}
