import { afterEach, describe, expect, it } from 'vitest'
import { createHost, type PapoHost } from '../../src/main/host'
import type { SessionInfo } from '../../src/shared/bridge'
import type { Message } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { startTestSession, type TestSession } from '../helpers/session-harness'
import {
  freePort,
  startForeignHttpServer,
  startRelay,
  startSilentServer
} from '../helpers/tcp-tools'
import { makeTempDir } from '../helpers/temp-dir'

// The main-process session end to end: real hosts, real sockets on 127.0.0.1, called through the
// same bridge dispatcher the Electron IPC uses.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function session(opts?: Parameters<typeof startTestSession>[0]): TestSession {
  const s = startTestSession(opts)
  cleanups.push(() => s.close())
  return s
}

async function standaloneHost(dataDir?: string, port = 0): Promise<PapoHost> {
  const temp = dataDir ? null : makeTempDir()
  const host = await createHost({ port, dataDir: dataDir ?? (temp as { dir: string }).dir })
  cleanups.push(async () => {
    await host.stop()
    temp?.remove()
  })
  return host
}

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.data
}

function expectCode(result: Result<unknown>, code: string): void {
  expect(result.ok ? 'ok' : result.error.code).toBe(code)
}

describe('hosting and joining through the bridge', () => {
  it('hosts, lets another app join by IP, and delivers messages both ways', async () => {
    const ana = session()
    const bia = session()
    // An explicit port that is free, as a person may choose one.
    const port = await freePort()
    const hosted = expectOk(
      (await ana.dispatch('session:host', { nickname: 'Ana', port })) as Result<SessionInfo>
    )
    expect(hosted.mode).toBe('host')
    expect(hosted.port).toBe(port)
    expect(hosted.addresses.length).toBeGreaterThan(0)
    for (const address of hosted.addresses) expect(address).toMatch(new RegExp(`:${port}$`))

    const joined = expectOk(
      (await bia.dispatch('session:join', {
        nickname: 'Bia',
        address: `127.0.0.1:${port}`
      })) as Result<SessionInfo>
    )
    expect(joined.mode).toBe('join')
    expect(joined.self.nickname).toBe('Bia')
    const lobby = joined.rooms.find((r) => r.isLobby)
    expect(lobby).toBeDefined()

    const sent = expectOk(
      (await bia.dispatch('message:send', {
        roomId: lobby!.id,
        text: 'oi, Ana!',
        clientId: 'c-1'
      })) as Result<{ message: Message }>
    )
    const atAna = await ana.waitForEvent(
      'message:new',
      (e) => e.payload.kind === 'text' && e.payload.id === sent.message.id
    )
    expect(atAna.payload).toEqual(sent.message)

    const members = expectOk(
      (await ana.dispatch('room:members', { roomId: lobby!.id })) as Result<{
        members: { nickname: string; online: boolean }[]
      }>
    )
    expect(
      members.members
        .filter((m) => m.online)
        .map((m) => m.nickname)
        .sort()
    ).toEqual(['Ana', 'Bia'])
  })

  it('remembers the nickname and address for next time', async () => {
    const host = await standaloneHost()
    const bia = session()
    expectOk(
      await bia.dispatch('session:join', { nickname: ' Bia ', address: `127.0.0.1:${host.port}` })
    )
    const info = expectOk(await bia.dispatch('app:info', {})) as {
      prefs: { lastNickname: string; lastAddress: string }
    }
    expect(info.prefs.lastNickname).toBe('Bia')
    expect(info.prefs.lastAddress).toBe(`127.0.0.1:${host.port}`)
  })

  it('refuses a second session while one is open', async () => {
    const host = await standaloneHost()
    const bia = session()
    const address = `127.0.0.1:${host.port}`
    expectOk(await bia.dispatch('session:join', { nickname: 'Bia', address }))
    expectCode(
      await bia.dispatch('session:join', { nickname: 'Bia', address }),
      'ALREADY_IN_SESSION'
    )
  })

  it('falls back to the next port when the chosen default is taken, and reports a taken explicit port', async () => {
    const blocker = await standaloneHost()
    const ana = session()
    expectCode(
      await ana.dispatch('session:host', { nickname: 'Ana', port: blocker.port }),
      'PORT_IN_USE'
    )
  })
})

describe('join errors are clear, and the form stays usable', () => {
  it('malformed address', async () => {
    const bia = session()
    for (const address of ['', 'http://', '192.168.0', '10.0.0.1:99999', 'a b', '300.1.1.1']) {
      expectCode(
        await bia.dispatch('session:join', { nickname: 'Bia', address }),
        'ADDRESS_INVALID'
      )
    }
  })

  it('connection refused', async () => {
    const bia = session()
    const port = await freePort()
    expectCode(
      await bia.dispatch('session:join', { nickname: 'Bia', address: `127.0.0.1:${port}` }),
      'HOST_REFUSED'
    )
  })

  it('nobody answering within a few seconds', async () => {
    const silent = await startSilentServer()
    cleanups.push(() => silent.close())
    const bia = session({ connectTimeoutMs: 800 })
    const started = Date.now()
    expectCode(
      await bia.dispatch('session:join', { nickname: 'Bia', address: `127.0.0.1:${silent.port}` }),
      'HOST_UNREACHABLE'
    )
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('not a Papo host', async () => {
    const foreign = await startForeignHttpServer()
    cleanups.push(() => foreign.close())
    const bia = session()
    expectCode(
      await bia.dispatch('session:join', { nickname: 'Bia', address: `127.0.0.1:${foreign.port}` }),
      'NOT_A_PAPO_HOST'
    )
  })

  it('nickname already taken on that host, then a free one works', async () => {
    const host = await standaloneHost()
    const address = `127.0.0.1:${host.port}`
    const first = session()
    expectOk(await first.dispatch('session:join', { nickname: 'Ana', address }))
    const second = session()
    expectCode(
      await second.dispatch('session:join', { nickname: ' ANA ', address }),
      'NICKNAME_TAKEN'
    )
    expectOk(await second.dispatch('session:join', { nickname: 'Ana Clara', address }))
  })

  it('invalid nickname and bad bridge arguments', async () => {
    const bia = session()
    expectCode(
      await bia.dispatch('session:join', { nickname: '   ', address: '127.0.0.1' }),
      'NICKNAME_INVALID'
    )
    expectCode(
      await bia.dispatch('session:join', { nickname: 'x'.repeat(33), address: '127.0.0.1' }),
      'NICKNAME_INVALID'
    )
    expectCode(await bia.dispatch('session:join', { nickname: 42 }), 'BAD_REQUEST')
    expectCode(await bia.dispatch('no:such-method', {}), 'BAD_REQUEST')
    expectCode(
      await bia.dispatch('message:send', { roomId: 'lobby', text: 'hi', clientId: 'x' }),
      'NOT_CONNECTED'
    )
  })

  it('refuses an over-long message before it reaches the wire', async () => {
    const host = await standaloneHost()
    const bia = session()
    expectOk(
      await bia.dispatch('session:join', { nickname: 'Bia', address: `127.0.0.1:${host.port}` })
    )
    expectCode(
      await bia.dispatch('message:send', {
        roomId: 'lobby',
        text: 'x'.repeat(100_000),
        clientId: 'big'
      }),
      'TOO_LONG'
    )
    // Still connected and serving.
    expectOk(await bia.dispatch('message:send', { roomId: 'lobby', text: 'ok', clientId: 'small' }))
  })

  it('opens only web and mail links in the system browser', async () => {
    const bia = session()
    expectOk(await bia.dispatch('shell:open-external', { url: 'https://example.org/a?b=1' }))
    expectCode(
      await bia.dispatch('shell:open-external', { url: 'file:///etc/passwd' }),
      'BAD_REQUEST'
    )
    expectCode(
      await bia.dispatch('shell:open-external', { url: 'javascript:alert(1)' }),
      'BAD_REQUEST'
    )
    expect(bia.desktop.opened).toEqual(['https://example.org/a?b=1'])
  })
})

describe('connection loss', () => {
  /** Ana on the host directly, Bia through a relay the test can cut like a pulled cable. */
  async function anaDirectBiaThroughRelay() {
    const host = await standaloneHost()
    const relay = await startRelay(host.port)
    cleanups.push(() => relay.close())
    const ana = session()
    const bia = session()
    expectOk(
      await ana.dispatch('session:join', { nickname: 'Ana', address: `127.0.0.1:${host.port}` })
    )
    expectOk(
      await bia.dispatch('session:join', { nickname: 'Bia', address: `127.0.0.1:${relay.port}` })
    )
    return { ana, bia, relay }
  }

  it('reconnects by itself and delivers every message the gap swallowed, in order', async () => {
    const { ana, bia, relay } = await anaDirectBiaThroughRelay()
    // Bia has seen the lobby up to now.
    const before = expectOk(await bia.dispatch('room:history', { roomId: 'lobby' })) as {
      messages: Message[]
    }
    expect(before.messages.length).toBeGreaterThan(0)

    relay.cut()
    await bia.waitForEvent('connection:state', (e) => e.payload.status === 'reconnecting')
    const sent: string[] = []
    for (let i = 1; i <= 5; i++) {
      const r = expectOk(
        await ana.dispatch('message:send', {
          roomId: 'lobby',
          text: `missed ${i}`,
          clientId: `m${i}`
        })
      ) as { message: Message }
      sent.push(r.message.id)
    }
    relay.restore()
    await bia.waitForEvent('connection:state', (e) => e.payload.status === 'connected', 10_000)
    await bia.waitForEvent('session:synced')
    for (const id of sent) await bia.waitForEvent('message:new', (e) => e.payload.id === id)
    const delivered = bia.events
      .filter((e) => e.type === 'message:new' && e.payload.kind === 'text')
      .map((e) => (e.type === 'message:new' ? e.payload.id : ''))
    expect(delivered).toEqual(sent)
  })

  it('holds a message sent while the line is down and delivers it once it is back', async () => {
    const { ana, bia, relay } = await anaDirectBiaThroughRelay()
    relay.cut()
    await bia.waitForEvent('connection:state', (e) => e.payload.status === 'reconnecting')
    let settled = false
    const sending = bia
      .dispatch('message:send', { roomId: 'lobby', text: 'typed offline', clientId: 'off-1' })
      .finally(() => (settled = true))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(settled).toBe(false)
    relay.restore()
    const sent = expectOk(await sending) as { message: Message }
    expect(sent.message).toMatchObject({ kind: 'text', text: 'typed offline' })
    await ana.waitForEvent('message:new', (e) => e.payload.id === sent.message.id)
    const lobby = expectOk(await ana.dispatch('room:history', { roomId: 'lobby' })) as {
      messages: Message[]
    }
    expect(lobby.messages.filter((m) => m.kind === 'text')).toHaveLength(1)
  })

  it('keeps the chat open when the host stops, and says it is waiting for it', async () => {
    const host = await standaloneHost()
    const bia = session()
    expectOk(
      await bia.dispatch('session:join', { nickname: 'Bia', address: `127.0.0.1:${host.port}` })
    )
    await host.stop()
    await bia.waitForEvent('connection:state', (e) => e.payload.status === 'host-stopped')
    const now = expectOk(await bia.dispatch('session:get', {})) as SessionInfo
    expect(now.connection.status).toBe('host-stopped')
    expect(now.rooms.map((r) => r.id)).toContain('lobby')
    expect(bia.events.some((e) => e.type === 'session:closed')).toBe(false)
  })

  it('logging out ends the session; a host that logs out stops hosting', async () => {
    const ana = session()
    const bia = session()
    const port = await freePort()
    expectOk(await ana.dispatch('session:host', { nickname: 'Ana', port }))
    expectOk(await bia.dispatch('session:join', { nickname: 'Bia', address: `127.0.0.1:${port}` }))
    expectOk(await ana.dispatch('session:leave', {}))
    expect((await ana.waitForEvent('session:closed')).payload.reason).toBe('logout')
    // The guest stays in the chat, waiting for the host to come back.
    await bia.waitForEvent('connection:state', (e) => e.payload.status === 'host-stopped')
    expect(bia.events.some((e) => e.type === 'session:closed')).toBe(false)
    const again = session()
    expectCode(
      await again.dispatch('session:join', { nickname: 'Cai', address: `127.0.0.1:${port}` }),
      'HOST_REFUSED'
    )
  })
})

describe('removed by the person hosting', () => {
  async function anaHostsBiaJoins(through: 'direct' | 'relay') {
    const ana = session()
    const bia = session()
    const port = await freePort()
    const hosted = expectOk(
      (await ana.dispatch('session:host', { nickname: 'Ana', port })) as Result<SessionInfo>
    )
    expect(hosted.hostUserId).toBe(hosted.self.id)
    const relay = through === 'relay' ? await startRelay(port) : null
    if (relay) cleanups.push(() => relay.close())
    const joined = expectOk(
      (await bia.dispatch('session:join', {
        nickname: 'Bia',
        address: `127.0.0.1:${relay?.port ?? port}`
      })) as Result<SessionInfo>
    )
    expect(joined.hostUserId).toBe(hosted.self.id)
    return { ana, bia, port, relay, biaId: joined.self.id }
  }

  it('ends the removed app with that reason, and joining again says why', async () => {
    const { ana, bia, port, biaId } = await anaHostsBiaJoins('direct')
    expectOk(await ana.dispatch('member:remove', { userId: biaId }))
    expect((await bia.waitForEvent('session:closed')).payload.reason).toBe('removed')
    expectCode(
      await bia.dispatch('session:join', { nickname: 'Bia', address: `127.0.0.1:${port}` }),
      'REMOVED'
    )
    // Only the person hosting can do it: Bia's attempt on Ana, from a fresh identity, is refused.
    const caio = session()
    expectOk(
      await caio.dispatch('session:join', { nickname: 'Caio', address: `127.0.0.1:${port}` })
    )
    const anaId = (expectOk(await ana.dispatch('session:get', {})) as SessionInfo).self.id
    expectCode(await caio.dispatch('member:remove', { userId: anaId }), 'FORBIDDEN')
  })

  it('an app removed while its line was down learns it on reconnecting', async () => {
    const { ana, bia, relay, biaId } = await anaHostsBiaJoins('relay')
    relay!.cut()
    await bia.waitForEvent('connection:state', (e) => e.payload.status === 'reconnecting')
    expectOk(await ana.dispatch('member:remove', { userId: biaId }))
    relay!.restore()
    expect((await bia.waitForEvent('session:closed', undefined, 10_000)).payload.reason).toBe(
      'removed'
    )
    expect(await bia.dispatch('session:get', {})).toEqual({ ok: true, data: null })
  })
})
