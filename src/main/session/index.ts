export { createSession, type Session, type SessionOptions } from './session'
export { createBridgeDispatcher, type BridgeDispatcher } from './bridge-dispatcher'
export type { DesktopPort } from './desktop-port'
