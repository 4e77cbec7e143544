import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HOST_DB_FILE } from '../../src/main/host'
import { parseHeadlessArgs } from '../../src/headless/args'
import { shortCode } from '../../src/shared/fingerprint'
import { parseInvite } from '../../src/shared/invite'
import { APP_ID, PROTOCOL_VERSION } from '../../src/shared/limits'
import { useHeadlessHosts } from '../helpers/host-process'
import { rawConnect } from '../helpers/raw-socket'
import { makeTempDir } from '../helpers/temp-dir'
import { connectClient, expectOk, newSecret } from '../helpers/wire-client'

// `npm run host` as a real child process: plain Node (through tsx), no Electron anywhere.

const startHeadless = useHeadlessHosts()
const temps: (() => void)[] = []
afterEach(() => {
  for (const remove of temps.splice(0)) remove()
})

describe('headless host (npm run host)', () => {
  it('accepts a socket.io client and stops cleanly on SIGINT, telling clients why', async () => {
    const temp = makeTempDir('papo-headless-')
    temps.push(temp.remove)
    const data = join(temp.dir, 'data')
    const host = startHeadless(['--port', '0', '--data', data, '--name', 'Lab 3'])
    const port = Number((await host.waitFor(/Listening on port (\d+)/))[1])
    // The addresses are the lines after it, each written on its own: all there by the host code.
    await host.waitFor(/Host code/)
    expect(host.output()).toMatch(/^\s+\S+:\d+$/m)

    const ana = await connectClient(port, 'Ana')
    const start = expectOk(await ana.request('session:start', {}))
    expect(start.host.name).toBe('Lab 3')
    expectOk(await ana.request('message:send', { roomId: 'lobby', text: 'oi', clientId: 'a' }))
    expect(existsSync(join(data, HOST_DB_FILE))).toBe(true)

    const gone = ana.waitForDisconnect(10_000)
    host.child.kill('SIGINT')
    expect(await host.exited).toBe(0)
    await gone
    expect(ana.pushed('session:ended')).toEqual([{ reason: 'host-stopping' }])
    expect(host.output()).toContain('host stopped')
  })

  it('bound to loopback, offers only loopback, and prints an invite link carrying its code', async () => {
    const temp = makeTempDir('papo-headless-')
    temps.push(temp.remove)
    const host = startHeadless(['--port', '0', '--data', temp.dir, '--bind', '127.0.0.1'])
    const port = Number((await host.waitFor(/Listening on port (\d+)/))[1])
    const link = (await host.waitFor(/Invite link: (\S+)/))[1] as string
    const out = host.output()
    expect(out).toContain('only this computer can join')
    const offered = [...out.matchAll(/^\s+(\S+:\d+)$/gm)].map((m) => m[1])
    expect(offered).toEqual([`127.0.0.1:${port}`])
    const code = /Host code[^:]*: (\S+)/.exec(out)?.[1]
    const invite = parseInvite(link)
    expect(invite?.address).toBe(`127.0.0.1:${port}`)
    expect(shortCode(invite?.fingerprint ?? '')).toBe(code)
    host.child.kill('SIGINT')
    expect(await host.exited).toBe(0)
  })

  it('exits within 3 s of SIGINT even with a client that never answers the close', async () => {
    const temp = makeTempDir('papo-headless-')
    temps.push(temp.remove)
    const host = startHeadless(['--port', '0', '--data', join(temp.dir, 'data')])
    const port = Number((await host.waitFor(/Listening on port (\d+)/))[1])
    const auth = { app: APP_ID, protocol: PROTOCOL_VERSION, secret: newSecret(), nickname: 'Mudo' }
    // Upgraded to WebSocket, then silent: it never answers the close and never closes its end.
    const mute = await rawConnect(port, auth)
    mute.stopReading()
    try {
      const started = Date.now()
      host.child.kill('SIGINT')
      expect(await host.exited).toBe(0)
      expect(Date.now() - started).toBeLessThan(3_000)
      expect(host.output()).toContain('host stopped')
    } finally {
      mute.destroy()
    }
  })

  it('explains a port that is taken', async () => {
    const temp = makeTempDir('papo-headless-')
    temps.push(temp.remove)
    const blocker = startHeadless(['--port', '0', '--data', join(temp.dir, 'a')])
    const port = (await blocker.waitFor(/Listening on port (\d+)/))[1] as string
    const second = startHeadless(['--port', port, '--data', join(temp.dir, 'b')])
    expect(await second.exited).toBe(1)
    expect(second.output()).toContain(`Port ${port} is in use`)
    blocker.child.kill('SIGINT')
    await blocker.exited
  })

  it('parses its flags', () => {
    expect(parseHeadlessArgs(['--port=5000', '--data', 'd', '--name', 'X'], 'pc')).toEqual({
      ok: true,
      args: {
        port: 5000,
        portFallback: false,
        dataDir: 'd',
        name: 'X',
        bind: undefined,
        announce: true
      }
    })
    expect(parseHeadlessArgs([], 'pc')).toMatchObject({
      ok: true,
      args: { port: 4747, portFallback: true, name: 'pc' }
    })
    expect(parseHeadlessArgs(['--port', 'abc'], 'pc')).toMatchObject({ ok: false })
    expect(parseHeadlessArgs(['--wat', '1'], 'pc')).toMatchObject({ ok: false })
    expect(parseHeadlessArgs(['--help'], 'pc')).toEqual({ ok: false, message: null })
    expect(parseHeadlessArgs(['--max-file-mb', '50', '--max-storage-mb=1.5'], 'pc')).toMatchObject({
      ok: true,
      args: { maxFileBytes: 50 * 1024 * 1024, maxTotalBytes: 1.5 * 1024 * 1024 }
    })
    for (const bad of ['0', '-1', 'abc', '1e3']) {
      expect(parseHeadlessArgs(['--max-file-mb', bad], 'pc')).toMatchObject({ ok: false })
    }
  })
})
