import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Result } from '../../src/shared/result'
import type { ResponseData } from '../../src/shared/wire/protocol'
import { signedAuth } from '../helpers/handshake'
import { joinAs, say, useSessionFixtures } from '../helpers/session-harness'
import { attempt, httpsGet } from '../helpers/trust-tools'
import { expectOk, newSecret, useHostFixtures } from '../helpers/wire-client'
import { identityForSecret } from '../helpers/handshake'

// Issue 10: "Any web page can connect" is over. A browser always sends Origin on a WebSocket
// handshake and on cross-site requests; Papo apps never do. The host refuses every request that
// carries one (the probe, the challenge, Engine.IO's polling and WebSocket handshakes), says so
// in its activity log, and still lets the app's own connection in.

const owner = newSecret()
const fixtures = useHostFixtures({ ownerPublicKey: identityForSecret(owner).publicKey })
const fx = useSessionFixtures()

const ORIGINS = ['http://evil.example', 'null', 'https://127.0.0.1:4747']

/** Status of a bare WebSocket upgrade to the Engine.IO endpoint, with or without an Origin. */
function upgradeStatus(port: number, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
      ...(origin === undefined ? {} : { origin }),
      rejectUnauthorized: false,
      handshakeTimeout: 3_000
    })
    ws.once('open', () => {
      ws.terminate()
      resolve(101)
    })
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate()
      resolve(res.statusCode ?? 0)
    })
    ws.once('error', (e) => reject(e))
  })
}

describe('browser origins', () => {
  it('a cross-origin WebSocket handshake is refused; the same one without Origin is not', async () => {
    const h = await fixtures.host()
    for (const origin of ORIGINS) {
      // A whole signed handshake, good in every other way: only the Origin differs.
      const { auth } = await signedAuth(h.port, newSecret(), 'Pagina')
      const refused = await attempt(h.port, auth, { extraHeaders: { origin } })
      expect(refused.connected, origin).toBe(false)
      expect(await upgradeStatus(h.port, origin)).toBe(400)
    }
    expect(await upgradeStatus(h.port)).toBe(101)
    const { auth } = await signedAuth(h.port, newSecret(), 'Caio')
    const fine = await attempt(h.port, auth)
    expect(fine.connected).toBe(true)
    if (fine.connected) fine.close()
  })

  it('polling, the probe and the challenge refuse an Origin too', async () => {
    // The polling session opened below is never closed: the stop need not wait long for it.
    const h = await fixtures.host({ stopGraceMs: 100 })
    const polling = '/socket.io/?EIO=4&transport=polling'
    for (const origin of ORIGINS) {
      expect((await httpsGet(h.port, polling, { origin })).status, origin).toBe(403)
      expect((await httpsGet(h.port, '/papo', { origin })).status, origin).toBe(403)
      const challenge = await httpsGet(h.port, '/papo/challenge', { origin })
      expect(challenge.status, origin).toBe(403)
      expect(challenge.body).not.toContain('nonce')
    }
    // Without one, the same requests are answered.
    const open = await httpsGet(h.port, polling)
    expect(open.status).toBe(200)
    expect(open.body).toMatch(/^0\{"sid":/)
    expect((await httpsGet(h.port, '/papo')).status).toBe(200)
    expect((await httpsGet(h.port, '/papo/challenge')).body).toMatch(/"nonce":/)
  })

  it("the app's own connection works, and the refusals are in the host's activity log", async () => {
    const h = await fixtures.host()
    const { auth } = await signedAuth(h.port, newSecret(), 'Pagina')
    const refused = await attempt(h.port, auth, { extraHeaders: { origin: 'http://evil.example' } })
    expect(refused.connected).toBe(false)

    // The app (the real session code) joins and chats on the same host.
    const bia = fx.session()
    const joined = await joinAs(bia, 'Bia', h.port)
    const sent = await say(bia, 'lobby', 'oi')
    expect(sent.roomId).toBe('lobby')

    // The person hosting sees the page's attempt, by address, with its Origin.
    const { auth: ownerAuth } = await signedAuth(h.port, owner, 'Ana')
    const ana = await attempt(h.port, ownerAuth)
    if (!ana.connected) throw new Error('the owner could not connect')
    try {
      // Entries are kept as they happen: the answer already holds both.
      const answer = (await ana.socket.timeout(3_000).emitWithAck('host:activity', {})) as Result<
        ResponseData<'host:activity'>
      >
      const { entries } = expectOk(answer)
      const page = entries.filter((e) => e.kind === 'refused' && e.detail.includes('Origin'))
      expect(page).toHaveLength(1)
      expect(page[0]).toMatchObject({ address: '127.0.0.1', nickname: null, userId: null })
      expect(page[0]?.detail).toContain('http://evil.example')
      const connected = entries.filter((e) => e.kind === 'connected')
      expect(connected.map((e) => e.userId)).toContain(joined.self.id)
    } finally {
      ana.close()
    }
  })
})
