import { createHash } from 'node:crypto'
import { FILE_LIMITS, FILE_PATH_PREFIX } from '../../../shared/files'
import { sanitizeFileName } from '../../../shared/file-name'
import { err, ok, type Result } from '../../../shared/result'
import type { Message } from '../../../shared/models'
import type { Handlers } from '../chat-service'
import type { ConversationDeps } from '../conversation-deps'
import type { HostFiles } from './host-files'
import { checkThumbnail } from './sniff'
import type { Thumbnail } from './uploads'

type FileHandlers = Pick<Handlers, 'file:upload' | 'file:upload-cancel' | 'file:download'>

export interface FileDeps extends ConversationDeps {
  files: HostFiles
  /** A room the identity may post in now (a member; not a direct one with a removed person). */
  canPost(roomId: string, userId: string): Result<unknown>
  /** The message of this clientId still waiting for its commit or disk sync, once it is there. */
  waitingText(userId: string, clientId: string): Promise<Message> | null
  /** Uploads one identity may have open at once (FILE_LIMITS.openUploadsPerIdentity). */
  openUploadsMax: number
}

/** How long an identity with too many uploads open is told to wait before asking again. */
const OPEN_UPLOADS_RETRY_MS = 5_000

/** The sender's thumbnail, if it is a small PNG, JPEG or WebP picture; null if it is not. */
function thumbnailOf(base64: string): Thumbnail | null {
  const bytes = Buffer.from(base64, 'base64')
  if (bytes.length === 0 || bytes.length > FILE_LIMITS.thumbnailMaxBytes) return null
  const checked = checkThumbnail(bytes, FILE_LIMITS.thumbnailMaxSide)
  if (!checked) return null
  return {
    bytes,
    file: {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      type: checked.type,
      width: checked.width,
      height: checked.height
    }
  }
}

/**
 * The socket side of files (docs/protocol.md 12): upload slots, giving an upload up, and
 * download tokens. The bytes go over HTTPS (http-routes.ts); these only decide who may.
 */
export function createFileHandlers(deps: FileDeps): FileHandlers {
  const { store, limits, files } = deps
  return {
    'file:upload': async (ctx, payload) => {
      const { roomId, clientId, size } = payload
      const room = deps.canPost(roomId, ctx.userId)
      if (!room.ok) return room
      // Asked before: the message if it is posted, else a slot that goes on where it stopped.
      // One still waiting for its commit or its disk sync is answered once it is on the disk.
      const waiting = deps.waitingText(ctx.userId, clientId)
      const earlier = waiting
        ? await waiting.catch(() => null)
        : store.messageByClientId(ctx.userId, clientId)
      if (earlier) {
        return earlier.kind === 'text' && earlier.roomId === roomId && earlier.attachment
          ? ok({ status: 'done' as const, message: earlier })
          : err('BAD_REQUEST', 'That clientId was already used.')
      }
      const open = store.files.uploadByClientId(ctx.userId, clientId)
      if (open) {
        if (open.roomId !== roomId || open.size !== size) {
          return err('BAD_REQUEST', 'That clientId was already used for another upload.')
        }
        return ok(await files.uploads.resume(open))
      }
      if (payload.replyTo !== undefined) {
        const quoted = store.message(payload.replyTo)
        if (quoted?.roomId !== roomId || quoted.kind !== 'text') {
          return err('MESSAGE_NOT_FOUND', 'The message this answers is not in this room.')
        }
      }
      const refusal = files.storage.refusal(size)
      if (refusal) return refusal
      if (store.files.openUploadsOf(ctx.userId) >= deps.openUploadsMax) {
        return err(
          'RATE_LIMITED',
          `At most ${deps.openUploadsMax} uploads at once: finish or cancel one first.`,
          OPEN_UPLOADS_RETRY_MS
        )
      }
      let thumb: Thumbnail | null = null
      if (payload.thumbnail !== undefined) {
        thumb = thumbnailOf(payload.thumbnail)
        if (!thumb) {
          return err(
            'BAD_REQUEST',
            `A thumbnail is a PNG, JPEG or WebP picture of at most ${FILE_LIMITS.thumbnailMaxSide} pixels a side.`
          )
        }
      }
      const wait = limits.take('uploadsPerIdentity', ctx.userId)
      if (wait > 0)
        return err('RATE_LIMITED', 'You are sending files too fast; wait a little.', wait)
      const fields = {
        userId: ctx.userId,
        roomId,
        clientId,
        name: sanitizeFileName(payload.name),
        size,
        caption: payload.caption ?? '',
        replyTo: payload.replyTo ?? null,
        thumbSha256: thumb?.file.sha256 ?? null
      }
      try {
        return ok(await files.uploads.create(fields, thumb))
      } catch (error) {
        // Two windows asking with the same clientId at once: the second finds the first's.
        const raced = store.files.uploadByClientId(ctx.userId, clientId)
        if (raced && raced.roomId === roomId && raced.size === size) {
          return ok(await files.uploads.resume(raced))
        }
        throw error
      }
    },

    'file:upload-cancel': async (ctx, { uploadId }) => {
      const upload = store.files.upload(uploadId)
      if (upload?.userId !== ctx.userId) {
        return err('UPLOAD_NOT_FOUND', 'There is no such upload of yours (finished or abandoned?).')
      }
      if (!(await files.uploads.cancel(uploadId))) {
        return err('UPLOAD_NOT_FOUND', 'That upload has finished: delete its message instead.')
      }
      return ok({})
    },

    'file:download': (ctx, { messageId, thumb }) => {
      const wait = limits.take('downloadsPerIdentity', ctx.userId)
      if (wait > 0) {
        return err('RATE_LIMITED', 'You are asking for files too fast; wait a little.', wait)
      }
      const message = store.message(messageId)
      if (!message) return err('MESSAGE_NOT_FOUND', 'There is no such message.')
      const room = deps.memberRoom(message.roomId, ctx.userId)
      if (!room.ok) return room
      const found = message.kind === 'text' ? store.files.attachmentFiles(messageId) : null
      if (message.kind !== 'text' || message.deletedAt !== null || !found) {
        return err('MESSAGE_NOT_FOUND', 'That message has no file.')
      }
      // A thumbnail goes only with a picture (the attachment says whether it has one).
      const content = thumb ? (message.attachment?.image?.thumb ? found.thumb : null) : found.file
      if (!content) return err('MESSAGE_NOT_FOUND', 'That file has no thumbnail.')
      const { token, expiresAt } = files.downloads.issue({
        userId: ctx.userId,
        messageId,
        thumb: thumb ?? false
      })
      return ok({
        path: `${FILE_PATH_PREFIX}${messageId}${thumb ? '/thumb' : ''}`,
        token,
        expiresAt,
        size: content.size,
        type: content.type,
        name: found.name
      })
    }
  }
}

const noFiles = () => err('FORBIDDEN', 'This host takes no files.')

/** For a chat service made without files (unit tests): every file request is refused. */
export const withoutFiles: FileHandlers = {
  'file:upload': noFiles,
  'file:upload-cancel': noFiles,
  'file:download': noFiles
}
