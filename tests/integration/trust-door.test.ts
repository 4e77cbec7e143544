import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { keyCode } from '../../src/main/crypto/identity-proof'
import type { SessionInfo } from '../../src/shared/bridge'
import { LIMITS, RATE_LIMITS } from '../../src/shared/limits'
import type { Result } from '../../src/shared/result'
import type { Knock } from '../../src/shared/wire/protocol'
import { identityForSecret, signedAuth } from '../helpers/handshake'
import { expectOk as expectBridgeOk, useSessionFixtures } from '../helpers/session-harness'
import { freePort } from '../helpers/tcp-tools'
import { attempt, httpsGet, notPrivate } from '../helpers/trust-tools'
import {
  connectClient,
  expectOk,
  newSecret,
  tryConnect,
  useHostFixtures,
  type TestHost,
  type WireClient
} from '../helpers/wire-client'

// Issue 10, "the person hosting is in charge": the door a new identity passes through. A host
// password (right, wrong, missing, brute-forced), and "ask me first" (knock, let in, turn away, a
// knock given up), on the wire and through the app's own session; people already known and the
// person hosting are never stopped at it.

const owner = newSecret()
const ownerPublicKey = identityForSecret(owner).publicKey
const fixtures = useHostFixtures({ ownerPublicKey })
const fx = useSessionFixtures()

const PASSWORD = 'sala-42 çá'

const open: WireClient[] = []
afterEach(() => {
  for (const c of open.splice(0)) c.close()
})

/** Knocks at the door: the refusal's code (and retryAfterMs), or "in" (the client kept). */
async function knock(
  h: TestHost,
  nickname: string,
  opts: { secret?: string; password?: string; device?: string } = {}
): Promise<{ code: string; retryAfterMs?: number; message?: string }> {
  const result = await tryConnect(h.port, nickname, opts)
  if ('code' in result) return result
  open.push(result)
  return { code: 'in' }
}

async function ownerClient(h: TestHost): Promise<WireClient> {
  const c = await connectClient(h.port, 'Ana', { secret: owner })
  open.push(c)
  return c
}

/** Every file under `dir`, as bytes, to search for what must never be stored. */
function everyFile(dir: string): Buffer[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)))
}

describe('a host password', () => {
  it('is asked of new people only: missing, wrong, right; known people and the host are not asked', async () => {
    const h = await fixtures.host({ password: PASSWORD })
    expect(JSON.parse((await httpsGet(h.port, '/papo')).body)).toMatchObject({
      access: { password: true, askFirst: false }
    })
    // The person hosting, new to the host, is not asked.
    expect(await knock(h, 'Ana', { secret: owner })).toEqual({ code: 'in' })

    const bia = newSecret()
    expect(await knock(h, 'Bia', { secret: bia })).toMatchObject({ code: 'PASSWORD_REQUIRED' })
    expect(await knock(h, 'Bia', { secret: bia, password: '' })).toMatchObject({
      code: 'PASSWORD_REQUIRED'
    })
    expect(await knock(h, 'Bia', { secret: bia, password: 'sala-41 çá' })).toMatchObject({
      code: 'PASSWORD_WRONG'
    })
    // Compared as typed (NFC): the same password with a decomposed "ç" is the same password.
    expect(await knock(h, 'Bia', { secret: bia, password: PASSWORD.normalize('NFD') })).toEqual({
      code: 'in'
    })
    // Known now: no password, or a wrong one, is not asked about.
    expect(await knock(h, 'Bia', { secret: bia })).toEqual({ code: 'in' })
    expect(await knock(h, 'Bia', { secret: bia, password: 'whatever' })).toEqual({ code: 'in' })

    // Only a salted hash, in memory: the password is in no file of the host's data folder.
    await h.restart()
    for (const bytes of everyFile(h.dataDir)) {
      expect(bytes.includes(Buffer.from(PASSWORD))).toBe(false)
      expect(bytes.includes(Buffer.from('sala-41'))).toBe(false)
    }
  })

  it('brute force: past the wrong ones allowed, even the right one waits; other addresses and known people do not', async () => {
    let clock = 1_800_000_000_000
    const h = await fixtures.host({ password: PASSWORD, now: () => clock })
    const bia = newSecret()
    expect(await knock(h, 'Bia', { secret: bia, password: PASSWORD })).toEqual({ code: 'in' })

    const { count, windowMs } = RATE_LIMITS.failedPasswordsPerAddress
    for (let i = 0; i < count; i++) {
      expect(await knock(h, `Guess${i}`, { password: `guess-${i}` })).toMatchObject({
        code: 'PASSWORD_WRONG'
      })
    }
    const blocked = await knock(h, 'Caio', { password: PASSWORD })
    expect(blocked).toMatchObject({ code: 'RATE_LIMITED' })
    expect(blocked.retryAfterMs).toBeGreaterThan(windowMs - 5_000)
    expect(blocked.retryAfterMs).toBeLessThanOrEqual(windowMs)

    // Per address: another computer (127.0.0.2) is not held up by this one's guesses.
    const elsewhere = await attempt(
      h.port,
      (await signedAuth(h.port, newSecret(), 'Duda', { password: PASSWORD })).auth,
      { localAddress: '127.0.0.2' }
    )
    expect(elsewhere.connected).toBe(true)
    if (elsewhere.connected) elsewhere.close()
    // Known people and the person hosting come in from the blocked address all the same.
    expect(await knock(h, 'Bia', { secret: bia })).toEqual({ code: 'in' })
    expect(await knock(h, 'Ana', { secret: owner })).toEqual({ code: 'in' })

    clock += windowMs - 1
    expect(await knock(h, 'Caio', { password: PASSWORD })).toMatchObject({ code: 'RATE_LIMITED' })
    clock += 1
    expect(await knock(h, 'Caio', { password: PASSWORD })).toEqual({ code: 'in' })
  })

  it('brute force in parallel: guesses sent at once are limited like guesses in a row', async () => {
    const h = await fixtures.host({ password: PASSWORD })
    const { count } = RATE_LIMITS.failedPasswordsPerAddress
    const guesses = 4 * count
    // Each guess a whole, valid handshake (its own key and challenge), all in flight together.
    const answers = await Promise.all(
      Array.from({ length: guesses }, (_, i) => knock(h, `Guess${i}`, { password: `guess-${i}` }))
    )
    const codes = answers.map((a) => a.code)
    expect(codes.filter((c) => c === 'PASSWORD_WRONG').length).toBeLessThanOrEqual(count)
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(guesses - count)
    expect(await knock(h, 'Caio', { password: PASSWORD })).toMatchObject({ code: 'RATE_LIMITED' })
  })
})

describe('"ask me first"', () => {
  it('knock, let in, turn away; the host sees who knocks from where', async () => {
    const h = await fixtures.host({ askFirst: true, knockRetryMs: 300 })
    const ana = await ownerClient(h)
    expect(JSON.parse((await httpsGet(h.port, '/papo')).body)).toMatchObject({
      access: { password: false, askFirst: true }
    })

    const caio = newSecret()
    const first = await knock(h, 'Caio', { secret: caio, device: 'PC-07' })
    expect(first).toMatchObject({ code: 'KNOCKING', retryAfterMs: 300 })
    const expected = {
      nickname: 'Caio',
      device: 'PC-07',
      address: '127.0.0.1',
      keyCode: keyCode(identityForSecret(caio).publicKey)
    }
    const pushed = await ana.waitFor('knocks:changed', (p) => p.knocks.length === 1)
    expect(pushed.knocks[0]).toMatchObject(expected)
    const listed = expectOk(await ana.request('host:knocks', {})).knocks
    expect(listed).toEqual(pushed.knocks)
    // Asking again is the same knock, not a second one.
    expect(await knock(h, 'Caio', { secret: caio, device: 'PC-07' })).toMatchObject({
      code: 'KNOCKING'
    })
    expect(expectOk(await ana.request('host:knocks', {})).knocks).toEqual(listed)

    const duda = newSecret()
    expect(await knock(h, 'Duda', { secret: duda, device: 'PC-08' })).toMatchObject({
      code: 'KNOCKING'
    })
    const both = (await ana.waitFor('knocks:changed', (p) => p.knocks.length === 2)).knocks
    const byName = (name: string): Knock => both.find((k) => k.nickname === name) as Knock

    expectOk(await ana.request('host:answer-knock', { knockId: byName('Caio').id, admit: true }))
    expectOk(await ana.request('host:answer-knock', { knockId: byName('Duda').id, admit: false }))
    await ana.waitFor('knocks:changed', (p) => p.knocks.length === 0)
    expect(expectOk(await ana.request('host:knocks', {})).knocks).toEqual([])
    // An answer is given once.
    expect(
      await ana.request('host:answer-knock', { knockId: byName('Caio').id, admit: true })
    ).toMatchObject({ ok: false, error: { code: 'USER_NOT_FOUND' } })

    expect(await knock(h, 'Caio', { secret: caio })).toEqual({ code: 'in' })
    expect(await knock(h, 'Duda', { secret: duda })).toMatchObject({ code: 'TURNED_AWAY' })
    expect(await knock(h, 'Duda', { secret: duda })).toMatchObject({ code: 'TURNED_AWAY' })
    // Let in once is known from then on: no knock the next time.
    expect(await knock(h, 'Caio', { secret: caio })).toEqual({ code: 'in' })
    // Someone else only gets the knock list's answer: the host's, not a guest's.
    const guest = open.at(-1) as WireClient
    expect(await guest.request('host:knocks', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
    // Knocks reach the person hosting only.
    expect(guest.pushed('knocks:changed')).toEqual([])
  })

  it('the computer name a knock shows the person hosting carries no hidden or reordering characters', async () => {
    const h = await fixtures.host({ askFirst: true, knockRetryMs: 300 })
    const ana = await ownerClient(h)
    // "PC-07" as the host would read it, made of a direction override, a zero-width space and a
    // control character: what the person hosting decides on must be what it looks like.
    const device = 'PC\u202E70-\u200B\u0007'
    const answer = await knock(h, 'Caio', { device })
    if (answer.code !== 'KNOCKING') return
    const { knocks } = await ana.waitFor('knocks:changed', (p) => p.knocks.length === 1)
    expect(knocks[0]?.device).not.toMatch(/[\p{Cc}\p{Cf}]/u)
  })

  it('a knock not renewed is dropped from the list', async () => {
    const h = await fixtures.host({ askFirst: true, knockRetryMs: 100 })
    const ana = await ownerClient(h)
    expect(await knock(h, 'Eva', { device: 'PC-09' })).toMatchObject({ code: 'KNOCKING' })
    const { knocks } = await ana.waitFor('knocks:changed', (p) => p.knocks.length === 1)
    await ana.waitFor('knocks:changed', (p) => p.knocks.length === 0, 3_000)
    expect(expectOk(await ana.request('host:knocks', {})).knocks).toEqual([])
    expect(
      await ana.request('host:answer-knock', { knockId: (knocks[0] as Knock).id, admit: true })
    ).toMatchObject({ ok: false, error: { code: 'USER_NOT_FOUND' } })
  })

  it('password first, then the knock; nicknames taken are refused before the host is asked', async () => {
    const h = await fixtures.host({ askFirst: true, password: PASSWORD, knockRetryMs: 300 })
    const ana = await ownerClient(h)
    expect(await knock(h, 'Fabi')).toMatchObject({ code: 'PASSWORD_REQUIRED' })
    expect(await knock(h, 'Fabi', { password: 'no' })).toMatchObject({ code: 'PASSWORD_WRONG' })
    expect(await knock(h, 'ana', { password: PASSWORD })).toMatchObject({ code: 'NICKNAME_TAKEN' })
    expect(expectOk(await ana.request('host:knocks', {})).knocks).toEqual([])
    expect(await knock(h, 'Fabi', { password: PASSWORD })).toMatchObject({ code: 'KNOCKING' })
    expect(expectOk(await ana.request('host:knocks', {})).knocks.map((k) => k.nickname)).toEqual([
      'Fabi'
    ])
  })

  it('knocks are limited per address and in all', async () => {
    const h = await fixtures.host({ askFirst: true, knockRetryMs: 5_000 })
    const ana = await ownerClient(h)
    const { count } = RATE_LIMITS.knocksPerAddress
    for (let i = 0; i < count; i++) {
      expect(await knock(h, `Local${i}`)).toMatchObject({ code: 'KNOCKING' })
    }
    const tooMany = await knock(h, 'Local-extra')
    expect(tooMany).toMatchObject({ code: 'RATE_LIMITED' })
    expect(tooMany.retryAfterMs).toBeGreaterThan(0)
    // Another computer still knocks.
    const other = await attempt(h.port, (await signedAuth(h.port, newSecret(), 'Remote')).auth, {
      localAddress: '127.0.0.2'
    })
    expect(other.connected ? 'in' : (other.data as { code: string }).code).toBe('KNOCKING')
    const knocks = expectOk(await ana.request('host:knocks', {})).knocks
    expect(knocks).toHaveLength(count + 1)
    expect(knocks.find((k) => k.nickname === 'Remote')?.address).toBe('127.0.0.2')
  })

  it(`at most ${LIMITS.knocksMax} wait at once`, async () => {
    const h = await fixtures.host({
      askFirst: true,
      knockRetryMs: 5_000,
      rateLimits: { knocksPerAddress: { count: 1_000, windowMs: 60_000 } }
    })
    const ana = await ownerClient(h)
    for (let batch = 0; batch < LIMITS.knocksMax; batch += 10) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => knock(h, `Aluno${batch + i}`))
      )
      expect(answers.map((a) => a.code)).toEqual(Array(10).fill('KNOCKING'))
    }
    const full = await knock(h, 'Aluno-extra')
    expect(full).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 4 * 5_000 })
    expect(expectOk(await ana.request('host:knocks', {})).knocks).toHaveLength(LIMITS.knocksMax)
  })
})

describe('the door through the app', () => {
  it('a hosting app with a password: a guest without it, with a wrong one, with the right one', async () => {
    const ana = fx.session()
    const port = await freePort()
    expectBridgeOk(
      await ana.dispatch('session:host', { nickname: 'Ana', port, password: PASSWORD })
    )
    const address = `127.0.0.1:${port}`
    const bia = fx.session()
    const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code)
    expect(code(await bia.dispatch('session:join', { nickname: 'Bia', address }))).toBe(
      'PASSWORD_REQUIRED'
    )
    expect(
      code(await bia.dispatch('session:join', { nickname: 'Bia', address, password: 'nope' }))
    ).toBe('PASSWORD_WRONG')
    const joined = expectBridgeOk(
      (await bia.dispatch('session:join', {
        nickname: 'Bia',
        address,
        password: PASSWORD
      })) as Result<SessionInfo>
    )
    expectBridgeOk(await bia.dispatch('session:leave', {}))
    // Back another day without typing it: she is known.
    const again = expectBridgeOk(
      (await bia.dispatch('session:join', { nickname: 'Bia', address })) as Result<SessionInfo>
    )
    expect(again.self.id).toBe(joined.self.id)

    // Both apps' folders (keys, pins, prefs; the host's database, certificate and log) are
    // private all the way down.
    expect(notPrivate(ana.dataDir)).toEqual([])
    expect(notPrivate(bia.dataDir)).toEqual([])
  })

  it('a hosting app that asks first: a guest knocks and waits, is let in; another is turned away; a third gives up', async () => {
    const ana = fx.session()
    const port = await freePort()
    expectBridgeOk(await ana.dispatch('session:host', { nickname: 'Ana', port, askFirst: true }))
    const address = `127.0.0.1:${port}`

    const bia = fx.session()
    const caio = fx.session()
    const biaJoin = bia.dispatch('session:join', { nickname: 'Bia', address })
    const caioJoin = caio.dispatch('session:join', { nickname: 'Caio', address })
    for (const s of [bia, caio]) {
      const knocking = await s.waitForEvent('join:knocking', undefined, 5_000)
      expect(knocking.payload).toEqual({ address, hostName: 'test-host' })
    }
    const { payload } = await ana.waitForEvent(
      'knocks:changed',
      (e) => e.payload.knocks.length === 2,
      5_000
    )
    for (const k of payload.knocks) {
      expect(k).toMatchObject({ device: 'test-host', address: '127.0.0.1' })
    }
    const listed = expectBridgeOk(
      (await ana.dispatch('host:knocks', {})) as Result<{ knocks: Knock[] }>
    ).knocks
    const id = (name: string) => listed.find((k) => k.nickname === name)?.id as string
    expectBridgeOk(await ana.dispatch('host:answer-knock', { knockId: id('Bia'), admit: true }))
    expectBridgeOk(await ana.dispatch('host:answer-knock', { knockId: id('Caio'), admit: false }))

    // Each app asks again by itself and gets its answer.
    const [biaAnswer, caioAnswer] = await Promise.all([biaJoin, caioJoin])
    const biaInfo = expectBridgeOk(biaAnswer as Result<SessionInfo>)
    expect(biaInfo.self.nickname).toBe('Bia')
    expect(caioAnswer.ok ? 'ok' : caioAnswer.error.code).toBe('TURNED_AWAY')

    // Giving up while waiting.
    const duda = fx.session()
    const dudaJoin = duda.dispatch('session:join', { nickname: 'Duda', address })
    await duda.waitForEvent('join:knocking', undefined, 5_000)
    expectBridgeOk(await duda.dispatch('session:cancel-join', {}))
    const cancelled = await dudaJoin
    expect(cancelled.ok ? 'ok' : cancelled.error.code).toBe('JOIN_CANCELLED')
    expect(await duda.dispatch('session:get', {})).toEqual({ ok: true, data: null })
  })
})
