import { randomUUID } from 'node:crypto'
import { mkdirSync, realpathSync, statSync } from 'node:fs'
import { basename, isAbsolute, join, relative, resolve } from 'node:path'
import type { ParsedBridgeArgs } from '../../../shared/bridge'
import { sanitizeFileName } from '../../../shared/file-name'
import type { FileLimits, Transfer } from '../../../shared/files'
import type { Message } from '../../../shared/models'
import { assertNever, err, ok, type Result } from '../../../shared/result'
import type { FileOrigin } from '../../client/file-http'
import { createWaits, type Clock } from '../clock'
import { createAttachmentIndex } from './attachment-index'
import { runDownload, type DownloadJob } from './download-job'
import { createOutgoingFolder, OUTGOING_FOLDER } from './outgoing'
import { createPreviews, type Preview } from './previews'
import { createSaveTargets } from './save-target'
import { fileHttp, type FileHttp, type FileRequest, type TransferContext } from './transfer-context'
import { createTransferTracker, isEnded } from './transfer-tracker'
import { cancelOnHost, runUpload, type UploadJob, type UploadSource } from './upload-job'

export interface TransfersOptions {
  /** A file request on the session's line. */
  request: FileRequest
  isReady(): boolean
  whenReady(): Promise<boolean>
  /** The host's HTTPS server: the session's address and pinned certificate. */
  origin: FileOrigin
  /** The host's file limits as its latest session:start said. */
  limits(): FileLimits
  /**
   * The app's private data folder (keys, pins, the host's database): never sent from, and home
   * of the `outgoing` folder for bytes sent without a file (outgoing.ts).
   */
  dataDir: string
  emit(transfer: Transfer): void
  clock: Clock
  http?: FileHttp
  /** Transfers each way that move bytes at once; the rest queue. Default 3. */
  concurrency?: number
  log?: (line: string) => void
}

/**
 * The files this session sends and saves (docs/design.md "Files"): a few at a time each way,
 * the rest queued; each resumes by itself after a dropped line or a host restart; progress for
 * the renderer as `transfer:changed`. It lives and ends with the session.
 */
export interface Transfers {
  send(args: ParsedBridgeArgs<'file:send'>): Promise<Result<Transfer>>
  /** Saves a message's file into `dir` under a name nothing there has. */
  download(messageId: string, dir: string): Result<Transfer>
  cancel(transferId: string): Result<Record<string, never>>
  /** A failed transfer, again from where it stopped. */
  retry(transferId: string): Result<Transfer>
  /** Those still worth showing: running, waiting, failed, and recently ended. */
  list(): Transfer[]
  /**
   * A download this session finished, by its transfer id: the only files show/open may touch
   * (never a path the renderer names).
   */
  savedFile(transferId: string): Result<{ path: string; name: string }>
  preview(messageId: string, thumb: boolean): Promise<Result<Preview>>
  limits(): FileLimits
  /** Messages the renderer is handed: their files are what it may download or preview. */
  noteMessages(messages: readonly Message[]): void
  /** The session ended: everything stops, partial downloads and outgoing copies are deleted. */
  close(): void
}

/** Ended transfers stay in `list()` this long, for a window that reloads meanwhile. */
export const KEEP_ENDED_MS = 30 * 60_000
/** Ended transfers kept at most, whatever their age. */
const KEEP_ENDED_MAX = 200
/** Finished downloads whose files show/open can still reach. */
const SAVED_MAX = 1_000
const DEFAULT_CONCURRENCY = 3

type Job = UploadJob | DownloadJob

const noSuchTransfer = () => err('BAD_REQUEST', 'No such transfer in this session.')

const megabytes = (bytes: number): string => {
  const mb = bytes / (1024 * 1024)
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`
}

export function createTransfers(options: TransfersOptions): Transfers {
  const { clock } = options
  const log = options.log ?? (() => {})
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
  const waits = createWaits(clock)
  const ctx: TransferContext = {
    request: options.request,
    isReady: options.isReady,
    whenReady: options.whenReady,
    origin: options.origin,
    http: options.http ?? fileHttp,
    clock,
    waits,
    log
  }
  const index = createAttachmentIndex()
  const previews = createPreviews(ctx, index)
  const outgoing = createOutgoingFolder(join(options.dataDir, OUTGOING_FOLDER))
  // Copies a crash left behind belong to no transfer now.
  outgoing.clear()
  const targets = createSaveTargets()
  /** Every transfer still listed, in the order they were made (also the queue's order). */
  const jobs = new Map<string, Job>()
  /** Finished downloads by transfer id, beyond the list's memory. */
  const saved = new Map<string, { path: string; name: string }>()
  const running = new Set<Job>()
  let closed = false

  const tracker = (facts: Parameters<typeof createTransferTracker>[0]) =>
    createTransferTracker(facts, {
      clock,
      emit: (transfer) => {
        if (!closed) options.emit(transfer)
      }
    })

  /** Whatever a transfer leaves behind once it will not run again. */
  function cleanUp(job: Job): void {
    const { state } = job.tracker
    switch (job.kind) {
      case 'up':
        if (state === 'cancelled') cancelOnHost(ctx, job)
        if (job.source.outgoingId && (state === 'done' || state === 'cancelled' || closed)) {
          outgoing.remove(job.source.outgoingId)
        }
        return
      case 'down':
        if (state === 'done' && job.savedPath) {
          saved.set(job.tracker.id, { path: job.savedPath, name: basename(job.savedPath) })
          if (saved.size > SAVED_MAX) saved.delete(saved.keys().next().value as string)
        }
        // A failed download keeps its ".part" (and its name) for a retry.
        if (state !== 'failed' || closed) {
          if (state !== 'done') targets.discard(job.target.partPath)
          targets.release(job.target.path)
        }
        return
      default:
        return assertNever(job, 'transfer')
    }
  }

  function start(job: Job): void {
    running.add(job)
    const run = job.kind === 'up' ? runUpload(ctx, job) : runDownload(ctx, job, targets)
    void run
      .catch((e: unknown) => {
        log(
          `transfer ${job.tracker.id} broke: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`
        )
        if (!job.stopped)
          job.tracker.set('failed', { code: 'INTERNAL', message: 'Something went wrong in Papo.' })
      })
      .finally(() => {
        running.delete(job)
        if (isEnded(job.tracker.state) || closed) cleanUp(job)
        pump()
      })
  }

  /**
   * Starts queued transfers, oldest first, while fewer than `concurrency` run each way. Uploads to
   * one room go one at a time: the host posts each when its last byte is in, so files chosen
   * together appear in the order they were chosen (the caption with the one it was written for),
   * and one file at a time already fills a LAN.
   */
  function pump(): void {
    if (closed) return
    for (const job of jobs.values()) {
      if (job.tracker.state !== 'queued' || running.has(job)) continue
      const sameWay = [...running].filter((r) => r.kind === job.kind)
      if (sameWay.length >= concurrency) continue
      if (job.kind === 'up' && sameWay.some((r) => r.kind === 'up' && r.roomId === job.roomId)) {
        continue
      }
      start(job)
    }
  }

  /** Forgets ended transfers past their time (and past the count), never a running one. */
  function prune(): void {
    const now = clock.now()
    const ended = [...jobs.values()].filter((j) => j.tracker.endedAt !== null && !running.has(j))
    const excess = ended.length - KEEP_ENDED_MAX
    ended.forEach((job, i) => {
      if (i < excess || now - (job.tracker.endedAt as number) > KEEP_ENDED_MS) {
        jobs.delete(job.tracker.id)
        if (job.kind === 'up' && job.source.outgoingId) outgoing.remove(job.source.outgoingId)
        if (job.kind === 'down' && job.tracker.state === 'failed') {
          targets.discard(job.target.partPath)
          targets.release(job.target.path)
        }
      }
    })
  }

  function add(job: Job): Result<Transfer> {
    prune()
    jobs.set(job.tracker.id, job)
    job.tracker.set('queued')
    pump()
    return ok(job.tracker.view())
  }

  return {
    async send(args) {
      if (closed) return err('NOT_CONNECTED', 'Not in a chat.')
      const id = randomUUID()
      const { source } = args
      let picked: { path: string; name: string; bytes: null } | { name: string; bytes: Buffer }
      switch (source.kind) {
        case 'path':
          picked = { path: source.path, name: basename(source.path), bytes: null }
          break
        case 'bytes':
          picked = { name: source.name, bytes: Buffer.from(source.base64, 'base64') }
          break
        default:
          return assertNever(source, 'file source')
      }
      const name = sanitizeFileName(picked.name)
      const onDisk = picked.bytes ? null : fileStat(picked.path)
      if (!picked.bytes && isInside(picked.path, options.dataDir)) {
        return err('FORBIDDEN', "Papo's own files (its keys, the chat's database) are never sent.")
      }
      if (!picked.bytes && !onDisk) {
        return err('FILE_UNREADABLE', `"${name}" cannot be read (moved, deleted or not allowed).`)
      }
      const size = picked.bytes ? picked.bytes.length : (onDisk as FileStat).size
      // Said before a byte goes anywhere, in the limit's own words.
      const { maxFileBytes } = options.limits()
      if (size > maxFileBytes) {
        return err(
          'FILE_TOO_BIG',
          `"${name}" is ${megabytes(size)}; this host takes files up to ${megabytes(maxFileBytes)}.`
        )
      }
      let readFrom: UploadSource
      if (picked.bytes) {
        try {
          const path = await outgoing.write(id, picked.bytes)
          readFrom = { path, size, mtimeMs: (fileStat(path) as FileStat).mtimeMs, outgoingId: id }
        } catch (e) {
          return err(
            'FILE_UNWRITABLE',
            `The pasted file could not be kept for sending: ${String(e)}`
          )
        }
        if (closed) {
          outgoing.remove(id)
          return err('NOT_CONNECTED', 'Not in a chat.')
        }
      } else {
        readFrom = {
          path: picked.path,
          size,
          mtimeMs: (onDisk as FileStat).mtimeMs,
          outgoingId: null
        }
      }
      const clientId = `file-${randomUUID()}`
      const caption = args.caption?.trim() ?? ''
      return add({
        kind: 'up',
        tracker: tracker({
          id,
          direction: 'up',
          roomId: args.roomId,
          messageId: null,
          clientId,
          name,
          size,
          caption
        }),
        roomId: args.roomId,
        clientId,
        name,
        caption,
        replyTo: args.replyTo,
        thumbnail: args.thumbnail,
        source: readFrom,
        uploadId: null,
        controller: null,
        stopped: false,
        cancelSent: new Set()
      })
    },

    download(messageId, dir) {
      if (closed) return err('NOT_CONNECTED', 'Not in a chat.')
      const known = index.get(messageId)
      if (!known) return err('MESSAGE_NOT_FOUND', 'No file of that message is known here.')
      const { attachment } = known
      try {
        // A fresh account (or a desktop that never made one) may not have the folder yet.
        mkdirSync(dir, { recursive: true })
      } catch (e) {
        return err('FILE_UNWRITABLE', `The Downloads folder cannot be made: ${String(e)}`)
      }
      // The host sanitised it; this side does again before it names a file on this disk.
      const target = targets.reserve(dir, sanitizeFileName(attachment.name))
      if (!target)
        return err('FILE_UNWRITABLE', 'No free name for the file in the Downloads folder.')
      const id = randomUUID()
      return add({
        kind: 'down',
        tracker: tracker({
          id,
          direction: 'down',
          roomId: known.roomId,
          messageId,
          clientId: null,
          name: basename(target.path),
          size: attachment.size,
          caption: ''
        }),
        messageId,
        sha256: attachment.sha256,
        target,
        savedPath: null,
        controller: null,
        stopped: false
      })
    },

    cancel(transferId) {
      const job = jobs.get(transferId)
      if (!job) return noSuchTransfer()
      if (job.tracker.state === 'done') return err('BAD_REQUEST', 'That transfer has finished.')
      if (job.tracker.state === 'cancelled') return ok({})
      job.stopped = true
      job.controller?.abort()
      job.tracker.set('cancelled', { code: 'TRANSFER_CANCELLED', message: 'Cancelled.' })
      // A running one cleans up when its run returns (its request and file closed first).
      if (!running.has(job)) cleanUp(job)
      return ok({})
    },

    retry(transferId) {
      const job = jobs.get(transferId)
      if (!job) return noSuchTransfer()
      if (job.tracker.state !== 'failed') {
        return err('BAD_REQUEST', 'Only a transfer that failed can be tried again.')
      }
      job.stopped = false
      job.tracker.set('queued')
      pump()
      return ok(job.tracker.view())
    },

    list() {
      prune()
      return [...jobs.values()].map((job) => job.tracker.view())
    },

    savedFile(transferId) {
      const file = saved.get(transferId)
      if (!file) return err('BAD_REQUEST', 'No finished download of this session has that id.')
      return ok(file)
    },

    preview: (messageId, thumb) =>
      closed
        ? Promise.resolve(err('NOT_CONNECTED', 'Not in a chat.'))
        : previews.get(messageId, thumb),

    limits: () => options.limits(),

    noteMessages: (messages) => index.noteAll(messages),

    close() {
      if (closed) return
      closed = true
      waits.close()
      for (const job of jobs.values()) {
        job.stopped = true
        job.controller?.abort()
        job.tracker.silence()
        if (!running.has(job)) cleanUp(job)
      }
      previews.clear()
      outgoing.clear()
    }
  }
}

interface FileStat {
  size: number
  mtimeMs: number
}

/**
 * Whether `path` is in `dir`, links followed: a renderer that names a file (a drop gives it a
 * path) must not reach the identity key or a database through a link or `..`.
 */
function isInside(path: string, dir: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p)
    } catch {
      return resolve(p)
    }
  }
  const from = relative(real(dir), real(path))
  return from === '' || (!from.startsWith('..') && !isAbsolute(from))
}

/** A regular file's size and time, or null when there is none to read. */
function fileStat(path: string): FileStat | null {
  try {
    const stat = statSync(path)
    return stat.isFile() ? { size: stat.size, mtimeMs: stat.mtimeMs } : null
  } catch {
    return null
  }
}
