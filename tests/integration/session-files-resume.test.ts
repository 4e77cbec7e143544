import { describe, expect, it } from 'vitest'
import type { BridgeEventOf } from '../../src/shared/bridge'
import type { Transfer } from '../../src/shared/files'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { TextMessage } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { randomFile, sha256OfFile } from '../helpers/file-tools'
import { inProcessHost } from '../helpers/restartable-host'
import {
  expectOk,
  joinAs,
  sleep,
  useSessionFixtures,
  type TestSession
} from '../helpers/session-harness'
import { useTempDirs } from '../helpers/temp-dirs'
import { startThrottledRelay } from '../helpers/throttled-relay'
import { join } from 'node:path'

// A transfer outlives its line: cut in the middle (a pulled cable) or stopped by a host that
// restarts, it says `waiting`, and once the session is back it goes on from the bytes the host
// (or the ".part" file) already has — never from the start. The relay in front of the host
// paces the line so there is a middle to cut, and counts what crossed it.

const fx = useSessionFixtures({ session: { rejoinDelays: { firstMs: 200, maxMs: 1_000 } } })

const tempDir = useTempDirs('papo-session-resume-')

const MB = 1024 * 1024
const SIZE = 24 * MB

/**
 * Bytes that crossed the line before it was cut: measured at the relay, since what a transfer
 * counts as sent includes what still sits in socket buffers.
 */
const CUT_AFTER = 4 * MB

/** Waits until `bytes()` has passed CUT_AFTER. */
const crossed = (bytes: () => number) =>
  expect.poll(bytes, { timeout: 15_000, interval: 20 }).toBeGreaterThan(CUT_AFTER)

/**
 * The most a resumed transfer may carry in all: the file, what was in flight at the cut (sent
 * again), TLS and the socket's own traffic. One that started over would carry CUT_AFTER more.
 */
const RESUMED_MAX = SIZE + 2 * MB

const ended = (s: TestSession, id: string): Promise<BridgeEventOf<'transfer:changed'>> =>
  s.waitForEvent(
    'transfer:changed',
    (e) => e.payload.id === id && ['done', 'failed', 'cancelled'].includes(e.payload.state),
    45_000
  )

/** The states a transfer went through, repeats folded. */
const statesOf = (s: TestSession, id: string): string[] =>
  s.events
    .flatMap((e) => (e.type === 'transfer:changed' && e.payload.id === id ? [e.payload.state] : []))
    .filter((state, i, all) => state !== all[i - 1])

async function send(s: TestSession, path: string): Promise<Transfer> {
  return expectOk(
    (await s.rawDispatch('file:send', {
      roomId: LOBBY_ROOM_ID,
      source: { kind: 'path', path }
    })) as Result<Transfer>
  )
}

describe('transfers resume by themselves', () => {
  it('an upload cut mid-way waits for the line and goes on from what the host has', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const relay = await startThrottledRelay(host.port, { up: 8 * MB })
    fx.later(() => relay.close())
    const ana = fx.session()
    const bia = fx.session()
    await joinAs(ana, 'Ana', relay.port)
    await joinAs(bia, 'Bia', host.port)
    const file = randomFile(tempDir(), 'lecture.mkv', SIZE)

    const sent = await send(ana, file.path)
    await crossed(relay.bytesUp)
    const mark = ana.mark()
    relay.cut()
    await ana.waitForEvent(
      'transfer:changed',
      (e) => e.payload.id === sent.id && e.payload.state === 'waiting',
      5_000,
      mark
    )
    await sleep(500)
    relay.restore()

    const last = await ended(ana, sent.id)
    expect(last.payload).toMatchObject({ state: 'done', done: SIZE, error: null })
    expect(statesOf(ana, sent.id)).toEqual(['queued', 'active', 'waiting', 'active', 'done'])
    // Once back, it went on from the host's copy: the progress never fell back to the start.
    const after = ana.events
      .slice(mark)
      .flatMap((e) =>
        e.type === 'transfer:changed' && e.payload.id === sent.id ? [e.payload] : []
      )
    expect(Math.min(...after.map((t) => t.done))).toBeGreaterThan(0)
    // Not started over: the line carried the file once, and little more.
    expect(relay.bytesUp()).toBeLessThan(RESUMED_MAX)

    const message = (
      await bia.waitForEvent(
        'message:new',
        (e) => e.payload.kind === 'text' && e.payload.attachment?.sha256 === file.sha256,
        10_000
      )
    ).payload as TextMessage
    expect(message.id).toBe(last.payload.messageId)
    expect(message.clientId).toBe(sent.clientId)
  }, 60_000)

  it('an upload stopped by a host restart goes on once the host is back', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const relay = await startThrottledRelay(host.port, { up: 8 * MB })
    fx.later(() => relay.close())
    const ana = fx.session()
    await joinAs(ana, 'Ana', relay.port)
    const file = randomFile(tempDir(), 'photos.zip', SIZE)

    const sent = await send(ana, file.path)
    await crossed(relay.bytesUp)
    const mark = ana.mark()
    await host.stop()
    await ana.waitForEvent(
      'transfer:changed',
      (e) => e.payload.id === sent.id && e.payload.state === 'waiting',
      5_000,
      mark
    )
    await host.start()

    const last = await ended(ana, sent.id)
    expect(last.payload).toMatchObject({ state: 'done', done: SIZE })
    expect(statesOf(ana, sent.id)).toEqual(['queued', 'active', 'waiting', 'active', 'done'])
    expect(relay.bytesUp()).toBeLessThan(RESUMED_MAX)
    const message = (
      await ana.waitForEvent(
        'message:new',
        (e) => e.payload.kind === 'text' && e.payload.id === last.payload.messageId,
        10_000
      )
    ).payload as TextMessage
    expect(message.attachment?.sha256).toBe(file.sha256)
  }, 60_000)

  it('a download cut mid-way goes on from its .part file, and the saved file is whole', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    const relay = await startThrottledRelay(host.port, { down: 8 * MB })
    fx.later(() => relay.close())
    const ana = fx.session()
    const bia = fx.session()
    await joinAs(ana, 'Ana', host.port)
    await joinAs(bia, 'Bia', relay.port)
    const file = randomFile(tempDir(), 'dataset.csv', SIZE)
    const sent = await send(ana, file.path)
    expect((await ended(ana, sent.id)).payload.state).toBe('done')
    const message = (
      await bia.waitForEvent(
        'message:new',
        (e) => e.payload.kind === 'text' && e.payload.attachment?.sha256 === file.sha256,
        10_000
      )
    ).payload

    const before = relay.bytesDown()
    const down = expectOk(
      (await bia.rawDispatch('file:download', { messageId: message.id })) as Result<Transfer>
    )
    await crossed(() => relay.bytesDown() - before)
    const mark = bia.mark()
    relay.cut()
    await bia.waitForEvent(
      'transfer:changed',
      (e) => e.payload.id === down.id && e.payload.state === 'waiting',
      5_000,
      mark
    )
    await sleep(500)
    relay.restore()

    const last = await ended(bia, down.id)
    expect(last.payload).toMatchObject({ state: 'done', savedName: 'dataset.csv', done: SIZE })
    expect(statesOf(bia, down.id)).toEqual(['queued', 'active', 'waiting', 'active', 'done'])
    expect(relay.bytesDown() - before).toBeLessThan(RESUMED_MAX)
    expect(await sha256OfFile(join(bia.desktop.downloadsDir, 'dataset.csv'))).toBe(file.sha256)
  }, 60_000)
})
