import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FILE_LIMITS } from '../../src/shared/files'
import { LIMITS } from '../../src/shared/limits'
import { ok } from '../../src/shared/result'
import { room, session, setUpConversations, text } from './conversation-fixtures'
import { base64Of, textOf, transfer } from './files-fixtures'

// Sending files (issue 13): the attach button, the tray with its caption and limits, pasting a
// picture, a text too long for a message sent as a text file, dropping files onto the room, and
// the thumbnail made from a picture. What main does with them is tests/e2e's.
const { fake, show } = await setUpConversations(() => ok({ messages: [], hasMore: false }))

beforeEach(() => {
  fake.on('file:send', (args) =>
    ok(
      transfer({
        name: args.source.kind === 'bytes' ? args.source.name : 'from-disk',
        caption: args.caption ?? ''
      })
    )
  )
})

const lobbyOnly = () => session({ rooms: [room('lobby', 'Lobby', null)] })
const composer = () => screen.getByTestId('composer') as HTMLTextAreaElement
const trayNames = () =>
  screen.queryAllByTestId('tray-file').map((item) => item.getAttribute('data-name'))
const pick = (...files: File[]) =>
  fireEvent.change(screen.getByTestId('attach-input'), { target: { files } })
const chatRoom = () => document.querySelector('main.chat-room') as HTMLElement

describe('sending files', () => {
  it('attaches several files, says the host’s limit, and sends them as bytes with the caption', async () => {
    show(lobbyOnly())
    const attach = await screen.findByTestId('attach-button')
    await waitFor(() =>
      expect(attach.getAttribute('title')).toBe('Attach files (up to 200 MB each)')
    )
    expect(attach.getAttribute('aria-label')).toBe('Attach files (up to 200 MB each)')

    pick(
      new File(['olá'], 'notas.txt', { type: 'text/plain' }),
      new File(['%PDF-1.7'], 'relatório.pdf', { type: 'application/pdf' })
    )
    await waitFor(() => expect(trayNames()).toEqual(['notas.txt', 'relatório.pdf']))
    const tray = screen.getByTestId('file-tray')
    expect(tray.textContent).toContain('2 files to send')
    expect(screen.getByTestId('file-limits').textContent).toBe('Files up to 200 MB on this host')
    // The text box is now the caption; with nothing typed, Send already sends the files.
    expect(composer().placeholder).toBe('Add a message (it goes with the last file)')
    expect((screen.getByTestId('send-button') as HTMLButtonElement).disabled).toBe(false)

    fireEvent.change(composer(), { target: { value: 'para a reunião' } })
    fireEvent.keyDown(composer(), { key: 'Enter' })
    await waitFor(() => expect(fake.calls('file:send')).toHaveLength(2))
    const [first, second] = fake.calls('file:send')
    expect(first).toEqual({
      roomId: 'lobby',
      source: { kind: 'bytes', name: 'notas.txt', base64: base64Of('olá') }
    })
    expect(second).toEqual({
      roomId: 'lobby',
      source: { kind: 'bytes', name: 'relatório.pdf', base64: base64Of('%PDF-1.7') },
      caption: 'para a reunião'
    })
    // Nothing went as a text message; the tray and the box are empty again.
    expect(fake.calls('message:send')).toEqual([])
    expect(screen.queryByTestId('file-tray')).toBeNull()
    expect(composer().value).toBe('')
    expect(composer().placeholder).toBe('Message Lobby')
  })

  it('takes a file out of the tray, and refuses one over the host’s limit before sending', async () => {
    fake.on('file:limits', () =>
      ok({ maxFileBytes: 1024 * 1024, maxTotalBytes: FILE_LIMITS.maxTotalBytes, usedBytes: 0 })
    )
    show(lobbyOnly())
    await waitFor(() =>
      expect(screen.getByTestId('attach-button').getAttribute('title')).toBe(
        'Attach files (up to 1 MB each)'
      )
    )
    const big = new File([new Uint8Array(3 * 1024 * 1024)], 'video.mp4', { type: 'video/mp4' })
    const small = new File(['oi'], 'oi.txt', { type: 'text/plain' })
    pick(big, small)
    await waitFor(() => expect(trayNames()).toEqual(['oi.txt']))
    expect(screen.getByTestId('file-problems').getAttribute('role')).toBe('alert')
    expect(screen.getByTestId('file-problem').textContent).toBe(
      '“video.mp4” is 3 MB: files up to 1 MB on this host.'
    )
    expect(screen.getByTestId('file-limits').textContent).toBe('Files up to 1 MB on this host')

    fireEvent.click(screen.getByRole('button', { name: 'Remove oi.txt' }))
    expect(trayNames()).toEqual([])
    fireEvent.click(screen.getByTestId('file-problems-dismiss'))
    expect(screen.queryByTestId('file-tray')).toBeNull()
    expect((screen.getByTestId('send-button') as HTMLButtonElement).disabled).toBe(true)
    expect(fake.calls('file:send')).toEqual([])
  })

  it('sends a picked file by the path Electron gives, a reply with it', async () => {
    fake.pathForFile((file) => `/home/ana/${(file as File).name}`)
    const question = text('lobby', 1, { id: 'u-bia', nickname: 'Bia' }, { text: 'o relatório?' })
    fake.on('room:history', () => ok({ messages: [question], hasMore: false }))
    show(lobbyOnly())
    const row = await screen.findByText('o relatório?')
    fireEvent.click(
      within(row.closest('[data-testid=message]') as HTMLElement).getByTestId('message-reply')
    )
    await screen.findByTestId('reply-preview')
    pick(new File(['x'], 'report.pdf', { type: 'application/pdf' }))
    await waitFor(() => expect(trayNames()).toEqual(['report.pdf']))
    fireEvent.click(screen.getByTestId('send-button'))
    await waitFor(() => expect(fake.calls('file:send')).toHaveLength(1))
    expect(fake.calls('file:send')[0]).toEqual({
      roomId: 'lobby',
      source: { kind: 'path', path: '/home/ana/report.pdf' },
      replyTo: question.id
    })
    expect(screen.queryByTestId('reply-preview')).toBeNull()
  })

  it('a file too big to go inline (no path) is refused with what to do instead', async () => {
    show(lobbyOnly())
    await screen.findByTestId('attach-button')
    // Only its size matters: a Blob of that size without bytes behind it would do, but jsdom
    // allocates, so the inline limit is stubbed down for this one.
    const file = new File(['x'], 'huge.iso', { type: 'application/octet-stream' })
    Object.defineProperty(file, 'size', { value: FILE_LIMITS.inlineBytesMax + 1 })
    pick(file)
    await waitFor(() =>
      expect(screen.getByTestId('file-problem').textContent).toBe(
        '“huge.iso” is 25 MB: a file pasted or dropped here can be up to 25 MB. Attach it from its folder instead.'
      )
    )
    expect(trayNames()).toEqual([])
  })

  it('pastes a picture into the tray; text copied with a picture pastes as text', async () => {
    show(lobbyOnly())
    await screen.findByTestId('attach-button')
    const image = new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' })
    const picture = fireEvent.paste(composer(), {
      clipboardData: { files: [image], getData: () => '' }
    })
    expect(picture).toBe(false) // handled: nothing else is pasted
    await waitFor(() => expect(trayNames()).toEqual(['image.png']))
    expect(composer().placeholder).toBe('Add a caption (optional)')

    const document = fireEvent.paste(composer(), {
      clipboardData: { files: [image], getData: () => 'Quarterly figures' }
    })
    expect(document).toBe(true) // left to the text box
    expect(trayNames()).toEqual(['image.png'])

    fireEvent.keyDown(composer(), { key: 'Enter' })
    await waitFor(() => expect(fake.calls('file:send')).toHaveLength(1))
    const sent = fake.calls('file:send')[0]
    expect(sent?.source).toEqual({ kind: 'bytes', name: 'image.png', base64: 'iVBORw==' })
  })

  it('offers a text over the message limit as a text file, and sends it', async () => {
    show(lobbyOnly())
    await screen.findByTestId('attach-button')
    const long = 'linha\n'.repeat(Math.ceil(LIMITS.messageMax / 6) + 10)
    const over = long.length - LIMITS.messageMax
    fireEvent.change(composer(), { target: { value: long } })
    expect(
      screen.getByText(`${over.toLocaleString('en')} characters over the limit`, { exact: false })
    ).toBeTruthy()
    expect((screen.getByTestId('send-button') as HTMLButtonElement).disabled).toBe(true)

    fireEvent.click(screen.getByTestId('send-as-file'))
    await waitFor(() => expect(fake.calls('file:send')).toHaveLength(1))
    const sent = fake.calls('file:send')[0]
    expect(sent?.source.kind).toBe('bytes')
    if (sent?.source.kind !== 'bytes') return
    expect(sent.source.name).toBe('pasted-text.txt')
    expect(textOf(sent.source.base64)).toBe(long)
    await waitFor(() => expect(composer().value).toBe(''))
    expect(fake.calls('message:send')).toEqual([])
  })

  it('keeps a long text in the box when it could not be sent as a file', async () => {
    fake.on('file:send', () => ({ ok: false, error: { code: 'STORAGE_FULL', message: 'full' } }))
    show(session({ rooms: [room('lobby', 'Lobby', null)] }), 'pt-BR')
    await screen.findByTestId('attach-button')
    const long = 'a'.repeat(LIMITS.messageMax + 1)
    fireEvent.change(composer(), { target: { value: long } })
    fireEvent.click(screen.getByRole('button', { name: 'Enviar como arquivo de texto' }))
    await screen.findByTestId('file-problem')
    expect(screen.getByTestId('file-problem').textContent).toBe(
      'Não foi possível enviar “texto-colado.txt”: O host não tem mais espaço para arquivos. Peça a quem hospeda para liberar algum.'
    )
    expect(fake.calls('file:send')[0]?.source).toMatchObject({ name: 'texto-colado.txt' })
    expect(composer().value).toBe(long)
  })

  it('shows the drop zone only while files are dragged onto the room, and takes them', async () => {
    show(lobbyOnly())
    await screen.findByTestId('attach-button')
    // Text dragged from a message is not a file: no drop zone.
    fireEvent.dragEnter(chatRoom(), { dataTransfer: { types: ['text/plain'], files: [] } })
    expect(screen.queryByTestId('drop-overlay')).toBeNull()

    const files = { types: ['Files'], files: [] as File[] }
    fireEvent.dragEnter(chatRoom(), { dataTransfer: files })
    const overlay = screen.getByTestId('drop-overlay')
    expect(overlay.textContent).toBe('Drop to send to LobbyFiles up to 200 MB on this host')
    // Crossing into a child and back out keeps it; leaving the room hides it.
    fireEvent.dragEnter(composer(), { dataTransfer: files })
    fireEvent.dragLeave(composer(), { dataTransfer: files })
    expect(screen.queryByTestId('drop-overlay')).toBeTruthy()
    fireEvent.dragLeave(chatRoom(), { dataTransfer: files })
    expect(screen.queryByTestId('drop-overlay')).toBeNull()

    fireEvent.dragEnter(chatRoom(), { dataTransfer: files })
    const dropped = [
      new File(['a'], 'a.txt', { type: 'text/plain' }),
      new File(['b'], 'b.txt', { type: 'text/plain' })
    ]
    const drop = fireEvent.drop(chatRoom(), { dataTransfer: { types: ['Files'], files: dropped } })
    expect(drop).toBe(false) // taken here, not opened by the browser
    expect(screen.queryByTestId('drop-overlay')).toBeNull()
    await waitFor(() => expect(trayNames()).toEqual(['a.txt', 'b.txt']))
  })

  it('sends a thumbnail of a picture, lowering the quality until it fits', async () => {
    const close = vi.fn()
    vi.stubGlobal(
      'createImageBitmap',
      vi.fn(async () => ({ width: 1280, height: 640, close }))
    )
    const drawImage = vi.fn()
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({
      drawImage
    } as unknown as RenderingContext)
    const qualities: number[] = []
    const sizes: string[] = []
    vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation(function (
      this: HTMLCanvasElement,
      done: BlobCallback,
      type?: string,
      quality?: number
    ) {
      qualities.push(quality ?? 1)
      sizes.push(`${this.width}x${this.height}`)
      const bytes = qualities.length === 1 ? FILE_LIMITS.thumbnailMaxBytes + 1 : 20_000
      done(new Blob([new Uint8Array(bytes)], { type: type ?? 'image/png' }))
    })
    show(lobbyOnly())
    await screen.findByTestId('attach-button')
    pick(new File([new Uint8Array(200_000)], 'praia.jpg', { type: 'image/jpeg' }))
    await waitFor(() => expect(trayNames()).toEqual(['praia.jpg']))
    fireEvent.click(screen.getByTestId('send-button'))
    await waitFor(() => expect(fake.calls('file:send')).toHaveLength(1))
    const thumbnail = fake.calls('file:send')[0]?.thumbnail ?? ''
    expect(Buffer.from(thumbnail, 'base64')).toHaveLength(20_000)
    expect(sizes).toEqual(['320x160', '320x160'])
    expect(qualities[1]).toBeLessThan(qualities[0] as number)
    expect(drawImage).toHaveBeenCalled()
    expect(close).toHaveBeenCalled()
  })

  it('a small picture, and a GIF, go without a thumbnail', async () => {
    vi.stubGlobal(
      'createImageBitmap',
      vi.fn(async () => ({ width: 200, height: 100, close: () => {} }))
    )
    const toBlob = vi.spyOn(HTMLCanvasElement.prototype, 'toBlob')
    show(lobbyOnly())
    await screen.findByTestId('attach-button')
    pick(
      new File([new Uint8Array(5_000)], 'icone.png', { type: 'image/png' }),
      new File([new Uint8Array(500_000)], 'gato.gif', { type: 'image/gif' })
    )
    await waitFor(() => expect(trayNames()).toHaveLength(2))
    await act(async () => fireEvent.click(screen.getByTestId('send-button')))
    await waitFor(() => expect(fake.calls('file:send')).toHaveLength(2))
    for (const call of fake.calls('file:send')) expect(call.thumbnail).toBeUndefined()
    expect(toBlob).not.toHaveBeenCalled()
  })
})
