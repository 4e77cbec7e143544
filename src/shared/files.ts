import { z } from 'zod'

/**
 * Files and images (docs/protocol.md 12). The bytes never travel in Socket.IO packets: a request
 * on the socket gives an upload slot or a download token, and the bytes go over the host's
 * HTTPS server in chunks with byte ranges. The host hashes what arrives, keeps each content once,
 * and only then posts the message that carries the attachment.
 */

export const FILE_LIMITS = {
  /** Largest file a host accepts by default (`createHost({ files: { maxFileBytes } })`). */
  maxFileBytes: 200 * 1024 * 1024,
  /** All stored files together, by default; past it uploads are refused with STORAGE_FULL. */
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
  /** A file name after sanitising, in characters (code points). */
  nameMax: 120,
  /** Bytes of one upload PUT; the last one is shorter. */
  chunkBytes: 8 * 1024 * 1024,
  /**
   * A thumbnail the sender's app made (WebP, PNG or JPEG, at most thumbnailMaxSide on its longer
   * side), sent base64 inside the slot request: it must fit a Socket.IO packet.
   */
  thumbnailMaxBytes: 32 * 1024,
  thumbnailMaxSide: 320,
  /** Uploads one identity may have open (started, not finished or cancelled) at once. */
  openUploadsPerIdentity: 10,
  /**
   * Bytes the bridge takes inline (base64) for content without a path on disk: a pasted image, a
   * long paste sent as a text file, a file dropped in a browser-hosted renderer.
   */
  inlineBytesMax: 25 * 1024 * 1024,
  /** The largest image the app fetches whole for the viewer or for a preview without thumbnail. */
  previewMaxBytes: 15 * 1024 * 1024
} as const

export const FILE_TIMEOUTS = {
  /** An upload token is good this long after its slot was given (a new slot renews it). */
  uploadTokenMs: 15 * 60_000,
  /** A download token is good this long; every request with it is checked again. */
  downloadTokenMs: 60_000,
  /** An upload with no bytes for this long is abandoned and its partial file deleted. */
  uploadStaleMs: 60 * 60_000,
  /** A chunk PUT that sends nothing for this long is cut (the part received is kept). */
  chunkIdleMs: 30_000
} as const

/** Paths on the host's HTTPS server (docs/protocol.md 12). */
export const UPLOAD_PATH_PREFIX = '/papo/uploads/'
export const FILE_PATH_PREFIX = '/papo/files/'

/** Image types shown as pictures; everything else (SVG and HTML included) is a download only. */
export const PREVIEWABLE_IMAGE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp'
] as const
export type PreviewableImageType = (typeof PREVIEWABLE_IMAGE_TYPES)[number]
export const isPreviewableImage = (type: string): type is PreviewableImageType =>
  (PREVIEWABLE_IMAGE_TYPES as readonly string[]).includes(type)

// models.ts imports this file (a message carries an attachment), so it defines its own ids.
const idSchema = z.string().min(1).max(64)
const epochMsSchema = z.number().int().nonnegative()

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/)

/** What a message carries about its file. Everything in it was measured by the host. */
export const attachmentSchema = z.object({
  /** SHA-256 of the content (hex), computed by the host as the bytes arrived. */
  sha256: sha256HexSchema,
  /** Sanitised on the host (see file-name.ts); shown and used to save, never as a path. */
  name: z
    .string()
    .min(1)
    .max(FILE_LIMITS.nameMax * 2),
  size: z.number().int().nonnegative(),
  /** Sniffed from the content by the host (application/octet-stream when unknown). */
  type: z.string().min(1).max(100),
  /** A previewable image (PREVIEWABLE_IMAGE_TYPES): its size, and its thumbnail's if it has one. */
  image: z
    .object({
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      thumb: z
        .object({ width: z.number().int().positive(), height: z.number().int().positive() })
        .nullable()
    })
    .nullable()
})
export type Attachment = z.infer<typeof attachmentSchema>

/** Bytes as base64 (standard alphabet, padded), at most `maxBytes` once decoded. */
export const base64Schema = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)

/** The host's file limits, told at session start so the app can say them before an upload. */
export const fileLimitsSchema = z.object({
  maxFileBytes: z.number().int().nonnegative(),
  maxTotalBytes: z.number().int().nonnegative(),
  /** Bytes stored when the session started. */
  usedBytes: z.number().int().nonnegative()
})
export type FileLimits = z.infer<typeof fileLimitsSchema>

/** `file:upload`'s answer when bytes are still owed: where and how to send them. */
export const uploadSlotSchema = z.object({
  status: z.literal('upload'),
  uploadId: idSchema,
  /** Sent as `authorization: Bearer <token>` with every PUT/GET of this upload. */
  token: z.string().min(16).max(128),
  /** `UPLOAD_PATH_PREFIX + uploadId` on the host's HTTPS origin. */
  path: z.string().max(200),
  /** Bytes the host already has (0 for a new upload): the next PUT starts here. */
  received: z.number().int().nonnegative(),
  chunkBytes: z.number().int().positive(),
  expiresAt: epochMsSchema
})
export type UploadSlot = z.infer<typeof uploadSlotSchema>

/** `file:download`'s answer: a short-lived token for GET `path` (ranges allowed). */
export const downloadTicketSchema = z.object({
  path: z.string().max(200),
  token: z.string().min(16).max(128),
  expiresAt: epochMsSchema,
  size: z.number().int().nonnegative(),
  type: z.string().max(100),
  name: z.string().max(FILE_LIMITS.nameMax * 2)
})
export type DownloadTicket = z.infer<typeof downloadTicketSchema>

/** The JSON body of every answer of the upload and file paths that is not the bytes. */
export const uploadProgressSchema = z.object({
  received: z.number().int().nonnegative(),
  size: z.number().int().nonnegative()
})

/**
 * One transfer as main tells the renderer (`transfer:changed`): an upload the app sends or a
 * download it saves. Main owns the state; the renderer only draws it.
 */
export const TRANSFER_STATES = [
  /** Waiting its turn (a few run at once). */
  'queued',
  'active',
  /** The line is down or the host restarting: it resumes by itself where it stopped. */
  'waiting',
  'done',
  'failed',
  'cancelled'
] as const
export type TransferState = (typeof TRANSFER_STATES)[number]

export interface Transfer {
  id: string
  direction: 'up' | 'down'
  roomId: string
  /** Download: the message whose file it is. Upload: the message once posted, else null. */
  messageId: string | null
  /** Upload: the message's clientId, to place the pending card in the room. */
  clientId: string | null
  name: string
  size: number
  /** Bytes sent (up) or saved (down) so far. */
  done: number
  /** Over the last few seconds; 0 when not moving. */
  bytesPerSecond: number
  /** Null when it cannot be told (not moving). */
  etaMs: number | null
  state: TransferState
  error: { code: string; message: string } | null
  /** Download, once done: where it was saved (the renderer only shows it). */
  savedName: string | null
  /** Upload: the caption that goes with it. */
  caption: string
}
