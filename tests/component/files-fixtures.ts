import { vi } from 'vitest'
import type { Attachment, Transfer } from '../../src/shared/files'

/** A transfer as main tells it: an upload of report.pdf to the lobby, queued, unless said. */
export const transfer = (extra: Partial<Transfer> = {}): Transfer => ({
  id: 't1',
  direction: 'up',
  roomId: 'lobby',
  messageId: null,
  clientId: 'c1',
  name: 'report.pdf',
  size: 10 * 1024 * 1024,
  done: 0,
  bytesPerSecond: 0,
  etaMs: null,
  state: 'queued',
  error: null,
  savedName: null,
  caption: '',
  ...extra
})

/** What a message carries about its file: a PDF, unless said. */
export const attachment = (extra: Partial<Attachment> = {}): Attachment => ({
  sha256: 'ab'.repeat(32),
  name: 'report.pdf',
  size: 2_500_000,
  type: 'application/pdf',
  image: null,
  ...extra
})

/** A 1×1 PNG. */
export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

export const base64Of = (text: string): string => Buffer.from(text).toString('base64')
export const textOf = (base64: string): string => Buffer.from(base64, 'base64').toString()

/**
 * Object URLs, which jsdom lacks: each Blob gets `blob:test/<n>`; what was made and revoked is
 * recorded, with the Blob behind each URL.
 */
export function stubObjectUrls() {
  const made = new Map<string, Blob>()
  const revoked: string[] = []
  let n = 0
  const create = vi.fn((blob: Blob) => {
    const url = `blob:test/${++n}`
    made.set(url, blob)
    return url
  })
  const revoke = vi.fn((url: string) => void revoked.push(url))
  Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke })
  return { made, revoked }
}
