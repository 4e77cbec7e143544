import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Transfer } from '../../src/shared/files'
import { err, ok, type Result } from '../../src/shared/result'
import type { RequestPayload, ResponseData } from '../../src/shared/wire/protocol'
import { FileHttpError } from '../../src/main/client/file-http'
import { createReadyGate } from '../../src/main/session/ready-gate'
import type {
  FileHttp,
  FileRequest,
  FileRequestName
} from '../../src/main/session/files/transfer-context'
import { createTransfers } from '../../src/main/session/files/transfers'
import { createFakeClock } from '../helpers/session-harness'
import { makeTempDir } from '../helpers/temp-dir'

// The queue and the states, with the line and the HTTP side played by the test: a few uploads
// at a time, the rest queued; limits said before anything is asked; a cancel that stops the
// request and tells the host; a line that drops makes `waiting`, and its return resumes with
// the same clientId.

const pin = { fingerprint: '0'.repeat(64), pem: '' }

interface PendingUpload {
  clientId: string
  received: number
  onBytes?: (total: number) => void
  resolve(value: { message: never }): void
  reject(error: unknown): void
  aborted: boolean
}

function setup(options: { maxFileBytes?: number } = {}) {
  const temp = makeTempDir('papo-transfers-')
  const clock = createFakeClock(1_000)
  const ready = createReadyGate(clock)
  ready.open()
  const asked: { name: FileRequestName; payload: unknown }[] = []
  /** What the host answers to file:upload, by clientId (default: a slot from 0). */
  const answers = new Map<string, Result<ResponseData<'file:upload'>>>()
  /** A refusal the host gives every file:upload while set. */
  const host = { refusal: null as Result<never> | null }
  const uploads: PendingUpload[] = []
  const events: Transfer[] = []

  const request: FileRequest = async <K extends FileRequestName>(
    name: K,
    payload: RequestPayload<K>
  ): Promise<Result<ResponseData<K>>> => {
    asked.push({ name, payload })
    if (!ready.isOpen) return err('NOT_CONNECTED', 'down') as never
    if (name === 'file:upload') {
      const { clientId } = payload as RequestPayload<'file:upload'>
      return (host.refusal ??
        answers.get(clientId) ??
        ok({
          status: 'upload',
          uploadId: `up-${clientId}`,
          token: 't'.repeat(16),
          path: `/papo/uploads/up-${clientId}`,
          received: 0,
          chunkBytes: 1024,
          expiresAt: 0
        })) as never
    }
    return ok({}) as never
  }

  const http: FileHttp = {
    uploadFrom: (_origin, slot, _openRead, _size, opts = {}) =>
      new Promise((resolve, reject) => {
        const clientId = slot.path.replace('/papo/uploads/up-', '')
        const pending: PendingUpload = {
          clientId,
          received: slot.received,
          onBytes: opts.onBytes,
          resolve,
          reject,
          aborted: false
        }
        uploads.push(pending)
        opts.signal?.addEventListener('abort', () => {
          pending.aborted = true
          reject(new FileHttpError(0, 'TRANSFER_CANCELLED', 'aborted'))
        })
      }),
    downloadTo: () => Promise.reject(new Error('not in these tests')),
    fetchBytes: () => Promise.reject(new Error('not in these tests'))
  }

  const dataDir = join(temp.dir, 'data')
  mkdirSync(dataDir)
  const outgoingDir = join(dataDir, 'outgoing')
  const transfers = createTransfers({
    request,
    isReady: () => ready.isOpen,
    whenReady: () => ready.whenOpen(undefined),
    origin: { host: '127.0.0.1', port: 1, pin },
    limits: () => ({
      maxFileBytes: options.maxFileBytes ?? 1_000_000,
      maxTotalBytes: 10_000_000,
      usedBytes: 0
    }),
    dataDir,
    emit: (t) => events.push(t),
    clock,
    http
  })
  const file = (name: string, size: number): string => {
    const path = join(temp.dir, name)
    writeFileSync(path, Buffer.alloc(size, 1))
    return path
  }
  const states = (id: string): string[] =>
    events
      .filter((e) => e.id === id)
      .map((e) => e.state)
      .filter((s, i, all) => s !== all[i - 1])
  const message = (id: string) => ({ id }) as never
  return {
    temp,
    clock,
    ready,
    asked,
    answers,
    host,
    uploads,
    events,
    transfers,
    dataDir,
    outgoingDir,
    file,
    states,
    message,
    close() {
      transfers.close()
      temp.remove()
    }
  }
}

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function start(options?: Parameters<typeof setup>[0]) {
  const t = setup(options)
  cleanups.push(() => t.close())
  return t
}

const expectOk = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.data
}

describe('the transfer queue', () => {
  it('refuses a file over the host limit before asking anything', async () => {
    const t = start({ maxFileBytes: 10 * 1024 * 1024 })
    const big = t.file('big.bin', 10 * 1024 * 1024 + 1)
    const refused = await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path: big } })
    expect(refused.ok ? 'ok' : refused.error).toEqual({
      code: 'FILE_TOO_BIG',
      message: '"big.bin" is 10 MB; this host takes files up to 10 MB.'
    })
    const pasted = await t.transfers.send({
      roomId: 'lobby',
      source: {
        kind: 'bytes',
        name: 'x.png',
        base64: Buffer.alloc(11 * 1024 * 1024).toString('base64')
      }
    })
    expect(pasted.ok ? 'ok' : pasted.error.code).toBe('FILE_TOO_BIG')
    expect(t.asked).toEqual([])
    expect(t.events).toEqual([])
    expect(existsSync(t.outgoingDir) ? readdirSync(t.outgoingDir) : []).toEqual([])
  })

  it("never sends Papo's own files, not even through a link", async () => {
    const t = start()
    writeFileSync(join(t.dataDir, 'identity-key.pem'), 'secret')
    symlinkSync(join(t.dataDir, 'identity-key.pem'), join(t.temp.dir, 'innocent.txt'))
    for (const path of [
      join(t.dataDir, 'identity-key.pem'),
      join(t.temp.dir, 'innocent.txt'),
      join(t.temp.dir, 'x', '..', 'data', 'identity-key.pem')
    ]) {
      const sent = await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path } })
      expect(sent.ok ? 'ok' : sent.error.code, path).toBe('FORBIDDEN')
    }
    expect(t.asked).toEqual([])
  })

  it('says a file that cannot be read at once', async () => {
    const t = start()
    const sent = await t.transfers.send({
      roomId: 'lobby',
      source: { kind: 'path', path: join(t.temp.dir, 'nothing-here.txt') }
    })
    expect(sent.ok ? 'ok' : sent.error.code).toBe('FILE_UNREADABLE')
  })

  it('runs three uploads at once and queues the rest, in order', async () => {
    const t = start()
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const path = t.file(`f${i}.bin`, 100)
      ids.push(
        expectOk(await t.transfers.send({ roomId: `room-${i}`, source: { kind: 'path', path } })).id
      )
    }
    await t.clock.advance(0)
    expect(t.uploads.length).toBe(3)
    expect(t.transfers.list().map((x) => x.state)).toEqual([
      'active',
      'active',
      'active',
      'queued',
      'queued'
    ])
    t.uploads[1]!.resolve({ message: t.message('m1') })
    await t.clock.advance(0)
    expect(t.uploads.length).toBe(4)
    const list = t.transfers.list()
    expect(list[1]).toMatchObject({ state: 'done', messageId: 'm1', done: 100 })
    expect(list.map((x) => x.state)).toEqual(['active', 'done', 'active', 'active', 'queued'])
    expect(t.states(ids[1]!)).toEqual(['queued', 'active', 'done'])
  })

  it('sends the files of one room one at a time, in the order chosen', async () => {
    const t = start()
    const ids: string[] = []
    for (const name of ['photo.jpg', 'report.pdf', 'notes.txt']) {
      const path = t.file(name, 100)
      ids.push(
        expectOk(await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path } })).id
      )
    }
    const path = t.file('other.bin', 100)
    const elsewhere = expectOk(
      await t.transfers.send({ roomId: 'room-b', source: { kind: 'path', path } })
    )
    await t.clock.advance(0)
    // The first of the lobby's and the other room's run; the lobby's others wait their turn.
    expect(t.uploads.length).toBe(2)
    expect(t.transfers.list().map((x) => x.state)).toEqual(['active', 'queued', 'queued', 'active'])
    for (const [i, id] of ids.entries()) {
      expect(t.transfers.list().find((x) => x.id === id)?.state).toBe('active')
      t.uploads
        .find((u) => u.clientId === t.transfers.list()[i]!.clientId)!
        .resolve({
          message: t.message(`m${i}`)
        })
      await t.clock.advance(0)
    }
    expect(ids.map((id) => t.transfers.list().find((x) => x.id === id)?.messageId)).toEqual([
      'm0',
      'm1',
      'm2'
    ])
    expect(t.transfers.list().find((x) => x.id === elsewhere.id)?.state).toBe('active')
  })

  it('keeps pasted bytes in the private outgoing folder until the upload is done', async () => {
    const t = start()
    const sent = expectOk(
      await t.transfers.send({
        roomId: 'lobby',
        source: {
          kind: 'bytes',
          name: 'pasted image.png',
          base64: Buffer.from('png!').toString('base64')
        },
        caption: '  look  '
      })
    )
    expect(sent).toMatchObject({
      name: 'pasted image.png',
      size: 4,
      caption: 'look',
      direction: 'up'
    })
    await t.clock.advance(0)
    expect(readdirSync(t.outgoingDir)).toEqual([sent.id])
    const upload = t.asked.find((a) => a.name === 'file:upload')?.payload
    expect(upload).toMatchObject({ name: 'pasted image.png', size: 4, caption: 'look' })
    t.uploads[0]!.resolve({ message: t.message('m1') })
    await t.clock.advance(0)
    expect(readdirSync(t.outgoingDir)).toEqual([])
  })

  it('a cancel stops the request, tells the host and frees the place in the queue', async () => {
    const t = start()
    const ids: string[] = []
    for (let i = 0; i < 4; i++) {
      const path = t.file(`f${i}.bin`, 100)
      ids.push(
        expectOk(await t.transfers.send({ roomId: `room-${i}`, source: { kind: 'path', path } })).id
      )
    }
    await t.clock.advance(0)
    expectOk(t.transfers.cancel(ids[0]!))
    await t.clock.advance(0)
    expect(t.uploads[0]!.aborted).toBe(true)
    const cancel = t.asked.filter((a) => a.name === 'file:upload-cancel')
    expect(cancel.map((a) => a.payload)).toEqual([{ uploadId: `up-${t.uploads[0]!.clientId}` }])
    expect(t.transfers.list()[0]).toMatchObject({
      state: 'cancelled',
      error: { code: 'TRANSFER_CANCELLED' }
    })
    expect(t.uploads.length).toBe(4)
    // Cancelling a queued one never reaches the host.
    const path = t.file('f4.bin', 100)
    const queued = expectOk(
      await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path } })
    )
    expectOk(t.transfers.cancel(queued.id))
    await t.clock.advance(0)
    expect(t.asked.filter((a) => a.name === 'file:upload-cancel').length).toBe(1)
    expect(t.states(queued.id)).toEqual(['queued', 'cancelled'])
  })

  it('waits while the line is down and resumes with the same clientId', async () => {
    const t = start()
    const path = t.file('big.bin', 4096)
    const sent = expectOk(
      await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path } })
    )
    await t.clock.advance(0)
    t.uploads[0]!.onBytes?.(2048)
    // The line drops: the request fails and the session is not ready.
    t.ready.shut()
    t.uploads[0]!.reject(new FileHttpError(0, 'NOT_CONNECTED', 'reset'))
    await t.clock.advance(1_000)
    expect(t.transfers.list()[0]?.state).toBe('waiting')
    t.answers.set(
      sent.clientId!,
      ok({
        status: 'upload',
        uploadId: `up-${sent.clientId}`,
        token: 't'.repeat(16),
        path: `/papo/uploads/up-${sent.clientId}`,
        received: 2048,
        chunkBytes: 1024,
        expiresAt: 0
      })
    )
    t.ready.open()
    await t.clock.advance(0)
    expect(t.uploads.length).toBe(2)
    expect(t.uploads[1]!.received).toBe(2048)
    const asks = t.asked.filter((a) => a.name === 'file:upload').map((a) => a.payload)
    expect(new Set(asks.map((p) => (p as { clientId: string }).clientId))).toEqual(
      new Set([sent.clientId])
    )
    t.uploads[1]!.resolve({ message: t.message('m1') })
    await t.clock.advance(0)
    expect(t.states(sent.id)).toEqual(['queued', 'active', 'waiting', 'active', 'done'])
  })

  it('fails with the host refusal, and a retry asks again with the same clientId', async () => {
    const t = start()
    const path = t.file('f.bin', 100)
    t.host.refusal = err('STORAGE_FULL', 'The host has 3 MB left for files.')
    const sent = expectOk(
      await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path } })
    )
    await t.clock.advance(0)
    expect(t.transfers.list()[0]).toMatchObject({
      state: 'failed',
      error: { code: 'STORAGE_FULL', message: 'The host has 3 MB left for files.' }
    })
    t.host.refusal = null
    expectOk(t.transfers.retry(sent.id))
    await t.clock.advance(0)
    expect(t.uploads.length).toBe(1)
    const asks = t.asked.filter((a) => a.name === 'file:upload')
    expect(asks.map((a) => (a.payload as { clientId: string }).clientId)).toEqual([
      sent.clientId,
      sent.clientId
    ])
    expect(t.transfers.retry(sent.id).ok).toBe(false)
  })

  it('fails a file that changed or vanished since it was picked', async () => {
    const t = start()
    const path = t.file('f.bin', 100)
    t.ready.shut()
    const first = expectOk(
      await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path } })
    )
    const other = t.file('g.bin', 100)
    const second = expectOk(
      await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path: other } })
    )
    writeFileSync(path, Buffer.alloc(50))
    rmSync(other)
    t.ready.open()
    await t.clock.advance(0)
    const [a, b] = t.transfers.list()
    expect(a).toMatchObject({ id: first.id, state: 'failed', error: { code: 'FILE_UNREADABLE' } })
    expect(b).toMatchObject({ id: second.id, state: 'failed', error: { code: 'FILE_UNREADABLE' } })
    expect(t.asked).toEqual([])
  })

  it('keeps trying a flaky host a while, then fails with its last word', async () => {
    const t = start()
    const path = t.file('f.bin', 100)
    t.host.refusal = err('INTERNAL', 'The host failed.')
    expectOk(await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path } }))
    await t.clock.advance(60_000)
    expect(t.transfers.list()[0]).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' } })
    expect(t.asked.filter((a) => a.name === 'file:upload').length).toBe(8)
  })

  it('ended transfers stay listed for a while, then go', async () => {
    const t = start()
    const path = t.file('f.bin', 100)
    expectOk(await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path } }))
    await t.clock.advance(0)
    t.uploads[0]!.resolve({ message: t.message('m1') })
    await t.clock.advance(29 * 60_000)
    expect(t.transfers.list().length).toBe(1)
    await t.clock.advance(2 * 60_000)
    expect(t.transfers.list()).toEqual([])
  })

  it('stops everything when the session ends, and says nothing more', async () => {
    const t = start()
    const path = t.file('f.bin', 100)
    expectOk(
      await t.transfers.send({
        roomId: 'lobby',
        source: { kind: 'bytes', name: 'a.txt', base64: 'b2k=' }
      })
    )
    expectOk(await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path } }))
    await t.clock.advance(0)
    const before = t.events.length
    t.transfers.close()
    await t.clock.advance(0)
    expect(t.uploads.every((u) => u.aborted)).toBe(true)
    expect(t.events.length).toBe(before)
    expect(existsSync(t.outgoingDir)).toBe(false)
    const late = await t.transfers.send({ roomId: 'lobby', source: { kind: 'path', path } })
    expect(late.ok ? 'ok' : late.error.code).toBe('NOT_CONNECTED')
  })
})
