import { render } from '@testing-library/react'
import { VirtuosoMockContext } from 'react-virtuoso'
import { afterEach, beforeEach, vi } from 'vitest'
import type { BridgeArgs, BridgeResults, SessionInfo } from '../../src/shared/bridge'
import type { Member, RoomSummary, TextMessage, UserRef } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { ok } from '../../src/shared/result'
import { textMessage } from '../helpers/messages'
import { chatScreen, NoResize, type ChatScreenComponent, type CreateI18n } from './chat-fixtures'
import { installFakeBridge } from './fake-bridge'
import { ana, bia, room, session } from './trust-fixtures'

export { ana, bia, room, session }
export const caio = { id: 'u-caio', nickname: 'Caio' }

export const everyone: Member[] = [
  { ...ana, online: true, status: 'available' },
  { ...bia, online: true, status: 'available' },
  { ...caio, online: false, status: 'available' }
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
): TextMessage =>
  textMessage({
    id: `${roomId}-m${seq}`,
    roomId,
    seq,
    at: AT + seq * 1_000,
    author,
    text: `message ${seq}`,
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

function showChat(
  ChatScreen: ChatScreenComponent,
  createI18n: CreateI18n,
  info: SessionInfo,
  language: 'en' | 'pt-BR' = 'en'
) {
  // The mock context gives Virtuoso sizes, so it draws the rows in view (a few dozen of 40 px in
  // 1 000 px).
  return render(
    <VirtuosoMockContext.Provider value={{ viewportHeight: 1_000, itemHeight: 40 }}>
      {chatScreen(ChatScreen, createI18n, info, language)}
    </VirtuosoMockContext.Provider>
  )
}

/** The row of a message on screen, by its id. */
export const row = (id: string): HTMLElement | null =>
  document.querySelector(`[data-testid=message][data-message-id="${id}"]`)

type HistoryHandler = (args: BridgeArgs<'room:history'>) => Result<BridgeResults['room:history']>

/**
 * What every conversation test file sets up: the fake bridge, then the screen and i18n loaded
 * against it; before each test, the fake reset, Virtuoso given sizes, the window focused,
 * room:history answered by `history` and room:members with `everyone`. Call at the top level of
 * the file; `show` renders the chat screen for a session.
 */
export async function setUpConversations(history: HistoryHandler) {
  const fake = installFakeBridge()
  const { ChatScreen } = await import('../../src/renderer/src/screens/ChatScreen')
  const { createI18n } = await import('../../src/renderer/src/i18n')
  Element.prototype.scrollBy ??= () => {}
  Element.prototype.scrollTo ??= () => {}

  beforeEach(() => {
    fake.reset()
    vi.stubGlobal('ResizeObserver', NoResize)
    vi.spyOn(document, 'hasFocus').mockImplementation(() => true)
    fake.on('room:history', history)
    fake.on('room:members', () => ok({ members: everyone }))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  return {
    fake,
    show: (info: SessionInfo, language: 'en' | 'pt-BR' = 'en') =>
      showChat(ChatScreen, createI18n, info, language)
  }
}
