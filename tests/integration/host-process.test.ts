import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { HostExit, HostProcess, HostProcessOptions } from '../../src/main/host-process'
import { createNodeHostLauncher } from '../../src/main/host-process/node-launcher'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import { freePort } from '../helpers/tcp-tools'
import { makeTempDir } from '../helpers/temp-dir'
import { connectClient, expectOk, type WireClient } from '../helpers/wire-client'

// The host in a process of its own (issue 9, item 3), through the Node implementation of the
// port (child_process.fork of child.ts through tsx); the app's utilityProcess one speaks the
// same protocol. Real processes, loopback only.

const launcher = createNodeHostLauncher()
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function dataDir(): string {
  const temp = makeTempDir('papo-host-process-')
  cleanups.push(() => temp.remove())
  return temp.dir
}

async function start(
  options: Partial<HostProcessOptions> & { dataDir: string },
  lines: string[] = []
): Promise<HostProcess> {
  const hostProcess = await launcher.start(
    {
      port: 0,
      portFallback: false,
      name: 'Sala 3',
      version: '9.9.9',
      bindAddress: '127.0.0.1',
      ...options
    },
    { log: (line) => lines.push(line) }
  )
  cleanups.push(async () => {
    if (!hostProcess.exit) await hostProcess.stop()
  })
  return hostProcess
}

async function client(port: number, nickname: string, secret?: string): Promise<WireClient> {
  const c = await connectClient(port, nickname, { secret })
  cleanups.push(() => c.close())
  return c
}

/** Whether a process with this pid still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const exitOf = (hostProcess: HostProcess, timeoutMs = 5_000): Promise<HostExit> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the host process did not exit')), timeoutMs)
    hostProcess.onExit((exit) => {
      clearTimeout(timer)
      resolve(exit)
    })
  })

describe('a host in its own process', () => {
  it('starts, answers ready with its port and info, forwards its log, and serves clients', async () => {
    const lines: string[] = []
    const host = await start({ dataDir: dataDir() }, lines)
    expect(host.pid).toBeGreaterThan(0)
    expect(host.pid).not.toBe(process.pid)
    expect(host.port).toBeGreaterThan(0)
    expect(host.info).toMatchObject({ app: 'papo', name: 'Sala 3', version: '9.9.9' })
    expect(host.info.hostId).toMatch(/\S/)
    expect(host.exit).toBeNull()
    for (const address of host.addresses()) expect(address).toMatch(new RegExp(`:${host.port}$`))
    expect(lines).toContain(`hosting on port ${host.port}`)

    const ana = await client(host.port, 'Ana')
    const bia = await client(host.port, 'Bia')
    const sent = expectOk(
      await ana.request('message:send', { roomId: LOBBY_ROOM_ID, text: 'oi', clientId: 'c-1' })
    )
    const atBia = await bia.waitFor('message:new', (m) => m.id === sent.message.id)
    expect(atBia).toMatchObject({ kind: 'text', text: 'oi' })
  })

  it('reports a crash as one (SIGKILL: the signal, not a clean stop), and starts again on the same port with the same host id', async () => {
    const dir = dataDir()
    const first = await start({ dataDir: dir })
    const ana = await client(first.port, 'Ana')
    const exited = exitOf(first)
    process.kill(first.pid as number, 'SIGKILL')
    const exit = await exited
    expect(exit).toMatchObject({ code: null, signal: 'SIGKILL', expected: false })
    expect(exit.lastLines).toContain(`hosting on port ${first.port}`)
    expect(first.exit).toEqual(exit)
    // No goodbye: the line just drops.
    await ana.waitForDisconnect()
    expect(ana.pushed('session:ended')).toEqual([])
    // Stopping what already ended is a no-op.
    await first.stop()

    const again = await start({ dataDir: dir, port: first.port })
    expect(again.port).toBe(first.port)
    expect(again.pid).not.toBe(first.pid)
    expect(again.info.hostId).toBe(first.info.hostId)
    // The same data folder: Ana is known there, by her secret.
    const back = await client(again.port, 'Ana', ana.secret)
    const members = expectOk(await back.request('room:members', { roomId: LOBBY_ROOM_ID }))
    expect(members.members.map((m) => m.nickname)).toEqual(['Ana'])
  })

  it('stops cleanly within a bound: clients hear host-stopping, the process exits 0 as asked', async () => {
    const host = await start({ dataDir: dataDir() })
    const ana = await client(host.port, 'Ana')
    const exited = exitOf(host)
    const started = Date.now()
    await host.stop()
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(await exited).toMatchObject({ code: 0, signal: null, expected: true })
    expect(host.exit?.expected).toBe(true)
    await ana.waitFor('session:ended', (p) => p.reason === 'host-stopping')
    await ana.waitForDisconnect()
  })

  it('refuses a taken port with PORT_IN_USE, and falls back past it when asked to', async () => {
    const port = await freePort()
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())))
    const dir = dataDir()

    const refused = await start({ dataDir: dir, port }).then(
      () => null,
      (e: unknown) => e as Error & { code?: string }
    )
    expect(refused?.code).toBe('PORT_IN_USE')

    const fallback = await start({ dataDir: dir, port, portFallback: true })
    expect(fallback.port).toBeGreaterThan(port)
  })

  it('stops by itself, telling its clients, when the app that started it is killed', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '../helpers/host-process-parent.ts'), dataDir()],
      { cwd: join(__dirname, '../..'), env: { ...process.env, NODE_OPTIONS: '' } }
    )
    cleanups.push(() => void parent.kill('SIGKILL'))
    const { pid, port } = await new Promise<{ pid: number; port: number }>((resolve, reject) => {
      let out = ''
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const line = out.split('\n').find((l) => l.startsWith('{'))
        if (line) resolve(JSON.parse(line) as { pid: number; port: number })
      })
      parent.once('exit', (code) => reject(new Error(`the stand-in app exited (${code})`)))
    })
    cleanups.push(() => {
      if (alive(pid)) process.kill(pid, 'SIGKILL')
    })
    const ana = await client(port, 'Ana')
    parent.kill('SIGKILL')
    await ana.waitFor('session:ended', (p) => p.reason === 'host-stopping', 5_000)
    const until = Date.now() + 5_000
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    expect(alive(pid)).toBe(false)
  })

  it('fails to start with the reason when the host cannot open its data folder', async () => {
    const file = makeTempDir('papo-host-process-file-')
    cleanups.push(() => file.remove())
    // A data folder under a file cannot be created.
    writeFileSync(`${file.dir}/not-a-folder`, '')
    const failed = await start({ dataDir: `${file.dir}/not-a-folder/data` }).then(
      () => null,
      (e: unknown) => e as Error & { code?: string }
    )
    expect(failed?.code).toBe('INTERNAL')
    expect(failed?.message).toMatch(/\S/)
  })
})
