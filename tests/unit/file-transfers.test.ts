import { describe, expect, it } from 'vitest'
import type { Transfer } from '../../src/shared/files'
import {
  fileFamily,
  formatBytes,
  formatDuration,
  formatSpeed,
  typeLabel
} from '../../src/renderer/src/format/file-size'
import {
  downloadsByMessage,
  messageArrived,
  NO_TRANSFERS,
  roomUploads,
  transferChanged,
  transferRetried,
  transfersAnswered
} from '../../src/renderer/src/state/transfers'
import { textMessage } from '../helpers/messages'

const t = (extra: Partial<Transfer> = {}): Transfer => ({
  id: 't1',
  direction: 'up',
  roomId: 'lobby',
  messageId: null,
  clientId: 'c1',
  name: 'a.pdf',
  size: 100,
  done: 0,
  bytesPerSecond: 0,
  etaMs: null,
  state: 'queued',
  error: null,
  savedName: null,
  caption: '',
  ...extra
})
const never = () => false

describe('the transfers slice', () => {
  it('takes every event, and an answer only where it says more than the events did', () => {
    let s = transferChanged(NO_TRANSFERS, t({ state: 'active', done: 40 }), never)
    // The answer to file:send (taken as it started) arrives after a progress event.
    s = transfersAnswered(s, [t({ state: 'queued', done: 0 })], never)
    expect(s.byId['t1']).toMatchObject({ state: 'active', done: 40 })
    // A file:transfers answer further along wins; so does a finished one.
    s = transfersAnswered(s, [t({ state: 'active', done: 60 })], never)
    expect(s.byId['t1']?.done).toBe(60)
    s = transfersAnswered(s, [t({ state: 'failed', done: 60 })], never)
    s = transfersAnswered(s, [t({ state: 'active', done: 80 })], never)
    expect(s.byId['t1']?.state).toBe('failed')
    // Events are in order: the latest is the truth, whatever it says.
    s = transferChanged(s, t({ state: 'queued', done: 60 }), never)
    expect(s.byId['t1']?.state).toBe('queued')
  })

  it('a retry’s answer revives a failed transfer, not one an event moved on', () => {
    const failed = transferChanged(NO_TRANSFERS, t({ state: 'failed' }), never)
    expect(transferRetried(failed, t({ state: 'queued' })).byId['t1']?.state).toBe('queued')
    const moved = transferChanged(failed, t({ state: 'active', done: 10 }), never)
    expect(transferRetried(moved, t({ state: 'queued' }))).toBe(moved)
  })

  it('lets an upload go once its message arrives, and leaves out one posted before loading', () => {
    let s = transferChanged(NO_TRANSFERS, t({ state: 'done', done: 100 }), never)
    const message = textMessage({
      id: 'm9',
      roomId: 'lobby',
      seq: 9,
      at: 1,
      author: { id: 'u', nickname: 'Ana' },
      text: '',
      clientId: 'c1',
      attachment: null
    })
    s = messageArrived(s, message)
    expect(s.byId).toEqual({})
    expect(transferChanged(s, t({ state: 'done', messageId: 'm9' }), () => true).byId).toEqual({})
    const loaded = transfersAnswered(NO_TRANSFERS, [t({ state: 'done', messageId: 'm9' })], never)
    expect(loaded.byId).toEqual({})
  })

  it('lists a room’s uploads and each message’s latest download', () => {
    let s = NO_TRANSFERS
    for (const transfer of [
      t({ id: 'u1' }),
      t({ id: 'u2', state: 'cancelled' }),
      t({ id: 'u3', roomId: 'r1' }),
      t({ id: 'd1', direction: 'down', messageId: 'm1', state: 'done' }),
      t({ id: 'd2', direction: 'down', messageId: 'm1', state: 'active' }),
      t({ id: 'd3', direction: 'down', messageId: 'm2', state: 'done' }),
      t({ id: 'd4', direction: 'down', messageId: 'm2', state: 'cancelled' })
    ])
      s = transferChanged(s, transfer, never)
    expect(roomUploads(s, 'lobby').map((u) => u.id)).toEqual(['u1'])
    const downloads = downloadsByMessage(s)
    expect(downloads.get('m1')?.id).toBe('d2')
    // A copy cancelled does not hide the one saved before it.
    expect(downloads.get('m2')?.id).toBe('d3')
  })
})

describe('file sizes, speeds and times left', () => {
  it('says them in the language shown, in powers of 1024 like the hosts’ limits', () => {
    expect(formatBytes(800, 'en')).toBe('800 bytes')
    expect(formatBytes(200 * 1024 * 1024, 'en')).toBe('200 MB')
    expect(formatBytes(3.25 * 1024 * 1024, 'en')).toBe('3.3 MB')
    expect(formatBytes(3.25 * 1024 * 1024, 'pt-BR')).toBe('3,3 MB')
    expect(formatBytes(4 * 1024 ** 3, 'en')).toBe('4 GB')
    expect(formatSpeed(1.5 * 1024 * 1024, 'en')).toBe('1.5 MB/s')
    expect(formatSpeed(512 * 1024, 'pt-BR')).toBe('512 kB/s')
    expect(formatDuration(400, 'en')).toBe('1 second')
    expect(formatDuration(4_600, 'pt-BR')).toBe('5 segundos')
    expect(formatDuration(125_000, 'en')).toBe('3 minutes')
    expect(formatDuration(2.5 * 3_600_000, 'en')).toBe('2.5 hours')
  })

  it('tells a file’s family and type label by its sniffed type, then its name', () => {
    expect(fileFamily('image/svg+xml', 'logo.svg')).toBe('image')
    expect(fileFamily('application/pdf', 'x')).toBe('pdf')
    expect(fileFamily('application/zip', 'ata.docx')).toBe('document')
    expect(fileFamily('application/zip', 'fotos')).toBe('archive')
    expect(fileFamily('application/octet-stream', 'planilha.XLSX')).toBe('sheet')
    expect(fileFamily('text/plain', 'notas')).toBe('text')
    expect(fileFamily('application/octet-stream', 'programa')).toBe('other')
    expect(typeLabel('application/pdf', 'relatório.pdf')).toBe('PDF')
    expect(typeLabel('application/octet-stream', 'sem-extensão')).toBe('application/octet-stream')
  })
})
