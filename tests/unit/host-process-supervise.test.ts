import { describe, expect, it } from 'vitest'
import {
  describeExit,
  superviseHostProcess,
  type ChildControl,
  type ChildEvents,
  type HostProcessOptions
} from '../../src/main/host-process'
import { lineSplitter } from '../../src/main/host-process/supervise'
import type { ToHostProcess } from '../../src/main/host-process/protocol'

// The parent's half of the host process protocol against a scripted child: what either launcher
// (Node's fork, Electron's utilityProcess) leaves to it. Real processes: tests/integration.

const options: HostProcessOptions = {
  port: 4747,
  portFallback: true,
  dataDir: '/tmp/papo-test',
  name: 'Sala',
  version: '1.0.0',
  ownerPublicKey: 's'.repeat(43)
}
const info = {
  app: 'papo',
  protocol: 3,
  hostId: 'h-1',
  name: 'Sala',
  version: '1.0.0',
  access: { password: false, askFirst: false }
} as const
const fingerprint = 'f'.repeat(64)

function fakeChild() {
  const sent: ToHostProcess[] = []
  let events: ChildEvents | null = null
  let killed = 0
  const spawn = (e: ChildEvents): ChildControl => {
    events = e
    return {
      pid: 1234,
      send: (message) => sent.push(message),
      kill: () => {
        killed++
      }
    }
  }
  return {
    spawn,
    sent,
    get killed() {
      return killed
    },
    get events(): ChildEvents {
      if (!events) throw new Error('not spawned')
      return events
    }
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('supervising a host process', () => {
  it('says start after hello, resolves on ready, and a stop is asked, awaited and expected', async () => {
    const child = fakeChild()
    const lines: string[] = []
    const starting = superviseHostProcess(child.spawn, options, { log: (l) => lines.push(l) })
    child.events.message({ type: 'hello' })
    expect(child.sent).toEqual([{ type: 'start', options }])
    child.events.message({ type: 'log', line: 'hosting on port 4748' })
    child.events.message({ type: 'ready', port: 4748, info, fingerprint })
    const host = await starting
    expect(host).toMatchObject({ port: 4748, info, pid: 1234, exit: null })
    expect(lines).toEqual(['hosting on port 4748'])

    const exits: unknown[] = []
    host.onExit((exit) => exits.push(exit))
    const stopped = host.stop()
    expect(child.sent.at(-1)).toEqual({ type: 'stop' })
    child.events.exit(0, null)
    await stopped
    expect(exits).toEqual([
      { code: 0, signal: null, expected: true, lastLines: ['hosting on port 4748'] }
    ])
  })

  it('reports an exit nobody asked for as unexpected, with the last lines printed', async () => {
    const child = fakeChild()
    const starting = superviseHostProcess(child.spawn, options)
    child.events.message({ type: 'hello' })
    child.events.message({ type: 'ready', port: 4747, info, fingerprint })
    const host = await starting
    const exits: unknown[] = []
    host.onExit((exit) => exits.push(exit))
    child.events.output('Error: boom\n    at x (y.js:1:1)\nunfinished', 'stderr')
    child.events.exit(null, 'SIGSEGV')
    expect(exits).toEqual([
      {
        code: null,
        signal: 'SIGSEGV',
        expected: false,
        lastLines: ['stderr: Error: boom', 'stderr:     at x (y.js:1:1)', 'stderr: unfinished']
      }
    ])
    expect(describeExit(host.exit!)).toBe('killed by SIGSEGV')
    // A listener that comes late still hears it, once.
    const late: unknown[] = []
    host.onExit((exit) => late.push(exit))
    expect(late).toHaveLength(1)
  })

  it('rejects with PORT_IN_USE as the child says, and ends the child', async () => {
    const child = fakeChild()
    const starting = superviseHostProcess(child.spawn, options)
    child.events.message({ type: 'hello' })
    child.events.message({ type: 'failed', code: 'PORT_IN_USE', message: 'Port 4747 is in use.' })
    await expect(starting).rejects.toMatchObject({ code: 'PORT_IN_USE' })
    expect(child.sent.at(-1)).toEqual({ type: 'stop' })
  })

  it('ignores malformed messages, and rejects when the child ends before ready', async () => {
    const child = fakeChild()
    const lines: string[] = []
    const starting = superviseHostProcess(child.spawn, options, { log: (l) => lines.push(l) })
    child.events.message({ type: 'ready', port: 'x' })
    child.events.message('hello')
    child.events.message({ type: 'start', options })
    expect(child.sent).toEqual([])
    expect(lines.filter((l) => l.includes('malformed'))).toHaveLength(3)
    child.events.output("Error: Cannot find module 'libsql'\n", 'stderr')
    child.events.exit(1, null)
    await expect(starting).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining("Cannot find module 'libsql'")
    })
  })

  it('kills a child that does not answer in time, or does not exit when asked to stop', async () => {
    const silent = fakeChild()
    const starting = superviseHostProcess(silent.spawn, options, {}, { startMs: 20, stopMs: 20 })
    await expect(starting).rejects.toMatchObject({ code: 'INTERNAL' })
    expect(silent.sent).toEqual([{ type: 'stop' }])
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(silent.killed).toBe(1)

    const stubborn = fakeChild()
    const started = superviseHostProcess(stubborn.spawn, options, {}, { stopMs: 20 })
    stubborn.events.message({ type: 'hello' })
    stubborn.events.message({ type: 'ready', port: 4747, info, fingerprint })
    const host = await started
    const stopped = host.stop()
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(stubborn.killed).toBe(1)
    stubborn.events.exit(null, 'SIGKILL')
    await stopped
    expect(host.exit).toMatchObject({ signal: 'SIGKILL', expected: true })
    await tick()
  })

  it('cuts output into lines across chunks', () => {
    const lines: string[] = []
    const split = lineSplitter((line) => lines.push(line))
    split.push('one\ntw')
    split.push('o\r\n\nthree')
    split.flush()
    expect(lines).toEqual(['one', 'two', 'three'])
  })
})
