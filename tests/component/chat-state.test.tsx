import { describe, expect, it } from 'vitest'
import type { SessionInfo } from '../../src/shared/bridge'
import type { Message, RoomSummary } from '../../src/shared/models'
import {
  chatReducer,
  initialChatState,
  LATEST_AUTO_RETRIES,
  mergeMessages,
  totalUnread,
  TYPING_STALE_MS,
  type ChatState
} from '../../src/renderer/src/state/chat-state'

const ana = { id: 'u-ana', nickname: 'Ana' }
const bia = { id: 'u-bia', nickname: 'Bia' }

const summary = (id: string, extra: Partial<RoomSummary> = {}): RoomSummary => ({
  id,
  code: id === 'lobby' ? null : 'ABC234',
  name: id,
  isLobby: id === 'lobby',
  createdAt: 1,
  lastSeq: 0,
  lastReadSeq: 0,
  unread: 0,
  memberCount: 2,
  ...extra
})

const text = (
  seq: number,
  author = bia,
  roomId = 'lobby',
  clientId: string | null = null
): Message => ({
  id: `m${roomId}${seq}`,
  roomId,
  seq,
  at: 1_000 + seq,
  kind: 'text',
  author,
  text: `t${seq}`,
  clientId
})

function start(): ChatState {
  const session: SessionInfo = {
    mode: 'join',
    self: ana,
    host: { app: 'papo', protocol: 2, hostId: 'h1', name: 'h', version: '1' },
    hostUserId: null,
    addresses: ['127.0.0.1:4747'],
    port: 4747,
    rooms: [summary('lobby'), summary('r1')],
    connection: { status: 'connected' }
  }
  let s = initialChatState(session)
  s = chatReducer(s, {
    type: 'latest-loaded',
    roomId: 'lobby',
    page: { messages: [], hasMore: false }
  })
  return s
}

describe('chat state', () => {
  it('merges pages and pushes in seq order without duplicates', () => {
    const merged = mergeMessages([text(3), text(4)], [text(1), text(2), text(3)])
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4])
    expect(mergeMessages(merged, [text(5)]).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5])
  })

  it('replaces an optimistic message by the stored one with the same clientId', () => {
    let s = start()
    s = chatReducer(s, {
      type: 'pending-add',
      pending: { clientId: 'c1', roomId: 'lobby', text: 'oi', at: 1, status: 'sending' }
    })
    expect(s.rooms['lobby']?.pending).toHaveLength(1)
    const stored = text(1, ana, 'lobby', 'c1')
    s = chatReducer(s, { type: 'message', message: stored, selfId: ana.id, countUnread: false })
    s = chatReducer(s, { type: 'message', message: stored, selfId: ana.id, countUnread: false })
    expect(s.rooms['lobby']?.pending).toEqual([])
    expect(s.rooms['lobby']?.messages).toEqual([stored])
  })

  it('counts unread only for new texts by others in rooms not in view, and clears on read', () => {
    let s = start()
    s = chatReducer(s, {
      type: 'message',
      message: text(1, bia, 'r1'),
      selfId: ana.id,
      countUnread: true
    })
    s = chatReducer(s, {
      type: 'message',
      message: text(2, ana, 'r1'),
      selfId: ana.id,
      countUnread: true
    })
    s = chatReducer(s, {
      type: 'message',
      message: text(1, bia, 'r1'),
      selfId: ana.id,
      countUnread: true
    })
    expect(s.rooms['r1']?.summary.unread).toBe(1)
    expect(totalUnread(s)).toBe(1)
    // Not loaded yet: the room's list stays empty until it is opened.
    expect(s.rooms['r1']?.messages).toEqual([])
    s = chatReducer(s, { type: 'select-room', roomId: 'r1' })
    expect(s.rooms['r1']?.markerAfterSeq).toBe(2)
    s = chatReducer(s, { type: 'read', roomId: 'r1', seq: 2 })
    expect(totalUnread(s)).toBe(0)
  })

  it('falls back to the lobby when the open room is left (here or in another window)', () => {
    let s = chatReducer(start(), { type: 'select-room', roomId: 'r1' })
    s = chatReducer(s, { type: 'room-removed', roomId: 'r1' })
    expect(s.activeRoomId).toBe('lobby')
    expect(s.rooms['r1']).toBeUndefined()
  })

  it('drops typing on a message from the typist and after it goes stale', () => {
    let s = start()
    s = chatReducer(s, { type: 'typing', roomId: 'lobby', user: bia, typing: true, now: 0 })
    expect(Object.keys(s.typing['lobby'] ?? {})).toEqual([bia.id])
    s = chatReducer(s, { type: 'message', message: text(1), selfId: ana.id, countUnread: false })
    expect(s.typing['lobby']).toEqual({})
    s = chatReducer(s, { type: 'typing', roomId: 'lobby', user: bia, typing: true, now: 0 })
    s = chatReducer(s, { type: 'typing-expired', now: TYPING_STALE_MS + 1 })
    expect(s.typing['lobby']).toEqual({})
  })

  it('updates presence in every room member list, the last change per person winning', () => {
    let s = start()
    s = chatReducer(s, { type: 'members', roomId: 'lobby', members: [{ ...bia, online: true }] })
    s = chatReducer(s, {
      type: 'presence',
      changes: [
        { user: bia, online: false },
        { user: { ...bia, nickname: 'Bia R.' }, online: false }
      ]
    })
    expect(s.rooms['lobby']?.members).toEqual([{ id: bia.id, nickname: 'Bia R.', online: false }])
    s = chatReducer(s, {
      type: 'presence',
      changes: [{ user: { ...ana, nickname: 'Aninha' }, online: true }]
    })
    expect(s.session.self.nickname).toBe('Aninha')
  })

  it('applies member changes on top of a loaded list, and only counts them before', () => {
    let s = start()
    const caio = { id: 'u-caio', nickname: 'caio' }
    // Not asked for yet: the count follows, the list waits for room:members.
    s = chatReducer(s, {
      type: 'members-changed',
      roomId: 'r1',
      joined: [{ ...caio, online: true }],
      left: []
    })
    expect(s.rooms['r1']?.members).toEqual([])
    expect(s.rooms['r1']?.summary.memberCount).toBe(3)
    s = chatReducer(s, { type: 'members', roomId: 'lobby', members: [{ ...bia, online: true }] })
    s = chatReducer(s, {
      type: 'members-changed',
      roomId: 'lobby',
      joined: [
        { ...caio, online: true },
        { ...ana, online: true }
      ],
      left: [bia.id]
    })
    expect(s.rooms['lobby']?.members.map((m) => m.nickname)).toEqual(['Ana', 'caio'])
    expect(s.rooms['lobby']?.summary.memberCount).toBe(2)
    // After a gap, joins and leaves were missed: deltas only count until the list is asked again.
    s = chatReducer(s, {
      type: 'rooms',
      rooms: [summary('lobby', { memberCount: 2 }), summary('r1')]
    })
    s = chatReducer(s, {
      type: 'members-changed',
      roomId: 'lobby',
      joined: [{ ...bia, online: true }],
      left: []
    })
    expect(s.rooms['lobby']?.members.map((m) => m.nickname)).toEqual(['Ana', 'caio'])
    expect(s.rooms['lobby']?.summary.memberCount).toBe(3)
    s = chatReducer(s, {
      type: 'members',
      roomId: 'lobby',
      members: [
        { ...ana, online: true },
        { ...caio, online: true }
      ]
    })
    // The same person joining twice is still one member.
    s = chatReducer(s, {
      type: 'members-changed',
      roomId: 'lobby',
      joined: [{ ...caio, online: false }],
      left: []
    })
    expect(s.rooms['lobby']?.members).toHaveLength(2)
  })

  it('asks again for a latest page lost to a connection drop, then offers a retry', () => {
    let s = start()
    const fail = (state: ChatState, errorCode = 'TIMEOUT') =>
      chatReducer(state, { type: 'latest-failed', roomId: 'r1', errorCode })
    // Connected: a timeout is retried by itself a few times (each bumps loadAttempt)…
    for (let i = 1; i <= LATEST_AUTO_RETRIES; i++) {
      s = fail(s)
      expect(s.rooms['r1']).toMatchObject({ loadAttempt: i, loadError: null })
    }
    // …then shown, as is any error that waiting will not fix.
    s = fail(s)
    expect(s.rooms['r1']?.loadError).toBe('TIMEOUT')
    s = chatReducer(s, { type: 'latest-retry', roomId: 'r1' })
    expect(s.rooms['r1']).toMatchObject({ loadAttempt: 0, loadError: null })
    expect(fail(s, 'NOT_A_MEMBER').rooms['r1']?.loadError).toBe('NOT_A_MEMBER')

    // Down: the failure waits for the line to come back, which clears it (and so asks again).
    s = chatReducer(s, { type: 'connection', state: { status: 'reconnecting', attempt: 1 } })
    s = fail(s, 'NOT_CONNECTED')
    expect(s.rooms['r1']?.loadError).toBe('NOT_CONNECTED')
    s = chatReducer(s, { type: 'connection', state: { status: 'connected' } })
    expect(s.rooms['r1']?.loadError).toBeNull()

    // A request that timed out after a newer one loaded the room changes nothing.
    s = chatReducer(s, {
      type: 'latest-loaded',
      roomId: 'r1',
      page: { messages: [text(1, bia, 'r1')], hasMore: false }
    })
    expect(fail(s).rooms['r1']).toBe(s.rooms['r1'])
  })
})
