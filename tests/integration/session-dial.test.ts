import { describe, expect, it } from 'vitest'
import { inProcessHost } from '../helpers/restartable-host'
import { joinAs, say, useSessionFixtures } from '../helpers/session-harness'
import { anaAndBiaViaRelay, cutLine } from '../helpers/session-line'

// A dial fetches its challenge and opens its WebSocket on one pinned TLS connection
// (client/dial-agent.ts): joining costs the host and the app one TLS handshake, not two.

const fx = useSessionFixtures({ session: { rejoinDelays: { firstMs: 50, maxMs: 200 } } })

describe('one TLS connection per dial', () => {
  it('a join opens one TCP connection besides its probes, and so does each rejoin', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    // Bia's first join through the relay probes GET /papo three times (join → HOST_UNVERIFIED,
    // host:identify, join with the code accepted); then GET /papo/challenge and the upgrade
    // share one connection.
    const { relay, ana, bia } = await anaAndBiaViaRelay(fx, host.port)
    expect(relay.accepted()).toBe(3 + 1)
    const before = await say(ana, 'lobby', 'heard over the dial')
    await bia.waitForEvent('message:new', (e) => e.payload.id === before.id)

    // The host is pinned now: one probe, one dial.
    await bia.dispatch('session:leave', {})
    await joinAs(bia, 'Bia', relay.port)
    expect(relay.accepted()).toBe(4 + 2)

    // A rejoin checks it is the same host (one probe), then dials once.
    const mark = await cutLine(bia, relay)
    relay.restore()
    await bia.waitForEvent('session:synced', undefined, 15_000, mark)
    expect(relay.accepted()).toBe(6 + 2)
    const after = await say(ana, 'lobby', 'heard after the rejoin')
    await bia.waitForEvent('message:new', (e) => e.payload.id === after.id)
  })
})
