import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  downloadTo,
  fetchBytes,
  FileHttpError,
  putChunk,
  uploadFrom,
  uploadStatus,
  type FileOrigin
} from '../../src/main/client/file-http'
import { pinnedTls } from '../../src/main/client/tls-pin'
import { FILE_LIMITS } from '../../src/shared/files'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { TextMessage } from '../../src/shared/models'
import { idOf, say, useConversationHost } from '../helpers/conversation-host'
import {
  originOf,
  pngBytes,
  randomFile,
  sha256Of,
  sha256OfFile,
  slotFor,
  storedFiles,
  uploadBytes,
  uploadRequest
} from '../helpers/file-tools'
import { useTempDirs } from '../helpers/temp-dirs'
import { expectOk, sleep } from '../helpers/wire-client'

// Issue 13, files on the host: bytes over HTTPS in chunks, hashed as they arrive, stored once
// per content, posted as a message only when complete, and read back by members only.

const { host, client } = useConversationHost()

const tempDir = useTempDirs('papo-files-test-')

/** A raw HTTPS request to the host, for what the client module would never send. */
function raw(
  origin: FileOrigin,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: origin.host,
      port: origin.port,
      method,
      path,
      headers,
      agent: false,
      ...pinnedTls(origin.pin)
    })
    req.on('error', reject)
    req.on('response', (res) => {
      const parts: Buffer[] = []
      res.on('data', (d: Buffer) => parts.push(d))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) })
      )
    })
    req.end(body)
  })
}

async function download(
  c: Parameters<typeof uploadBytes>[0],
  origin: FileOrigin,
  messageId: string,
  thumb = false
): Promise<Buffer> {
  const ticket = expectOk(await c.request('file:download', { messageId, thumb }))
  return fetchBytes(origin, ticket, 64 * 1024 * 1024)
}

describe('files on the host', () => {
  it('round-trips a few MB with the same SHA-256, tells the room, and counts the storage', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const origin = await originOf(h.port)
    const dir = tempDir()
    const file = randomFile(dir, 'notes.bin', 5 * 1024 * 1024 + 123)
    const before = expectOk(await ana.request('session:start', {})).files
    expect(before).toEqual({
      maxFileBytes: FILE_LIMITS.maxFileBytes,
      maxTotalBytes: FILE_LIMITS.maxTotalBytes,
      usedBytes: 0
    })

    const slot = await slotFor(
      ana,
      uploadRequest(LOBBY_ROOM_ID, 'notes.bin', file.bytes.length, { caption: 'the notes' })
    )
    expect(slot).toMatchObject({
      status: 'upload',
      received: 0,
      path: `/papo/uploads/${slot.uploadId}`
    })
    const progress: number[] = []
    const { message } = await uploadFrom(
      origin,
      { ...slot, chunkBytes: 2 * 1024 * 1024 },
      (start) => Readable.from([file.bytes.subarray(start)]),
      file.bytes.length,
      { onBytes: (n) => progress.push(n) }
    )
    expect(progress.at(-1)).toBe(file.bytes.length)
    expect(message).toMatchObject({
      kind: 'text',
      text: 'the notes',
      attachment: {
        sha256: file.sha256,
        name: 'notes.bin',
        size: file.bytes.length,
        type: 'application/octet-stream',
        image: null
      }
    })
    // Everyone in the room hears of it like any message, once it is complete.
    const pushed = await bia.waitForMessage((m) => m.id === message.id)
    expect(pushed).toEqual(message)

    // Downloaded to disk by another member: the same bytes.
    const ticket = expectOk(await bia.request('file:download', { messageId: message.id }))
    expect(ticket).toMatchObject({
      path: `/papo/files/${message.id}`,
      size: file.bytes.length,
      type: 'application/octet-stream',
      name: 'notes.bin'
    })
    const saved = join(dir, 'saved.bin')
    const seen: number[] = []
    await downloadTo(origin, ticket, saved, 0, { onBytes: (n) => seen.push(n) })
    expect(await sha256OfFile(saved)).toBe(file.sha256)
    expect(seen.at(-1)).toBe(file.bytes.length)

    // Stored once, content-addressed, no staging left; the storage counts it.
    expect(storedFiles(h.dataDir)).toEqual([{ name: file.sha256, size: file.bytes.length }])
    const after = expectOk(await bia.request('session:start', {})).files
    expect(after.usedBytes).toBe(file.bytes.length)
    // History carries it too.
    const history = expectOk(await bia.request('room:history', { roomId: LOBBY_ROOM_ID }))
    expect(history.messages.find((m) => m.id === message.id)).toEqual(message)
  })

  it('serves ranges (206) exactly, and resumes a download from where a file ends', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const origin = await originOf(h.port)
    const bytes = randomBytes(300_000)
    const message = await uploadBytes(ana, origin, LOBBY_ROOM_ID, 'data.bin', bytes)
    const ticket = expectOk(await ana.request('file:download', { messageId: message.id }))
    const auth = { authorization: `Bearer ${ticket.token}` }

    const part = await raw(origin, 'GET', ticket.path, { ...auth, range: 'bytes=1000-1999' })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 1000-1999/${bytes.length}`)
    expect(part.headers['accept-ranges']).toBe('bytes')
    expect(part.body.equals(bytes.subarray(1000, 2000))).toBe(true)
    const tail = await raw(origin, 'GET', ticket.path, { ...auth, range: 'bytes=-10' })
    expect(tail.body.equals(bytes.subarray(bytes.length - 10))).toBe(true)
    const open = await raw(origin, 'GET', ticket.path, { ...auth, range: 'bytes=299990-' })
    expect(open.body.equals(bytes.subarray(299_990))).toBe(true)
    const whole = await raw(origin, 'GET', ticket.path, auth)
    expect(whole.status).toBe(200)
    expect(whole.headers['content-disposition']).toBe(
      `attachment; filename="data.bin"; filename*=UTF-8''data.bin`
    )
    expect(whole.headers['x-content-type-options']).toBe('nosniff')
    expect(whole.headers['cache-control']).toBe('no-store')
    expect(whole.body.equals(bytes)).toBe(true)
    const beyond = await raw(origin, 'GET', ticket.path, { ...auth, range: 'bytes=400000-' })
    expect(beyond.status).toBe(416)
    const bad = await raw(origin, 'GET', ticket.path, { ...auth, range: 'bytes=5-1' })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body.toString())).toMatchObject({ code: 'BAD_REQUEST' })

    // A download that stopped at 123,456 bytes goes on from there, into the same file.
    const dir = tempDir()
    const saved = join(dir, 'part.bin')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(saved, Buffer.concat([bytes.subarray(0, 123_456), Buffer.from('junk')]))
    await downloadTo(origin, ticket, saved, 123_456)
    expect(readFileSync(saved).equals(bytes)).toBe(true)

    // A file that cannot be written is the disk's failure, not the line's: no retry fixes it.
    const nowhere = join(dir, 'no-such-folder', 'data.bin')
    const failure = await downloadTo(origin, ticket, nowhere, 0).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(FileHttpError)
    expect((failure as FileHttpError).code).toBe('FILE_UNWRITABLE')
  })

  it('refuses the download to someone not in the room, and a guessed or other token', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const caio = await client(h, 'Caio')
    const origin = await originOf(h.port)
    const opened = expectOk(await ana.request('dm:open', { userId: await idOf(bia) }))
    const message = await uploadBytes(
      ana,
      origin,
      opened.room.id,
      'secret.txt',
      Buffer.from('psst')
    )

    // Caio is not in the conversation: no token for him.
    const refused = await caio.request('file:download', { messageId: message.id })
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } })
    expect((await bia.request('file:download', { messageId: message.id })).ok).toBe(true)

    // A guessed token, a token for another message, no token: 401, nothing of the file.
    const path = `/papo/files/${message.id}`
    const guesses: Record<string, string>[] = [
      { authorization: `Bearer ${randomBytes(24).toString('base64url')}` },
      {}
    ]
    for (const headers of guesses) {
      const answer = await raw(origin, 'GET', path, headers)
      expect(answer.status).toBe(401)
      expect(JSON.parse(answer.body.toString())).toMatchObject({ code: 'UNAUTHORIZED' })
    }
    const lobbyFile = await uploadBytes(caio, origin, LOBBY_ROOM_ID, 'x.txt', Buffer.from('x'))
    const otherTicket = expectOk(await caio.request('file:download', { messageId: lobbyFile.id }))
    const swapped = await raw(origin, 'GET', path, { authorization: `Bearer ${otherTicket.token}` })
    expect(swapped.status).toBe(401)
    // An upload path with a made-up id and token.
    const fakeUpload = await raw(origin, 'GET', '/papo/uploads/not-an-upload', {
      authorization: `Bearer ${randomBytes(24).toString('base64url')}`
    })
    expect(fakeUpload.status).toBe(404)
    expect(JSON.parse(fakeUpload.body.toString())).toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    // Browsers are refused whatever the path.
    const browser = await raw(origin, 'GET', path, { origin: 'http://evil.example' })
    expect(browser.status).toBe(403)
  })

  it('checks membership again on every request made with a token', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const origin = await originOf(h.port)
    const room = expectOk(await ana.request('room:create', { name: 'Estudos' })).room
    expectOk(await bia.request('room:join', { code: room.code ?? '' }))
    const message = await uploadBytes(ana, origin, room.id, 'a.txt', Buffer.from('hello'))
    const ticket = expectOk(await bia.request('file:download', { messageId: message.id }))
    expect((await fetchBytes(origin, ticket, 100)).toString()).toBe('hello')
    expectOk(await bia.request('room:leave', { roomId: room.id }))
    const error = await fetchBytes(origin, ticket, 100).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FileHttpError)
    expect(error).toMatchObject({ status: 403, code: 'NOT_A_MEMBER' })
  })

  it('refuses a token past its time (injected clock)', async () => {
    const clock = { now: Date.now() }
    const h = await host({ now: () => clock.now })
    const ana = await client(h, 'Ana')
    const origin = await originOf(h.port)
    const message = await uploadBytes(ana, origin, LOBBY_ROOM_ID, 'a.txt', Buffer.from('hello'))
    const ticket = expectOk(await ana.request('file:download', { messageId: message.id }))
    expect(ticket.expiresAt).toBe(clock.now + 60_000)
    clock.now += 60_001
    await expect(fetchBytes(origin, ticket, 100)).rejects.toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED'
    })
    // An upload slot's token too.
    const asked = uploadRequest(LOBBY_ROOM_ID, 'b.bin', 10)
    const slot = await slotFor(ana, asked)
    clock.now += 15 * 60_000 + 1
    await expect(uploadStatus(origin, slot)).rejects.toMatchObject({ status: 401 })
    // A new slot (asking again with the same clientId) is good again; the old token is not.
    const again = await slotFor(ana, asked)
    expect(again.uploadId).toBe(slot.uploadId)
    expect(await uploadStatus(origin, again)).toEqual({ received: 0, size: 10 })
    await expect(uploadStatus(origin, slot)).rejects.toMatchObject({ status: 401 })
  })

  it('bounds the download tokens one identity may ask for, not anyone else’s', async () => {
    const h = await host({
      rateLimits: { downloadsPerIdentity: { count: 3, windowMs: 60_000 } }
    })
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const origin = await originOf(h.port)
    const message = await uploadBytes(ana, origin, LOBBY_ROOM_ID, 'a.txt', Buffer.from('hello'))
    for (let i = 0; i < 3; i++) {
      expectOk(await ana.request('file:download', { messageId: message.id }))
    }
    // Counted before anything is looked up: a made-up id costs the same.
    for (const messageId of [message.id, 'not-a-message']) {
      const refused = await ana.request('file:download', { messageId })
      expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } })
      expect(refused.ok ? 0 : (refused.error.retryAfterMs ?? 0)).toBeGreaterThan(0)
    }
    // Bia's tickets are her own, and still good.
    const ticket = expectOk(await bia.request('file:download', { messageId: message.id }))
    expect((await fetchBytes(origin, ticket, 100)).toString()).toBe('hello')
  })

  it('refuses a file over the limit and one that does not fit the storage, before any byte', async () => {
    const h = await host({ files: { maxFileBytes: 1000, maxTotalBytes: 2500 } })
    const ana = await client(h, 'Ana')
    const origin = await originOf(h.port)
    expect(expectOk(await ana.request('session:start', {})).files).toEqual({
      maxFileBytes: 1000,
      maxTotalBytes: 2500,
      usedBytes: 0
    })
    const tooBig = await ana.request('file:upload', uploadRequest(LOBBY_ROOM_ID, 'big.bin', 1001))
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'FILE_TOO_BIG' } })
    if (!tooBig.ok) expect(tooBig.error.message).toContain('1000 bytes')

    await uploadBytes(ana, origin, LOBBY_ROOM_ID, 'a.bin', randomBytes(1000))
    // Open uploads hold their room: 1,000 stored + 1,000 on its way leave 500.
    await slotFor(ana, uploadRequest(LOBBY_ROOM_ID, 'b.bin', 1000))
    const full = await ana.request('file:upload', uploadRequest(LOBBY_ROOM_ID, 'c.bin', 600))
    expect(full).toMatchObject({ ok: false, error: { code: 'STORAGE_FULL' } })
    if (!full.ok) expect(full.error.message).toMatch(/2\.4 KB.*500 bytes/)
    expect((await ana.request('file:upload', uploadRequest(LOBBY_ROOM_ID, 'd.bin', 500))).ok).toBe(
      true
    )
  })

  it('sanitises hostile names', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const origin = await originOf(h.port)
    const names: [string, string][] = [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\windows\\win.ini', 'win.ini'],
      ['CON.txt', '_CON.txt'],
      ['lpt1', '_lpt1'],
      ['bell\u0007and\u0000null\u001b[31m.txt', 'bellandnull[31m.txt'],
      ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
      ['trailing dots... ', 'trailing dots'],
      [`${'x'.repeat(500)}.pdf`, `${'x'.repeat(FILE_LIMITS.nameMax - 4)}.pdf`],
      ['..', 'file']
    ]
    for (const [name, expected] of names) {
      const message = await uploadBytes(ana, origin, LOBBY_ROOM_ID, name, Buffer.from(name))
      expect(message.attachment?.name).toBe(expected)
    }
    // Whatever the name, the content is only stored under its hash.
    for (const { name } of storedFiles(h.dataDir)) expect(name).toMatch(/^[0-9a-f]{64}$/)
  })

  it('quotes a file sent without a caption by its name in a reply', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const origin = await originOf(h.port)
    const file = await uploadBytes(ana, origin, LOBBY_ROOM_ID, 'plan.pdf', Buffer.from('%PDF-1.4'))
    expect(file.text).toBe('')
    const reply = await say(ana, LOBBY_ROOM_ID, 'looks good', file.id)
    expect(reply.replyTo?.excerpt).toBe('📎 plan.pdf')
  })

  it('lets a file’s caption be edited away, and quotes the file by its name after', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const origin = await originOf(h.port)
    const file = await uploadBytes(ana, origin, LOBBY_ROOM_ID, 'foto.pdf', Buffer.from('%PDF-1'), {
      caption: 'wrong caption'
    })
    expect(file.text).toBe('wrong caption')
    expect(expectOk(await bia.request('search', { query: 'caption' })).hits).toHaveLength(1)
    const edited = expectOk(
      await ana.request('message:edit', { messageId: file.id, text: '   ' })
    ).message
    expect(edited).toMatchObject({ text: '', attachment: { name: 'foto.pdf' } })
    expect(edited.editedAt).not.toBeNull()
    const seen = await bia.waitFor('message:changed', (p) => p.message.id === file.id)
    expect(seen.message.text).toBe('')
    // The words are gone from search, the file is still there to download.
    const found = expectOk(await bia.request('search', { query: 'caption' }))
    expect(found.hits).toEqual([])
    expect((await download(bia, origin, file.id)).toString()).toBe('%PDF-1')
    const reply = await say(bia, LOBBY_ROOM_ID, 'which one?', file.id)
    expect(reply.replyTo?.excerpt).toBe('📎 foto.pdf')
    // A text without a file cannot become nothing.
    const plain = await say(ana, LOBBY_ROOM_ID, 'oi')
    const refused = await ana.request('message:edit', { messageId: plain.id, text: '' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('keeps each content once, and deletes it with the last message that refers to it', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const origin = await originOf(h.port)
    const bytes = randomBytes(50_000)
    const first = await uploadBytes(ana, origin, LOBBY_ROOM_ID, 'one.bin', bytes)
    const second = await uploadBytes(ana, origin, LOBBY_ROOM_ID, 'two.bin', bytes)
    expect(second.attachment).toMatchObject({ sha256: sha256Of(bytes), name: 'two.bin' })
    expect(storedFiles(h.dataDir)).toHaveLength(1)
    expect(expectOk(await ana.request('session:start', {})).files.usedBytes).toBe(50_000)

    const deleted = expectOk(await ana.request('message:delete', { messageId: first.id })).message
    expect(deleted).toMatchObject({ deletedAt: expect.any(Number), attachment: null })
    await sleep(100)
    // The other message still refers to it.
    expect(storedFiles(h.dataDir)).toHaveLength(1)
    expect((await download(ana, origin, second.id)).equals(bytes)).toBe(true)
    const gone = await ana.request('file:download', { messageId: first.id })
    expect(gone).toMatchObject({ ok: false, error: { code: 'MESSAGE_NOT_FOUND' } })

    expectOk(await ana.request('message:delete', { messageId: second.id }))
    await expect.poll(() => storedFiles(h.dataDir)).toEqual([])
    expect(expectOk(await ana.request('session:start', {})).files.usedBytes).toBe(0)
  })

  it('shows pictures with their size and thumbnail, and never an SVG', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const origin = await originOf(h.port)
    const picture = pngBytes(640, 480)
    const thumb = pngBytes(160, 120)
    const image = await uploadBytes(ana, origin, LOBBY_ROOM_ID, 'photo.png', picture, {
      thumbnail: thumb.toString('base64')
    })
    expect(image.attachment).toMatchObject({
      type: 'image/png',
      image: { width: 640, height: 480, thumb: { width: 160, height: 120 } }
    })
    expect((await download(ana, origin, image.id, true)).equals(thumb)).toBe(true)
    const ticket = expectOk(await ana.request('file:download', { messageId: image.id }))
    const served = await raw(origin, 'GET', ticket.path, {
      authorization: `Bearer ${ticket.token}`
    })
    expect(served.headers['content-type']).toBe('image/png')

    // An SVG named .png is what it is: not a picture, served as bytes, its thumbnail dropped.
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
    )
    const drawing = await uploadBytes(ana, origin, LOBBY_ROOM_ID, 'drawing.png', svg, {
      thumbnail: thumb.toString('base64')
    })
    expect(drawing.attachment).toMatchObject({ type: 'image/svg+xml', image: null })
    const svgTicket = expectOk(await ana.request('file:download', { messageId: drawing.id }))
    const svgServed = await raw(origin, 'GET', svgTicket.path, {
      authorization: `Bearer ${svgTicket.token}`
    })
    expect(svgServed.headers['content-type']).toBe('application/octet-stream')
    expect(svgServed.headers['content-disposition']).toMatch(/^attachment;/)
    const noThumb = await ana.request('file:download', { messageId: drawing.id, thumb: true })
    expect(noThumb).toMatchObject({ ok: false, error: { code: 'MESSAGE_NOT_FOUND' } })
    // HTML is never a page either.
    const page = await uploadBytes(
      ana,
      origin,
      LOBBY_ROOM_ID,
      'page.html',
      Buffer.from('<!DOCTYPE html><html><body>hi</body></html>')
    )
    expect(page.attachment).toMatchObject({ type: 'text/html', image: null })
  })

  it('refuses a thumbnail that is not a small picture', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    for (const thumbnail of [
      Buffer.from('not a picture at all').toString('base64'),
      pngBytes(FILE_LIMITS.thumbnailMaxSide + 1, 10).toString('base64'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>').toString(
        'base64'
      )
    ]) {
      const answer = await ana.request(
        'file:upload',
        uploadRequest(LOBBY_ROOM_ID, 'photo.png', 100, { thumbnail })
      )
      expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    }
  })

  it('answers a chunk from the wrong offset with 409 and where to go on', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const origin = await originOf(h.port)
    const bytes = randomBytes(10_000)
    const slot = await slotFor(ana, uploadRequest(LOBBY_ROOM_ID, 'a.bin', bytes.length))
    const first = await putChunk(origin, slot, {
      start: 0,
      length: 4000,
      size: bytes.length,
      source: Readable.from([bytes.subarray(0, 4000)])
    })
    expect(first).toEqual({ received: 4000, size: 10_000 })
    const wrong = await putChunk(origin, slot, {
      start: 2000,
      length: 1000,
      size: bytes.length,
      source: Readable.from([bytes.subarray(2000, 3000)])
    }).catch((e: unknown) => e)
    expect(wrong).toMatchObject({ status: 409, code: 'UPLOAD_OFFSET', received: 4000 })
    expect(await uploadStatus(origin, slot)).toEqual({ received: 4000, size: 10_000 })
    // uploadFrom re-syncs from what the host says, whatever the slot said.
    const { message } = await uploadFrom(
      origin,
      { ...slot, received: 0 },
      (start) => Readable.from([bytes.subarray(start)]),
      bytes.length
    )
    expect(message.attachment?.sha256).toBe(sha256Of(bytes))
    // The same clientId after it is done: the message, not a second upload.
    const again = expectOk(
      await ana.request('file:upload', {
        roomId: LOBBY_ROOM_ID,
        clientId: message.clientId ?? '',
        name: 'a.bin',
        size: bytes.length
      })
    )
    expect(again).toEqual({ status: 'done', message: message as TextMessage })
  })

  it('keeps one clientId to one message, and bounds the uploads open at once', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const open = uploadRequest(LOBBY_ROOM_ID, 'a.bin', 100)
    await slotFor(ana, open)
    const text = await ana.request('message:send', {
      roomId: LOBBY_ROOM_ID,
      text: 'oi',
      clientId: open.clientId
    })
    expect(text).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expectOk(
      await ana.request('message:send', { roomId: LOBBY_ROOM_ID, text: 'oi', clientId: 't1' })
    )
    const reused = await ana.request('file:upload', { ...open, clientId: 't1' })
    expect(reused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const otherSize = await ana.request('file:upload', { ...open, size: 101 })
    expect(otherSize).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })

    for (let i = 1; i < FILE_LIMITS.openUploadsPerIdentity; i++) {
      await slotFor(ana, uploadRequest(LOBBY_ROOM_ID, `f${i}.bin`, 100))
    }
    const tooMany = await ana.request('file:upload', uploadRequest(LOBBY_ROOM_ID, 'x.bin', 100))
    expect(tooMany).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) }
    })
    // Resuming one of them is still fine.
    expect((await ana.request('file:upload', open)).ok).toBe(true)
  })

  it('posts an empty file at once, and cancels an upload with its staging file', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const origin = await originOf(h.port)
    const empty = expectOk(
      await ana.request('file:upload', uploadRequest(LOBBY_ROOM_ID, 'e.txt', 0))
    )
    expect(empty).toMatchObject({ status: 'done', message: { attachment: { size: 0 } } })

    const slot = await slotFor(ana, uploadRequest(LOBBY_ROOM_ID, 'c.bin', 1000))
    await putChunk(origin, slot, {
      start: 0,
      length: 500,
      size: 1000,
      source: Readable.from([randomBytes(500)])
    })
    const { readdirSync } = await import('node:fs')
    expect(readdirSync(join(h.dataDir, 'files', 'incoming'))).toEqual([slot.uploadId])
    expectOk(await ana.request('file:upload-cancel', { uploadId: slot.uploadId }))
    expect(readdirSync(join(h.dataDir, 'files', 'incoming'))).toEqual([])
    await expect(uploadStatus(origin, slot)).rejects.toMatchObject({
      status: 404,
      code: 'UPLOAD_NOT_FOUND'
    })
    const again = await ana.request('file:upload-cancel', { uploadId: slot.uploadId })
    expect(again).toMatchObject({ ok: false, error: { code: 'UPLOAD_NOT_FOUND' } })
  })
})
