import type { IncomingMessage, ServerResponse } from 'node:http'
import { open, type FileHandle } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { FILE_PATH_PREFIX, isPreviewableImage, UPLOAD_PATH_PREFIX } from '../../../shared/files'
import type { ChatStore, StoredFile } from '../../store'
import type { DownloadTokens } from './downloads'
import { refuse, type HttpAnswer } from './http-answer'
import type { FileStorage } from './storage'
import type { ChunkRange, Uploads } from './uploads'

/**
 * The file paths of the host's HTTPS server (docs/protocol.md 12): `PUT`/`GET` on
 * `/papo/uploads/<id>` with an upload slot's token, and `GET` on `/papo/files/<messageId>` (and
 * `…/thumb`) with a download token, ranges allowed. Every answer that is not the bytes is JSON.
 */

export interface FileRoutesOptions {
  uploads: Uploads
  downloads: DownloadTokens
  storage: FileStorage
  store: ChatStore
  /** Bytes of one PUT at most: more in a refused body than this and the connection is cut. */
  chunkBytes: number
  log: (line: string) => void
}

/** Answers a request on a file path (true), or leaves it to the next handler (false). */
export type FileRoutes = (req: IncomingMessage, res: ServerResponse) => boolean

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const ID = '([A-Za-z0-9-]{1,64})'
const UPLOAD_PATH = new RegExp(`^${escape(UPLOAD_PATH_PREFIX)}${ID}$`)
const FILE_PATH = new RegExp(`^${escape(FILE_PATH_PREFIX)}${ID}(/thumb)?$`)
const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/
const CONTENT_RANGE = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/
const DIGITS = /^\d{1,15}$/
const RANGE = /^bytes=(\d{0,15})-(\d{0,15})$/
/** Bytes read from disk at a time for a download: fewer, larger writes to the TLS socket. */
const READ_BYTES = 256 * 1024

const JSON_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff'
}

function send(res: ServerResponse, answer: HttpAnswer, headers: Record<string, string> = {}) {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const body = JSON.stringify(answer.body)
  res.writeHead(answer.status, {
    ...JSON_HEADERS,
    'content-length': String(Buffer.byteLength(body)),
    ...headers
  })
  res.end(body)
}

const tokenOf = (req: IncomingMessage): string | null =>
  BEARER.exec(req.headers.authorization ?? '')?.[1] ?? null

/** The part of a refused PUT's body still on its way is read and dropped, up to a chunk. */
function drain(req: IncomingMessage, max: number): void {
  if (req.complete) return
  let seen = 0
  req.on('data', (data: Buffer) => {
    seen += data.length
    if (seen > max) req.socket.destroy()
  })
  req.on('error', () => {})
  req.resume()
}

/** `Range: bytes=a-b`, `a-` or `-n` against a file of `size` bytes. */
export function parseRange(
  header: string | undefined,
  size: number
): { start: number; end: number } | 'whole' | 'bad' | 'unsatisfiable' {
  if (header === undefined) return 'whole'
  const match = RANGE.exec(header.trim())
  if (!match) return 'bad'
  const [, from = '', to = ''] = match
  if (from === '' && to === '') return 'bad'
  if (from === '') {
    const suffix = Number(to)
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(from)
  if (to !== '' && Number(to) < start) return 'bad'
  if (start >= size) return 'unsatisfiable'
  return { start, end: to === '' ? size - 1 : Math.min(Number(to), size - 1) }
}

/** `attachment` with the name as plain ASCII and, exactly, as UTF-8 (RFC 6266). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`
}

export function createFileRoutes(options: FileRoutesOptions): FileRoutes {
  const { uploads, downloads, storage, store, log } = options

  async function put(req: IncomingMessage, res: ServerResponse, uploadId: string): Promise<void> {
    const token = tokenOf(req)
    const range = CONTENT_RANGE.exec(req.headers['content-range'] ?? '')
    const lengthHeader = req.headers['content-length']
    let answer: HttpAnswer
    if (token === null) {
      answer = refuse('UNAUTHORIZED', 'A PUT needs `authorization: Bearer <token>`.')
    } else if (!range) {
      answer = refuse('BAD_REQUEST', 'A PUT needs `content-range: bytes <start>-<end>/<size>`.')
    } else if (lengthHeader !== undefined && !DIGITS.test(lengthHeader)) {
      answer = refuse('BAD_REQUEST', 'The content-length is not a number.')
    } else {
      const chunk: ChunkRange = {
        start: Number(range[1]),
        end: Number(range[2]),
        total: Number(range[3])
      }
      const declared = lengthHeader === undefined ? null : Number(lengthHeader)
      answer = await uploads.receive(uploadId, token, chunk, declared, req)
    }
    // A line cut mid-body has nobody left to answer.
    if (req.destroyed && !req.complete) return
    drain(req, options.chunkBytes)
    send(res, answer)
  }

  async function status(req: IncomingMessage, res: ServerResponse, uploadId: string) {
    const token = tokenOf(req)
    send(
      res,
      token === null
        ? refuse('UNAUTHORIZED', 'A GET needs `authorization: Bearer <token>`.')
        : await uploads.status(uploadId, token)
    )
  }

  /** The content a download token may read now, checked again on every request. */
  function readable(
    token: string | null,
    messageId: string,
    thumb: boolean
  ): { content: StoredFile; name: string } | HttpAnswer {
    const grant = token === null ? null : downloads.check(token)
    if (!grant || grant.messageId !== messageId || grant.thumb !== thumb) {
      return refuse('UNAUTHORIZED', 'This download token is not good (any more): ask again.')
    }
    const message = store.message(messageId)
    if (message?.kind !== 'text' || message.deletedAt !== null) {
      return refuse('MESSAGE_NOT_FOUND', 'That message is gone.')
    }
    if (store.isRemoved(grant.userId) || !store.isMember(message.roomId, grant.userId)) {
      return refuse('NOT_A_MEMBER', 'Only the members of its room may download it.')
    }
    const found = store.files.attachmentFiles(messageId)
    const content = thumb ? found?.thumb : found?.file
    if (!found || !content) return refuse('MESSAGE_NOT_FOUND', 'That message has no such file.')
    return { content, name: found.name }
  }

  async function download(
    req: IncomingMessage,
    res: ServerResponse,
    messageId: string,
    thumb: boolean
  ): Promise<void> {
    const allowed = readable(tokenOf(req), messageId, thumb)
    if ('status' in allowed) return send(res, allowed)
    const { content, name } = allowed
    const range = parseRange(req.headers.range, content.size)
    if (range === 'bad') return send(res, refuse('BAD_REQUEST', 'Ranges are `bytes=a-b`, one.'))
    if (range === 'unsatisfiable') {
      return send(
        res,
        {
          status: 416,
          body: { code: 'BAD_REQUEST', message: `The file has ${content.size} bytes.` }
        },
        { 'content-range': `bytes */${content.size}` }
      )
    }
    let handle: FileHandle
    try {
      handle = await open(storage.pathOf(content.sha256), 'r')
    } catch (error) {
      log(`stored file missing for message ${messageId}: ${String(error)}`)
      return send(res, refuse('MESSAGE_NOT_FOUND', 'That file is not on the host any more.'))
    }
    const { start, end } = range === 'whole' ? { start: 0, end: content.size - 1 } : range
    const headers: Record<string, string> = {
      // Only a picture Papo draws keeps its type; anything else is bytes to save, never a page.
      'content-type': isPreviewableImage(content.type) ? content.type : 'application/octet-stream',
      'content-length': String(Math.max(0, end - start + 1)),
      'content-disposition': contentDisposition(name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'no-store',
      'accept-ranges': 'bytes'
    }
    if (range !== 'whole') headers['content-range'] = `bytes ${start}-${end}/${content.size}`
    res.writeHead(range === 'whole' ? 200 : 206, headers)
    if (content.size === 0) {
      await handle.close()
      res.end()
      return
    }
    const stream = handle.createReadStream({ start, end, highWaterMark: READ_BYTES })
    try {
      await pipeline(stream, res)
    } catch {
      // The reader went away; the file handle closes with the stream.
    }
  }

  const fail = (res: ServerResponse) => (error: unknown) => {
    log(`file request failed: ${String(error)}`)
    send(res, refuse('INTERNAL', 'Something went wrong on the host.'))
  }

  return (req, res) => {
    const url = req.url ?? ''
    const upload = UPLOAD_PATH.exec(url)
    if (upload) {
      const uploadId = upload[1] as string
      if (req.method === 'PUT') put(req, res, uploadId).catch(fail(res))
      else if (req.method === 'GET') status(req, res, uploadId).catch(fail(res))
      else
        send(
          res,
          { status: 405, body: { code: 'BAD_REQUEST', message: 'PUT or GET.' } },
          { allow: 'PUT, GET' }
        )
      return true
    }
    const file = FILE_PATH.exec(url)
    if (file) {
      const messageId = file[1] as string
      if (req.method === 'GET')
        download(req, res, messageId, file[2] !== undefined).catch(fail(res))
      else
        send(
          res,
          { status: 405, body: { code: 'BAD_REQUEST', message: 'GET only.' } },
          { allow: 'GET' }
        )
      return true
    }
    if (url.startsWith(UPLOAD_PATH_PREFIX) || url.startsWith(FILE_PATH_PREFIX)) {
      send(
        res,
        refuse(
          url.startsWith(UPLOAD_PATH_PREFIX) ? 'UPLOAD_NOT_FOUND' : 'MESSAGE_NOT_FOUND',
          'No such path.'
        )
      )
      return true
    }
    return false
  }
}
