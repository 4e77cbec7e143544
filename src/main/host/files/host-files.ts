import type { IncomingMessage, ServerResponse } from 'node:http'
import { FILE_LIMITS, FILE_TIMEOUTS, type FileLimits } from '../../../shared/files'
import type { Message } from '../../../shared/models'
import type { Result } from '../../../shared/result'
import type { ChatStore } from '../../store'
import type { TextToStore } from '../group-commit'
import { createDownloadTokens, type DownloadTokens } from './downloads'
import { createFileRoutes } from './http-routes'
import { createFileStorage, type FileStorage } from './storage'
import { createUploads, type Uploads } from './uploads'

/**
 * Limits and times of a host's files; each defaults to FILE_LIMITS / FILE_TIMEOUTS
 * (`createHost({ files })`, the headless host's `--max-file-mb` and `--max-storage-mb`).
 */
export interface HostFilesConfig {
  maxFileBytes?: number
  maxTotalBytes?: number
  chunkBytes?: number
  uploadTokenMs?: number
  downloadTokenMs?: number
  uploadStaleMs?: number
  chunkIdleMs?: number
  /** How often abandoned uploads are looked for. Default a tenth of uploadStaleMs, ≤ 5 min. */
  sweepMs?: number
}

export interface HostFilesOptions {
  dataDir: string
  store: ChatStore
  config: HostFilesConfig
  now: () => number
  /** Commits a finished upload's message and tells the room (the chat service's path). */
  post(text: TextToStore): Promise<Message>
  /** Whether an identity may post in a room now. */
  canPost(roomId: string, userId: string): Result<unknown>
  log: (line: string) => void
}

/** Everything of files on a host: storage, uploads, download tokens and the HTTP paths. */
export interface HostFiles {
  readonly storage: FileStorage
  readonly uploads: Uploads
  readonly downloads: DownloadTokens
  readonly chunkBytes: number
  /** What session:start tells about files. */
  limits(): FileLimits
  /** Answers the request if it is on a file path; false leaves it to the next handler. */
  handle(req: IncomingMessage, res: ServerResponse): boolean
  /** Deletes contents nothing refers to any more (after a message with a file was deleted). */
  release(): void
  /** Leftovers of a crash are cleaned and the sweep for abandoned uploads starts. */
  start(): Promise<void>
  /** The sweep stops and running PUTs are cut. */
  stop(): void
}

/** Download tokens held at most (each lives a minute): a bound on memory, not on people. */
const DOWNLOAD_TOKENS_MAX = 10_000

export function createHostFiles(options: HostFilesOptions): HostFiles {
  const { config, store, log, now } = options
  const chunkBytes = config.chunkBytes ?? FILE_LIMITS.chunkBytes
  const staleMs = config.uploadStaleMs ?? FILE_TIMEOUTS.uploadStaleMs
  const storage = createFileStorage({
    dataDir: options.dataDir,
    files: store.files,
    maxFileBytes: config.maxFileBytes ?? FILE_LIMITS.maxFileBytes,
    maxTotalBytes: config.maxTotalBytes ?? FILE_LIMITS.maxTotalBytes,
    log
  })
  const uploads = createUploads({
    files: store.files,
    storage,
    now,
    chunkBytes,
    tokenMs: config.uploadTokenMs ?? FILE_TIMEOUTS.uploadTokenMs,
    chunkIdleMs: config.chunkIdleMs ?? FILE_TIMEOUTS.chunkIdleMs,
    staleMs,
    post: options.post,
    canPost: options.canPost,
    log
  })
  const downloads = createDownloadTokens({
    ttlMs: config.downloadTokenMs ?? FILE_TIMEOUTS.downloadTokenMs,
    max: DOWNLOAD_TOKENS_MAX,
    now
  })
  const handle = createFileRoutes({ uploads, downloads, storage, store, chunkBytes, log })

  let sweeper: NodeJS.Timeout | null = null
  let sweeping: Promise<void> | null = null
  const sweep = (): void => {
    sweeping ??= uploads
      .sweep()
      .catch((error: unknown) => log(`upload sweep failed: ${String(error)}`))
      .finally(() => (sweeping = null))
  }

  return {
    storage,
    uploads,
    downloads,
    chunkBytes,
    limits: () => ({
      maxFileBytes: storage.maxFileBytes,
      maxTotalBytes: storage.maxTotalBytes,
      usedBytes: storage.usedBytes()
    }),
    handle,
    release() {
      storage.release().catch((error: unknown) => log(`could not delete files: ${String(error)}`))
    },
    async start() {
      // Abandoned uploads first: their thumbnails then count as referred to by nothing.
      await uploads.sweep()
      await storage.tidy(store.files.uploadIds())
      sweeper = setInterval(sweep, config.sweepMs ?? Math.min(staleMs / 10, 5 * 60_000))
      sweeper.unref()
    },
    stop() {
      if (sweeper) clearInterval(sweeper)
      sweeper = null
      uploads.stop()
    }
  }
}
