import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { basename } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { AppError } from '../../../shared/result'
import { createAttempts } from './attempts'
import type { SaveTargets } from './save-target'
import { httpFailure, type TransferContext } from './transfer-context'
import type { TransferTracker } from './transfer-tracker'

export interface DownloadJob {
  readonly kind: 'down'
  readonly tracker: TransferTracker
  readonly messageId: string
  /** The attachment's hash as the message carries it: the saved file must have it. */
  readonly sha256: string
  /** The name held for it in the Downloads folder, and its ".part" beside it. */
  readonly target: { path: string; partPath: string }
  /** Where it ended up once done (its name, or the next free one). */
  savedPath: string | null
  controller: AbortController | null
  stopped: boolean
}

/** Bytes of a ".part" file already on disk: where the next request starts. */
function partSize(partPath: string): number {
  try {
    return statSync(partPath).size
  } catch {
    return 0
  }
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

/** Errors of the local file system that no retry fixes (a full disk, a folder not ours). */
function localWriteFailure(error: unknown): AppError {
  return {
    code: 'FILE_UNWRITABLE',
    message: `The file could not be saved: ${error instanceof Error ? error.message : String(error)}`
  }
}

/**
 * Saves one message's file into its ".part" file until it is complete, checked and renamed into
 * place, fails, or is stopped. Every attempt asks for a new ticket (they live a minute) and
 * continues from the bytes already on disk, so a dropped line costs a wait, not a new start.
 * The file is renamed to its name only once its SHA-256 is the one the message carries.
 */
export async function runDownload(
  ctx: TransferContext,
  job: DownloadJob,
  targets: SaveTargets
): Promise<void> {
  const { tracker, target } = job
  const attempts = createAttempts(ctx, job, `download of ${job.messageId}`)

  for (;;) {
    if (!(await attempts.ready())) return
    const ticket = await ctx.request('file:download', { messageId: job.messageId })
    if (job.stopped) return
    if (!ticket.ok) {
      if (await attempts.again(ticket.error)) continue
      return
    }
    const start = Math.min(partSize(target.partPath), ticket.data.size)
    tracker.progress(start)
    const controller = new AbortController()
    job.controller = controller
    try {
      await ctx.http.downloadTo(ctx.origin, ticket.data, target.partPath, start, {
        signal: controller.signal,
        onBytes: (total) => {
          if (!job.stopped) tracker.progress(total)
        }
      })
    } catch (e) {
      if (job.stopped) return
      if (tracker.done > start) attempts.moved()
      if (await attempts.again(httpFailure(e))) continue
      return
    } finally {
      job.controller = null
    }
    if (job.stopped) return
    let hash: string
    try {
      hash = await sha256OfFile(target.partPath)
    } catch (e) {
      tracker.set('failed', localWriteFailure(e))
      return
    }
    if (job.stopped) return
    if (hash !== job.sha256) {
      // Kept bytes that do not add up are worth nothing to a retry: it starts over.
      targets.discard(target.partPath)
      tracker.set('failed', {
        code: 'INTERNAL',
        message: 'The file arrived damaged (its SHA-256 is not the one the message carries).'
      })
      return
    }
    try {
      job.savedPath = targets.commit(target.partPath, target.path)
    } catch (e) {
      tracker.set('failed', localWriteFailure(e))
      return
    }
    tracker.setSavedName(basename(job.savedPath))
    tracker.progress(tracker.view().size)
    tracker.set('done')
    return
  }
}
