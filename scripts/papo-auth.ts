import type { Agent } from 'node:https'
import { fetchChallenge } from '../src/main/client/challenge'
import { dialAgent } from '../src/main/client/dial-agent'
import { signedHandshake } from '../src/main/client/handshake'
import { newIdentityKey } from '../src/main/client/identity-key'
import { probeAddress } from '../src/main/client/probe'
import { pinnedTls, type PinnedCertificate } from '../src/main/client/tls-pin'
import type { Handshake } from '../src/shared/wire/protocol'

const pins = new Map<number, Promise<PinnedCertificate>>()

/** The loopback host's certificate, read once per port (the benchmark trusts its own host). */
export function benchPin(port: number): Promise<PinnedCertificate> {
  let pin = pins.get(port)
  if (!pin) {
    pin = probeAddress({ host: '127.0.0.1', port }, 10_000).then((answer) => {
      if (answer.kind !== 'papo') throw new Error(`no Papo host on ${port}`)
      return answer.certificate
    })
    pins.set(port, pin)
  }
  return pin
}

/**
 * What a benchmark client connects to a Papo host with, as the app does: a new identity key, a
 * fresh challenge, the signed handshake, and TLS pinned to the host's certificate, on the dial's
 * one connection (`agent`, also in `tls` for Socket.IO's options).
 */
export async function papoConnectOptions(
  port: number,
  nickname: string
): Promise<{
  url: string
  auth: Handshake
  agent: Agent
  tls: ReturnType<typeof pinnedTls> & { agent: string }
}> {
  const pin = await benchPin(port)
  const agent = dialAgent(pin)
  const nonce = await fetchChallenge({ host: '127.0.0.1', port }, pin, 60_000, agent)
  if (!nonce.ok) throw new Error(nonce.error.code)
  const auth = signedHandshake({
    identity: newIdentityKey(),
    nonce: nonce.data,
    fingerprint: pin.fingerprint,
    nickname
  })
  // engine.io-client's types say string | boolean; in Node it hands the agent to ws as is.
  const tls = { ...pinnedTls(pin), agent: agent as unknown as string }
  return { url: `https://127.0.0.1:${port}`, auth, agent, tls }
}
