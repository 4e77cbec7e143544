import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionInfo } from '../../src/shared/bridge'
import { shortCode } from '../../src/shared/fingerprint'
import { err, ok, type Result } from '../../src/shared/result'
import { installFakeBridge } from './fake-bridge'
import { FP_NOW, FP_PINNED, identity, session } from './trust-fixtures'
import { DEFAULT_PREFS } from '../../src/main/session/prefs'

// Joining a host with trust on the way: the code compared the first time, the warning when it
// changed, a password, and waiting at the door of an "ask me first" host.
const fake = installFakeBridge()
const { StartScreen } = await import('../../src/renderer/src/screens/StartScreen')
const { createI18n } = await import('../../src/renderer/src/i18n')

const joined = session()

function show(lastAddress = '192.168.0.12') {
  const onStarted = vi.fn<(s: SessionInfo) => void>()
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <StartScreen
        prefs={{
          ...DEFAULT_PREFS,
          language: null,
          lastNickname: 'Ana',
          lastAddress
        }}
        onStarted={onStarted}
        onSettings={vi.fn()}
      />
    </I18nextProvider>
  )
  return { onStarted }
}

beforeEach(() => fake.reset())

describe('first join of an address', () => {
  beforeEach(() => {
    fake.on('session:join', (args) =>
      args.acceptFingerprint === FP_NOW ? ok(joined) : err('HOST_UNVERIFIED', 'Unverified.')
    )
    fake.on('host:identify', () => ok(identity()))
  })

  it('shows the host’s short code to compare, and joins trusting it once it is the same', async () => {
    const { onStarted } = show()
    fireEvent.click(screen.getByTestId('join-button'))

    const dialog = await screen.findByTestId('host-check-dialog')
    expect(within(dialog).getByRole('heading').textContent).toBe('Check the host’s code')
    expect(screen.getByTestId('host-check-code').textContent).toBe(shortCode(FP_NOW))
    expect(screen.getByTestId('host-check-name').textContent).toBe('sala-3')
    expect(dialog.textContent).toContain('Ask the person hosting to read the code shown on their')
    expect(fake.calls('host:identify')).toEqual([{ address: '192.168.0.12' }])
    // Enter out of habit must not accept a code nobody compared.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByTestId('host-check-cancel'))
    )
    expect(screen.queryByTestId('form-error')).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: 'It’s the same — join' }))
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(joined))
    expect(fake.calls('session:join')).toEqual([
      { nickname: 'Ana', address: '192.168.0.12' },
      { nickname: 'Ana', address: '192.168.0.12', acceptFingerprint: FP_NOW }
    ])
  })

  it('joins nothing when the person cancels (Escape too)', async () => {
    const { onStarted } = show()
    fireEvent.click(screen.getByTestId('join-button'))
    fireEvent.keyDown(await screen.findByTestId('host-check-dialog'), { key: 'Escape' })
    expect(screen.queryByTestId('host-check-dialog')).toBeNull()
    expect(fake.calls('session:join')).toHaveLength(1)
    expect(onStarted).not.toHaveBeenCalled()
    expect((screen.getByTestId('join-button') as HTMLButtonElement).disabled).toBe(false)
  })

  it('warns instead when the address was pinned to another code after all', async () => {
    fake.on('host:identify', () =>
      ok(identity({ pinned: 'changed', pinnedFingerprint: FP_PINNED }))
    )
    show()
    fireEvent.click(screen.getByTestId('join-button'))
    await screen.findByTestId('host-key-changed-dialog')
    expect(screen.queryByTestId('host-check-dialog')).toBeNull()
  })

  it('keeps the accepted code when the host then asks for a password', async () => {
    fake.on('session:join', (args) =>
      args.acceptFingerprint !== FP_NOW
        ? err('HOST_UNVERIFIED', 'Unverified.')
        : args.password === 'segredo'
          ? ok(joined)
          : err('PASSWORD_REQUIRED', 'Password.')
    )
    const { onStarted } = show()
    fireEvent.click(screen.getByTestId('join-button'))
    fireEvent.click(await screen.findByTestId('host-check-accept'))
    const password = await screen.findByTestId('join-password-input')
    fireEvent.change(password, { target: { value: 'segredo' } })
    fireEvent.click(screen.getByTestId('join-button'))
    await waitFor(() => expect(onStarted).toHaveBeenCalled())
    expect(fake.calls('session:join').at(-1)).toEqual({
      nickname: 'Ana',
      address: '192.168.0.12',
      password: 'segredo',
      acceptFingerprint: FP_NOW
    })
  })
})

describe('a host whose code changed', () => {
  it('warns with both codes and offers no way to join', async () => {
    fake.on('session:join', () => err('HOST_KEY_CHANGED', 'Changed.'))
    fake.on('host:identify', () =>
      ok(identity({ pinned: 'changed', pinnedFingerprint: FP_PINNED }))
    )
    const { onStarted } = show()
    fireEvent.click(screen.getByTestId('join-button'))

    const dialog = await screen.findByTestId('host-key-changed-dialog')
    expect(within(dialog).getByRole('alert').textContent).toBe(
      'This host’s code changed: someone may be pretending to be it.'
    )
    expect(screen.getByTestId('host-key-changed-old-code').textContent).toBe(shortCode(FP_PINNED))
    expect(screen.getByTestId('host-key-changed-new-code').textContent).toBe(shortCode(FP_NOW))
    expect(dialog.textContent).toContain('Settings → Known hosts')
    // One button, and it closes.
    expect(
      within(dialog)
        .getAllByRole('button')
        .map((b) => b.textContent)
    ).toEqual(['Close'])

    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByTestId('host-key-changed-dialog')).toBeNull()
    expect(fake.calls('session:join')).toHaveLength(1)
    expect(onStarted).not.toHaveBeenCalled()
  })

  it('still warns when the host cannot be asked for its codes', async () => {
    fake.on('session:join', () => err('HOST_KEY_CHANGED', 'Changed.'))
    fake.on('host:identify', () => err('TIMEOUT', 'No answer.'))
    show()
    fireEvent.click(screen.getByTestId('join-button'))
    const dialog = await screen.findByTestId('host-key-changed-dialog')
    expect(within(dialog).getByRole('alert')).toBeTruthy()
    expect(screen.queryByTestId('host-key-changed-new-code')).toBeNull()
    expect(within(dialog).getAllByRole('button')).toHaveLength(1)
  })
})

describe('a host with a password', () => {
  it('asks for it in the join form, focused with the error, and joins with it', async () => {
    fake.on('session:join', (args) =>
      args.password === undefined
        ? err('PASSWORD_REQUIRED', 'Password.')
        : args.password === 'segredo'
          ? ok(joined)
          : err('PASSWORD_WRONG', 'Wrong.')
    )
    const { onStarted } = show()
    expect(screen.queryByTestId('join-password-input')).toBeNull()
    fireEvent.click(screen.getByTestId('join-button'))

    const password = (await screen.findByTestId('join-password-input')) as HTMLInputElement
    await waitFor(() => expect(document.activeElement).toBe(password))
    expect(screen.getByTestId('form-error').textContent).toBe(
      'This host asks for a password. Type it and join again.'
    )

    fireEvent.change(password, { target: { value: 'errado' } })
    fireEvent.click(screen.getByTestId('join-button'))
    await waitFor(() =>
      expect(screen.getByTestId('form-error').textContent).toBe(
        'That password is not right. Check it with the person hosting.'
      )
    )
    expect(password.getAttribute('aria-invalid')).toBe('true')
    expect(password.getAttribute('aria-describedby')).toContain('form-error')
    await waitFor(() => expect(document.activeElement).toBe(password))

    // Show/hide, for a password read aloud.
    expect(password.type).toBe('password')
    const toggle = screen.getByTestId('join-password-toggle')
    expect(toggle.getAttribute('aria-label')).toBe('Show password')
    fireEvent.click(toggle)
    expect(password.type).toBe('text')
    expect(toggle.getAttribute('aria-label')).toBe('Hide password')

    fireEvent.change(password, { target: { value: 'segredo' } })
    fireEvent.click(screen.getByTestId('join-button'))
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(joined))
    expect(fake.calls('session:join').map((a) => a.password)).toEqual([
      undefined,
      'errado',
      'segredo'
    ])
  })

  it('does not offer one host’s password field for another address', async () => {
    fake.on('session:join', () => err('PASSWORD_REQUIRED', 'Password.'))
    show()
    fireEvent.click(screen.getByTestId('join-button'))
    await screen.findByTestId('join-password-input')
    fireEvent.change(screen.getByTestId('address-input'), { target: { value: '192.168.0.13' } })
    expect(screen.queryByTestId('join-password-input')).toBeNull()
  })

  it('says how long to wait when there were too many tries', async () => {
    fake.on('session:join', () => err('RATE_LIMITED', 'Slow down.', 11_200))
    show()
    fireEvent.click(screen.getByTestId('join-button'))
    await waitFor(() =>
      expect(screen.getByTestId('form-error').textContent).toBe(
        'Too many tries in a short time. Try again in 12 seconds.'
      )
    )
  })
})

describe('an "ask me first" host', () => {
  let answer: (r: Result<SessionInfo>) => void
  beforeEach(() => {
    fake.on('session:join', () => new Promise((resolve) => (answer = resolve)))
    fake.on('session:cancel-join', () => {
      answer(err('JOIN_CANCELLED', 'Cancelled.'))
      return ok({})
    })
  })

  const knockAndWait = async () => {
    fireEvent.click(screen.getByTestId('join-button'))
    await waitFor(() => expect(fake.calls('session:join')).toHaveLength(1))
    act(() =>
      fake.emit({
        type: 'join:knocking',
        payload: { address: '192.168.0.12:4747', hostName: 'sala-3' }
      })
    )
    return screen.getByTestId('knocking-status')
  }

  it('says who it waits for, and Cancel gives up quietly', async () => {
    const { onStarted } = show()
    const status = await knockAndWait()
    expect(within(status).getByRole('status').textContent).toBe(
      'Waiting for the person hosting sala-3 to let you in…'
    )
    const cancel = screen.getByTestId('cancel-join-button')
    await waitFor(() => expect(document.activeElement).toBe(cancel))
    expect(screen.queryByTestId('join-button')).toBeNull()

    fireEvent.click(cancel)
    expect(fake.calls('session:cancel-join')).toEqual([{}])
    await waitFor(() => expect(screen.queryByTestId('knocking-status')).toBeNull())
    // Stopping is what the person asked for: no error to read.
    expect(screen.queryByTestId('form-error')).toBeNull()
    expect((screen.getByTestId('join-button') as HTMLButtonElement).disabled).toBe(false)
    expect(onStarted).not.toHaveBeenCalled()
  })

  it('says so when the person hosting turns it away', async () => {
    show()
    await knockAndWait()
    await act(async () => answer(err('TURNED_AWAY', 'No.')))
    expect(screen.queryByTestId('knocking-status')).toBeNull()
    expect(screen.getByTestId('form-error').textContent).toBe(
      'The person hosting did not let you in.'
    )
  })

  it('opens the chat when let in', async () => {
    const { onStarted } = show()
    await knockAndWait()
    await act(async () => answer(ok(joined)))
    expect(onStarted).toHaveBeenCalledWith(joined)
  })

  it('ignores a knocking event when no join is waiting', () => {
    show()
    act(() =>
      fake.emit({ type: 'join:knocking', payload: { address: '192.168.0.12', hostName: 'x' } })
    )
    expect(screen.queryByTestId('knocking-status')).toBeNull()
  })
})

describe('hosting with "Advanced"', () => {
  it('is collapsed at first, and passes the password and "Ask me first"', async () => {
    fake.on('session:host', () => ok(session({ mode: 'host' })))
    const { onStarted } = show()
    const details = screen.getByTestId('host-advanced').closest('details') as HTMLDetailsElement
    expect(details.open).toBe(false)

    const password = screen.getByTestId('host-password-input') as HTMLInputElement
    expect(password.type).toBe('password')
    fireEvent.change(password, { target: { value: 'segredo' } })
    fireEvent.click(screen.getByTestId('host-password-toggle'))
    expect(password.type).toBe('text')
    fireEvent.click(screen.getByRole('checkbox', { name: 'Ask me first' }))
    fireEvent.click(screen.getByTestId('host-button'))

    await waitFor(() => expect(onStarted).toHaveBeenCalled())
    expect(fake.calls('session:host')).toEqual([
      { nickname: 'Ana', password: 'segredo', askFirst: true }
    ])
  })

  it('sends neither when left alone', async () => {
    fake.on('session:host', () => ok(session({ mode: 'host' })))
    show()
    fireEvent.click(screen.getByTestId('host-button'))
    await waitFor(() => expect(fake.calls('session:host')).toEqual([{ nickname: 'Ana' }]))
  })
})
