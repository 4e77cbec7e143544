import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Attachment } from '../../src/shared/files'
import type { Message } from '../../src/shared/models'
import { ok } from '../../src/shared/result'
import { ana, bia, room, row, session, setUpConversations, text } from './conversation-fixtures'
import { attachment, PNG_BASE64, stubObjectUrls, transfer } from './files-fixtures'

// Messages that carry a file: a picture shows inline from bytes in a box of its final size, and
// opens in a viewer; anything else (SVG and HTML always) is a card to download, then show in its
// folder or open through the system. The caption is the message's text.
let history: Message[] = []
const { fake, show } = await setUpConversations(() => ok({ messages: history, hasMore: false }))
// Loaded after the fake bridge, like the screen: it reads window.papo as it loads.
const { clearPreviewCache } = await import('../../src/renderer/src/files/preview')
let urls: ReturnType<typeof stubObjectUrls>

beforeEach(() => {
  clearPreviewCache()
  urls = stubObjectUrls()
  fake.on('file:preview', () => ok({ type: 'image/png', base64: PNG_BASE64 }))
})

const photo: Attachment = attachment({
  name: 'praia.png',
  size: 3_000_000,
  type: 'image/png',
  image: { width: 1600, height: 900, thumb: { width: 320, height: 180 } }
})
const lobbyOnly = () => session({ rooms: [room('lobby', 'Lobby', null)] })

describe('messages with files', () => {
  it('shows a picture from bytes in a box sized before they come, and opens the viewer', async () => {
    let answer: (() => void) | null = null
    fake.on(
      'file:preview',
      (args) =>
        new Promise((resolve) => {
          const bytes = ok({ type: 'image/png', base64: PNG_BASE64 })
          if (args.thumb) answer = () => resolve(bytes)
          else resolve(bytes)
        })
    )
    history = [text('lobby', 1, bia, { text: 'olha a **praia**', attachment: photo })]
    const { unmount } = show(lobbyOnly())
    const preview = await screen.findByTestId('image-preview')
    // The box has its size before any byte arrives: the list does not move when they do.
    expect(preview.getAttribute('data-state')).toBe('loading')
    expect(preview.style.width).toBe('400px')
    expect(preview.style.aspectRatio).toMatch(/^1\.777/)
    expect(preview.getAttribute('aria-label')).toBe('Open the image praia.png')
    expect(fake.calls('file:preview')).toEqual([{ messageId: 'lobby-m1', thumb: true }])
    act(() => answer?.())
    const image = await within(preview).findByRole('img')
    expect(image.getAttribute('alt')).toBe('praia.png')
    expect(image.getAttribute('src')).toMatch(/^blob:test\//)
    const blob = urls.made.get(image.getAttribute('src') as string)
    expect(blob?.type).toBe('image/png')
    expect(blob?.size).toBe(Buffer.from(PNG_BASE64, 'base64').length)
    // The caption, with the Markdown renderer.
    const caption = within(row('lobby-m1') as HTMLElement).getByTestId('message-text')
    expect(caption.querySelector('strong')?.textContent).toBe('praia')

    fireEvent.click(preview)
    const viewer = await screen.findByTestId('image-viewer')
    expect(within(viewer).getByRole('heading').textContent).toBe('praia.png')
    const whole = await within(viewer).findByTestId('image-viewer-image')
    expect(whole.getAttribute('alt')).toBe('praia.png')
    expect(fake.calls('file:preview')[1]).toEqual({ messageId: 'lobby-m1', thumb: false })
    expect(within(viewer).getByTestId('file-download')).toBeTruthy()
    fireEvent.keyDown(whole, { key: 'Escape' })
    expect(screen.queryByTestId('image-viewer')).toBeNull()
    expect(urls.revoked).toContain(whole.getAttribute('src'))

    unmount()
    // Every URL made was let go with the picture it showed.
    expect([...urls.made.keys()].sort()).toEqual([...urls.revoked].sort())
  })

  it('never shows SVG or HTML as a picture, and asks no bytes for them', async () => {
    history = [
      text('lobby', 1, bia, {
        text: '',
        attachment: attachment({
          name: 'logo.svg',
          type: 'image/svg+xml',
          size: 2_000,
          // Even if something said it was a picture.
          image: { width: 100, height: 100, thumb: null }
        })
      }),
      text('lobby', 2, bia, {
        text: '',
        attachment: attachment({ name: 'página.html', type: 'text/html', size: 800 })
      })
    ]
    show(lobbyOnly())
    await waitFor(() => expect(screen.getAllByTestId('file-card')).toHaveLength(2))
    expect(screen.queryByTestId('image-preview')).toBeNull()
    expect(document.querySelector('img')).toBeNull()
    expect(fake.calls('file:preview')).toEqual([])
    const [svg, html] = screen.getAllByTestId('file-card')
    expect(within(svg as HTMLElement).getByTestId('file-meta').textContent).toBe('2 kB · SVG')
    expect(within(html as HTMLElement).getByTestId('file-meta').textContent).toBe(
      '800 bytes · HTML'
    )
  })

  it('shows a big picture without a thumbnail as a file card, and a picture it cannot fetch too', async () => {
    fake.on('file:preview', () => ({ ok: false, error: { code: 'NOT_CONNECTED', message: '' } }))
    history = [
      text('lobby', 1, bia, {
        text: '',
        attachment: {
          ...photo,
          name: 'enorme.png',
          size: 40_000_000,
          image: { width: 8000, height: 6000, thumb: null }
        }
      }),
      text('lobby', 2, bia, { text: '', attachment: photo })
    ]
    show(lobbyOnly())
    await waitFor(() => expect(screen.getAllByTestId('file-card')).toHaveLength(2))
    expect(fake.calls('file:preview')).toEqual([{ messageId: 'lobby-m2', thumb: true }])
    const names = screen.getAllByTestId('file-name').map((n) => n.textContent)
    expect(names).toEqual(['enorme.png', 'praia.png'])
  })

  it('downloads a file with progress, then shows it in its folder or opens it', async () => {
    fake.on('file:download', ({ messageId }) =>
      ok(transfer({ id: 'd1', direction: 'down', messageId, clientId: null, size: 2_500_000 }))
    )
    history = [
      text('lobby', 1, bia, {
        text: 'o relatório do trimestre com um nome bem comprido',
        attachment: attachment({ name: 'relatório trimestral de vendas.pdf' })
      })
    ]
    show(lobbyOnly())
    const card = await screen.findByTestId('file-card')
    const name = within(card).getByTestId('file-name')
    expect(name.getAttribute('dir')).toBe('auto')
    expect(name.getAttribute('title')).toBe('relatório trimestral de vendas.pdf')
    expect(within(card).getByTestId('file-meta').textContent).toBe('2.4 MB · PDF')
    // Open only once it is on this computer, and only through the system.
    expect(within(card).queryByTestId('file-open')).toBeNull()

    fireEvent.click(
      within(card).getByRole('button', { name: 'Download relatório trimestral de vendas.pdf' })
    )
    await waitFor(() => expect(within(card).getByTestId('transfer-status')).toBeTruthy())
    expect(fake.calls('file:download')).toEqual([{ messageId: 'lobby-m1' }])
    const down = (extra: Parameters<typeof transfer>[0]) =>
      act(() =>
        fake.emit({
          type: 'transfer:changed',
          payload: transfer({
            id: 'd1',
            direction: 'down',
            messageId: 'lobby-m1',
            clientId: null,
            size: 2_500_000,
            ...extra
          })
        })
      )
    down({ state: 'active', done: 1_250_000, bytesPerSecond: 10 * 1024 * 1024, etaMs: 120 })
    expect(within(card).getByTestId('transfer-status').textContent).toBe(
      '1.2 MB of 2.4 MB · 10 MB/s · 1 second left'
    )
    expect(
      within(card)
        .getByRole('progressbar', { name: 'Downloading relatório trimestral de vendas.pdf' })
        .getAttribute('aria-valuenow')
    ).toBe('50')
    down({ state: 'done', done: 2_500_000, savedName: 'relatório trimestral de vendas (1).pdf' })
    expect(within(card).getByTestId('file-saved').textContent).toBe(
      'Saved as relatório trimestral de vendas (1).pdf'
    )
    fireEvent.click(within(card).getByTestId('file-show'))
    fireEvent.click(within(card).getByTestId('file-open'))
    await waitFor(() => expect(fake.calls('file:open')).toEqual([{ transferId: 'd1' }]))
    expect(fake.calls('file:show')).toEqual([{ transferId: 'd1' }])
  })

  it('says why a download failed, retries it, and says when a button’s call fails', async () => {
    fake.on('file:retry', () =>
      ok(transfer({ id: 'd1', direction: 'down', messageId: 'lobby-m1', state: 'active' }))
    )
    fake.on('file:show', () => ({ ok: false, error: { code: 'FILE_UNWRITABLE', message: '' } }))
    history = [text('lobby', 1, bia, { text: '', attachment: attachment() })]
    fake.on('file:transfers', () =>
      ok({
        transfers: [
          transfer({
            id: 'd1',
            direction: 'down',
            messageId: 'lobby-m1',
            state: 'failed',
            error: { code: 'FILE_UNWRITABLE', message: 'disk full' }
          })
        ]
      })
    )
    show(lobbyOnly())
    const error = await screen.findByTestId('file-error')
    expect(error.textContent).toBe(
      'Not downloaded: The file could not be saved: the disk is full, or Papo may not write there.'
    )
    fireEvent.click(screen.getByTestId('file-retry'))
    await waitFor(() => expect(screen.getByTestId('transfer-progress')).toBeTruthy())
    expect(fake.calls('file:retry')).toEqual([{ transferId: 'd1' }])

    act(() =>
      fake.emit({
        type: 'transfer:changed',
        payload: transfer({
          id: 'd1',
          direction: 'down',
          messageId: 'lobby-m1',
          state: 'done',
          savedName: 'report.pdf'
        })
      })
    )
    fireEvent.click(screen.getByTestId('file-show'))
    expect((await screen.findByTestId('file-problem')).textContent).toBe(
      'Could not do that: The file could not be saved: the disk is full, or Papo may not write there.'
    )
  })

  it('shows no file for a deleted message', async () => {
    history = [
      text('lobby', 1, bia, {
        text: '',
        deletedAt: 5,
        attachment: null
      }),
      text('lobby', 2, bia, { text: 'ainda aqui', attachment: photo, deletedAt: 6 })
    ]
    show(lobbyOnly())
    await waitFor(() => expect(screen.getAllByTestId('message-deleted')).toHaveLength(2))
    expect(screen.queryByTestId('file-card')).toBeNull()
    expect(screen.queryByTestId('image-preview')).toBeNull()
    expect(fake.calls('file:preview')).toEqual([])
  })

  it('lets one’s file lose its caption, but not a text its words', async () => {
    const withCaption = text('lobby', 1, ana, { text: 'legenda errada', attachment: attachment() })
    const plain = text('lobby', 2, ana, { text: 'só texto' })
    history = [withCaption, plain]
    fake.on('message:edit', ({ messageId, text: said }) => {
      const m = messageId === withCaption.id ? withCaption : plain
      return ok({ message: { ...m, text: said, editedAt: m.at + 60_000, change: 1 } })
    })
    show(lobbyOnly())
    await waitFor(() => expect(row(plain.id)).toBeTruthy())
    const inRow = (id: string) => within(row(id) as HTMLElement)

    fireEvent.click(inRow(plain.id).getByTestId('message-edit'))
    fireEvent.change(inRow(plain.id).getByTestId('message-edit-input'), { target: { value: ' ' } })
    expect(inRow(plain.id).getByTestId('message-edit-save').hasAttribute('disabled')).toBe(true)
    fireEvent.keyDown(inRow(plain.id).getByTestId('message-edit-input'), { key: 'Escape' })

    fireEvent.click(inRow(withCaption.id).getByTestId('message-edit'))
    const box = inRow(withCaption.id).getByTestId('message-edit-input')
    fireEvent.change(box, { target: { value: '  ' } })
    expect(inRow(withCaption.id).getByTestId('message-edit-save').hasAttribute('disabled')).toBe(
      false
    )
    fireEvent.keyDown(box, { key: 'Enter' })
    await waitFor(() =>
      expect(inRow(withCaption.id).queryByTestId('message-edit-input')).toBeNull()
    )
    expect(fake.calls('message:edit')).toEqual([{ messageId: withCaption.id, text: '' }])
    // The file stays, without the words.
    expect(inRow(withCaption.id).getByTestId('file-card')).toBeTruthy()
    expect(row(withCaption.id)?.textContent).not.toContain('legenda errada')
  })
})
