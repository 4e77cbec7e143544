import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fetchChallenge } from '../../src/main/client/challenge'
import { signedHandshake } from '../../src/main/client/handshake'
import { identityFromPem, newIdentityKey } from '../../src/main/client/identity-key'
import { legacyProof } from '../../src/main/crypto/identity-proof'
import { IDENTITY_KEY_FILE, LEGACY_IDENTITY_FILE } from '../../src/main/session/identity'
import { PROTOCOL_VERSION } from '../../src/shared/limits'
import type { Result } from '../../src/shared/result'
import { handshakeSigningText, type RoomJoined } from '../../src/shared/wire/protocol'
import { hostCertificate, signedAuth } from '../helpers/handshake'
import { expectOk as expectBridgeOk, joinAs, useSessionFixtures } from '../helpers/session-harness'
import { makeTempDir } from '../helpers/temp-dir'
import {
  attempt,
  sha256Hex,
  startTrapHost,
  writeProtocol2Host,
  type Attempt,
  type TrapHost
} from '../helpers/trust-tools'
import { expectOk, newSecret, useHostFixtures } from '../helpers/wire-client'

// Issue 10, "what it must show": a trap host records everything a joining app sends; replaying
// it to the app's real host is refused. The app here is the real main-process session (its own
// identity key, its own handshake code); the trap is a TLS server with its own certificate that
// answers like a Papo host, hands out challenges and records every Socket.IO `auth` it gets.

// Folders go last (after-hooks run in reverse): hosts and sessions are stopped before.
const temps: (() => void)[] = []
afterEach(() => {
  for (const remove of temps.splice(0)) remove()
})
const fixtures = useHostFixtures()
const fx = useSessionFixtures()
const traps: TrapHost[] = []
afterEach(async () => {
  for (const trap of traps.splice(0)) await trap.close()
})

async function trap(opts: { relayChallengesOf?: number } = {}): Promise<TrapHost> {
  const temp = makeTempDir('papo-trap-')
  temps.push(temp.remove)
  const t = await startTrapHost({ dataDir: temp.dir, ...opts })
  traps.push(t)
  return t
}

/** The refusal a failed attempt carries (code and message), or "connected". */
function refusal(a: Attempt): { code: string; message: string } | 'connected' {
  if (a.connected) {
    a.close()
    return 'connected'
  }
  const data = a.data as { code?: string; message?: string } | undefined
  return { code: data?.code ?? 'NONE', message: data?.message ?? a.message }
}

const HANDSHAKE_FIELDS = [
  'app',
  'protocol',
  'publicKey',
  'nonce',
  'signature',
  'nickname',
  'legacy',
  'password',
  'device'
]

describe('a trap host records what the app sends', () => {
  it('a relayed challenge answered for the trap is refused by the real host', async () => {
    const real = await fixtures.host()
    const ana = fx.session()
    // Ana is known to her real host, with a private room.
    const first = await joinAs(ana, 'Ana', real.port)
    const secretRoom = expectBridgeOk(
      (await ana.dispatch('room:create', { name: 'Segredo' })) as Result<RoomJoined>
    ).room
    expectBridgeOk(await ana.dispatch('session:leave', {}))

    // The trap passes the real host's own challenges along, so the nonce Ana signs is one the
    // real host issued and has not seen used: only the fingerprint in the signature stands
    // between the recording and her identity.
    const t = await trap({ relayChallengesOf: real.port })
    const atTrap = await ana.dispatch('session:join', {
      nickname: 'Ana',
      address: `127.0.0.1:${t.port}`
    })
    expect(atTrap.ok).toBe(false)
    expect(t.recorded).toHaveLength(1)
    const recorded = t.recorded[0] as Record<string, unknown>

    // What was sent: the public key, one signature, the nickname; nothing secret-like.
    const key = identityFromPem(readFileSync(join(ana.dataDir, IDENTITY_KEY_FILE), 'utf8'))
    expect(recorded['publicKey']).toBe(key.publicKey)
    expect(Object.keys(recorded).every((k) => HANDSHAKE_FIELDS.includes(k))).toBe(true)
    expect(recorded).not.toHaveProperty('secret')
    expect(recorded).not.toHaveProperty('legacy')
    expect(recorded).not.toHaveProperty('password')
    expect(JSON.stringify(recorded)).not.toContain(key.exportPrivatePem().split('\n')[1])
    expect(recorded['nonce']).toBe(t.nonces[0])

    // Played to the real host: the nonce is good, the signature is over the trap's certificate.
    expect(refusal(await attempt(real.port, recorded))).toEqual({
      code: 'UNAUTHORIZED',
      message: 'The handshake was not signed for this host.'
    })
    // The refused attempt used the nonce up: a second try fails earlier.
    expect(refusal(await attempt(real.port, recorded))).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('no challenge') as string
    })
    // A fresh challenge of the real host put in the recording: the signature does not cover it.
    const pin = await hostCertificate(real.port)
    const fresh = expectOk(await fetchChallenge({ host: '127.0.0.1', port: real.port }, pin, 3_000))
    expect(refusal(await attempt(real.port, { ...recorded, nonce: fresh }))).toEqual({
      code: 'UNAUTHORIZED',
      message: 'The handshake was not signed for this host.'
    })

    // Ana herself still gets in as who she was, with her room.
    const back = await joinAs(ana, 'Ana', real.port)
    expect(back.self.id).toBe(first.self.id)
    expect(back.rooms.map((r) => r.id)).toContain(secretRoom.id)
  })

  it("a trap's own challenge answered by the app is refused by the real host", async () => {
    const real = await fixtures.host()
    const ana = fx.session()
    await joinAs(ana, 'Ana', real.port)
    expectBridgeOk(await ana.dispatch('session:leave', {}))
    const t = await trap()
    await ana.dispatch('session:join', { nickname: 'Ana', address: `127.0.0.1:${t.port}` })
    const recorded = t.recorded[0] as Record<string, unknown>
    expect(recorded).toBeDefined()
    expect(refusal(await attempt(real.port, recorded))).toMatchObject({ code: 'UNAUTHORIZED' })
    // Whatever field is changed, nothing the trap holds makes a handshake the real host takes.
    const pin = await hostCertificate(real.port)
    const fresh = expectOk(await fetchChallenge({ host: '127.0.0.1', port: real.port }, pin, 3_000))
    expect(refusal(await attempt(real.port, { ...recorded, nonce: fresh }))).toMatchObject({
      code: 'UNAUTHORIZED'
    })
  })

  it('a handshake seen on its way to the real host works once, never twice', async () => {
    const real = await fixtures.host()
    const secret = newSecret()
    const { auth } = await signedAuth(real.port, secret, 'Bia')
    const once = await attempt(real.port, auth)
    expect(once.connected).toBe(true)
    // Replayed while the first connection is still open, and after it closed.
    expect(refusal(await attempt(real.port, auth))).toMatchObject({ code: 'UNAUTHORIZED' })
    if (once.connected) once.close()
    expect(refusal(await attempt(real.port, auth))).toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it("an identity from before keys: the trap's recording cannot take it over on the real host", async () => {
    // The real host runs on a data folder from protocol 2, where Ana still is her old secret.
    const hostDir = makeTempDir('papo-legacy-host-')
    temps.push(hostDir.remove)
    const oldSecret = newSecret()
    const legacy = writeProtocol2Host(hostDir.dir, oldSecret, 'Ana')
    const real = await fixtures.host({ dataDir: hostDir.dir })

    // Her app still has the old identity.json next to its new key.
    const appDir = makeTempDir('papo-legacy-app-')
    temps.push(appDir.remove)
    writeFileSync(join(appDir.dir, LEGACY_IDENTITY_FILE), JSON.stringify({ secret: oldSecret }))
    const ana = fx.session({ dataDir: appDir.dir })

    // Before ever going home she joins the trap, which relays the real host's challenges.
    const t = await trap({ relayChallengesOf: real.port })
    await ana.dispatch('session:join', { nickname: 'Ana', address: `127.0.0.1:${t.port}` })
    const recorded = t.recorded[0] as Record<string, unknown> & {
      legacy: { lookup: string; proof: string }
      nonce: string
    }
    expect(recorded).toBeDefined()
    expect(Object.keys(recorded).every((k) => HANDSHAKE_FIELDS.includes(k))).toBe(true)
    expect(Object.keys(recorded.legacy).sort()).toEqual(['lookup', 'proof'])
    // Neither the secret nor the hash the host stored travels, in any encoding.
    const text = JSON.stringify(recorded)
    const hash = sha256Hex(oldSecret)
    for (const leak of [
      oldSecret,
      hash,
      Buffer.from(hash, 'hex').toString('base64url'),
      Buffer.from(hash, 'hex').toString('base64')
    ]) {
      expect(text).not.toContain(leak)
    }
    // The proof is bound to the trap's certificate and its nonce.
    const forReal = handshakeSigningText(PROTOCOL_VERSION, recorded.nonce, real.host.fingerprint)
    expect(recorded.legacy.proof).not.toBe(legacyProof(hash, forReal))

    // The trap's owner signs with a key of its own and attaches Ana's recorded legacy proof.
    const thief = newIdentityKey()
    const steal = (nonce: string) =>
      signedHandshake({
        identity: thief,
        nonce,
        fingerprint: real.host.fingerprint,
        nickname: 'Ana'
      })
    expect(
      refusal(await attempt(real.port, { ...steal(recorded.nonce), legacy: recorded.legacy }))
    ).toEqual({
      code: 'UNAUTHORIZED',
      message: 'The proof for this identity from an older Papo does not match.'
    })
    const pin = await hostCertificate(real.port)
    const fresh = expectOk(await fetchChallenge({ host: '127.0.0.1', port: real.port }, pin, 3_000))
    expect(
      refusal(await attempt(real.port, { ...steal(fresh), legacy: recorded.legacy }))
    ).toMatchObject({ code: 'UNAUTHORIZED' })

    // Ana's own app, at home, still moves her old identity to her key: nothing was taken.
    const home = await joinAs(ana, 'Ana', real.port)
    expect(home.self.id).toBe(legacy.userId)
    expect(home.rooms.map((r) => r.id)).toContain(legacy.roomId)
  })
})
