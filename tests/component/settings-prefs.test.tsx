import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppInfo, Language, Prefs } from '../../src/shared/bridge'
import { ok } from '../../src/shared/result'
import { DEFAULT_PREFS } from '../../src/main/session/prefs'
import { installFakeBridge } from './fake-bridge'
import { ana, bia, session } from './trust-fixtures'

// Settings → Theme, Notifications (the sound) and Check spelling in, as the dialog shows and
// changes them; the theme put on the page at once; and the bell in a room's header that mutes
// that room, kept in the prefs under the host's id.
const fake = installFakeBridge()
const { SettingsDialog } = await import('../../src/renderer/src/components/SettingsDialog')
const { App } = await import('../../src/renderer/src/App')
const { createI18n } = await import('../../src/renderer/src/i18n')

class NoResize {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
Element.prototype.scrollBy ??= () => {}

beforeEach(() => {
  fake.reset()
  vi.stubGlobal('ResizeObserver', NoResize)
  fake.on('hosts:known', () => ok({ hosts: [] }))
  fake.on('app:info', () =>
    ok({ version: '0.1.0', platform: 'linux', systemLocale: 'en', prefs: DEFAULT_PREFS })
  )
  fake.on('room:history', () => ok({ messages: [], hasMore: false }))
  fake.on('room:members', () =>
    ok({
      members: [
        { ...ana, online: true, status: 'available' },
        { ...bia, online: true, status: 'available' }
      ]
    })
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  delete document.documentElement.dataset['theme']
})

function dialog(prefs: Partial<Prefs> = {}, appLanguage: Language = 'en') {
  const onPrefs = vi.fn()
  render(
    <I18nextProvider i18n={createI18n(appLanguage)}>
      <SettingsDialog
        language={null}
        appLanguage={appLanguage}
        prefs={{ ...DEFAULT_PREFS, ...prefs }}
        version="0.1.0"
        hostCode={null}
        onLanguage={vi.fn()}
        onPrefs={onPrefs}
        onClose={vi.fn()}
      />
    </I18nextProvider>
  )
  return onPrefs
}

const theme = () => screen.getByTestId('theme-select') as HTMLSelectElement
const sound = () => screen.getByTestId('notification-sound') as HTMLInputElement
const spelling = (language: Language) =>
  screen.getByTestId(`spellcheck-${language}`) as HTMLInputElement

describe('the settings dialog', () => {
  it('offers system, light and dark, and says which is chosen', () => {
    const onPrefs = dialog({ theme: 'light' })
    expect(screen.getByLabelText('Theme')).toBe(theme())
    expect([...theme().options].map((o) => [o.value, o.text])).toEqual([
      ['system', 'System default'],
      ['light', 'Light'],
      ['dark', 'Dark']
    ])
    expect(theme().value).toBe('light')
    fireEvent.change(theme(), { target: { value: 'dark' } })
    expect(onPrefs).toHaveBeenCalledWith({ theme: 'dark' })
  })

  it('turns the notification sound off and on', () => {
    const onPrefs = dialog()
    expect(sound().checked).toBe(true)
    expect(screen.getByLabelText('Play a sound')).toBe(sound())
    fireEvent.click(sound())
    expect(onPrefs).toHaveBeenLastCalledWith({ notificationSound: false })
  })

  it('checks spelling in the app language until languages are ticked', () => {
    const onPrefs = dialog({}, 'pt-BR')
    expect(screen.getByText('Verificar a ortografia em')).toBeTruthy()
    expect(spelling('pt-BR').checked).toBe(true)
    expect(spelling('en').checked).toBe(false)
    expect(screen.getByLabelText('English')).toBe(spelling('en'))
    fireEvent.click(spelling('en'))
    expect(onPrefs).toHaveBeenLastCalledWith({ spellcheckLanguages: ['pt-BR', 'en'] })
    fireEvent.click(spelling('pt-BR'))
    expect(onPrefs).toHaveBeenLastCalledWith({ spellcheckLanguages: [] })
  })

  it('shows an explicit choice, none included', () => {
    dialog({ spellcheckLanguages: ['en'] }, 'pt-BR')
    expect([spelling('pt-BR').checked, spelling('en').checked]).toEqual([false, true])
    cleanup()
    dialog({ spellcheckLanguages: [] })
    expect([spelling('pt-BR').checked, spelling('en').checked]).toEqual([false, false])
  })
})

function app(prefs: Partial<Prefs> = {}) {
  const info: AppInfo = {
    version: '1.0.0',
    platform: 'linux',
    systemLocale: 'en-US',
    prefs: { ...DEFAULT_PREFS, lastNickname: 'Ana', ...prefs }
  }
  render(<App info={info} i18n={createI18n('en')} session={session()} />)
}

describe('in the app', () => {
  it('puts the chosen theme on the page at once, and saves it', async () => {
    app()
    await screen.findByTestId('chat-screen')
    expect(document.documentElement.dataset['theme']).toBeUndefined()
    fireEvent.click(screen.getByTestId('settings-button'))
    fireEvent.change(theme(), { target: { value: 'dark' } })
    expect(document.documentElement.dataset['theme']).toBe('dark')
    fireEvent.change(theme(), { target: { value: 'system' } })
    expect(document.documentElement.dataset['theme']).toBeUndefined()
    expect(fake.calls('prefs:set')).toEqual([{ theme: 'dark' }, { theme: 'system' }])
  })

  it('mutes the open room from its header, under the host id', async () => {
    app({ mutedRooms: { other: ['lobby'] } })
    await screen.findByTestId('chat-screen')
    const bell = () => screen.getByTestId('mute-room-button')
    expect(bell().getAttribute('aria-pressed')).toBe('false')
    expect(bell().getAttribute('aria-label')).toBe('Mute notifications for this room')
    fireEvent.click(bell())
    await waitFor(() => expect(bell().getAttribute('aria-pressed')).toBe('true'))
    expect(bell().getAttribute('title')).toBe('Notifications for this room are off')
    expect(fake.calls('prefs:set')).toEqual([{ mutedRooms: { other: ['lobby'], h1: ['lobby'] } }])
    // The sidebar says it too, by a mark and to a screen reader; the other host's lobby said nothing.
    const lobbyItem = () => document.querySelector('[data-testid=room-item][data-room-id=lobby]')!
    expect(lobbyItem().getAttribute('data-muted')).toBe('true')
    expect(lobbyItem().querySelector('[data-testid=room-muted-mark]')).not.toBeNull()
    expect(lobbyItem().getAttribute('aria-label')).toContain('Notifications for this room are off')
    const fisica = document.querySelector('[data-testid=room-item][data-room-id=r1]')!
    expect(fisica.getAttribute('data-muted')).toBeNull()

    // Another room is not muted by it; the lobby still is when it is open again.
    act(() => fireEvent.click(screen.getByText('Física')))
    await waitFor(() => expect(screen.getByTestId('room-title').textContent).toBe('Física'))
    expect(bell().getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(bell())
    expect(fake.calls('prefs:set').at(-1)).toEqual({
      mutedRooms: { other: ['lobby'], h1: ['lobby', 'r1'] }
    })
    fireEvent.click(bell())
    expect(fake.calls('prefs:set').at(-1)).toEqual({
      mutedRooms: { other: ['lobby'], h1: ['lobby'] }
    })
    expect(fisica.getAttribute('data-muted')).toBeNull()
  })
})
