import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Prefs } from '../../src/shared/bridge'
import { ok } from '../../src/shared/result'
import { installFakeBridge } from './fake-bridge'
import { DEFAULT_PREFS } from '../../src/main/session/prefs'

// Settings → "Launch Papo when I log in": read from the prefs, changed through prefs:set.
const fake = installFakeBridge()
const { SettingsDialog } = await import('../../src/renderer/src/components/SettingsDialog')
const { createI18n } = await import('../../src/renderer/src/i18n')

let prefs: Prefs
beforeEach(() => {
  fake.reset()
  prefs = {
    ...DEFAULT_PREFS,
    language: null,
    lastNickname: 'Ana',
    lastAddress: ''
  }
  fake.on('hosts:known', () => ok({ hosts: [] }))
  fake.on('app:info', () => ok({ version: '0.1.0', platform: 'linux', systemLocale: 'en', prefs }))
  fake.on('prefs:set', (patch) => {
    prefs = { ...prefs, ...patch }
    return ok(prefs)
  })
})

function show(language: 'en' | 'pt-BR' = 'en') {
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <SettingsDialog
        language={null}
        appLanguage={language}
        prefs={prefs}
        version="0.1.0"
        hostCode={null}
        onLanguage={vi.fn()}
        onPrefs={vi.fn()}
        onClose={vi.fn()}
      />
    </I18nextProvider>
  )
}

const box = () => screen.getByTestId('launch-at-login') as HTMLInputElement

describe('launch at login', () => {
  it('is off by default and turning it on calls prefs:set { launchAtLogin: true }', async () => {
    show()
    await waitFor(() => expect(box().disabled).toBe(false))
    expect(box().checked).toBe(false)
    expect(screen.getByLabelText('Launch Papo when I log in')).toBe(box())
    fireEvent.click(box())
    await waitFor(() => expect(fake.calls('prefs:set')).toEqual([{ launchAtLogin: true }]))
    await waitFor(() => expect(box().checked).toBe(true))
  })

  it('shows the saved choice and turns it off again', async () => {
    prefs.launchAtLogin = true
    show('pt-BR')
    await waitFor(() => expect(box().checked).toBe(true))
    expect(screen.getByLabelText('Abrir o Papo quando eu entrar no computador')).toBe(box())
    fireEvent.click(box())
    await waitFor(() => expect(fake.calls('prefs:set')).toEqual([{ launchAtLogin: false }]))
    await waitFor(() => expect(box().checked).toBe(false))
  })
})
