import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { ConfirmDialog, JoinRoomDialog } from '../../src/renderer/src/components/FormDialogs'
import { createI18n } from '../../src/renderer/src/i18n'
import { err, ok, type Result } from '../../src/shared/result'

const inEnglish = (ui: ReactNode) =>
  render(<I18nextProvider i18n={createI18n('en')}>{ui}</I18nextProvider>)

describe('join a room by code', () => {
  it('sends the code as people type it, normalised: lower case, dashes and spaces are fine', async () => {
    const submit = vi.fn(async (): Promise<Result<unknown>> => ok({}))
    const onClose = vi.fn()
    inEnglish(<JoinRoomDialog submit={submit} onClose={onClose} />)
    fireEvent.change(screen.getByTestId('room-code-input'), { target: { value: ' k7m-q2 x' } })
    fireEvent.click(screen.getByTestId('join-room-submit'))
    await waitFor(() => expect(onClose).toHaveBeenCalled())
    expect(submit).toHaveBeenCalledWith('K7MQ2X')
  })

  it('says what a code looks like without asking the host, and shows the host’s answer', async () => {
    const submit = vi.fn(async (): Promise<Result<unknown>> =>
      err('ROOM_NOT_FOUND', 'No room has that code.')
    )
    inEnglish(<JoinRoomDialog submit={submit} onClose={vi.fn()} />)
    const input = screen.getByTestId('room-code-input')
    // 0 and O are left out of codes, so this cannot be one.
    fireEvent.change(input, { target: { value: 'K0M-Q2X' } })
    fireEvent.click(screen.getByTestId('join-room-submit'))
    expect(screen.getByTestId('dialog-error').textContent).toContain('six letters and digits')
    expect(submit).not.toHaveBeenCalled()

    fireEvent.change(input, { target: { value: 'ZZZZZZ' } })
    fireEvent.click(screen.getByTestId('join-room-submit'))
    await waitFor(() =>
      expect(screen.getByTestId('dialog-error').textContent).toBe(
        'No room has that code. Check it and try again.'
      )
    )
  })
})

describe('confirm dialog', () => {
  it('stays open with the reason when the action fails, and closes when it works', async () => {
    const onClose = vi.fn()
    const onConfirm = vi
      .fn<() => Promise<Result<unknown>>>()
      .mockResolvedValueOnce(err('NOT_CONNECTED', 'Not connected.'))
      .mockResolvedValueOnce(ok({}))
    inEnglish(
      <ConfirmDialog
        title="Leave “Física”?"
        body="…"
        confirmLabel="Leave"
        onConfirm={onConfirm}
        onClose={onClose}
      />
    )
    fireEvent.click(screen.getByTestId('confirm-button'))
    await screen.findByTestId('dialog-error')
    expect(screen.getByTestId('dialog-error').textContent).toBe(
      'Not connected to the host right now.'
    )
    expect(onClose).not.toHaveBeenCalled()
    fireEvent.click(screen.getByTestId('confirm-button'))
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1))
  })

  it('closes on Escape', () => {
    const onClose = vi.fn()
    inEnglish(
      <ConfirmDialog
        title="Log out?"
        body="…"
        confirmLabel="Log out"
        onConfirm={async () => ok({})}
        onClose={onClose}
      />
    )
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' })
    expect(onClose).toHaveBeenCalled()
  })
})
