import { createReadStream, statSync } from 'node:fs'
import type { TextMessage } from '../../../shared/models'
import type { AppError } from '../../../shared/result'
import { createAttempts } from './attempts'
import { httpFailure, type TransferContext } from './transfer-context'
import type { TransferTracker } from './transfer-tracker'

/** The file an upload reads, as it was when the person picked it. */
export interface UploadSource {
  path: string
  size: number
  mtimeMs: number
  /** Bytes written to the outgoing folder for this upload (deleted with it), else null. */
  outgoingId: string | null
}

export interface UploadJob {
  readonly kind: 'up'
  readonly tracker: TransferTracker
  readonly roomId: string
  /** The message's clientId: asking again with it resumes the same upload on the host. */
  readonly clientId: string
  readonly name: string
  readonly caption: string
  readonly replyTo: string | undefined
  readonly thumbnail: string | undefined
  readonly source: UploadSource
  /** The host's upload, once a slot was given (what a cancel names). */
  uploadId: string | null
  /** The HTTP attempt in flight, aborted by a cancel or the session's end. */
  controller: AbortController | null
  /** Cancelled, or the session ended: the run stops at its next step. */
  stopped: boolean
  /** The upload ids a cancel was already sent for. */
  readonly cancelSent: Set<string>
}

/** Why the file can no longer be sent as picked; null when it is as it was. */
export function sourceProblem(source: UploadSource, name: string): AppError | null {
  try {
    const now = statSync(source.path)
    if (now.isFile() && now.size === source.size && now.mtimeMs === source.mtimeMs) return null
    return {
      code: 'FILE_UNREADABLE',
      message: `"${name}" changed since it was picked; send it again.`
    }
  } catch {
    return {
      code: 'FILE_UNREADABLE',
      message: `"${name}" can no longer be read (moved, deleted or not allowed).`
    }
  }
}

/**
 * Sends one file until it is posted, fails, or is stopped. Each attempt asks `file:upload` with
 * the same clientId, so the host answers with how much it already has (or the message, if it
 * finished meanwhile), and the bytes go on from there: a dropped line or a host restart costs a
 * wait, never a new start. While the line is down the transfer says `waiting`.
 */
export async function runUpload(ctx: TransferContext, job: UploadJob): Promise<void> {
  const { tracker } = job
  const attempts = createAttempts(ctx, job, `upload ${job.clientId}`)

  const finish = (message: TextMessage): void => {
    tracker.setMessageId(message.id)
    tracker.progress(job.source.size)
    tracker.set('done')
  }

  for (;;) {
    if (!(await attempts.ready())) return
    const problem = sourceProblem(job.source, job.name)
    if (problem) {
      tracker.set('failed', problem)
      return
    }
    const asked = await ctx.request('file:upload', {
      roomId: job.roomId,
      clientId: job.clientId,
      name: job.name,
      size: job.source.size,
      ...(job.caption ? { caption: job.caption } : {}),
      ...(job.replyTo ? { replyTo: job.replyTo } : {}),
      ...(job.thumbnail ? { thumbnail: job.thumbnail } : {})
    })
    if (asked.ok && asked.data.status === 'upload') job.uploadId = asked.data.uploadId
    if (job.stopped) return
    if (!asked.ok) {
      if (await attempts.again(asked.error)) continue
      return
    }
    if (asked.data.status === 'done') return finish(asked.data.message)

    const slot = asked.data
    const before = slot.received
    tracker.progress(before)
    const controller = new AbortController()
    job.controller = controller
    try {
      const { message } = await ctx.http.uploadFrom(
        ctx.origin,
        slot,
        (start) => createReadStream(job.source.path, { start }),
        job.source.size,
        {
          signal: controller.signal,
          onBytes: (total) => {
            if (!job.stopped) tracker.progress(total)
          }
        }
      )
      if (job.stopped) return
      return finish(message)
    } catch (e) {
      if (job.stopped) return
      if (tracker.done > before) attempts.moved()
      if (await attempts.again(httpFailure(e))) continue
      return
    } finally {
      job.controller = null
    }
  }
}

/**
 * Tells the host to drop the upload's partial copy (best effort): at once when the line is up,
 * else once it is back; the host also drops a copy nobody adds to for an hour.
 */
export function cancelOnHost(ctx: TransferContext, job: UploadJob): void {
  const uploadId = job.uploadId
  if (!uploadId || job.cancelSent.has(uploadId)) return
  job.cancelSent.add(uploadId)
  void ctx.whenReady().then(async (ready) => {
    if (!ready) return
    const answer = await ctx.request('file:upload-cancel', { uploadId })
    if (!answer.ok && answer.error.code !== 'UPLOAD_NOT_FOUND') {
      ctx.log(`upload ${uploadId} not cancelled on the host: ${answer.error.code}`)
    }
  })
}
