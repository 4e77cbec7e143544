import { createWriteStream } from 'node:fs'
import { truncate } from 'node:fs/promises'
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http'
import { Agent, request } from 'node:https'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import { isErrorCode, type ErrorCode } from '../../shared/errors'
import {
  FILE_TIMEOUTS,
  uploadProgressSchema,
  type DownloadTicket,
  type UploadSlot
} from '../../shared/files'
import { textMessageSchema, type TextMessage } from '../../shared/models'
import { isPinMismatch, pinnedTls, type PinnedCertificate } from './tls-pin'

/**
 * The bytes of files over the host's HTTPS server (docs/protocol.md 12), for the app's transfer
 * manager and the tests: status, chunks, whole uploads, downloads to disk with resume, and small
 * fetches for previews. Everything streams; nothing here holds more than one read of a file.
 */

/** Where a host's HTTPS server is, and the certificate it must show. */
export interface FileOrigin {
  host: string
  port: number
  pin: PinnedCertificate
}

/** What an upload slot gives that the HTTP requests need. */
export type UploadTarget = Pick<UploadSlot, 'path' | 'token'>

export interface TransferOptions {
  signal?: AbortSignal
  /** Bytes the host has (up) or the file holds (down) so far, counted from 0 of the file. */
  onBytes?: (total: number) => void
}

/**
 * A failed request. `status` is the HTTP status, or 0 when no answer came (`code` then says why:
 * NOT_CONNECTED, TIMEOUT, HOST_KEY_CHANGED, TRANSFER_CANCELLED, or FILE_UNREADABLE /
 * FILE_UNWRITABLE for the local file). `received` comes with UPLOAD_OFFSET answers.
 */
export class FileHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly received?: number
  ) {
    super(message)
    this.name = 'FileHttpError'
  }
}

/** An answer's JSON is a progress report, a finished upload's message, or an error: all small. */
const JSON_MAX_BYTES = 256 * 1024

const progressAnswerSchema = uploadProgressSchema.extend({
  message: textMessageSchema.optional()
})
export type UploadProgress = z.infer<typeof progressAnswerSchema>

const errorBodySchema = z.object({
  code: z.string().max(64),
  message: z.string().max(1000).optional(),
  received: z.number().int().nonnegative().optional()
})

// Chunks of one upload follow each other on one connection instead of a TLS handshake each.
// The pinned certificate is part of the agent's connection key (`ca`), so a kept connection is
// only reused for the host that was checked when it opened.
const agent = new Agent({ keepAlive: true, maxSockets: 8, maxFreeSockets: 4 })

interface Call {
  method: 'GET' | 'PUT'
  path: string
  token: string
  headers?: OutgoingHttpHeaders
  signal?: AbortSignal
}

function open(
  origin: FileOrigin,
  call: Call
): { req: ClientRequest; answer: Promise<IncomingMessage> } {
  const req = request({
    host: origin.host,
    port: origin.port,
    path: call.path,
    method: call.method,
    headers: { authorization: `Bearer ${call.token}`, ...call.headers },
    agent,
    ...pinnedTls(origin.pin)
  })
  const answer = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve)
    req.once('error', (error) => reject(networkError(error, call.signal)))
  })
  // A host that stops answering mid-way is noticed like the host notices a silent client.
  req.setTimeout(FILE_TIMEOUTS.chunkIdleMs, () =>
    req.destroy(new FileHttpError(0, 'TIMEOUT', 'The host stopped answering.'))
  )
  if (call.signal) {
    const onAbort = (): void => {
      req.destroy(new FileHttpError(0, 'TRANSFER_CANCELLED', 'The transfer was cancelled.'))
    }
    if (call.signal.aborted) onAbort()
    else {
      call.signal.addEventListener('abort', onAbort, { once: true })
      req.once('close', () => call.signal?.removeEventListener('abort', onAbort))
    }
  }
  // Without a listener a rejected answer nobody awaited yet would be reported as unhandled.
  answer.catch(() => {})
  return { req, answer }
}

function networkError(error: unknown, signal?: AbortSignal): FileHttpError {
  if (error instanceof FileHttpError) return error
  if (signal?.aborted)
    return new FileHttpError(0, 'TRANSFER_CANCELLED', 'The transfer was cancelled.')
  if (isPinMismatch(error))
    return new FileHttpError(0, 'HOST_KEY_CHANGED', 'The host showed another certificate.')
  const code = (error as NodeJS.ErrnoException | null)?.code ?? ''
  return new FileHttpError(
    0,
    'NOT_CONNECTED',
    `The line to the host failed (${code || String(error)}).`
  )
}

async function readJson(res: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = []
  let length = 0
  for await (const part of res as AsyncIterable<Buffer>) {
    length += part.length
    if (length > JSON_MAX_BYTES) {
      res.destroy()
      throw new FileHttpError(res.statusCode ?? 0, 'INTERNAL', 'The host answered too much.')
    }
    parts.push(part)
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8'))
  } catch {
    throw new FileHttpError(
      res.statusCode ?? 0,
      'INTERNAL',
      'The host answered something else than JSON.'
    )
  }
}

/** The error a non-2xx answer stands for, from its JSON body `{ code, message, received? }`. */
async function answerError(res: IncomingMessage): Promise<FileHttpError> {
  const status = res.statusCode ?? 0
  let body: z.infer<typeof errorBodySchema> | null = null
  try {
    const parsed = errorBodySchema.safeParse(await readJson(res))
    if (parsed.success) body = parsed.data
  } catch {
    // Not JSON: the status says enough.
  }
  const code: ErrorCode =
    body && isErrorCode(body.code) ? body.code : status === 401 ? 'UNAUTHORIZED' : 'INTERNAL'
  return new FileHttpError(
    status,
    code,
    body?.message ?? `The host answered ${status}.`,
    body?.received
  )
}

async function progressOf(res: IncomingMessage): Promise<UploadProgress> {
  const parsed = progressAnswerSchema.safeParse(await readJson(res))
  if (!parsed.success)
    throw new FileHttpError(res.statusCode ?? 0, 'INTERNAL', 'The host answered in another shape.')
  return parsed.data
}

/** How many bytes of an upload the host has (`GET` on the upload): where to resume. */
export async function uploadStatus(
  origin: FileOrigin,
  slot: UploadTarget,
  options: { signal?: AbortSignal } = {}
): Promise<UploadProgress> {
  const { req, answer } = open(origin, {
    method: 'GET',
    path: slot.path,
    token: slot.token,
    signal: options.signal
  })
  req.end()
  const res = await answer
  if (res.statusCode !== 200) throw await answerError(res)
  return progressOf(res)
}

/**
 * Sends bytes `start` … `start + length - 1` of a `size`-byte file, read from `source` (only
 * `length` bytes of it are taken; the caller owns it and closes it). The answer carries the
 * message once the last byte is in.
 */
export async function putChunk(
  origin: FileOrigin,
  slot: UploadTarget,
  chunk: { start: number; length: number; size: number; source: Readable },
  options: TransferOptions = {}
): Promise<UploadProgress> {
  const { start, length, size, source } = chunk
  const { req, answer } = open(origin, {
    method: 'PUT',
    path: slot.path,
    token: slot.token,
    signal: options.signal,
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(length),
      'content-range': `bytes ${start}-${start + length - 1}/${size}`
    }
  })
  // The host may answer before the body is all sent (a refusal): that answer is the one to say.
  const sending = sendBody(req, source, length, start, options).catch((error: unknown) => {
    req.destroy()
    throw error
  })
  let res: IncomingMessage
  try {
    res = await answer
  } catch (error) {
    // A local read failure destroyed the request: say that, not "the line failed".
    const local = await sending.then(
      () => null,
      (e: unknown) => e
    )
    throw local instanceof FileHttpError && local.status === 0 && local.code === 'FILE_UNREADABLE'
      ? local
      : error
  }
  sending.catch(() => {})
  if (res.statusCode !== 200) {
    const error = await answerError(res)
    // A refusal can come before the whole chunk is sent: the rest is not wanted.
    if (!req.writableFinished) req.destroy()
    throw error
  }
  return progressOf(res)
}

/** Resolves when the request can take more, rejects if it closes first (cut, refused). */
function drained(req: ClientRequest): Promise<void> {
  // A request already cut (while the file was being read) says neither 'drain' nor 'close' again.
  if (req.destroyed) return Promise.reject(new Error('the request closed'))
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      req.off('close', onClose)
      resolve()
    }
    const onClose = (): void => {
      req.off('drain', onDrain)
      reject(new Error('the request closed'))
    }
    req.once('drain', onDrain)
    req.once('close', onClose)
  })
}

async function sendBody(
  req: ClientRequest,
  source: Readable,
  length: number,
  start: number,
  options: TransferOptions
): Promise<void> {
  let sent = 0
  try {
    for await (const data of source as AsyncIterable<Buffer>) {
      const piece = data.length > length - sent ? data.subarray(0, length - sent) : data
      sent += piece.length
      if (!req.write(piece)) await drained(req)
      options.onBytes?.(start + sent)
      if (sent >= length) break
    }
  } catch (error) {
    if (req.destroyed) return
    throw new FileHttpError(0, 'FILE_UNREADABLE', `The file could not be read: ${String(error)}`)
  }
  if (sent < length) {
    throw new FileHttpError(0, 'FILE_UNREADABLE', 'The file is shorter than when it was picked.')
  }
  req.end()
}

/**
 * Sends a whole file through an upload slot, from where the host's copy ends (`slot.received`),
 * chunk after chunk on one kept connection. A chunk refused with UPLOAD_OFFSET (the host has
 * more or less than this side thought) goes on from the `received` the host says. Resolves with
 * the message the host posted. Any other failure rejects; asking `file:upload` again with the
 * same clientId then gives a slot that continues where the host stopped, or the message if the
 * upload finished meanwhile (UPLOAD_OFFSET with `received` = size, or UPLOAD_NOT_FOUND, can
 * mean exactly that).
 */
export async function uploadFrom(
  origin: FileOrigin,
  slot: UploadTarget & Pick<UploadSlot, 'received' | 'chunkBytes'>,
  openRead: (start: number) => Readable,
  size: number,
  options: TransferOptions = {}
): Promise<{ message: TextMessage }> {
  let received = slot.received
  // A kept connection the host closed meanwhile fails the first write; one more try is free.
  let staleRetries = 1
  let offsetRetries = 3
  for (;;) {
    if (received >= size) {
      // Every byte is in but this side never saw the message (the last answer was lost):
      // `file:upload` with the same clientId answers it.
      throw new FileHttpError(409, 'UPLOAD_OFFSET', 'Every byte is in already.', size)
    }
    const length = Math.min(slot.chunkBytes, size - received)
    const source = openRead(received)
    try {
      const answer = await putChunk(
        origin,
        slot,
        { start: received, length, size, source },
        options
      )
      if (answer.message) return { message: answer.message }
      received = answer.received
      offsetRetries = 3
    } catch (error) {
      if (
        error instanceof FileHttpError &&
        error.code === 'UPLOAD_OFFSET' &&
        error.received !== undefined &&
        offsetRetries-- > 0
      ) {
        received = error.received
        options.onBytes?.(received)
        continue
      }
      if (
        error instanceof FileHttpError &&
        error.code === 'NOT_CONNECTED' &&
        staleRetries-- > 0 &&
        !options.signal?.aborted
      ) {
        received = (await uploadStatus(origin, slot, options)).received
        continue
      }
      throw error
    } finally {
      source.destroy()
    }
  }
}

/**
 * Saves a file (or thumbnail) to `filePath` from byte `start`: the file is cut to `start` bytes
 * and the rest appended as it arrives (a `Range` request from `start`), so a download that
 * stopped continues where the file ends. Resolves with the file's size once complete.
 */
export async function downloadTo(
  origin: FileOrigin,
  ticket: Pick<DownloadTicket, 'path' | 'token' | 'size'>,
  filePath: string,
  start: number,
  options: TransferOptions = {}
): Promise<{ size: number }> {
  if (start > ticket.size) start = 0
  const { req, answer } = open(origin, {
    method: 'GET',
    path: ticket.path,
    token: ticket.token,
    signal: options.signal,
    headers: start > 0 ? { range: `bytes=${start}-` } : {}
  })
  req.end()
  const res = await answer
  if (res.statusCode !== 200 && res.statusCode !== 206) throw await answerError(res)
  let from = 0
  if (res.statusCode === 206) {
    const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(String(res.headers['content-range'] ?? ''))
    from = range ? Number(range[1]) : -1
    if (from !== start) {
      res.destroy()
      throw new FileHttpError(206, 'INTERNAL', 'The host sent another range than asked.')
    }
  }
  let written = from
  let file: ReturnType<typeof createWriteStream>
  try {
    if (from > 0) await truncate(filePath, from)
    file = createWriteStream(filePath, { flags: from > 0 ? 'a' : 'w' })
  } catch (error) {
    res.destroy()
    throw new FileHttpError(0, 'FILE_UNWRITABLE', `The file could not be written: ${String(error)}`)
  }
  // Only the file's own failure (a full disk) is one no retry fixes. When the line is cut,
  // pipeline() destroys the file stream with the response's error too, so a file error that
  // comes after the response broke is the line's, not the disk's.
  let writeFailed = false
  file.once('error', () => {
    if (!res.destroyed && !res.errored) writeFailed = true
  })
  try {
    await pipeline(
      res,
      async function* count(source: AsyncIterable<Buffer>) {
        for await (const data of source) {
          written += data.length
          if (written > ticket.size)
            throw new FileHttpError(
              res.statusCode ?? 0,
              'INTERNAL',
              'The host sent more than the file.'
            )
          yield data
          options.onBytes?.(written)
        }
      },
      file
    )
  } catch (error) {
    if (writeFailed)
      throw new FileHttpError(
        0,
        'FILE_UNWRITABLE',
        `The file could not be written: ${String(error)}`
      )
    throw networkError(error, options.signal)
  }
  if (written !== ticket.size)
    throw new FileHttpError(0, 'NOT_CONNECTED', 'The download stopped before the end of the file.')
  return { size: written }
}

/** A small file whole in memory (a thumbnail, an image for the viewer), at most `maxBytes`. */
export async function fetchBytes(
  origin: FileOrigin,
  ticket: Pick<DownloadTicket, 'path' | 'token'>,
  maxBytes: number,
  options: { signal?: AbortSignal } = {}
): Promise<Buffer> {
  const { req, answer } = open(origin, {
    method: 'GET',
    path: ticket.path,
    token: ticket.token,
    signal: options.signal
  })
  req.end()
  const res = await answer
  if (res.statusCode !== 200) throw await answerError(res)
  const tooBig = (): FileHttpError => {
    res.destroy()
    return new FileHttpError(200, 'FILE_TOO_BIG', `The file is over ${maxBytes} bytes.`)
  }
  if (Number(res.headers['content-length'] ?? 0) > maxBytes) throw tooBig()
  const parts: Buffer[] = []
  let length = 0
  try {
    for await (const part of res as AsyncIterable<Buffer>) {
      length += part.length
      if (length > maxBytes) throw tooBig()
      parts.push(part)
    }
  } catch (error) {
    throw networkError(error, options.signal)
  }
  return Buffer.concat(parts)
}
