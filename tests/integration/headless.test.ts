import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HOST_DB_FILE } from '../../src/main/host'
import { parseHeadlessArgs } from '../../src/headless/args'
import { makeTempDir } from '../helpers/temp-dir'
import { connectClient, expectOk } from '../helpers/wire-client'

// `npm run host` as a real child process: plain Node (through tsx), no Electron anywhere.

const ROOT = join(__dirname, '../..')
const children: ChildProcessWithoutNullStreams[] = []
const temps: (() => void)[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  for (const remove of temps.splice(0)) remove()
})

function startHeadless(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/headless/index.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '' }
  })
  children.push(child)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const waitFor = (re: RegExp, timeoutMs = 15_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const started = Date.now()
      const poll = setInterval(() => {
        const match = output.match(re)
        if (match) {
          clearInterval(poll)
          resolve(match)
        } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
          clearInterval(poll)
          reject(new Error(`no ${re} in output:\n${output}`))
        }
      }, 50)
    })
  return { child, exited, waitFor, output: () => output }
}

describe('headless host (npm run host)', () => {
  it('accepts a socket.io client and stops cleanly on SIGINT, telling clients why', async () => {
    const temp = makeTempDir('papo-headless-')
    temps.push(temp.remove)
    const data = join(temp.dir, 'data')
    const host = startHeadless(['--port', '0', '--data', data, '--name', 'Lab 3'])
    const port = Number((await host.waitFor(/Listening on port (\d+)/))[1])
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
      args: { port: 5000, portFallback: false, dataDir: 'd', name: 'X', bind: undefined }
    })
    expect(parseHeadlessArgs([], 'pc')).toMatchObject({
      ok: true,
      args: { port: 4747, portFallback: true, name: 'pc' }
    })
    expect(parseHeadlessArgs(['--port', 'abc'], 'pc')).toMatchObject({ ok: false })
    expect(parseHeadlessArgs(['--wat', '1'], 'pc')).toMatchObject({ ok: false })
    expect(parseHeadlessArgs(['--help'], 'pc')).toEqual({ ok: false, message: null })
  })
})
