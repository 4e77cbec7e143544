import type { BridgeArgs, BridgeMethod, BridgeResults, PapoBridge } from '../../shared/bridge'
import type { Result } from '../../shared/result'

/** The preload bridge: the renderer's only way out of its sandbox. */
export const bridge: PapoBridge = window.papo

export function call<M extends BridgeMethod>(
  method: M,
  args: BridgeArgs<M>
): Promise<Result<BridgeResults[M]>> {
  return bridge.invoke(method, args)
}
