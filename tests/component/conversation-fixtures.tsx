import { render } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { VirtuosoMockContext } from 'react-virtuoso'
import { vi } from 'vitest'
import type { SessionInfo } from '../../src/shared/bridge'
import type { Member, RoomSummary, TextMessage, UserRef } from '../../src/shared/models'
import type { ChatScreen as ChatScreenComponentValue } from '../../src/renderer/src/screens/ChatScreen'
import type { createI18n as createI18nValue } from '../../src/renderer/src/i18n'
import { ana, bia, room, session } from './trust-fixtures'

// The screen and i18n are imported by each test after its fake bridge is installed (they read
// window.papo as they load), and handed to showChat.
type ChatScreenComponent = typeof ChatScreenComponentValue
type CreateI18n = typeof createI18nValue

export { ana, bia, room, session }
export const caio = { id: 'u-caio', nickname: 'Caio' }

export const everyone: Member[] = [
  { ...ana, online: true },
  { ...bia, online: true },
  { ...caio, online: false }
]

/** A direct conversation with `peer`, as the host lists it. */
export const dm = (id: string, peer: UserRef, extra: Partial<RoomSummary> = {}): RoomSummary => ({
  ...room(id, peer.nickname, null),
  code: null,
  isDirect: true,
  peer,
  memberCount: 2,
  ...extra
})

const AT = new Date(2025, 0, 6, 14, 0).getTime()

export const text = (
  roomId: string,
  seq: number,
  author: UserRef = bia,
  extra: Partial<TextMessage> = {}
): TextMessage => ({
  id: `${roomId}-m${seq}`,
  roomId,
  seq,
  at: AT + seq * 1_000,
  kind: 'text',
  author,
  text: `message ${seq}`,
  clientId: null,
  replyTo: null,
  editedAt: null,
  deletedAt: null,
  reactions: [],
  change: 0,
  ...extra
})

/** Consecutive texts `from`..`to`, alternating Bia and Caio (Ana's own where `own` says). */
export const texts = (
  roomId: string,
  from: number,
  to: number,
  own: (seq: number) => boolean = () => false
): TextMessage[] =>
  Array.from({ length: to - from + 1 }, (_, i) => {
    const seq = from + i
    return text(roomId, seq, own(seq) ? ana : seq % 2 ? bia : caio)
  })

// Virtuoso measures with ResizeObserver, which jsdom lacks; the mock context gives it sizes, so
// it draws the rows in view (a few dozen of 40 px in 1 000 px).
export class NoResize {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

export function showChat(
  ChatScreen: ChatScreenComponent,
  createI18n: CreateI18n,
  info: SessionInfo,
  language: 'en' | 'pt-BR' = 'en'
) {
  return render(
    <I18nextProvider i18n={createI18n(language)}>
      <VirtuosoMockContext.Provider value={{ viewportHeight: 1_000, itemHeight: 40 }}>
        <ChatScreen
          session={info}
          prefs={{ language: null, lastNickname: 'Ana', lastAddress: '', membersPaneHidden: false }}
          language={language}
          onPrefs={vi.fn()}
          onEnded={vi.fn()}
          onSettings={vi.fn()}
        />
      </VirtuosoMockContext.Provider>
    </I18nextProvider>
  )
}

/** The row of a message on screen, by its id. */
export const row = (id: string): HTMLElement | null =>
  document.querySelector(`[data-testid=message][data-message-id="${id}"]`)
