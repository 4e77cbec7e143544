import type { ReactElement } from 'react'
import { I18nextProvider } from 'react-i18next'
import { vi } from 'vitest'
import type { SessionInfo } from '../../src/shared/bridge'
import type { ChatScreen as ChatScreenComponentValue } from '../../src/renderer/src/screens/ChatScreen'
import type { createI18n as createI18nValue } from '../../src/renderer/src/i18n'
import { DEFAULT_PREFS } from '../../src/main/session/prefs'

// The chat screen as the component tests render it. The screen and i18n are imported by each
// test file after its fake bridge is installed (they read window.papo as they load), and handed in.
export type ChatScreenComponent = typeof ChatScreenComponentValue
export type CreateI18n = typeof createI18nValue

/** Virtuoso measures with ResizeObserver, which jsdom lacks. */
export class NoResize {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

/** The chat screen for `info`, with Ana's preferences and callbacks that record nothing. */
export function chatScreen(
  ChatScreen: ChatScreenComponent,
  createI18n: CreateI18n,
  info: SessionInfo,
  language: 'en' | 'pt-BR' = 'en'
): ReactElement {
  return (
    <I18nextProvider i18n={createI18n(language)}>
      <ChatScreen
        session={info}
        prefs={{
          ...DEFAULT_PREFS,
          language: null,
          lastNickname: 'Ana',
          lastAddress: ''
        }}
        language={language}
        onPrefs={vi.fn()}
        onEnded={vi.fn()}
        onSettings={vi.fn()}
      />
    </I18nextProvider>
  )
}
