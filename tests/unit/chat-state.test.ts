import { describe, expect, it } from 'vitest'
import type { SessionInfo } from '../../src/shared/bridge'
import type { Message, RoomSummary, TextMessage } from '../../src/shared/models'
import {
  arrivalEffect,
  chatReducer,
  directOrder,
  directWith,
  initialChatState,
  LATEST_AUTO_RETRIES,
  mergeMessages,
  roomOrder,
  totalUnread,
  TYPING_STALE_MS,
  type ChatAction,
  type ChatState
} from '../../src/renderer/src/state/chat-state'
import { LIMITS } from '../../src/shared/limits'
import { textMessage } from '../helpers/messages'

const ana = { id: 'u-ana', nickname: 'Ana' }
const bia = { id: 'u-bia', nickname: 'Bia' }

const summary = (id: string, extra: Partial<RoomSummary> = {}): RoomSummary => ({
  id,
  code: id === 'lobby' ? null : 'ABC234',
  name: id,
  createdBy: id === 'lobby' ? null : 'u-ana',
  isLobby: id === 'lobby',
  createdAt: 1,
  lastSeq: 0,
  lastReadSeq: 0,
  unread: 0,
  memberCount: 2,
  isDirect: false,
  lastChange: 0,
  peer: null,
  ...extra
})

const text = (
  seq: number,
  author = bia,
  roomId = 'lobby',
  clientId: string | null = null
): TextMessage =>
  textMessage({
    id: `m${roomId}${seq}`,
    roomId,
    seq,
    at: 1_000 + seq,
    author,
    text: `t${seq}`,
    clientId
  })

function start(): ChatState {
  const session: SessionInfo = {
    mode: 'join',
    self: ana,
    host: {
      app: 'papo',
      protocol: 4,
      hostId: 'h1',
      name: 'h',
      version: '1',
      access: { password: false, askFirst: false }
    },
    fingerprint: 'a'.repeat(64),
    hostUserId: null,
    addresses: ['127.0.0.1:4747'],
    port: 4747,
    rooms: [summary('lobby'), summary('r1')],
    connection: { status: 'connected' },
    status: { chosen: 'available', shown: 'available' }
  }
  let s = initialChatState(session)
  s = chatReducer(s, {
    type: 'history/latest-loaded',
    payload: { roomId: 'lobby', page: { messages: [], hasMore: false } }
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
      type: 'outbox/added',
      payload: {
        clientId: 'c1',
        roomId: 'lobby',
        text: 'oi',
        at: 1,
        status: 'sending',
        replyTo: null
      }
    })
    expect(s.rooms['lobby']?.pending).toHaveLength(1)
    const stored = text(1, ana, 'lobby', 'c1')
    // The answer to message:send, then the same message pushed to every window of the identity.
    s = chatReducer(s, { type: 'outbox/sent', payload: { message: stored } })
    s = chatReducer(s, { type: 'message:new', payload: stored })
    expect(s.rooms['lobby']?.pending).toEqual([])
    expect(s.rooms['lobby']?.messages).toEqual([stored])
  })

  it('counts unread only for new texts by others in rooms not in view, and clears on read', () => {
    let s = start()
    s = chatReducer(s, { type: 'message:new', payload: text(1, bia, 'r1') })
    s = chatReducer(s, { type: 'message:new', payload: text(2, ana, 'r1') })
    s = chatReducer(s, { type: 'message:new', payload: text(1, bia, 'r1') })
    expect(s.rooms['r1']?.summary.unread).toBe(1)
    expect(totalUnread(s)).toBe(1)
    // Not loaded yet: the room's list stays empty until it is opened.
    expect(s.rooms['r1']?.messages).toEqual([])
    s = chatReducer(s, { type: 'ui/select-room', payload: { roomId: 'r1' } })
    expect(s.rooms['r1']?.markerAfterSeq).toBe(2)
    s = chatReducer(s, { type: 'read/marked', payload: { roomId: 'r1', seq: 2 } })
    expect(totalUnread(s)).toBe(0)
  })

  it('falls back to the lobby when the open room is left (here or in another window)', () => {
    let s = chatReducer(start(), { type: 'ui/select-room', payload: { roomId: 'r1' } })
    s = chatReducer(s, { type: 'room:removed', payload: { roomId: 'r1' } })
    expect(s.activeRoomId).toBe('lobby')
    expect(s.rooms['r1']).toBeUndefined()
  })

  it('drops typing on a message from the typist and after it goes stale', () => {
    let s = start()
    // use-chat ticks right after every typing:update: that tick says when it arrived.
    const typing: ChatAction = {
      type: 'typing:update',
      payload: { roomId: 'lobby', user: bia, typing: true }
    }
    const tick = (now: number): ChatAction => ({ type: 'typing/ticked', payload: { now } })
    s = chatReducer(chatReducer(s, typing), tick(0))
    expect(Object.keys(s.typing['lobby'] ?? {})).toEqual([bia.id])
    s = chatReducer(s, { type: 'message:new', payload: text(1) })
    expect(s.typing['lobby']).toEqual({})
    s = chatReducer(chatReducer(s, typing), tick(0))
    s = chatReducer(s, tick(TYPING_STALE_MS - 1))
    expect(Object.keys(s.typing['lobby'] ?? {})).toEqual([bia.id])
    s = chatReducer(s, tick(TYPING_STALE_MS + 1))
    expect(s.typing['lobby']).toEqual({})
  })

  it('updates presence in every room member list, the last change per person winning', () => {
    let s = start()
    s = chatReducer(s, {
      type: 'members/loaded',
      payload: { roomId: 'lobby', members: [{ ...bia, online: true, status: 'available' }] }
    })
    s = chatReducer(s, {
      type: 'presence:update',
      payload: {
        changes: [
          { user: bia, online: false, status: 'available' },
          { user: { ...bia, nickname: 'Bia R.' }, online: false, status: 'available' }
        ]
      }
    })
    expect(s.rooms['lobby']?.members).toEqual([
      { id: bia.id, nickname: 'Bia R.', online: false, status: 'available' }
    ])
    s = chatReducer(s, {
      type: 'presence:update',
      payload: {
        changes: [{ user: { ...ana, nickname: 'Aninha' }, online: true, status: 'available' }]
      }
    })
    expect(s.session.self.nickname).toBe('Aninha')
  })

  it('applies member changes on top of a loaded list, and only counts them before', () => {
    let s = start()
    const caio = { id: 'u-caio', nickname: 'caio' }
    // Not asked for yet: the count follows, the list waits for room:members.
    s = chatReducer(s, {
      type: 'members:changed',
      payload: { roomId: 'r1', joined: [{ ...caio, online: true, status: 'available' }], left: [] }
    })
    expect(s.rooms['r1']?.members).toEqual([])
    expect(s.rooms['r1']?.summary.memberCount).toBe(3)
    s = chatReducer(s, {
      type: 'members/loaded',
      payload: { roomId: 'lobby', members: [{ ...bia, online: true, status: 'available' }] }
    })
    s = chatReducer(s, {
      type: 'members:changed',
      payload: {
        roomId: 'lobby',
        joined: [
          { ...caio, online: true, status: 'available' },
          { ...ana, online: true, status: 'available' }
        ],
        left: [bia.id]
      }
    })
    expect(s.rooms['lobby']?.members.map((m) => m.nickname)).toEqual(['Ana', 'caio'])
    expect(s.rooms['lobby']?.summary.memberCount).toBe(2)
    // After a gap, joins and leaves were missed: deltas only count until the list is asked again.
    s = chatReducer(s, {
      type: 'session:synced',
      payload: { rooms: [summary('lobby', { memberCount: 2 }), summary('r1')] }
    })
    s = chatReducer(s, {
      type: 'members:changed',
      payload: {
        roomId: 'lobby',
        joined: [{ ...bia, online: true, status: 'available' }],
        left: []
      }
    })
    expect(s.rooms['lobby']?.members.map((m) => m.nickname)).toEqual(['Ana', 'caio'])
    expect(s.rooms['lobby']?.summary.memberCount).toBe(3)
    s = chatReducer(s, {
      type: 'members/loaded',
      payload: {
        roomId: 'lobby',
        members: [
          { ...ana, online: true, status: 'available' },
          { ...caio, online: true, status: 'available' }
        ]
      }
    })
    // The same person joining twice is still one member.
    s = chatReducer(s, {
      type: 'members:changed',
      payload: {
        roomId: 'lobby',
        joined: [{ ...caio, online: false, status: 'available' }],
        left: []
      }
    })
    expect(s.rooms['lobby']?.members).toHaveLength(2)
  })

  it('asks again for a latest page lost to a connection drop, then offers a retry', () => {
    let s = start()
    const fail = (state: ChatState, errorCode = 'TIMEOUT') =>
      chatReducer(state, { type: 'history/latest-failed', payload: { roomId: 'r1', errorCode } })
    // Connected: a timeout is retried by itself a few times (each bumps loadAttempt)…
    for (let i = 1; i <= LATEST_AUTO_RETRIES; i++) {
      s = fail(s)
      expect(s.rooms['r1']).toMatchObject({ loadAttempt: i, loadError: null })
    }
    // …then shown, as is any error that waiting will not fix.
    s = fail(s)
    expect(s.rooms['r1']?.loadError).toBe('TIMEOUT')
    s = chatReducer(s, { type: 'history/latest-retried', payload: { roomId: 'r1' } })
    expect(s.rooms['r1']).toMatchObject({ loadAttempt: 0, loadError: null })
    expect(fail(s, 'NOT_A_MEMBER').rooms['r1']?.loadError).toBe('NOT_A_MEMBER')

    // Down: the failure waits for the line to come back, which clears it (and so asks again).
    s = chatReducer(s, {
      type: 'connection:state',
      payload: { status: 'reconnecting', attempt: 1 }
    })
    s = fail(s, 'NOT_CONNECTED')
    expect(s.rooms['r1']?.loadError).toBe('NOT_CONNECTED')
    s = chatReducer(s, { type: 'connection:state', payload: { status: 'connected' } })
    expect(s.rooms['r1']?.loadError).toBeNull()

    // A request that timed out after a newer one loaded the room changes nothing.
    s = chatReducer(s, {
      type: 'history/latest-loaded',
      payload: { roomId: 'r1', page: { messages: [text(1, bia, 'r1')], hasMore: false } }
    })
    expect(fail(s).rooms['r1']).toBe(s.rooms['r1'])
  })

  it('counts a message in the open room as unread when the window is not focused or scrolled up', () => {
    let s = start()
    s = chatReducer(s, { type: 'message:new', payload: text(1) })
    expect(s.rooms['lobby']?.summary.unread).toBe(0)
    const scrolledUp = chatReducer(s, { type: 'view/changed', payload: { atBottom: false } })
    expect(chatReducer(scrolledUp, { type: 'view/changed', payload: { atBottom: false } })).toBe(
      scrolledUp
    )
    s = chatReducer(scrolledUp, { type: 'message:new', payload: text(2) })
    expect(s.rooms['lobby']?.summary.unread).toBe(1)
    expect(s.rooms['lobby']?.markerAfterSeq).toBe(0)
    s = chatReducer(s, { type: 'view/changed', payload: { atBottom: true, focused: false } })
    s = chatReducer(s, { type: 'message:new', payload: text(3) })
    expect(s.rooms['lobby']?.summary.unread).toBe(2)
  })

  it('takes events from main as they come: typing of its own identity, a click, a close', () => {
    let s = start()
    s = chatReducer(s, {
      type: 'typing:update',
      payload: { roomId: 'lobby', user: ana, typing: true }
    })
    expect(s.typing['lobby'] ?? {}).toEqual({})
    s = chatReducer(s, { type: 'notification:clicked', payload: { roomId: 'r1' } })
    expect(s.activeRoomId).toBe('r1')
    s = chatReducer(s, { type: 'session:closed', payload: { reason: 'removed' } })
    expect(s.ended).toBe('removed')
  })

  it('marks read what arrives in view and notifies what does not, mentions decided once', () => {
    const s = start()
    const said = (words: string, roomId = 'lobby', seq = 1): Message => ({
      ...text(seq, bia, roomId),
      text: words
    })
    expect(arrivalEffect(s, said('oi'))).toBe('mark-read')
    expect(arrivalEffect(s, said('oi', 'r1'))).toBe('notify')
    // Not new, not a text, or one's own: nothing to do.
    expect(arrivalEffect(s, { ...said('oi', 'r1'), seq: 0 })).toBeNull()
    expect(arrivalEffect(s, text(1, ana, 'r1'))).toBeNull()
    const unfocused = chatReducer(s, { type: 'view/changed', payload: { focused: false } })
    expect(arrivalEffect(unfocused, said('oi'))).toBe('notify')
    // The open room of a focused window, scrolled up: only a mention of the reader notifies.
    const up = chatReducer(s, { type: 'view/changed', payload: { atBottom: false } })
    expect(arrivalEffect(up, said('oi'))).toBeNull()
    expect(arrivalEffect(up, said('@ana, olha'))).toBe('notify')
    expect(arrivalEffect(up, said('fala com `@Ana` no código'))).toBeNull()
    expect(arrivalEffect(up, said('```\n@Ana\n```'))).toBeNull()
    expect(arrivalEffect(up, said('@Anabel chegou'))).toBeNull()
    expect(arrivalEffect(up, said('oi **@Ana**'))).toBe('notify')
    // With the room's list: "@Ana Paula" is Ana Paula, not Ana.
    const withPaula = chatReducer(up, {
      type: 'members/loaded',
      payload: {
        roomId: 'lobby',
        members: [
          { ...ana, online: true, status: 'available' },
          { id: 'u-ap', nickname: 'Ana Paula', online: true, status: 'available' }
        ]
      }
    })
    expect(arrivalEffect(up, said('@Ana Paula, vem'))).toBe('notify')
    expect(arrivalEffect(withPaula, said('@Ana Paula, vem'))).toBeNull()
  })
})

describe('a crash of the host process (hosting)', () => {
  const hosting = (hostCrash?: { reason: string }): ChatState => {
    const joined = start()
    return initialChatState({ ...joined.session, mode: 'host', hostUserId: ana.id, hostCrash })
  }

  it('host:crashed sets it; restarting, a failure and a success move it along', () => {
    let s = hosting()
    expect(s.hostCrash).toBeNull()
    s = chatReducer(s, { type: 'host:crashed', payload: { reason: 'killed by SIGKILL' } })
    expect(s.hostCrash).toEqual({ reason: 'killed by SIGKILL', restarting: false, errorCode: null })
    s = chatReducer(s, { type: 'host/restarting', payload: {} })
    expect(s.hostCrash?.restarting).toBe(true)
    s = chatReducer(s, { type: 'host/restart-failed', payload: { errorCode: 'PORT_IN_USE' } })
    expect(s.hostCrash).toEqual({
      reason: 'killed by SIGKILL',
      restarting: false,
      errorCode: 'PORT_IN_USE'
    })
    s = chatReducer(s, { type: 'host/restarting', payload: {} })
    expect(s.hostCrash).toMatchObject({ restarting: true, errorCode: null })
    s = chatReducer(s, { type: 'host/restarted', payload: {} })
    expect(s.hostCrash).toBeNull()
    // A late answer after it is gone changes nothing.
    expect(chatReducer(s, { type: 'host/restarted', payload: {} })).toBe(s)
  })

  it('comes from session:get for a renderer that reloads mid-crash; a guest ignores the event', () => {
    expect(hosting({ reason: 'exit code 1' }).hostCrash).toEqual({
      reason: 'exit code 1',
      restarting: false,
      errorCode: null
    })
    const guest = start()
    expect(chatReducer(guest, { type: 'host:crashed', payload: { reason: 'x' } })).toBe(guest)
  })
})

describe('changes to messages (message:changed)', () => {
  const loaded = (messages: Message[], extra: Partial<RoomSummary> = {}): ChatState => {
    let s = start()
    s = chatReducer(s, {
      type: 'session:synced',
      payload: { rooms: [summary('lobby', { lastSeq: messages.length, ...extra }), summary('r1')] }
    })
    return chatReducer(s, {
      type: 'history/latest-loaded',
      payload: { roomId: 'lobby', page: { messages, hasMore: false } }
    })
  }
  const changed = (message: TextMessage): ChatAction => ({
    type: 'message:changed',
    payload: { message }
  })
  const texts = (s: ChatState) => s.rooms['lobby']?.messages as TextMessage[]

  it('replaces the message by id, and never goes back to an older change', () => {
    let s = loaded([text(1), text(2)])
    const edited = { ...text(2), text: 'corrigido', editedAt: 5_000, change: 3 }
    s = chatReducer(s, changed(edited))
    expect(texts(s)[1]).toEqual(edited)
    expect(s.rooms['lobby']?.summary.lastChange).toBe(3)
    // A reaction made before the edit, arriving late: ignored.
    const stale = { ...text(2), reactions: [{ emoji: '👍', userIds: [bia.id] }], change: 2 }
    expect(chatReducer(s, changed(stale)).rooms['lobby']).toBe(s.rooms['lobby'])
    // The answer to one's own request, with the same change as the push: the same state.
    s = chatReducer(s, { type: 'changes/answered', payload: { message: edited } })
    expect(texts(s)[1]).toEqual(edited)
    const reacted = { ...edited, reactions: [{ emoji: '🎉', userIds: [ana.id] }], change: 4 }
    s = chatReducer(s, changed(reacted))
    expect(texts(s)[1]?.reactions).toEqual([{ emoji: '🎉', userIds: [ana.id] }])
    // A page read before the change does not undo it either.
    s = chatReducer(s, {
      type: 'history/older-loaded',
      payload: { roomId: 'lobby', page: { messages: [text(1), text(2)], hasMore: false } }
    })
    expect(texts(s)[1]?.change).toBe(4)
  })

  it('keeps a deleted message as one without text, and updates quotes of it in replies', () => {
    const reply: TextMessage = {
      ...text(3),
      replyTo: { id: text(1).id, seq: 1, author: bia, excerpt: 't1', deleted: false }
    }
    let s = loaded([text(1), text(2), reply])
    s = chatReducer(s, changed({ ...text(1), text: 'novo texto', editedAt: 9, change: 1 }))
    expect(texts(s)[2]?.replyTo).toMatchObject({ excerpt: 'novo texto', deleted: false })
    const deleted = { ...text(1), text: '', deletedAt: 10, change: 2 }
    s = chatReducer(s, changed(deleted))
    expect(texts(s)[0]).toEqual(deleted)
    expect(texts(s)[2]?.replyTo).toMatchObject({ excerpt: '', deleted: true })
    // The original not loaded: its quotes follow all the same.
    let far = loaded([reply])
    far = chatReducer(far, changed({ ...text(1), text: 'x'.repeat(300), change: 1 }))
    expect(texts(far)[0]?.replyTo?.excerpt).toHaveLength(LIMITS.replyExcerptMax)
    // Unknown rooms and messages change nothing.
    expect(chatReducer(far, changed({ ...text(9, bia, 'nope'), change: 1 }))).toBe(far)
  })

  it('keeps an own message being sent, and quotes in it current', () => {
    let s = loaded([text(1)])
    s = chatReducer(s, {
      type: 'outbox/added',
      payload: {
        clientId: 'c1',
        roomId: 'lobby',
        text: 'resposta',
        at: 1,
        status: 'sending',
        replyTo: { id: text(1).id, seq: 1, author: bia, excerpt: 't1', deleted: false }
      }
    })
    s = chatReducer(s, changed({ ...text(1), text: '', deletedAt: 3, change: 1 }))
    expect(s.rooms['lobby']?.pending[0]?.replyTo?.deleted).toBe(true)
    const stored: TextMessage = {
      ...text(2, ana, 'lobby', 'c1'),
      replyTo: { id: text(1).id, seq: 1, author: bia, excerpt: '', deleted: true }
    }
    s = chatReducer(s, { type: 'outbox/sent', payload: { message: stored } })
    expect(s.rooms['lobby']?.pending).toEqual([])
    expect(texts(s).map((m) => m.seq)).toEqual([1, 2])
  })
})

describe('jumping in history (aroundSeq)', () => {
  const page = (from: number, to: number, extra: { hasMore: boolean; hasMoreAfter?: boolean }) => ({
    messages: Array.from({ length: to - from + 1 }, (_, i) => text(from + i)),
    ...extra
  })

  it('replaces the window with the page around a message, then pages newer back to the present', () => {
    let s = start()
    s = chatReducer(s, { type: 'message:new', payload: text(200) })
    expect(s.rooms['lobby']?.hasNewer).toBe(false)
    s = chatReducer(s, {
      type: 'history/around-loaded',
      payload: {
        roomId: 'lobby',
        page: page(40, 60, { hasMore: true, hasMoreAfter: true }),
        target: { messageId: text(50).id, seq: 50 }
      }
    })
    let room = s.rooms['lobby']
    expect(room?.messages.map((m) => m.seq)).toEqual(
      page(40, 60, { hasMore: true }).messages.map((m) => m.seq)
    )
    expect(room).toMatchObject({ hasOlder: true, hasNewer: true, windowId: 1 })
    expect(room?.jump).toEqual({ messageId: text(50).id, seq: 50, highlight: true })
    s = chatReducer(s, { type: 'history/jump-done', payload: { roomId: 'lobby', found: true } })
    expect(s.rooms['lobby']?.jump).toBeNull()

    // A push while behind is counted, not added (it would leave a hole).
    s = chatReducer(s, { type: 'view/changed', payload: { atBottom: false } })
    s = chatReducer(s, { type: 'message:new', payload: text(201) })
    expect(s.rooms['lobby']?.messages.at(-1)?.seq).toBe(60)
    expect(s.rooms['lobby']?.summary).toMatchObject({ lastSeq: 201, unread: 1 })
    // A latest page answered late leaves the window alone.
    const before = s.rooms['lobby']
    s = chatReducer(s, {
      type: 'history/latest-loaded',
      payload: { roomId: 'lobby', page: page(150, 201, { hasMore: true }) }
    })
    expect(s.rooms['lobby']).toBe(before)

    s = chatReducer(s, { type: 'history/newer-loading', payload: { roomId: 'lobby' } })
    s = chatReducer(s, {
      type: 'history/newer-loaded',
      payload: { roomId: 'lobby', page: page(61, 120, { hasMore: true }) }
    })
    room = s.rooms['lobby']
    expect(room).toMatchObject({ hasNewer: true, loadingNewer: false })
    expect(room?.messages.at(-1)?.seq).toBe(120)
    // The host says "no more", but the pushes counted went further: still behind.
    s = chatReducer(s, {
      type: 'history/newer-loaded',
      payload: { roomId: 'lobby', page: page(121, 200, { hasMore: false }) }
    })
    expect(s.rooms['lobby']?.hasNewer).toBe(true)
    s = chatReducer(s, {
      type: 'history/newer-loaded',
      payload: { roomId: 'lobby', page: page(201, 201, { hasMore: false }) }
    })
    expect(s.rooms['lobby']?.hasNewer).toBe(false)
    s = chatReducer(s, { type: 'message:new', payload: text(202) })
    expect(s.rooms['lobby']?.messages.at(-1)?.seq).toBe(202)
  })

  it('goes back to the present with the latest page, or by asking for it again (sending)', () => {
    let s = start()
    const around: ChatAction = {
      type: 'history/around-loaded',
      payload: {
        roomId: 'lobby',
        page: page(1, 10, { hasMore: false, hasMoreAfter: true }),
        target: { messageId: text(5).id, seq: 5 }
      }
    }
    s = chatReducer(s, around)
    s = chatReducer(s, {
      type: 'history/present-loaded',
      payload: { roomId: 'lobby', page: page(50, 99, { hasMore: true }) }
    })
    expect(s.rooms['lobby']).toMatchObject({ hasNewer: false, hasOlder: true, windowId: 2 })
    expect(s.rooms['lobby']?.messages[0]?.seq).toBe(50)

    s = chatReducer(s, around)
    s = chatReducer(s, { type: 'history/present-reset', payload: { roomId: 'lobby' } })
    expect(s.rooms['lobby']).toMatchObject({ loaded: false, messages: [], hasNewer: false })
    // Nothing to reset at the present.
    const again = chatReducer(s, { type: 'history/present-reset', payload: { roomId: 'lobby' } })
    expect(again.rooms['lobby']).toBe(s.rooms['lobby'])
  })

  it('jumps to a loaded message in place', () => {
    let s = start()
    s = chatReducer(s, {
      type: 'history/jumped',
      payload: { roomId: 'lobby', messageId: 'm1', seq: 1, highlight: false }
    })
    expect(s.rooms['lobby']?.jump).toEqual({ messageId: 'm1', seq: 1, highlight: false })
  })
})

describe('direct messages', () => {
  const dm = (id: string, peer: { id: string; nickname: string }): RoomSummary =>
    summary(id, { isDirect: true, code: null, name: peer.nickname, peer, createdBy: ana.id })

  it('lists them apart from rooms, by the other person, and knows their presence', () => {
    let s = start()
    const caio = { id: 'u-caio', nickname: 'caio' }
    s = chatReducer(s, { type: 'room:added', payload: dm('d2', caio) })
    s = chatReducer(s, { type: 'room:added', payload: dm('d1', bia) })
    expect(roomOrder(s).map((r) => r.summary.id)).toEqual(['lobby', 'r1'])
    expect(directOrder(s).map((r) => r.summary.id)).toEqual(['d1', 'd2'])
    expect(directWith(s, caio.id)?.summary.id).toBe('d2')
    // dm:open answers the same conversation room:added listed: still one.
    s = chatReducer(s, {
      type: 'rooms/joined',
      payload: {
        room: dm('d1', bia),
        members: [
          { ...ana, online: true, status: 'available' },
          { ...bia, online: true, status: 'available' }
        ],
        history: { messages: [], hasMore: false }
      }
    })
    expect(directOrder(s)).toHaveLength(2)
    expect(s.activeRoomId).toBe('d1')
    expect(s.people[bia.id]?.online).toBe(true)
    s = chatReducer(s, {
      type: 'presence:update',
      payload: {
        changes: [{ user: { ...bia, nickname: 'Bia R.' }, online: false, status: 'available' }]
      }
    })
    expect(s.people[bia.id]).toEqual({
      id: bia.id,
      nickname: 'Bia R.',
      online: false,
      status: 'available'
    })
    expect(s.rooms['d1']?.summary.peer?.nickname).toBe('Bia R.')
    // Unread like any room.
    s = chatReducer(s, { type: 'message:new', payload: text(1, caio, 'd2') })
    expect(s.rooms['d2']?.summary.unread).toBe(1)
  })
})
