import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { shortCode } from '../../src/shared/fingerprint'
import { ok } from '../../src/shared/result'
import { installFakeBridge } from './fake-bridge'
import { FP_NOW, FP_PINNED } from './trust-fixtures'
import { DEFAULT_PREFS } from '../../src/main/session/prefs'

// Settings → Known hosts: the addresses whose code this app trusts, and forgetting one.
const fake = installFakeBridge()
const { SettingsDialog } = await import('../../src/renderer/src/components/SettingsDialog')
const { createI18n } = await import('../../src/renderer/src/i18n')

function show(hostCode: string | null = null) {
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <SettingsDialog
        language={null}
        appLanguage="en"
        prefs={DEFAULT_PREFS}
        version="0.1.0"
        hostCode={hostCode}
        onLanguage={vi.fn()}
        onPrefs={vi.fn()}
        onClose={vi.fn()}
      />
    </I18nextProvider>
  )
}

beforeEach(() => {
  fake.reset()
  fake.on('hosts:known', () =>
    ok({
      hosts: [
        {
          address: '192.168.0.12:4747',
          fingerprint: FP_PINNED,
          hostName: 'sala-3',
          pinnedAt: Date.UTC(2025, 0, 6)
        },
        {
          address: '192.168.0.20:4747',
          fingerprint: FP_NOW,
          hostName: 'lab',
          pinnedAt: Date.UTC(2025, 0, 7)
        }
      ]
    })
  )
})

const rows = () => screen.queryAllByTestId('known-host')

describe('known hosts', () => {
  it('lists each address with its host, code and date', async () => {
    show()
    await waitFor(() => expect(rows()).toHaveLength(2))
    const first = rows()[0] as HTMLElement
    expect(first.getAttribute('data-address')).toBe('192.168.0.12:4747')
    expect(first.textContent).toContain('sala-3')
    expect(first.textContent).toContain(shortCode(FP_PINNED))
    expect(first.textContent).toContain('Since Jan')
  })

  it('forgets one after a confirmation', async () => {
    fake.on('hosts:forget', () => ok({}))
    show()
    await waitFor(() => expect(rows()).toHaveLength(2))
    fireEvent.click(within(rows()[0] as HTMLElement).getByRole('button', { name: 'Forget' }))

    const confirm = screen.getByTestId('forget-host-dialog')
    expect(within(confirm).getByRole('heading').textContent).toBe(
      'Forget the code of 192.168.0.12:4747?'
    )
    expect(fake.calls('hosts:forget')).toEqual([])
    fireEvent.click(within(confirm).getByTestId('confirm-button'))
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(fake.calls('hosts:forget')).toEqual([{ address: '192.168.0.12:4747' }])
    expect(screen.queryByTestId('forget-host-dialog')).toBeNull()
    // Settings stays open.
    expect(screen.getByTestId('settings-dialog')).toBeTruthy()
  })

  it('keeps it when the confirmation is cancelled with Escape, and Settings stays open', async () => {
    show()
    await waitFor(() => expect(rows()).toHaveLength(2))
    fireEvent.click(within(rows()[1] as HTMLElement).getByTestId('known-host-forget'))
    fireEvent.keyDown(screen.getByTestId('forget-host-dialog'), { key: 'Escape' })
    expect(screen.queryByTestId('forget-host-dialog')).toBeNull()
    expect(screen.getByTestId('settings-dialog')).toBeTruthy()
    expect(rows()).toHaveLength(2)
    expect(fake.calls('hosts:forget')).toEqual([])
  })

  it('says when there are none, and shows the current host’s code in a chat', async () => {
    fake.on('hosts:known', () => ok({ hosts: [] }))
    show(shortCode(FP_NOW))
    await screen.findByTestId('known-hosts-empty')
    expect(screen.getByTestId('settings-host-code').textContent).toBe(shortCode(FP_NOW))
  })
})
