import type Database from 'libsql'

/**
 * The host's records of files (migration 5): stored content by SHA-256, the attachment of each
 * message, and the uploads still open. The bytes themselves are on disk (host/files/storage.ts);
 * these rows say what they are and who refers to them.
 */

/** One stored content. */
export interface StoredFile {
  sha256: string
  size: number
  /** Sniffed from the content. */
  type: string
  /** A previewable image's size as shown; null otherwise. */
  width: number | null
  height: number | null
}

/** What a finished upload attaches to its message (written with the message, in its commit). */
export interface NewAttachment {
  file: StoredFile
  /** Sanitised. */
  name: string
  /** The thumbnail's content, already stored (its row exists: the upload refers to it). */
  thumbSha256: string | null
  /** The upload this finishes: its row goes in the same transaction as the message. */
  uploadId: string | null
}

export interface StoredUpload {
  id: string
  userId: string
  roomId: string
  clientId: string
  name: string
  size: number
  caption: string
  replyTo: string | null
  thumbSha256: string | null
  /** Bytes received as last recorded (the staging file's size is what counts after a restart). */
  received: number
  createdAt: number
  updatedAt: number
}

export type NewUpload = Omit<StoredUpload, 'received' | 'updatedAt'>

/** The files a message's attachment refers to, for a download. */
export interface AttachmentFiles {
  file: StoredFile
  name: string
  thumb: StoredFile | null
}

export interface FileTables {
  file(sha256: string): StoredFile | null
  /** Records a content (nothing happens if it is recorded already). */
  addFile(file: StoredFile, at: number): void
  /** Bytes of every stored content together. */
  usedBytes(): number
  /** Declared sizes of the open uploads, but `exceptId`'s: room they will take once finished. */
  reservedBytes(exceptId?: string): number

  upload(id: string): StoredUpload | null
  uploadByClientId(userId: string, clientId: string): StoredUpload | null
  /** How many uploads the identity has open. */
  openUploadsOf(userId: string): number
  createUpload(upload: NewUpload): StoredUpload
  /** Records how many bytes arrived, and when. */
  setReceived(id: string, received: number, at: number): void
  /** True when there was such an upload. */
  deleteUpload(id: string): boolean
  /** Uploads no bytes arrived for since `before` (their staging files are to be deleted). */
  staleUploads(before: number): StoredUpload[]
  /** Every open upload's id, to tell staging files that belong to none. */
  uploadIds(): string[]

  /** The contents nothing refers to any more: no message, no thumbnail, no open upload. */
  unreferenced(): string[]
  /** Forgets a content, only if nothing refers to it (true when it was forgotten). */
  deleteFileIfUnreferenced(sha256: string): boolean
  /** Every recorded content's hash, to tell files on disk that belong to none. */
  fileHashes(): string[]

  /** The contents a message's attachment refers to; null when it has none (or lost it). */
  attachmentFiles(messageId: string): AttachmentFiles | null
  /** Part of appending a text: call inside its transaction. */
  attach(messageId: string, attachment: NewAttachment, at: number): void
  /** Part of erasing a text: its attachment goes (the content may stay, for others). */
  detach(messageId: string): void
}

interface FileRow {
  sha256: string
  size: number
  type: string
  width: number | null
  height: number | null
}

interface UploadRow {
  id: string
  user_id: string
  room_id: string
  client_id: string
  name: string
  size: number
  caption: string
  reply_to: string | null
  thumb_sha256: string | null
  received: number
  created_at: number
  updated_at: number
}

const toFile = (row: FileRow): StoredFile => ({
  sha256: row.sha256,
  size: row.size,
  type: row.type,
  width: row.width,
  height: row.height
})

const toUpload = (row: UploadRow): StoredUpload => ({
  id: row.id,
  userId: row.user_id,
  roomId: row.room_id,
  clientId: row.client_id,
  name: row.name,
  size: row.size,
  caption: row.caption,
  replyTo: row.reply_to,
  thumbSha256: row.thumb_sha256,
  received: row.received,
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

/** Whether anything still refers to content `f`. */
const REFERENCED = `(EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = f.sha256)
  OR EXISTS (SELECT 1 FROM attachments a WHERE a.thumb_sha256 = f.sha256)
  OR EXISTS (SELECT 1 FROM uploads u WHERE u.thumb_sha256 = f.sha256))`

export function createFileTables(db: Database.Database): FileTables {
  const q = {
    file: db.prepare('SELECT sha256, size, type, width, height FROM files WHERE sha256 = ?'),
    addFile: db.prepare(
      `INSERT OR IGNORE INTO files (sha256, size, type, width, height, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`
    ),
    usedBytes: db.prepare('SELECT COALESCE(SUM(size), 0) AS n FROM files'),
    reservedBytes: db.prepare('SELECT COALESCE(SUM(size), 0) AS n FROM uploads WHERE id IS NOT ?'),
    upload: db.prepare('SELECT * FROM uploads WHERE id = ?'),
    uploadByClientId: db.prepare('SELECT * FROM uploads WHERE user_id = ? AND client_id = ?'),
    openUploadsOf: db.prepare('SELECT COUNT(*) AS n FROM uploads WHERE user_id = ?'),
    insertUpload: db.prepare(
      `INSERT INTO uploads (id, user_id, room_id, client_id, name, size, caption, reply_to,
         thumb_sha256, received, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`
    ),
    setReceived: db.prepare('UPDATE uploads SET received = ?, updated_at = ? WHERE id = ?'),
    deleteUpload: db.prepare('DELETE FROM uploads WHERE id = ?'),
    staleUploads: db.prepare('SELECT * FROM uploads WHERE updated_at < ?'),
    uploadIds: db.prepare('SELECT id FROM uploads'),
    unreferenced: db.prepare(`SELECT f.sha256 FROM files f WHERE NOT ${REFERENCED}`),
    deleteFile: db.prepare(`DELETE FROM files AS f WHERE f.sha256 = ? AND NOT ${REFERENCED}`),
    fileHashes: db.prepare('SELECT sha256 FROM files'),
    attachment: db.prepare(
      `SELECT a.name, f.sha256, f.size, f.type, f.width, f.height, t.sha256 AS t_sha256,
         t.size AS t_size, t.type AS t_type, t.width AS t_width, t.height AS t_height
       FROM attachments a JOIN files f ON f.sha256 = a.sha256
         LEFT JOIN files t ON t.sha256 = a.thumb_sha256
       WHERE a.message_id = ?`
    ),
    attach: db.prepare(
      'INSERT INTO attachments (message_id, sha256, name, thumb_sha256) VALUES (?, ?, ?, ?)'
    ),
    detach: db.prepare('DELETE FROM attachments WHERE message_id = ?')
  }

  const addFile = (file: StoredFile, at: number): void => {
    q.addFile.run(file.sha256, file.size, file.type, file.width, file.height, at)
  }

  return {
    file(sha256) {
      const row = q.file.get(sha256) as FileRow | undefined
      return row ? toFile(row) : null
    },
    addFile,
    usedBytes() {
      return (q.usedBytes.get() as { n: number }).n
    },
    reservedBytes(exceptId) {
      // '' is no upload's id (libsql takes a lone null for a missing parameter object).
      return (q.reservedBytes.get(exceptId ?? '') as { n: number }).n
    },

    upload(id) {
      const row = q.upload.get(id) as UploadRow | undefined
      return row ? toUpload(row) : null
    },
    uploadByClientId(userId, clientId) {
      const row = q.uploadByClientId.get(userId, clientId) as UploadRow | undefined
      return row ? toUpload(row) : null
    },
    openUploadsOf(userId) {
      return (q.openUploadsOf.get(userId) as { n: number }).n
    },
    createUpload(u) {
      q.insertUpload.run(
        u.id,
        u.userId,
        u.roomId,
        u.clientId,
        u.name,
        u.size,
        u.caption,
        u.replyTo,
        u.thumbSha256,
        u.createdAt,
        u.createdAt
      )
      return { ...u, received: 0, updatedAt: u.createdAt }
    },
    setReceived(id, received, at) {
      q.setReceived.run(received, at, id)
    },
    deleteUpload(id) {
      return q.deleteUpload.run(id).changes > 0
    },
    staleUploads(before) {
      return (q.staleUploads.all(before) as UploadRow[]).map(toUpload)
    },
    uploadIds() {
      return (q.uploadIds.all() as { id: string }[]).map((r) => r.id)
    },

    unreferenced() {
      return (q.unreferenced.all() as { sha256: string }[]).map((r) => r.sha256)
    },
    deleteFileIfUnreferenced(sha256) {
      return q.deleteFile.run(sha256).changes > 0
    },
    fileHashes() {
      return (q.fileHashes.all() as { sha256: string }[]).map((r) => r.sha256)
    },

    attachmentFiles(messageId) {
      const row = q.attachment.get(messageId) as
        | (FileRow & {
            name: string
            t_sha256: string | null
            t_size: number | null
            t_type: string | null
            t_width: number | null
            t_height: number | null
          })
        | undefined
      if (!row) return null
      const thumb =
        row.t_sha256 !== null && row.t_size !== null && row.t_type !== null
          ? {
              sha256: row.t_sha256,
              size: row.t_size,
              type: row.t_type,
              width: row.t_width,
              height: row.t_height
            }
          : null
      return { file: toFile(row), name: row.name, thumb }
    },
    attach(messageId, attachment, at) {
      addFile(attachment.file, at)
      q.attach.run(messageId, attachment.file.sha256, attachment.name, attachment.thumbSha256)
      if (attachment.uploadId !== null) q.deleteUpload.run(attachment.uploadId)
    },
    detach(messageId) {
      q.detach.run(messageId)
    }
  }
}
