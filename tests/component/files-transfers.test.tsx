import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Transfer } from '../../src/shared/files'
import type { Message } from '../../src/shared/models'
import { ok } from '../../src/shared/result'
import { ana, room, session, setUpConversations, text } from './conversation-fixtures'
import { attachment, transfer } from './files-fixtures'

// Uploads on their way, as main reports them (`transfer:changed`): a card at the end of the room
// with progress, speed and time left, Cancel; waiting for the host; failed, with Retry; and the
// card giving way to the message once the host posts it.
let history: Message[] = []
const { fake, show } = await setUpConversations(() => ok({ messages: history, hasMore: false }))

const MB = 1024 * 1024
const lobbyOnly = () =>
  session({ rooms: [room('lobby', 'Lobby', null), room('r1', 'Física', null)] })
const changed = (t: Transfer) => act(() => fake.emit({ type: 'transfer:changed', payload: t }))
const card = () => screen.getByTestId('upload')
const status = () => within(card()).getByTestId('transfer-status').textContent

describe('uploads in the room', () => {
  it('shows progress with speed and time left, and Cancel cancels', async () => {
    history = []
    show(lobbyOnly())
    await screen.findByTestId('attach-button')
    changed(transfer({ state: 'queued' }))
    expect(card().getAttribute('data-state')).toBe('queued')
    expect(within(card()).getByTestId('file-name').textContent).toBe('report.pdf')
    expect(within(card()).getByTestId('file-meta').textContent).toBe('10 MB')
    expect(status()).toBe('Waiting to start…')

    changed(
      transfer({
        state: 'active',
        done: 3.2 * MB,
        bytesPerSecond: 1.5 * MB,
        etaMs: 4_600
      })
    )
    expect(status()).toBe('3.2 MB of 10 MB · 1.5 MB/s · 5 seconds left')
    const bar = within(card()).getByRole('progressbar', { name: 'Sending report.pdf' })
    expect(bar.getAttribute('aria-valuenow')).toBe('32')
    expect(bar.getAttribute('aria-valuetext')).toBe(status())

    // Not moving: no speed, no guess at the time left.
    changed(transfer({ state: 'active', done: 3.2 * MB, bytesPerSecond: 0, etaMs: null }))
    expect(status()).toBe('3.2 MB of 10 MB')

    fireEvent.click(within(card()).getByTestId('upload-cancel'))
    await waitFor(() => expect(fake.calls('file:cancel')).toEqual([{ transferId: 't1' }]))
    changed(transfer({ state: 'cancelled', done: 3.2 * MB }))
    expect(screen.queryByTestId('upload')).toBeNull()
  })

  it('waits for the host by itself; a failure says why and Retry starts it again', async () => {
    history = []
    fake.on('file:retry', () => ok(transfer({ state: 'queued', done: 5 * MB })))
    show(lobbyOnly(), 'pt-BR')
    await screen.findByTestId('attach-button')
    changed(transfer({ state: 'waiting', done: 5 * MB }))
    expect(status()).toBe('Aguardando o host — continua sozinho')

    changed(
      transfer({
        state: 'failed',
        done: 5 * MB,
        error: { code: 'STORAGE_FULL', message: 'storage full' }
      })
    )
    expect(within(card()).getByTestId('upload-error').textContent).toBe(
      'Não enviado: O host não tem mais espaço para arquivos. Peça a quem hospeda para liberar algum.'
    )
    expect(within(card()).getByRole('alert')).toBeTruthy()
    // A code this version does not know is said in main's words.
    changed(
      transfer({ state: 'failed', done: 5 * MB, error: { code: 'SOMETHING_NEW', message: 'x' } })
    )
    expect(within(card()).getByTestId('upload-error').textContent).toBe('Não enviado: x')

    fireEvent.click(within(card()).getByRole('button', { name: 'Tentar de novo' }))
    await waitFor(() => expect(card().getAttribute('data-state')).toBe('queued'))
    expect(fake.calls('file:retry')).toEqual([{ transferId: 't1' }])
    expect(status()).toBe('Aguardando para começar…')
  })

  it('shows each room its own uploads, and gives way to the message once posted', async () => {
    history = []
    show(lobbyOnly())
    await screen.findByTestId('attach-button')
    changed(transfer({ id: 't2', roomId: 'r1', name: 'outra.zip', clientId: 'c2' }))
    changed(transfer({ state: 'active', done: 9 * MB, caption: 'o relatório' }))
    expect(screen.getAllByTestId('upload')).toHaveLength(1)
    expect(card().textContent).toContain('o relatório')

    changed(transfer({ state: 'done', done: 10 * MB, messageId: 'lobby-m4' }))
    expect(status()).toBe('Finishing…')
    expect(within(card()).queryByTestId('upload-cancel')).toBeNull()

    const posted = text('lobby', 4, ana, {
      text: 'o relatório',
      clientId: 'c1',
      attachment: attachment({ name: 'report.pdf', size: 10 * MB })
    })
    act(() => fake.emit({ type: 'message:new', payload: posted }))
    await waitFor(() => expect(screen.queryByTestId('upload')).toBeNull())
    expect(screen.getByTestId('file-card').textContent).toContain('report.pdf')
    // A late word on the finished upload brings no card back: its message is there.
    changed(transfer({ state: 'done', done: 10 * MB, messageId: 'lobby-m4' }))
    expect(screen.queryByTestId('upload')).toBeNull()

    fireEvent.click(screen.getByText('Física'))
    await waitFor(() =>
      expect(within(card()).getByTestId('file-name').textContent).toBe('outra.zip')
    )
  })

  it('shows what the session was already sending when the window loads', async () => {
    history = []
    fake.on('file:transfers', () =>
      ok({
        transfers: [
          transfer({ state: 'active', done: 2 * MB, bytesPerSecond: 512 * 1024, etaMs: 65_000 }),
          // Finished and posted before this window loaded: nothing to show.
          transfer({ id: 't0', state: 'done', done: MB, size: MB, messageId: 'lobby-m1' })
        ]
      })
    )
    show(lobbyOnly())
    await waitFor(() => expect(screen.getAllByTestId('upload')).toHaveLength(1))
    expect(status()).toBe('2 MB of 10 MB · 512 kB/s · 2 minutes left')
  })
})
