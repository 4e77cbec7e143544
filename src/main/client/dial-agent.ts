import { Agent } from 'node:https'
import { pinnedTls, type PinnedCertificate } from './tls-pin'

/**
 * The one TLS connection of one dial: the challenge request leaves it open (keep-alive) and the
 * WebSocket upgrade that follows takes it over, so joining a host costs one TLS handshake, not
 * two — on a busy host or a slow Wi-Fi that is half the setting-up. Destroy it when the dial is
 * over: a socket that was upgraded has left the agent by then and is not touched.
 */
export function dialAgent(pin: PinnedCertificate): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1, ...pinnedTls(pin) })
}
