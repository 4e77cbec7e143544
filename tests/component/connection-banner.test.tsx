import { act, fireEvent, render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { ConnectionBanner } from '../../src/renderer/src/components/ConnectionBanner'
import { createI18n } from '../../src/renderer/src/i18n'
import type { ConnectionState } from '../../src/shared/bridge'

function setup(language: 'en' | 'pt-BR' = 'en') {
  const i18n = createI18n(language)
  const onLogout = vi.fn()
  const view = render(
    <I18nextProvider i18n={i18n}>
      <ConnectionBanner connection={{ status: 'connected' }} onLogout={onLogout} />
    </I18nextProvider>
  )
  const show = (connection: ConnectionState) =>
    view.rerender(
      <I18nextProvider i18n={i18n}>
        <ConnectionBanner connection={connection} onLogout={onLogout} />
      </I18nextProvider>
    )
  return { show, onLogout }
}

const banner = () => screen.queryByTestId('connection-banner')

describe('connection banner', () => {
  it('is absent while connected, says reconnecting, then briefly that the line is back', () => {
    vi.useFakeTimers()
    try {
      const { show } = setup()
      expect(banner()).toBeNull()
      show({ status: 'reconnecting', attempt: 1 })
      expect(banner()?.getAttribute('data-status')).toBe('reconnecting')
      expect(banner()?.textContent).toBe('Connection lost. Reconnecting…')
      show({ status: 'connected' })
      expect(banner()?.textContent).toBe('Back online.')
      act(() => vi.advanceTimersByTime(3_000))
      expect(banner()).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('offers a way out when the host seems gone', () => {
    const { show, onLogout } = setup('pt-BR')
    show({ status: 'host-gone', attempt: 6 })
    expect(banner()?.getAttribute('data-status')).toBe('host-gone')
    fireEvent.click(screen.getByRole('button', { name: 'Sair e voltar ao início' }))
    expect(onLogout).toHaveBeenCalled()
  })

  it('says the host stopped or another host answers, and Papo waits, with the way out', () => {
    const { show, onLogout } = setup()
    show({ status: 'host-stopped', attempt: 1 })
    expect(banner()?.getAttribute('data-status')).toBe('host-stopped')
    expect(banner()?.textContent).toContain('The host stopped the chat. Papo rejoins by itself')
    show({ status: 'host-changed', attempt: 3 })
    expect(banner()?.textContent).toContain('A different Papo host answers at this address')
    fireEvent.click(screen.getByRole('button', { name: 'Log out and go back to the start' }))
    expect(onLogout).toHaveBeenCalledTimes(1)
    show({ status: 'reconnecting', attempt: 1 })
    expect(screen.queryByRole('button')).toBeNull()
  })
})
