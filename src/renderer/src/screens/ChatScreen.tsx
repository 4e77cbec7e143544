import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Prefs, SessionEndReason, SessionInfo } from '../../../shared/bridge'
import type { ErrorCode } from '../../../shared/errors'
import { isRoomMuted, withRoomMuted } from '../../../shared/muted-rooms'
import type { Member } from '../../../shared/models'
import type { SearchHit } from '../../../shared/wire/protocol'
import { call } from '../bridge'
import { ActivityPanel } from '../components/ActivityPanel'
import { Composer } from '../components/Composer'
import { ConnectionBanner } from '../components/ConnectionBanner'
import { DropOverlay, useFileDrop } from '../components/DropZone'
import { FilesContext, type FilesView } from '../components/files-context'
import { HostDoctorDialog } from '../components/DoctorDialog'
import { InviteDialog } from '../components/InviteDialog'
import { InviteRoomNotice } from '../components/InviteOpenDialogs'
import { FailedBar } from '../components/FailedBar'
import { HostCrashBanner } from '../components/HostCrashBanner'
import { KnockTray } from '../components/KnockTray'
import { ConfirmDialog, CreateRoomDialog, JoinRoomDialog } from '../components/FormDialogs'
import { MembersPane } from '../components/MembersPane'
import { MessageList } from '../components/MessageList'
import { RemovedPeopleDialog } from '../components/RemovedPeopleDialog'
import { RoomHeader } from '../components/RoomHeader'
import { SearchPanel } from '../components/SearchPanel'
import { Sidebar } from '../components/Sidebar'
import { TypingIndicator } from '../components/TypingIndicator'
import type { Reader } from '../components/MessageItem'
import {
  directOrder,
  isPersonHosting,
  peerOf,
  roomOrder,
  type ChatState,
  type RoomState
} from '../state/chat-state'
import { downloadsByMessage, roomUploads } from '../state/transfers'
import { useChat } from '../state/use-chat'
import { useConversation } from './use-conversation'
import { useFileTray } from './use-file-tray'
import { errorText } from '../format/error-text'
import './ChatScreen.css'

type OpenDialog =
  | 'create'
  | 'join'
  | 'leave'
  | 'logout'
  | 'new-code'
  | 'removed-people'
  | 'activity'
  | 'invite-room'
  | 'invite-host'
  | 'host-doctor'
  | null

/** An invite to this chat's own host opened meanwhile: its room (null: the lobby) opens. */
export interface RoomInvite {
  code: string | null
}

interface ChatScreenProps {
  session: SessionInfo
  prefs: Prefs
  language: string
  onPrefs(patch: Partial<Prefs>): void
  onEnded(reason: SessionEndReason): void
  onSettings(): void
  roomInvite?: RoomInvite | null
}

export function ChatScreen(props: ChatScreenProps) {
  const { t } = useTranslation()
  const nameOf = useCallback(
    (room: RoomState | undefined) =>
      !room
        ? ''
        : room.summary.isLobby
          ? t('chat.lobby')
          : room.summary.isDirect
            ? peerOf(room).nickname
            : room.summary.name,
    [t]
  )
  const { state, actions } = useChat(props.session, {
    onEnded: props.onEnded,
    // A direct message is titled with its author alone.
    roomName: (s: ChatState, roomId: string) =>
      s.rooms[roomId]?.summary.isDirect ? '' : nameOf(s.rooms[roomId]),
    describe: (message, roomName) => ({
      title: roomName ? `${message.author.nickname} · ${roomName}` : message.author.nickname,
      body:
        message.text.length > 200
          ? `${message.text.slice(0, 199)}…`
          : // A file without a caption is told by its name.
            message.text || (message.attachment ? `📎 ${message.attachment.name}` : '')
    }),
    describeKnock: (knock) => ({
      title: t('knocks.notifyTitle'),
      body: t('knocks.notifyBody', {
        name: knock.nickname,
        device: knock.device,
        address: knock.address
      })
    })
  })
  const [dialog, setDialog] = useState<OpenDialog>(null)
  const [removing, setRemoving] = useState<Member | null>(null)
  const conversation = useConversation(state, actions, t)
  // Files: the tray of the room open, dropping onto it, its uploads, and every file card's view.
  const fileTray = useFileTray(state.activeRoomId, {
    limits: state.transfers.limits,
    sendFile: actions.sendFile,
    replyTo: conversation.replyTo,
    cancelReply: conversation.cancelReply,
    t
  })
  const drop = useFileDrop(fileTray.add, state.rooms[state.activeRoomId] !== undefined)
  const uploads = useMemo(
    () => roomUploads(state.transfers, state.activeRoomId),
    [state.transfers, state.activeRoomId]
  )
  const filesView = useMemo<FilesView>(
    () => ({ downloads: downloadsByMessage(state.transfers), actions: actions.files }),
    [state.transfers, actions.files]
  )
  // The search panel, in place of the members; the token moves the focus to its box.
  const [search, setSearch] = useState<{ open: boolean; focus: number }>({ open: false, focus: 0 })
  const openSearch = useCallback(() => setSearch((s) => ({ open: true, focus: s.focus + 1 })), [])
  // Why an invite's room could not be entered (a stale code, whatever main said): the chat
  // opened all the same, on the lobby. Kept as a code, so it is said in the language shown.
  const [inviteProblem, setInviteProblem] = useState<ErrorCode | null>(() => {
    const invited = props.session.invitedRoom
    return invited && 'error' in invited ? 'ROOM_NOT_FOUND' : null
  })
  const invitedRoomId =
    props.session.invitedRoom && 'roomId' in props.session.invitedRoom
      ? props.session.invitedRoom.roomId
      : null
  useEffect(() => {
    if (invitedRoomId) actions.selectRoom(invitedRoomId)
  }, [actions, invitedRoomId])
  const { roomInvite } = props
  const lobbyId = props.session.rooms.find((r) => r.isLobby)?.id
  useEffect(() => {
    if (!roomInvite) return
    if (roomInvite.code === null) {
      if (lobbyId) actions.selectRoom(lobbyId)
      return
    }
    void actions.joinRoom(roomInvite.code).then((r) => {
      if (!r.ok) setInviteProblem(r.error.code)
    })
  }, [actions, roomInvite, lobbyId])
  const rooms = roomOrder(state)
  const directRooms = directOrder(state)
  const room = state.rooms[state.activeRoomId]
  const membersHidden = props.prefs.membersPaneHidden
  const hostId = state.session.host.hostId
  const roomMuted =
    room !== undefined && isRoomMuted(props.prefs.mutedRooms, hostId, room.summary.id)
  const hosting = isPersonHosting(state.session)
  // The person hosting, or whoever created the room, may give it a new code; the lobby has none.
  const canRenewCode =
    room !== undefined &&
    !room.summary.isLobby &&
    (hosting || room.summary.createdBy === state.session.self.id)

  // Alt+Up / Alt+Down move between rooms from anywhere, as in other messengers. The listener is
  // registered once and reads the room order through a ref set in a layout effect: a listener
  // re-registered in a passive effect can still hold the previous active room after the new one
  // is already on screen, so a quick keypress would be measured from the wrong room.
  const sidebarOrder = [...rooms, ...directRooms]
  const navRef = useRef({
    rooms: sidebarOrder,
    activeRoomId: state.activeRoomId,
    select: actions.selectRoom,
    openSearch
  })
  useLayoutEffect(() => {
    navRef.current = {
      rooms: sidebarOrder,
      activeRoomId: state.activeRoomId,
      select: actions.selectRoom,
      openSearch
    }
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      // Ctrl+K or Ctrl+F (⌘ on macOS): search, from anywhere.
      const key = e.key.toLowerCase()
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (key === 'k' || key === 'f')) {
        e.preventDefault()
        navRef.current.openSearch()
        return
      }
      if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return
      const { rooms, activeRoomId, select } = navRef.current
      const index = rooms.findIndex((r) => r.summary.id === activeRoomId)
      const next = rooms[index + (e.key === 'ArrowUp' ? -1 : 1)]
      if (next) {
        e.preventDefault()
        select(next.summary.id)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const onTyping = useCallback(
    (typing: boolean) => actions.setTyping(state.activeRoomId, typing),
    [actions, state.activeRoomId]
  )

  // Who can be @mentioned here: the room's other members, those online first.
  const selfId = state.session.self.id
  const members = room?.members
  const mentionCandidates = useMemo(
    () =>
      (members ?? [])
        .filter((m) => m.id !== selfId)
        .sort((a, b) => Number(b.online) - Number(a.online) || a.nickname.localeCompare(b.nickname))
        .map((m) => m.nickname),
    [members, selfId]
  )

  const status = state.connection.status
  const typing = Object.values(state.typing[state.activeRoomId] ?? {})

  const isDirect = room?.summary.isDirect ?? false
  const reader = useMemo<Reader>(
    () => ({ selfId, hosting, canMessage: !isDirect, people: state.people }),
    [selfId, hosting, isDirect, state.people]
  )
  const searchPeople = useMemo(
    () =>
      Object.values(state.people).sort((a, b) =>
        a.nickname.localeCompare(b.nickname, undefined, { sensitivity: 'base' })
      ),
    [state.people]
  )
  const roomLabel = (hit: SearchHit): string => {
    const r = state.rooms[hit.message.roomId]
    if (!r) return hit.roomName
    return `${r.summary.isDirect ? '@' : r.summary.isLobby ? '⌂' : '#'} ${nameOf(r)}`
  }
  const openHit = (hit: SearchHit): void => {
    const { roomId, id, seq } = hit.message
    void actions.openAt(roomId, id, seq).then((found) => {
      if (!found) conversation.setNotice(t('errors.MESSAGE_NOT_FOUND'))
    })
  }
  const closeSearch = (): void => {
    setSearch((s) => ({ ...s, open: false }))
    document.querySelector<HTMLElement>('[data-testid=composer]')?.focus()
  }
  const rightPane = search.open ? 'search' : membersHidden ? null : 'members'
  const { deleting } = conversation

  return (
    <div
      className={
        rightPane === 'search'
          ? 'chat-screen searching'
          : rightPane === null
            ? 'chat-screen members-hidden'
            : 'chat-screen'
      }
      data-testid="chat-screen"
    >
      <Sidebar
        session={{ ...props.session, self: state.session.self }}
        rooms={rooms}
        directRooms={directRooms}
        people={state.people}
        activeRoomId={state.activeRoomId}
        roomName={nameOf}
        isMuted={(roomId) => isRoomMuted(props.prefs.mutedRooms, hostId, roomId)}
        onSelect={actions.selectRoom}
        onCreate={() => setDialog('create')}
        onJoin={() => setDialog('join')}
        onSettings={props.onSettings}
        onLogout={() => setDialog('logout')}
        status={state.session.status}
        onStatus={(status) => void actions.setStatus(status)}
        onInvite={() => setDialog('invite-host')}
        onNetworkCheck={() => setDialog('host-doctor')}
        hostTools={
          hosting
            ? {
                onActivity: () => setDialog('activity'),
                onRemoved: () => setDialog('removed-people')
              }
            : undefined
        }
      />
      <main className="chat-room" {...drop.handlers}>
        {drop.over && room && (
          <DropOverlay roomName={nameOf(room)} maxFileBytes={fileTray.maxFileBytes} />
        )}
        <HostCrashBanner crash={state.hostCrash} onRestart={() => void actions.restartHost()} />
        <ConnectionBanner connection={state.connection} onLogout={() => setDialog('logout')} />
        {inviteProblem && (
          <InviteRoomNotice
            text={
              inviteProblem === 'ROOM_NOT_FOUND'
                ? t('invite.roomGone')
                : errorText(t, { code: inviteProblem })
            }
            onDismiss={() => setInviteProblem(null)}
          />
        )}
        {conversation.notice && (
          <InviteRoomNotice
            text={conversation.notice}
            onDismiss={() => conversation.setNotice(null)}
          />
        )}
        {hosting && (
          <KnockTray
            knocks={state.knocks}
            language={props.language}
            onAnswer={actions.answerKnock}
          />
        )}
        {room && (
          <FilesContext.Provider value={filesView}>
            <RoomHeader
              room={room}
              name={nameOf(room)}
              membersHidden={membersHidden}
              onToggleMembers={() => props.onPrefs({ membersPaneHidden: !membersHidden })}
              onLeave={() => setDialog('leave')}
              onNewCode={canRenewCode ? () => setDialog('new-code') : undefined}
              onInvite={() => setDialog('invite-room')}
              searchOpen={search.open}
              onSearch={search.open ? closeSearch : openSearch}
              muted={roomMuted}
              onToggleMute={() =>
                props.onPrefs({
                  mutedRooms: withRoomMuted(
                    props.prefs.mutedRooms,
                    hostId,
                    room.summary.id,
                    !roomMuted
                  )
                })
              }
            />
            <MessageList
              room={room}
              language={props.language}
              selfNickname={state.session.self.nickname}
              openLink={(url) => void call('shell:open-external', { url })}
              loadOlder={() => void actions.loadOlder(room.summary.id)}
              onAtBottom={actions.setAtBottom}
              onRetry={actions.retry}
              onDiscard={actions.discard}
              onRetryLoad={() => actions.retryLatest(room.summary.id)}
              connected={status === 'connected'}
              reader={reader}
              handlers={conversation.handlers}
              editingId={conversation.editingId(room.summary.id)}
              unavailableQuotes={conversation.unavailable}
              loadNewer={() => void actions.loadNewer(room.summary.id)}
              onJumpPresent={() => void actions.jumpToPresent(room.summary.id)}
              onJumpDone={(found) => actions.jumpDone(room.summary.id, found)}
              onHighlightEnded={(id) => actions.highlightEnded(room.summary.id, id)}
              uploads={uploads}
            />
            <TypingIndicator entries={typing} />
            <FailedBar
              pending={room.pending}
              onRetryAll={() => actions.retryAll(room.summary.id)}
            />
            <Composer
              roomId={room.summary.id}
              roomName={nameOf(room)}
              onSend={(text) => conversation.send(room.summary.id, text)}
              onTyping={onTyping}
              mentionCandidates={mentionCandidates}
              replyTo={conversation.replyTo(room.summary.id)}
              onCancelReply={() => conversation.cancelReply(room.summary.id)}
              onEditLast={conversation.editLast}
              focusToken={conversation.composerFocus}
              files={fileTray}
            />
          </FilesContext.Provider>
        )}
      </main>
      {rightPane === 'members' && room && (
        <MembersPane
          members={room.members}
          selfId={state.session.self.id}
          hostUserId={props.session.hostUserId}
          onRemove={setRemoving}
          onShowRemoved={() => setDialog('removed-people')}
          onMessage={isDirect ? undefined : conversation.handlers.openDirect}
        />
      )}
      {rightPane === 'search' && (
        <SearchPanel
          run={actions.search}
          roomId={state.activeRoomId}
          language={props.language}
          people={searchPeople}
          roomLabel={roomLabel}
          focusToken={search.focus}
          onOpen={openHit}
          onClose={closeSearch}
        />
      )}

      {dialog === 'create' && (
        <CreateRoomDialog submit={actions.createRoom} onClose={() => setDialog(null)} />
      )}
      {dialog === 'join' && (
        <JoinRoomDialog submit={actions.joinRoom} onClose={() => setDialog(null)} />
      )}
      {dialog === 'leave' && room && (
        <ConfirmDialog
          title={t('dialogs.leaveTitle', { room: nameOf(room) })}
          body={t('dialogs.leaveBody')}
          confirmLabel={t('dialogs.leave')}
          onConfirm={() => actions.leaveRoom(room.summary.id)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'logout' && (
        <ConfirmDialog
          title={t('dialogs.logoutTitle')}
          body={
            props.session.mode === 'host' ? t('dialogs.logoutBodyHost') : t('dialogs.logoutBody')
          }
          confirmLabel={t('chat.logout')}
          onConfirm={actions.logout}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'new-code' && room && (
        <ConfirmDialog
          title={t('dialogs.newCodeTitle', { room: nameOf(room) })}
          body={t('dialogs.newCodeBody')}
          confirmLabel={t('dialogs.newCodeConfirm')}
          testId="new-code-dialog"
          onConfirm={() => actions.renewRoomCode(room.summary.id)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'removed-people' && (
        <RemovedPeopleDialog
          language={props.language}
          list={actions.listRemoved}
          readmit={actions.readmitMember}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'activity' && (
        <ActivityPanel
          activity={state.activity}
          language={props.language}
          onLoad={actions.loadActivity}
          onLoadOlder={() => void actions.loadOlderActivity()}
          onExport={actions.exportActivity}
          onClose={() => setDialog(null)}
        />
      )}
      {(dialog === 'invite-room' || dialog === 'invite-host') && (
        <InviteDialog
          session={props.session}
          room={
            dialog === 'invite-room' && room?.summary.code
              ? { name: nameOf(room), code: room.summary.code }
              : null
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'host-doctor' && <HostDoctorDialog onClose={() => setDialog(null)} />}
      {deleting && (
        <ConfirmDialog
          title={
            deleting.author.id === selfId
              ? t('message.deleteTitle')
              : t('message.deleteTitleOther', { name: deleting.author.nickname })
          }
          body={t('message.deleteBody')}
          confirmLabel={t('message.delete')}
          testId="delete-message-dialog"
          onConfirm={() => actions.deleteMessage(deleting.id)}
          onClose={conversation.closeDelete}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('dialogs.removeTitle', { name: removing.nickname })}
          body={t('dialogs.removeBody', { name: removing.nickname })}
          confirmLabel={t('dialogs.remove')}
          onConfirm={() => actions.removeMember(removing.id)}
          onClose={() => setRemoving(null)}
        />
      )}
    </div>
  )
}
