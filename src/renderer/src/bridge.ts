import type { PapoBridge } from '../../shared/bridge'

/** The preload bridge: the renderer's only way out of its sandbox. */
export const bridge: PapoBridge = window.papo

/** `bridge.invoke`, typed by the bridge itself: a method, its arguments, its result. */
export const call: PapoBridge['invoke'] = (method, args) => bridge.invoke(method, args)
