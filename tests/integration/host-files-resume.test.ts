import { randomBytes } from 'node:crypto'
import { request } from 'node:https'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { FileHttpError, putChunk, uploadFrom, uploadStatus } from '../../src/main/client/file-http'
import { pinnedTls } from '../../src/main/client/tls-pin'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import {
  originOf,
  sha256Of,
  slotFor,
  stagedFiles,
  storedFiles,
  uploadRequest
} from '../helpers/file-tools'
import { inProcessHost, type InProcessHost } from '../helpers/restartable-host'
import { startRelay } from '../helpers/tcp-tools'
import { connectClient, expectOk, sleep, useHostFixtures } from '../helpers/wire-client'

// Issue 13: an upload survives a cut line and a restart of the host, going on from the bytes the
// host has; one that stops for good is cleaned up.

const { host, client } = useHostFixtures()

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const MB = 1024 * 1024
const from = (bytes: Buffer) => (start: number) => Readable.from([bytes.subarray(start)])

describe('resuming uploads', () => {
  it('goes on after the line is cut mid-upload, keeping what arrived', async () => {
    const h = await host({ files: { chunkBytes: MB } })
    const ana = await client(h, 'Ana')
    const relay = await startRelay(h.port)
    cleanups.push(() => relay.close())
    const viaRelay = await originOf(relay.port, h.port)
    const bytes = randomBytes(6 * MB)
    const asked = uploadRequest(LOBBY_ROOM_ID, 'big.bin', bytes.length)
    const slot = await slotFor(ana, asked)

    let cut = false
    const failed = await uploadFrom(viaRelay, slot, from(bytes), bytes.length, {
      onBytes: (n) => {
        if (!cut && n > 2.5 * MB) {
          cut = true
          relay.cut()
        }
      }
    }).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(FileHttpError)
    expect(failed).toMatchObject({ status: 0, code: 'NOT_CONNECTED' })

    relay.restore()
    // Whatever arrived before the cut is kept: at least the chunks answered, never more than sent.
    const again = await slotFor(ana, asked)
    expect(again.uploadId).toBe(slot.uploadId)
    expect(again.received).toBeGreaterThanOrEqual(2 * MB)
    expect(again.received).toBeLessThan(bytes.length)
    expect(await uploadStatus(viaRelay, again)).toEqual({
      received: again.received,
      size: bytes.length
    })
    const sent: number[] = []
    const { message } = await uploadFrom(viaRelay, again, from(bytes), bytes.length, {
      onBytes: (n) => sent.push(n)
    })
    expect(sent[0]).toBeGreaterThan(again.received)
    expect(message.attachment?.sha256).toBe(sha256Of(bytes))
    expect(stagedFiles(h.dataDir)).toEqual([])
  })

  it('goes on after a restart of the host, the hash made again from the staged bytes', async () => {
    const fixture: InProcessHost = await inProcessHost({ files: { chunkBytes: MB } })
    cleanups.push(() => fixture.close())
    const secret = 'resume-after-restart'
    let ana = await connectClient(fixture.port, 'Ana', { secret })
    const bytes = randomBytes(3 * MB + 17)
    const asked = uploadRequest(LOBBY_ROOM_ID, 'photos.zip', bytes.length, { caption: 'fotos' })
    const slot = await slotFor(ana, asked)
    const origin = await originOf(fixture.port)
    await putChunk(origin, slot, {
      start: 0,
      length: MB,
      size: bytes.length,
      source: Readable.from([bytes.subarray(0, MB)])
    })
    await putChunk(origin, slot, {
      start: MB,
      length: MB,
      size: bytes.length,
      source: Readable.from([bytes.subarray(MB, 2 * MB)])
    })
    ana.close()

    await fixture.stop()
    await fixture.start()
    ana = await connectClient(fixture.port, 'Ana', { secret })
    cleanups.push(() => ana.close())
    // The old token died with the host; the same clientId gets a new slot from 2 MB on.
    await expect(uploadStatus(origin, slot)).rejects.toMatchObject({ status: 401 })
    const again = await slotFor(ana, asked)
    expect(again).toMatchObject({ uploadId: slot.uploadId, received: 2 * MB })
    const { message } = await uploadFrom(origin, again, from(bytes), bytes.length)
    expect(message).toMatchObject({
      text: 'fotos',
      attachment: { sha256: sha256Of(bytes), size: bytes.length, name: 'photos.zip' }
    })
    expect(storedFiles(fixture.dataDir)).toEqual([{ name: sha256Of(bytes), size: bytes.length }])
  })

  it('cuts a chunk that stalls, keeping what it sent', async () => {
    const h = await host({ files: { chunkIdleMs: 200 } })
    const ana = await client(h, 'Ana')
    const origin = await originOf(h.port)
    const slot = await slotFor(ana, uploadRequest(LOBBY_ROOM_ID, 'slow.bin', 5000))
    // 1,000 bytes of the 5,000 announced, then silence.
    const req = request({
      host: origin.host,
      port: origin.port,
      method: 'PUT',
      path: slot.path,
      headers: {
        authorization: `Bearer ${slot.token}`,
        'content-length': '5000',
        'content-range': 'bytes 0-4999/5000'
      },
      agent: false,
      ...pinnedTls(origin.pin)
    })
    const closed = new Promise<void>((resolve) => req.on('close', () => resolve()))
    req.on('error', () => {})
    req.write(randomBytes(1000))
    await closed
    expect(await uploadStatus(origin, slot)).toEqual({ received: 1000, size: 5000 })
  })

  it('abandons an upload that gets no bytes for too long, also found at start', async () => {
    const clock = { now: Date.now() }
    const files = { uploadStaleMs: 60_000, sweepMs: 20 }
    const fixture = await inProcessHost({ now: () => clock.now, files })
    cleanups.push(() => fixture.close())
    const secret = 'stale-uploads'
    const ana = await connectClient(fixture.port, 'Ana', { secret })
    cleanups.push(() => ana.close())
    const origin = await originOf(fixture.port)
    const asked = uploadRequest(LOBBY_ROOM_ID, 'left.bin', 1000)
    const slot = await slotFor(ana, asked)
    await putChunk(origin, slot, {
      start: 0,
      length: 400,
      size: 1000,
      source: Readable.from([randomBytes(400)])
    })
    expect(stagedFiles(fixture.dataDir)).toEqual([slot.uploadId])
    clock.now += 30_000
    await sleep(100)
    expect(stagedFiles(fixture.dataDir)).toEqual([slot.uploadId])
    clock.now += 31_000
    await expect.poll(() => stagedFiles(fixture.dataDir)).toEqual([])
    await expect(uploadStatus(origin, slot)).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    // Asking again starts a new upload from nothing.
    const fresh = await slotFor(ana, asked)
    expect(fresh.uploadId).not.toBe(slot.uploadId)
    expect(fresh.received).toBe(0)

    // A host that was down while an upload went stale cleans it up as it starts.
    ana.close()
    await fixture.stop()
    clock.now += 61_000
    await fixture.start()
    expect(stagedFiles(fixture.dataDir)).toEqual([])
    const bia = await connectClient(fixture.port, 'Ana', { secret })
    cleanups.push(() => bia.close())
    const after = expectOk(await bia.request('file:upload', asked))
    expect(after).toMatchObject({ status: 'upload', received: 0 })
  })
})
