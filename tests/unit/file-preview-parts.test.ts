import { describe, expect, it } from 'vitest'
import type { Attachment } from '../../src/shared/files'
import { ERROR_CODES } from '../../src/shared/errors'
import type { Message } from '../../src/shared/models'
import { isTransient } from '../../src/shared/transient'
import { createAttachmentIndex, messagesIn } from '../../src/main/session/files/attachment-index'
import { afterFailure, retryDelayMs } from '../../src/main/session/files/attempt-policy'
import { sniffImageType } from '../../src/main/session/files/image-sniff'
import { createPreviewCache } from '../../src/main/session/files/preview-cache'

// The pieces behind previews and retries: what counts as an image (by its bytes), what the
// cache keeps, which files the session knows of, and which failures are worth waiting out.

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values)

describe('sniffing an image', () => {
  it('knows the four previewable types by their first bytes', () => {
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe(
      'image/png'
    )
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg')
    expect(sniffImageType(Buffer.from('GIF89a...'))).toBe('image/gif')
    expect(sniffImageType(Buffer.from('GIF87a...'))).toBe('image/gif')
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('image/webp')
  })

  it('refuses everything else, whatever it claims to be', () => {
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
    expect(sniffImageType(Buffer.from('<!doctype html><img src=x>'))).toBeNull()
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeNull()
    expect(sniffImageType(Buffer.from('GIF8'))).toBeNull()
    expect(sniffImageType(bytes())).toBeNull()
  })
})

describe('the preview cache', () => {
  it('keeps the most recently used within its bytes', () => {
    const cache = createPreviewCache<string>(100)
    cache.set('a', 'A', 40)
    cache.set('b', 'B', 40)
    expect(cache.get('a')).toBe('A')
    cache.set('c', 'C', 40)
    // b was the least recently used.
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBe('A')
    expect(cache.get('c')).toBe('C')
    expect(cache.bytes).toBe(80)
  })

  it('does not empty itself for one entry bigger than all of it', () => {
    const cache = createPreviewCache<string>(100)
    cache.set('a', 'A', 60)
    cache.set('huge', 'H', 101)
    expect(cache.get('huge')).toBeUndefined()
    expect(cache.get('a')).toBe('A')
  })

  it('replaces an entry by its key and counts it once', () => {
    const cache = createPreviewCache<string>(100)
    cache.set('a', 'A', 60)
    cache.set('a', 'A2', 30)
    expect(cache.bytes).toBe(30)
    expect(cache.size).toBe(1)
    expect(cache.get('a')).toBe('A2')
  })
})

const attachment: Attachment = {
  sha256: 'a'.repeat(64),
  name: 'photo.png',
  size: 10,
  type: 'image/png',
  image: { width: 4, height: 3, thumb: null }
}

const text = (id: string, withFile: boolean): Message => ({
  kind: 'text',
  id,
  roomId: 'r1',
  seq: 1,
  at: 0,
  author: { id: 'u1', nickname: 'Ana' },
  text: '',
  attachment: withFile ? attachment : null,
  clientId: null,
  replyTo: null,
  editedAt: null,
  deletedAt: null,
  reactions: [],
  change: 0
})

describe('the attachment index', () => {
  it('knows the files of the messages it saw, and forgets a deleted one', () => {
    const index = createAttachmentIndex()
    index.noteAll([text('m1', true), text('m2', false)])
    expect(index.get('m1')).toEqual({ roomId: 'r1', attachment })
    expect(index.get('m2')).toBeUndefined()
    index.note(text('m1', false))
    expect(index.get('m1')).toBeUndefined()
  })

  it('is bounded, the least recently seen going first', () => {
    const index = createAttachmentIndex(2)
    index.noteAll([text('m1', true), text('m2', true)])
    index.note(text('m1', true))
    index.note(text('m3', true))
    expect(index.get('m2')).toBeUndefined()
    expect(index.get('m1')).toBeDefined()
    expect(index.get('m3')).toBeDefined()
  })

  it('finds the messages in every answer shape that carries them', () => {
    const m = text('m1', true)
    expect(messagesIn({ message: m })).toEqual([m])
    expect(messagesIn({ messages: [m], hasMore: false })).toEqual([m])
    expect(messagesIn({ room: {}, members: [], history: { messages: [m] } })).toEqual([m])
    expect(messagesIn({ hits: [{ message: m, roomName: 'x', ranges: [] }] })).toEqual([m])
    expect(messagesIn({})).toEqual([])
    expect(messagesIn(null)).toEqual([])
  })
})

describe('after a failed attempt', () => {
  it('waits out whatever waiting fixes, and every transient error is among them', () => {
    for (const code of ERROR_CODES)
      if (isTransient(code)) expect(afterFailure(code), code).toBe('again')
    for (const code of ['UPLOAD_OFFSET', 'UPLOAD_NOT_FOUND', 'UNAUTHORIZED'] as const) {
      expect(afterFailure(code)).toBe('again')
    }
  })

  it('fails at once for what only the person can fix', () => {
    for (const code of [
      'FILE_TOO_BIG',
      'STORAGE_FULL',
      'FILE_UNREADABLE',
      'FILE_UNWRITABLE',
      'NOT_A_MEMBER',
      'ROOM_NOT_FOUND',
      'MESSAGE_NOT_FOUND'
    ] as const) {
      expect(afterFailure(code)).toBe('fail')
    }
  })

  it('backs off from half a second to five, or as long as the host said', () => {
    expect([1, 2, 3, 4, 5, 30].map((n) => retryDelayMs(n))).toEqual([
      500, 1_000, 2_000, 4_000, 5_000, 5_000
    ])
    expect(retryDelayMs(1, 8_000)).toBe(8_000)
  })
})
