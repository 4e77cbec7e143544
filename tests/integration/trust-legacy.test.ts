import { cpSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { legacyProof } from '../../src/main/crypto/identity-proof'
import { IDENTITY_KEY_FILE, LEGACY_IDENTITY_FILE } from '../../src/main/session/identity'
import type { Message } from '../../src/shared/models'
import { PROTOCOL_VERSION } from '../../src/shared/limits'
import type { Result } from '../../src/shared/result'
import { handshakeSigningText } from '../../src/shared/wire/protocol'
import { signedAuth } from '../helpers/handshake'
import { joinAs, useSessionFixtures } from '../helpers/session-harness'
import { makeTempDir } from '../helpers/temp-dir'
import { attempt, httpsGet, modeOf, sha256Hex, writeProtocol2Host } from '../helpers/trust-tools'
import {
  expectOk,
  newSecret,
  tryConnect,
  useHostFixtures,
  type WireClient
} from '../helpers/wire-client'

// Issue 10: a data folder made by protocol 2 keeps its people, nicknames and history; an
// old-style identity moves to its key on its first signed login, proven by an HMAC keyed with
// its old secret's hash (never sent); from then on only that key is that identity.

// Folders go last (after-hooks run in reverse): hosts and sessions are stopped before.
const temps: (() => void)[] = []
afterEach(() => {
  for (const remove of temps.splice(0)) remove()
})
const fixtures = useHostFixtures()
const fx = useSessionFixtures()
const open: WireClient[] = []
afterEach(() => {
  for (const c of open.splice(0)) c.close()
})

function tempDir(prefix: string): string {
  const temp = makeTempDir(prefix)
  temps.push(temp.remove)
  return temp.dir
}

const texts = (messages: Message[]): string[] =>
  messages.flatMap((m) => (m.kind === 'text' ? [m.text] : []))

describe('a host data folder from protocol 2', () => {
  it('an old identity proves its secret once and keeps id, nickname, rooms and history', async () => {
    const dir = tempDir('papo-v2-host-')
    const oldSecret = newSecret()
    const legacy = writeProtocol2Host(dir, oldSecret, 'Ana')
    // A password added since: people the host already knew are not asked for it.
    const h = await fixtures.host({ dataDir: dir, password: 'novo' })
    expect(JSON.parse((await httpsGet(h.port, '/papo')).body).hostId).toBe(legacy.hostId)

    // A proof with the right lookup but not made with the secret's hash: refused.
    const forged = await signedAuth(h.port, newSecret(), 'Ana', {
      legacySecretHash: sha256Hex(oldSecret)
    })
    const wrongProof = legacyProof(
      sha256Hex('not the secret'),
      handshakeSigningText(PROTOCOL_VERSION, forged.auth.nonce, h.host.fingerprint)
    )
    const refused = await attempt(h.port, {
      ...forged.auth,
      legacy: { ...forged.auth.legacy, proof: wrongProof }
    })
    expect(refused.connected ? 'connected' : refused.data).toEqual({
      code: 'UNAUTHORIZED',
      message: 'The proof for this identity from an older Papo does not match.'
    })

    // Her new key with the proof: she is who she was.
    const key = newSecret()
    const moved = await tryConnect(h.port, 'Ana', {
      secret: key,
      auth: (await signedAuth(h.port, key, 'Ana', { legacySecretHash: sha256Hex(oldSecret) })).auth
    })
    if ('code' in moved) throw new Error(`refused: ${moved.code} ${moved.message}`)
    open.push(moved)
    const start = expectOk(await moved.request('session:start', {}))
    expect(start.self).toEqual({ id: legacy.userId, nickname: 'Ana' })
    expect(start.rooms.map((r) => r.id).sort()).toEqual(['lobby', legacy.roomId].sort())
    expect(start.rooms.find((r) => r.id === legacy.roomId)?.code).toBe(legacy.roomCode)
    const history = expectOk(await moved.request('room:history', { roomId: legacy.roomId }))
    expect(texts(history.messages)).toEqual(legacy.texts)
    const members = expectOk(await moved.request('room:members', { roomId: legacy.roomId }))
    expect(members.members.map((m) => m.id).sort()).toEqual(
      [legacy.userId, legacy.otherUserId].sort()
    )
    moved.close()

    // From now on the key is the identity: no proof needed, none taken from anyone else.
    const again = await tryConnect(h.port, 'Ana', { secret: key })
    if ('code' in again) throw new Error(`refused: ${again.code}`)
    open.push(again)
    expect(expectOk(await again.request('session:start', {})).self.id).toBe(legacy.userId)

    // Someone else with the same old secret (a copied identity.json) is a newcomer now: asked
    // for the password, and never Ana.
    const copy = newSecret()
    const withProof = (nickname: string, password?: string) =>
      signedAuth(h.port, copy, nickname, {
        legacySecretHash: sha256Hex(oldSecret),
        password
      }).then((s) => tryConnect(h.port, nickname, { auth: s.auth }))
    expect(await withProof('Ana')).toMatchObject({ code: 'NICKNAME_TAKEN' })
    expect(await withProof('Ana', 'novo')).toMatchObject({ code: 'NICKNAME_TAKEN' })
    expect(await withProof('Ana 2')).toMatchObject({ code: 'PASSWORD_REQUIRED' })
    const other = await withProof('Ana 2', 'novo')
    if ('code' in other) throw new Error(`refused: ${other.code}`)
    open.push(other)
    const otherStart = expectOk(await other.request('session:start', {}))
    expect(otherStart.self.id).not.toBe(legacy.userId)
    expect(otherStart.rooms.map((r) => r.id)).toEqual(['lobby'])

    // Bia, not moved yet, still can be, after a restart too.
    await h.restart()
    const bia = await tryConnect(h.port, 'Bia', {
      auth: (
        await signedAuth(h.port, newSecret(), 'Bia', {
          legacySecretHash: sha256Hex(`bia-${oldSecret}`)
        })
      ).auth
    })
    if ('code' in bia) throw new Error(`refused: ${bia.code}`)
    open.push(bia)
    expect(expectOk(await bia.request('session:start', {})).self.id).toBe(legacy.otherUserId)
  })
})

describe('an app data folder from protocol 2', () => {
  it('moves its identity to a new key on the first join, and is that key from then on', async () => {
    const hostDir = tempDir('papo-v2-host-')
    const oldSecret = newSecret()
    const legacy = writeProtocol2Host(hostDir, oldSecret, 'Ana')
    const h = await fixtures.host({ dataDir: hostDir })

    // The app's folder as protocol 2 left it: only identity.json with the secret.
    const appDir = tempDir('papo-v2-app-')
    writeFileSync(join(appDir, LEGACY_IDENTITY_FILE), JSON.stringify({ secret: oldSecret }), {
      mode: 0o644
    })
    // A copy of that folder made before the upgrade (a second computer, a backup).
    const copyDir = tempDir('papo-v2-copy-')
    cpSync(appDir, copyDir, { recursive: true })

    const ana = fx.session({ dataDir: appDir })
    const joined = await joinAs(ana, 'Ana', h.port)
    expect(joined.self).toEqual({ id: legacy.userId, nickname: 'Ana' })
    expect(joined.rooms.map((r) => r.id)).toContain(legacy.roomId)
    const history = expectOk(
      (await ana.dispatch('room:history', { roomId: legacy.roomId })) as Result<{
        messages: Message[]
      }>
    )
    expect(texts(history.messages)).toEqual(legacy.texts)
    // Its key is made once, private; the old file is made private too.
    expect(modeOf(join(appDir, IDENTITY_KEY_FILE))).toBe(0o600)
    expect(modeOf(join(appDir, LEGACY_IDENTITY_FILE))).toBe(0o600)
    expect(modeOf(appDir)).toBe(0o700)
    expectOk(await ana.dispatch('session:leave', {}))
    const back = await joinAs(ana, 'Ana', h.port)
    expect(back.self.id).toBe(legacy.userId)

    // The copy makes a key of its own: the identity already went to the first one.
    expect(existsSync(join(copyDir, IDENTITY_KEY_FILE))).toBe(false)
    const twin = fx.session({ dataDir: copyDir })
    const refused = await twin.dispatch('session:join', {
      nickname: 'Ana',
      address: `127.0.0.1:${h.port}`
    })
    expect(refused.ok ? 'joined' : refused.error.code).toBe('NICKNAME_TAKEN')
    const asOther = await joinAs(twin, 'Ana de novo', h.port)
    expect(asOther.self.id).not.toBe(legacy.userId)
    expect(asOther.rooms.map((r) => r.id)).toEqual(['lobby'])
  })
})
