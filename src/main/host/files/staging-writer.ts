import type { Hash } from 'node:crypto'
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'

/**
 * One PUT's body into an upload's staging file, as it streams in: a piece is read only once the
 * one before is written (the socket's own backpressure: nothing piles up in memory), a few
 * pieces gathered into one write. The hash is updated with exactly what was written, so after a
 * cut the staging file and the hash still agree and the next PUT goes on from the file's end.
 */

export interface StagingWrite {
  path: string
  /** Where the staging file ends now: the chunk is written from here. */
  from: number
  /** Where the chunk ends (exclusive): more than this in the body is refused. */
  end: number
  /** SHA-256 of the file's first `from` bytes; the written bytes are added to it. */
  hash: Hash
  body: Readable
  /** A body that sends nothing for this long is cut (what came before stays). */
  idleMs: number
  /** After each write: where the file ends now. */
  written(end: number): void
}

/**
 * `ended`: the body ended or was cut (by the line, the idle time, or a newer PUT); `too-long`:
 * it carried more than its range (what fit is kept); `failed`: the disk refused a write (the
 * file is cut back to what the hash covers).
 */
export type StagingOutcome =
  { kind: 'ended' } | { kind: 'too-long' } | { kind: 'failed'; error: NodeJS.ErrnoException }

/** Bytes gathered from the network before one write. */
const WRITE_BATCH_BYTES = 256 * 1024

export async function writeStaged(w: StagingWrite): Promise<StagingOutcome> {
  const handle = await open(w.path, 'r+')
  let position = w.from
  let batch: Buffer[] = []
  let batched = 0
  let outcome: StagingOutcome = { kind: 'ended' }
  const flush = async (): Promise<void> => {
    if (batched === 0 || outcome.kind === 'failed') return
    const pieces = batch
    const length = batched
    batch = []
    batched = 0
    try {
      await handle.writev(pieces, position)
    } catch (error) {
      outcome = { kind: 'failed', error: error as NodeJS.ErrnoException }
      await handle.truncate(position).catch(() => {})
      throw error
    }
    for (const piece of pieces) w.hash.update(piece)
    position += length
    w.written(position)
  }
  let idle: NodeJS.Timeout | undefined
  const quiet = (): void => {
    clearTimeout(idle)
    idle = setTimeout(() => w.body.destroy(), w.idleMs)
  }
  quiet()
  try {
    // Stopping early leaves the body to the HTTP server (it reads the rest away), so the answer
    // can still be sent.
    const pieces = w.body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>
    for await (const data of pieces) {
      quiet()
      const room = w.end - position - batched
      if (data.length > room) {
        if (room > 0) {
          batch.push(data.subarray(0, room))
          batched += room
        }
        outcome = { kind: 'too-long' }
        break
      }
      batch.push(data)
      batched += data.length
      if (batched >= WRITE_BATCH_BYTES) await flush()
    }
  } catch {
    // The line was cut or went quiet, or a write failed (outcome says so).
  } finally {
    clearTimeout(idle)
    await flush().catch(() => {})
    await handle.close()
  }
  return outcome
}
