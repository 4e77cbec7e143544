import { fireEvent, render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { HostCrashBanner } from '../../src/renderer/src/components/HostCrashBanner'
import { createI18n } from '../../src/renderer/src/i18n'
import type { HostCrashState } from '../../src/renderer/src/state/chat-state'

function show(crash: HostCrashState | null, language: 'en' | 'pt-BR' = 'en') {
  const onRestart = vi.fn()
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <HostCrashBanner crash={crash} onRestart={onRestart} />
    </I18nextProvider>
  )
  return onRestart
}

const crash: HostCrashState = { reason: 'killed by SIGKILL', restarting: false, errorCode: null }

describe('host crash banner', () => {
  it('is absent unless the host process crashed', () => {
    show(null)
    expect(screen.queryByTestId('host-crash-banner')).toBeNull()
  })

  it('says hosting stopped and offers the restart, in Portuguese too', () => {
    const onRestart = show(crash, 'pt-BR')
    expect(screen.getByTestId('host-crash-banner').textContent).toContain(
      'A hospedagem parou inesperadamente.'
    )
    fireEvent.click(screen.getByRole('button', { name: 'Reiniciar a hospedagem' }))
    expect(onRestart).toHaveBeenCalledTimes(1)
  })

  it('cannot be clicked twice while restarting, and says why a restart failed', () => {
    const onRestart = show({ ...crash, restarting: true })
    const button = screen.getByRole('button', { name: 'Restarting…' }) as HTMLButtonElement
    expect(button.disabled).toBe(true)
    fireEvent.click(button)
    expect(onRestart).not.toHaveBeenCalled()
  })

  it('says why the last restart failed', () => {
    show({ ...crash, errorCode: 'INTERNAL' })
    expect(screen.getByTestId('host-restart-error').textContent).toMatch(/^Could not restart: /)
  })
})
