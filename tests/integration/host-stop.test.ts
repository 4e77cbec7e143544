import { describe, expect, it } from 'vitest'
import { APP_ID, PROTOCOL_VERSION } from '../../src/shared/limits'
import { rawConnect } from '../helpers/raw-socket'
import { newSecret, useHostFixtures } from '../helpers/wire-client'

// Issue 7, stopping is bounded: whatever clients do, stop() is done within 2 s, and the clients
// that listen hear why first.

const { host, client } = useHostFixtures({})

const auth = (nickname: string) => ({
  app: APP_ID,
  protocol: PROTOCOL_VERSION,
  secret: newSecret(),
  nickname
})

describe('stopping the host', () => {
  it('finishes within 2 s although a client never answers the close nor reads', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    // Upgraded to WebSocket, then silent: it never reads, never answers, never closes its end.
    const mute = await rawConnect(h.port, auth('Mudo'), { pong: false })
    mute.stopReading()
    const quiet = await rawConnect(h.port, auth('Quieto'))
    try {
      const gone = ana.waitForDisconnect()
      const started = Date.now()
      await h.host.stop()
      expect(Date.now() - started).toBeLessThan(2_000)
      expect(await gone).toBe('io server disconnect')
      expect(ana.pushed('session:ended')).toEqual([{ reason: 'host-stopping' }])
      // The reading raw client was told too, before the host cut what was left.
      expect(quiet.received.some((p) => p.includes('"host-stopping"'))).toBe(true)
      // Cut, not left hanging: reading again, the silent client finds the host's end closed.
      const ended = new Promise((resolve) => {
        mute.tcp.once('end', resolve)
        mute.tcp.once('error', resolve)
        mute.tcp.once('close', resolve)
      })
      mute.tcp.resume()
      await ended
    } finally {
      mute.destroy()
      quiet.destroy()
    }
  })

  it('is quick when every client closes as told', async () => {
    const h = await host()
    const clients = await Promise.all(['Ana', 'Bia', 'Caio'].map((n) => client(h, n)))
    const started = Date.now()
    await h.host.stop()
    // Well under the grace period: nobody had to be cut.
    expect(Date.now() - started).toBeLessThan(900)
    for (const c of clients)
      expect(c.pushed('session:ended')).toEqual([{ reason: 'host-stopping' }])
  })
})
