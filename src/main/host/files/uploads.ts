import { createHash, randomBytes, randomUUID, timingSafeEqual, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, rename, rm, stat, truncate } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { UPLOAD_PATH_PREFIX, type UploadSlot } from '../../../shared/files'
import type { Message, TextMessage } from '../../../shared/models'
import type { Result } from '../../../shared/result'
import type { ResponseData } from '../../../shared/wire/protocol'
import type { FileTables, NewUpload, StoredFile, StoredUpload } from '../../store'
import type { TextToStore } from '../group-commit'
import { refuse, refusalOf, type HttpAnswer } from './http-answer'
import { sniff, SNIFF_HEAD_BYTES } from './sniff'
import { writeStaged } from './staging-writer'
import type { FileStorage } from './storage'

/**
 * Uploads on their way in: the bytes go to a staging file as they arrive (a PUT at a time per
 * upload, each continuing exactly where the staging file ends), hashed on the way, and once the
 * last byte is in the content moves into storage and the message that carries it is committed.
 * Tokens live in memory only: after a restart the sender asks for a new slot, and the hash is
 * made again from the bytes already staged.
 */

export interface UploadsOptions {
  files: FileTables
  storage: FileStorage
  now: () => number
  /** Bytes of one PUT at most (FILE_LIMITS.chunkBytes). */
  chunkBytes: number
  /** How long a slot's token is good after it was given or last used. */
  tokenMs: number
  /** A PUT that sends nothing for this long is cut; what it sent is kept. */
  chunkIdleMs: number
  /** An upload that gets no bytes for this long is abandoned. */
  staleMs: number
  /** Commits the finished upload's message, and tells the room, as message:send does. */
  post(text: TextToStore): Promise<Message>
  /** Whether the uploader may still post in the room (a member, not removed, peer not removed). */
  canPost(roomId: string, userId: string): Result<unknown>
  log: (line: string) => void
}

export type UploadAnswer = ResponseData<'file:upload'>

/** A thumbnail the sender made, already checked (sniff.ts). */
export interface Thumbnail {
  bytes: Uint8Array
  file: StoredFile
}

/** The bytes range a PUT says it carries (`content-range: bytes start-end/total`). */
export interface ChunkRange {
  start: number
  /** Inclusive, as HTTP has it. */
  end: number
  total: number
}

export interface Uploads {
  /** A new upload (its row and staging file) and its slot; an empty file is posted at once. */
  create(
    upload: Omit<NewUpload, 'id' | 'createdAt'>,
    thumb: Thumbnail | null
  ): Promise<UploadAnswer>
  /** A new slot for an open upload, or its message if every byte is in. */
  resume(upload: StoredUpload): Promise<UploadAnswer>
  /**
   * `GET` on an upload: how many bytes the host has. A PUT still running is cut first (asking
   * means resuming), so the answer is exactly where the next PUT starts.
   */
  status(uploadId: string, token: string): Promise<HttpAnswer>
  /** `PUT` on an upload: `body` streamed into the staging file from `range.start`. */
  receive(
    uploadId: string,
    token: string,
    range: ChunkRange,
    declaredLength: number | null,
    body: Readable
  ): Promise<HttpAnswer>
  /** Gives the upload up: row, staging file and slot go. False if it is finishing already. */
  cancel(uploadId: string): Promise<boolean>
  /** Uploads without bytes for too long are abandoned (their staging files deleted). */
  sweep(): Promise<void>
  /** The host is stopping: every PUT still running is cut (what it sent is kept). */
  stop(): void
}

/** What the host keeps in memory for an upload someone holds a slot for. */
interface Live {
  upload: StoredUpload
  /** Bytes in the staging file: the next PUT starts here. */
  received: number
  /** SHA-256 of those bytes; null until made again from the staging file (after a restart). */
  hash: Hash | null
  token: string
  tokenExpiresAt: number
  touchedAt: number
  /** The PUT writing now, if any: only one per upload at a time. */
  active: { stop(): void; done: Promise<void> } | null
  finishing: Promise<TextMessage> | null
}

const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function createUploads(options: UploadsOptions): Uploads {
  const { files, storage, now } = options
  const live = new Map<string, Live>()

  const newToken = (entry: Live): void => {
    entry.token = randomBytes(24).toString('base64url')
    entry.tokenExpiresAt = now() + options.tokenMs
  }

  const slotOf = (entry: Live): UploadSlot => ({
    status: 'upload',
    uploadId: entry.upload.id,
    token: entry.token,
    path: UPLOAD_PATH_PREFIX + entry.upload.id,
    received: entry.received,
    chunkBytes: options.chunkBytes,
    expiresAt: entry.tokenExpiresAt
  })

  /**
   * The upload in memory, loaded from its row if needed. The staging file's size is what
   * arrived (the row's count may lag behind it after a crash); a missing one starts again.
   */
  async function load(upload: StoredUpload): Promise<Live> {
    const known = live.get(upload.id)
    if (known) return known
    const path = storage.incomingPath(upload.id)
    let received = 0
    try {
      received = (await stat(path)).size
    } catch {
      await (await open(path, 'w', 0o600)).close()
    }
    if (received > upload.size) {
      await truncate(path, upload.size)
      received = upload.size
    }
    // Another request may have loaded it while this one waited for the disk.
    const raced = live.get(upload.id)
    if (raced) return raced
    const entry: Live = {
      upload,
      received,
      hash: received === 0 ? createHash('sha256') : null,
      token: '',
      tokenExpiresAt: 0,
      touchedAt: now(),
      active: null,
      finishing: null
    }
    live.set(upload.id, entry)
    return entry
  }

  /** The hash of the staged bytes, made again by reading them if it was lost with a restart. */
  async function hashOf(entry: Live): Promise<Hash> {
    if (entry.hash) return entry.hash
    const hash = createHash('sha256')
    if (entry.received > 0) {
      const staged = createReadStream(storage.incomingPath(entry.upload.id), {
        start: 0,
        end: entry.received - 1
      })
      for await (const data of staged as AsyncIterable<Buffer>) hash.update(data)
    }
    entry.hash = hash
    return hash
  }

  /**
   * The last byte is in: the content goes into storage (or is found there already) and the
   * message is committed with it, its upload row deleted in the same commit. If the commit
   * fails the content goes back to staging, so asking again finishes it.
   */
  function finish(entry: Live): Promise<TextMessage> {
    entry.finishing ??= (async () => {
      const { upload } = entry
      const path = storage.incomingPath(upload.id)
      const sha256 = (await hashOf(entry)).copy().digest('hex')
      const handle = await open(path, 'r')
      let head: Buffer
      try {
        // What the message promises must be on disk before it is committed.
        await handle.sync()
        const buffer = Buffer.alloc(Math.min(SNIFF_HEAD_BYTES, upload.size))
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
        head = buffer.subarray(0, bytesRead)
      } finally {
        await handle.close()
      }
      const sniffed = sniff(head)
      // A thumbnail only goes with a picture: "a thumbnail" of a PDF would show what it is not.
      const thumbSha256 = sniffed.image ? upload.thumbSha256 : null
      const file: StoredFile = {
        sha256,
        size: upload.size,
        type: sniffed.type,
        width: sniffed.image?.width ?? null,
        height: sniffed.image?.height ?? null
      }
      const message = await storage.withContent(sha256, async () => {
        // The same content stored already (by anyone): this copy is not kept.
        const stored = await storage.contains(sha256)
        if (!stored) await storage.place(path, sha256)
        let posted: Message
        try {
          posted = await options.post({
            roomId: upload.roomId,
            userId: upload.userId,
            text: upload.caption,
            clientId: upload.clientId,
            replyTo: upload.replyTo,
            attachment: { file, name: upload.name, thumbSha256, uploadId: upload.id },
            at: now()
          })
        } catch (error) {
          if (!stored) await rename(storage.pathOf(sha256), path).catch(() => {})
          throw error
        }
        if (stored) await rm(path, { force: true })
        return posted
      })
      live.delete(upload.id)
      if (upload.thumbSha256 !== null && thumbSha256 === null) await storage.release()
      if (message.kind !== 'text') throw new Error('an upload posted a notice')
      return message
    })()
    const finishing = entry.finishing
    finishing.catch((error: unknown) => {
      options.log(`could not finish upload ${entry.upload.id}: ${String(error)}`)
      if (entry.finishing === finishing) entry.finishing = null
    })
    return finishing
  }

  /** Cuts the PUT writing into the upload, if any, once it has stopped writing. */
  async function stopWriting(entry: Live): Promise<void> {
    while (entry.active) {
      entry.active.stop()
      await entry.active.done
    }
  }

  /** Everything of an upload goes: its PUT, its slot, its row, its staging file. */
  async function drop(upload: StoredUpload): Promise<void> {
    const entry = live.get(upload.id)
    if (entry) await stopWriting(entry)
    live.delete(upload.id)
    files.deleteUpload(upload.id)
    await rm(storage.incomingPath(upload.id), { force: true })
    if (upload.thumbSha256 !== null) await storage.release()
  }

  /** The upload a request names, if `token` is its slot's and still good. */
  function authorize(uploadId: string, token: string): Live | HttpAnswer {
    const entry = live.get(uploadId)
    if (!entry) {
      return files.upload(uploadId)
        ? refuse('UNAUTHORIZED', 'This upload token is not good any more: ask for a new slot.')
        : refuse('UPLOAD_NOT_FOUND', 'There is no such upload (finished, cancelled or abandoned).')
    }
    if (!sameToken(entry.token, token) || now() >= entry.tokenExpiresAt) {
      return refuse('UNAUTHORIZED', 'This upload token is not good any more: ask for a new slot.')
    }
    return entry
  }

  const progress = (entry: Live): Record<string, unknown> => ({
    received: entry.received,
    size: entry.upload.size
  })

  /** Streams `body` into the staging file from `entry.received`, at most up to `end`. */
  async function write(entry: Live, end: number, body: Readable): Promise<HttpAnswer | null> {
    const outcome = await writeStaged({
      path: storage.incomingPath(entry.upload.id),
      from: entry.received,
      end,
      hash: await hashOf(entry),
      body,
      idleMs: options.chunkIdleMs,
      written: (at) => {
        entry.received = at
        entry.touchedAt = now()
      }
    })
    if (outcome.kind === 'too-long') {
      return refuse('BAD_REQUEST', 'The body is longer than its content-range says.')
    }
    if (outcome.kind === 'failed') {
      options.log(`could not write upload ${entry.upload.id}: ${String(outcome.error)}`)
      return outcome.error.code === 'ENOSPC'
        ? refuse('STORAGE_FULL', "The host's disk is full.")
        : refuse('INTERNAL', 'The host could not write the file.')
    }
    return null
  }

  return {
    async create(fields, thumb) {
      const upload: StoredUpload = {
        ...fields,
        id: randomUUID(),
        createdAt: now(),
        received: 0,
        updatedAt: now()
      }
      // The thumbnail and the row that refers to it arrive together: a release running between
      // them would see the thumbnail referred to by nothing and delete it.
      if (thumb) {
        await storage.withContent(thumb.file.sha256, async () => {
          await storage.writeSmall(thumb.bytes, thumb.file.sha256)
          files.addFile(thumb.file, now())
          files.createUpload(upload)
        })
      } else {
        files.createUpload(upload)
      }
      await (await open(storage.incomingPath(upload.id), 'w', 0o600)).close()
      const entry = await load(upload)
      if (upload.size === 0) return { status: 'done', message: await finish(entry) }
      newToken(entry)
      return slotOf(entry)
    },

    async resume(upload) {
      const entry = await load(upload)
      entry.touchedAt = now()
      // Asking again means the sender goes on from here: a PUT still running is over.
      await stopWriting(entry)
      if (entry.received === upload.size) {
        return { status: 'done', message: await finish(entry) }
      }
      newToken(entry)
      return slotOf(entry)
    },

    async status(uploadId, token) {
      const entry = authorize(uploadId, token)
      if ('status' in entry) return entry
      await stopWriting(entry)
      return { status: 200, body: progress(entry) }
    },

    async receive(uploadId, token, range, declaredLength, body) {
      const entry = authorize(uploadId, token)
      if ('status' in entry) return entry
      const { upload } = entry
      const allowed = options.canPost(upload.roomId, upload.userId)
      if (!allowed.ok) {
        await drop(upload)
        return refusalOf(allowed)
      }
      const length = range.end - range.start + 1
      if (range.total !== upload.size || range.end >= upload.size || length < 1) {
        return refuse('BAD_REQUEST', `The content-range must be within the ${upload.size} bytes.`)
      }
      if (length > options.chunkBytes) {
        return refuse('BAD_REQUEST', `A PUT carries at most ${options.chunkBytes} bytes.`)
      }
      if (declaredLength !== null && declaredLength !== length) {
        return refuse('BAD_REQUEST', 'The content-length does not match the content-range.')
      }
      // A newer PUT takes over: the older one may be on a line that died without a word. Checked
      // again after the wait, with nothing awaited until this one is the writer.
      do {
        await stopWriting(entry)
      } while (entry.active)
      if (entry.finishing || entry.received === upload.size) {
        return refuse('UPLOAD_OFFSET', 'Every byte is in already.', progress(entry))
      }
      if (range.start !== entry.received) {
        return refuse(
          'UPLOAD_OFFSET',
          `The host has ${entry.received} bytes: send from there.`,
          progress(entry)
        )
      }
      const refusal = storage.refusal(upload.size, upload.id)
      if (refusal) return refusalOf(refusal)

      let finished!: () => void
      const active = {
        stop: () => body.destroy(),
        done: new Promise<void>((resolve) => (finished = resolve))
      }
      entry.active = active
      entry.tokenExpiresAt = now() + options.tokenMs
      let failure: HttpAnswer | null
      try {
        failure = await write(entry, range.end + 1, body)
      } finally {
        files.setReceived(upload.id, entry.received, now())
        entry.active = null
        finished()
      }
      if (failure) return { ...failure, body: { ...failure.body, ...progress(entry) } }
      if (entry.received < upload.size) return { status: 200, body: progress(entry) }
      try {
        const message = await finish(entry)
        return { status: 200, body: { received: upload.size, size: upload.size, message } }
      } catch {
        return refuse('INTERNAL', 'The host could not store the file; ask for a slot again.', {
          received: upload.size,
          size: upload.size
        })
      }
    },

    async cancel(uploadId) {
      const upload = files.upload(uploadId)
      if (!upload) return true
      if (live.get(uploadId)?.finishing) return false
      await drop(upload)
      return true
    },

    async sweep() {
      const before = now() - options.staleMs
      for (const upload of files.staleUploads(before)) {
        const entry = live.get(upload.id)
        if (entry && (entry.active || entry.finishing || entry.touchedAt > before)) continue
        options.log(`abandoned upload ${upload.id} (no bytes for a while)`)
        await drop(upload)
      }
    },

    stop() {
      for (const entry of live.values()) entry.active?.stop()
    }
  }
}
