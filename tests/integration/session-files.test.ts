import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BridgeEventOf } from '../../src/shared/bridge'
import type { FileLimits, Transfer } from '../../src/shared/files'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { TextMessage } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { pngBytes, randomFile, sha256Of, sha256OfFile } from '../helpers/file-tools'
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

// Issue 13 from the app's side: a file sent through the bridge (as the renderer does) goes up
// over the host's HTTPS with progress, reaches the room as a message with its attachment, and
// another app saves it into its Downloads folder, checked by SHA-256 and never over a file that
// is there; a pasted picture is sent from bytes and previewed from its thumbnail; a file over
// the host's limit is refused before a byte moves; a cancel stops it.

const fx = useSessionFixtures({ session: { rejoinDelays: { firstMs: 200, maxMs: 1_000 } } })

const tempDir = useTempDirs('papo-session-files-')

const MB = 1024 * 1024

async function twoApps(hostOptions: Parameters<typeof inProcessHost>[0] = {}) {
  const host = await inProcessHost(hostOptions)
  fx.later(() => host.close())
  const ana = fx.session()
  const bia = fx.session()
  await joinAs(ana, 'Ana', host.port)
  await joinAs(bia, 'Bia', host.port)
  return { host, ana, bia }
}

type TransferEvent = BridgeEventOf<'transfer:changed'>

/** Every transfer:changed of one transfer, in order. */
const eventsOf = (s: TestSession, id: string): Transfer[] =>
  s.events.flatMap((e) => (e.type === 'transfer:changed' && e.payload.id === id ? [e.payload] : []))

const ended = (s: TestSession, id: string, timeoutMs = 15_000): Promise<TransferEvent> =>
  s.waitForEvent(
    'transfer:changed',
    (e) => e.payload.id === id && ['done', 'failed', 'cancelled'].includes(e.payload.state),
    timeoutMs
  )

/** The message carrying an attachment with `sha256`, once it reached `s`. */
async function messageWithFile(s: TestSession, sha256: string): Promise<TextMessage> {
  const event = await s.waitForEvent(
    'message:new',
    (e) => e.payload.kind === 'text' && e.payload.attachment?.sha256 === sha256,
    10_000
  )
  return event.payload as TextMessage
}

describe('files through the session', () => {
  it('sends a file with progress, and another app saves it to Downloads, never overwriting', async () => {
    const { ana, bia } = await twoApps()
    const file = randomFile(tempDir(), 'Relatório final.pdf', 6 * MB + 321)

    const sent = expectOk(
      (await ana.rawDispatch('file:send', {
        roomId: LOBBY_ROOM_ID,
        source: { kind: 'path', path: file.path },
        caption: 'the report'
      })) as Result<Transfer>
    )
    expect(sent).toMatchObject({
      direction: 'up',
      name: 'Relatório final.pdf',
      size: file.bytes.length,
      caption: 'the report'
    })
    // Three run at once: this one started at once.
    expect(['queued', 'active']).toContain(sent.state)
    const last = await ended(ana, sent.id)
    expect(last.payload).toMatchObject({ state: 'done', done: file.bytes.length, error: null })
    const seen = eventsOf(ana, sent.id)
    expect(seen[0]?.state).toBe('queued')
    expect(seen.some((t) => t.state === 'active')).toBe(true)
    const dones = seen.map((t) => t.done)
    expect(dones).toEqual([...dones].sort((a, b) => a - b))

    const message = await messageWithFile(bia, file.sha256)
    expect(last.payload.messageId).toBe(message.id)
    expect(message).toMatchObject({
      text: 'the report',
      clientId: sent.clientId,
      attachment: { name: 'Relatório final.pdf', size: file.bytes.length }
    })

    // Bia saves it: into her Downloads folder, under its name, the same bytes.
    const down = expectOk(
      (await bia.rawDispatch('file:download', { messageId: message.id })) as Result<Transfer>
    )
    expect(down).toMatchObject({ direction: 'down', name: 'Relatório final.pdf', roomId: 'lobby' })
    const saved = await ended(bia, down.id)
    expect(saved.payload).toMatchObject({ state: 'done', savedName: 'Relatório final.pdf' })
    const path = join(bia.desktop.downloadsDir, 'Relatório final.pdf')
    expect(await sha256OfFile(path)).toBe(file.sha256)

    // Again: a second copy beside it, the first untouched, no ".part" left behind.
    const again = expectOk(
      (await bia.rawDispatch('file:download', { messageId: message.id })) as Result<Transfer>
    )
    expect(again.name).toBe('Relatório final (1).pdf')
    expect((await ended(bia, again.id)).payload.savedName).toBe('Relatório final (1).pdf')
    expect(readdirSync(bia.desktop.downloadsDir).sort()).toEqual([
      'Relatório final (1).pdf',
      'Relatório final.pdf'
    ])
    expect(await sha256OfFile(join(bia.desktop.downloadsDir, 'Relatório final (1).pdf'))).toBe(
      file.sha256
    )

    // Show and open go by transfer id only, and opening asks first, naming the file.
    expectOk(await bia.rawDispatch('file:show', { transferId: down.id }))
    expect(bia.desktop.shownInFolder).toEqual([path])
    bia.desktop.openAnswer = 'decline'
    expectOk(await bia.rawDispatch('file:open', { transferId: down.id }))
    expect(bia.desktop.openedFiles).toEqual([])
    bia.desktop.openAnswer = 'open'
    expectOk(await bia.rawDispatch('file:open', { transferId: down.id }))
    expect(bia.desktop.openAsked.map((a) => a.message)).toEqual([
      'Open "Relatório final.pdf"?',
      'Open "Relatório final.pdf"?'
    ])
    expect(bia.desktop.openedFiles).toEqual([path])
    // Nothing Ana sent can be opened from her side, and no path is ever taken.
    const notHers = await ana.rawDispatch('file:open', { transferId: sent.id })
    expect(notHers.ok ? 'ok' : notHers.error.code).toBe('BAD_REQUEST')
    const aPath = await bia.rawDispatch('file:open', { transferId: path })
    expect(aPath.ok ? 'ok' : aPath.error.code).toBe('BAD_REQUEST')

    // A window that reloads sees them all.
    const listed = expectOk(
      (await bia.rawDispatch('file:transfers', {})) as Result<{ transfers: Transfer[] }>
    )
    expect(listed.transfers.map((t) => [t.id, t.state])).toEqual([
      [down.id, 'done'],
      [again.id, 'done']
    ])
  })

  it('sends a pasted picture from bytes and previews its thumbnail and the whole image', async () => {
    const { host, ana, bia } = await twoApps()
    const image = pngBytes(640, 480)
    const thumb = pngBytes(160, 120)
    const sent = expectOk(
      (await ana.rawDispatch('file:send', {
        roomId: LOBBY_ROOM_ID,
        source: { kind: 'bytes', name: 'Pasted image.png', base64: image.toString('base64') },
        thumbnail: thumb.toString('base64')
      })) as Result<Transfer>
    )
    expect((await ended(ana, sent.id)).payload.state).toBe('done')
    // The bytes waited in Ana's private folder, and are gone now that they are sent.
    const outgoing = join(ana.dataDir, 'outgoing')
    await expect.poll(() => (existsSync(outgoing) ? readdirSync(outgoing) : [])).toEqual([])

    const message = await messageWithFile(bia, sha256Of(image))
    expect(message.attachment).toMatchObject({
      name: 'Pasted image.png',
      type: 'image/png',
      image: { width: 640, height: 480, thumb: { width: 160, height: 120 } }
    })
    const preview = expectOk(
      (await bia.rawDispatch('file:preview', { messageId: message.id, thumb: true })) as Result<{
        type: string
        base64: string
      }>
    )
    expect(preview.type).toBe('image/png')
    expect(Buffer.from(preview.base64, 'base64').equals(thumb)).toBe(true)
    const whole = expectOk(
      (await bia.rawDispatch('file:preview', { messageId: message.id, thumb: false })) as Result<{
        type: string
        base64: string
      }>
    )
    expect(Buffer.from(whole.base64, 'base64').equals(image)).toBe(true)

    // Scrolling back asks again: the cache answers, even with the host away.
    await host.stop()
    const cached = await bia.rawDispatch('file:preview', { messageId: message.id, thumb: true })
    expect(cached).toEqual({ ok: true, data: preview })
    // A message it never saw has no preview to give.
    const unknown = await bia.rawDispatch('file:preview', { messageId: 'nope', thumb: true })
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('MESSAGE_NOT_FOUND')
  })

  it('does not preview a file that is not a picture', async () => {
    const { ana, bia } = await twoApps()
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>')
    const sent = expectOk(
      (await ana.rawDispatch('file:send', {
        roomId: LOBBY_ROOM_ID,
        source: { kind: 'bytes', name: 'drawing.png', base64: svg.toString('base64') }
      })) as Result<Transfer>
    )
    expect((await ended(ana, sent.id)).payload.state).toBe('done')
    const message = await messageWithFile(bia, sha256Of(svg))
    expect(message.attachment?.image).toBeNull()
    const refused = await bia.rawDispatch('file:preview', { messageId: message.id, thumb: false })
    expect(refused.ok ? 'ok' : refused.error.code).toBe('BAD_REQUEST')
  })

  it('refuses a file over the host limit before a byte moves, and says the limits', async () => {
    const { ana } = await twoApps({ files: { maxFileBytes: 1 * MB } })
    const limits = expectOk((await ana.rawDispatch('file:limits', {})) as Result<FileLimits>)
    expect(limits).toMatchObject({ maxFileBytes: 1 * MB, usedBytes: 0 })
    const file = randomFile(tempDir(), 'video.mp4', 2 * MB)
    const mark = ana.mark()
    const refused = await ana.rawDispatch('file:send', {
      roomId: LOBBY_ROOM_ID,
      source: { kind: 'path', path: file.path }
    })
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'FILE_TOO_BIG',
        message: '"video.mp4" is 2 MB; this host takes files up to 1 MB.'
      }
    })
    expect(ana.events.slice(mark).filter((e) => e.type === 'transfer:changed')).toEqual([])
    expectOk(await ana.rawDispatch('session:leave', {}))
    expect(expectOk(await ana.rawDispatch('file:limits', {}))).toBeNull()
  })

  it('a cancel stops the upload: no message is posted, and the host keeps nothing', async () => {
    const host = await inProcessHost()
    fx.later(() => host.close())
    // Through a slow line, so there is time to cancel.
    const relay = await startThrottledRelay(host.port, { up: 4 * MB })
    fx.later(() => relay.close())
    const ana = fx.session()
    const bia = fx.session()
    await joinAs(ana, 'Ana', relay.port)
    await joinAs(bia, 'Bia', host.port)
    const file = randomFile(tempDir(), 'big.bin', 20 * MB)
    const sent = expectOk(
      (await ana.rawDispatch('file:send', {
        roomId: LOBBY_ROOM_ID,
        source: { kind: 'path', path: file.path }
      })) as Result<Transfer>
    )
    await ana.waitForEvent(
      'transfer:changed',
      (e) => e.payload.id === sent.id && e.payload.done > 0,
      10_000
    )
    expectOk(await ana.rawDispatch('file:cancel', { transferId: sent.id }))
    const last = await ended(ana, sent.id)
    expect(last.payload).toMatchObject({
      state: 'cancelled',
      error: { code: 'TRANSFER_CANCELLED' }
    })
    const sentBytes = relay.bytesUp()
    await sleep(1_000)
    // The request stopped: the line carries almost nothing more.
    expect(relay.bytesUp() - sentBytes).toBeLessThan(256 * 1024)
    expect(
      bia.events.some(
        (e) => e.type === 'message:new' && e.payload.kind === 'text' && e.payload.attachment
      )
    ).toBe(false)
    const staging = join(host.dataDir, 'files', 'incoming')
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([])
    // A cancelled transfer is not tried again.
    const retried = await ana.rawDispatch('file:retry', { transferId: sent.id })
    expect(retried.ok ? 'ok' : retried.error.code).toBe('BAD_REQUEST')
    expect(readFileSync(file.path).length).toBe(20 * MB)
  }, 30_000)

  it('a file sent to a room the person is not in fails with the host refusal', async () => {
    const { ana, bia } = await twoApps()
    const room = expectOk(
      (await bia.rawDispatch('room:create', { name: 'Só Bia' })) as Result<{ room: { id: string } }>
    ).room
    const sent = expectOk(
      (await ana.rawDispatch('file:send', {
        roomId: room.id,
        source: { kind: 'bytes', name: 'a.txt', base64: Buffer.from('oi').toString('base64') }
      })) as Result<Transfer>
    )
    const last = await ended(ana, sent.id)
    expect(last.payload.state).toBe('failed')
    expect(['NOT_A_MEMBER', 'ROOM_NOT_FOUND']).toContain(last.payload.error?.code)
  })
})
