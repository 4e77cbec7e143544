import { createHash } from 'node:crypto'
import { fetchChallenge } from '../../src/main/client/challenge'
import { signedHandshake } from '../../src/main/client/handshake'
import { identityFromSeed, type IdentityKey } from '../../src/main/client/identity-key'
import { probeAddress } from '../../src/main/client/probe'
import { pinnedTls, type PinnedCertificate } from '../../src/main/client/tls-pin'
import type { Handshake } from '../../src/shared/wire/protocol'

/**
 * What a client written from docs/protocol.md does before connecting: read the host's
 * certificate (pinning it, as a first join would after the person compared the code), ask for a
 * challenge and sign it. Tests name identities by a secret string; the same string is always
 * the same key.
 */
export const identityForSecret = (secret: string): IdentityKey =>
  identityFromSeed(createHash('sha256').update(`papo-test-identity\n${secret}`).digest())

export async function hostCertificate(port: number): Promise<PinnedCertificate> {
  const answer = await probeAddress({ host: '127.0.0.1', port }, 3_000)
  if (answer.kind !== 'papo') throw new Error(`no Papo host on ${port}: ${answer.error.message}`)
  return answer.certificate
}

export async function signedAuth(
  port: number,
  secret: string,
  nickname: string,
  extra: Partial<Pick<Handshake, 'password' | 'device' | 'legacy'>> & {
    legacySecretHash?: string
    pin?: PinnedCertificate
  } = {}
): Promise<{ auth: Handshake; tls: ReturnType<typeof pinnedTls>; pin: PinnedCertificate }> {
  const pin = extra.pin ?? (await hostCertificate(port))
  const nonce = await fetchChallenge({ host: '127.0.0.1', port }, pin, 3_000)
  if (!nonce.ok) throw new Error(`no challenge: ${nonce.error.code} ${nonce.error.message}`)
  const auth = signedHandshake({
    identity: identityForSecret(secret),
    legacySecretHash: extra.legacySecretHash ?? null,
    nonce: nonce.data,
    fingerprint: pin.fingerprint,
    nickname,
    password: extra.password,
    device: extra.device
  })
  return { auth, tls: pinnedTls(pin), pin }
}
