import { useTranslation } from 'react-i18next'
import type { OwnStatus, SessionInfo } from '../../../shared/bridge'
import { shortCode } from '../../../shared/fingerprint'
import type { Member, PresenceStatus } from '../../../shared/models'
import type { RoomState } from '../state/chat-state'
import { CopyButton } from './CopyButton'
import { DirectList } from './DirectList'
import { IconButton } from './Icon'
import { RoomItem } from './RoomItem'
import { StatusPicker } from './StatusPicker'
import './Sidebar.css'

interface SidebarProps {
  session: SessionInfo
  rooms: RoomState[]
  /** Direct conversations, listed apart under "Direct messages". */
  directRooms: RoomState[]
  /** Everyone known, for the other person's dot in a direct conversation. */
  people: Readonly<Record<string, Member>>
  activeRoomId: string
  roomName(room: RoomState): string
  /** Whether a room's notifications are off (the bell in its header). */
  isMuted(roomId: string): boolean
  onSelect(roomId: string): void
  onCreate(): void
  onJoin(): void
  onSettings(): void
  onLogout(): void
  /** One's own status (as others see it, and as picked), and picking another. */
  status: OwnStatus
  onStatus(status: PresenceStatus): void
  /** Hosting: an invite to this host, and the network check, beside the addresses shared. */
  onInvite(): void
  onNetworkCheck(): void
  /** The person hosting's tools; absent for everyone else. */
  hostTools?: { onActivity(): void; onRemoved(): void }
}

export function Sidebar(props: SidebarProps) {
  const { t } = useTranslation()
  const { session } = props
  const hostCode = shortCode(session.fingerprint)
  return (
    <nav className="sidebar" aria-label={t('chat.rooms')}>
      <header className="sidebar-head">
        <div className="sidebar-brand">{t('app.name')}</div>
        <div className="muted small">
          {session.mode === 'host'
            ? t('chat.youAreHosting')
            : t('chat.hostedBy', { name: session.host.name })}
        </div>
        {session.mode === 'join' && (
          <div className="sidebar-host-code small">
            <span className="muted">{t('trust.hostCode')}</span>{' '}
            <code data-testid="host-code">{hostCode}</code>
          </div>
        )}
      </header>

      {session.mode === 'host' && (
        <section
          className="sidebar-share"
          data-testid="share-addresses"
          aria-label={t('chat.shareTitle')}
        >
          <h3>{t('chat.shareTitle')}</h3>
          <ul>
            {session.addresses.map((address) => (
              <li key={address}>
                <code data-testid="share-address">{address}</code>
                <CopyButton text={address} />
              </li>
            ))}
          </ul>
          <div className="sidebar-host-code small" title={t('trust.hostCodeHint')}>
            <span className="muted">{t('trust.hostCode')}</span>{' '}
            <code data-testid="host-code">{hostCode}</code>
          </div>
          <div className="sidebar-actions sidebar-share-actions">
            <button
              type="button"
              className="secondary"
              data-testid="share-invite-button"
              title={t('invite.buttonHint')}
              onClick={props.onInvite}
            >
              {t('invite.button')}
            </button>
            <button
              type="button"
              className="secondary"
              data-testid="host-doctor-button"
              onClick={props.onNetworkCheck}
            >
              {t('doctor.hostButton')}
            </button>
          </div>
        </section>
      )}

      {props.hostTools && (
        <section className="sidebar-host-tools" aria-labelledby="sidebar-host-tools-title">
          <h3 id="sidebar-host-tools-title">{t('chat.hostTools')}</h3>
          <div className="sidebar-actions">
            <button
              type="button"
              className="secondary"
              data-testid="activity-button"
              onClick={props.hostTools.onActivity}
            >
              {t('chat.activity')}
            </button>
            <button
              type="button"
              className="secondary"
              data-testid="removed-people-button"
              onClick={props.hostTools.onRemoved}
            >
              {t('chat.removedPeople')}
            </button>
          </div>
        </section>
      )}

      <h3 className="rooms-title">{t('chat.rooms')}</h3>
      <ul className="room-list" data-testid="room-list">
        {props.rooms.map((room) => {
          const { id, unread } = room.summary
          const name = props.roomName(room)
          return (
            <RoomItem
              key={id}
              testId="room-item"
              roomId={id}
              name={name}
              label={name}
              unread={unread}
              current={id === props.activeRoomId}
              muted={props.isMuted(id)}
              mark={
                <span className="room-item-hash" aria-hidden="true">
                  {room.summary.isLobby ? '⌂' : '#'}
                </span>
              }
              onSelect={props.onSelect}
            />
          )
        })}
      </ul>
      <div className="sidebar-actions">
        <button type="button" data-testid="create-room-button" onClick={props.onCreate}>
          + {t('chat.createRoom')}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="join-room-button"
          onClick={props.onJoin}
        >
          {t('chat.joinRoom')}
        </button>
      </div>

      <DirectList
        rooms={props.directRooms}
        activeRoomId={props.activeRoomId}
        people={props.people}
        isMuted={props.isMuted}
        onSelect={props.onSelect}
      />

      <footer className="sidebar-foot">
        <StatusPicker self={session.self} status={props.status} onChoose={props.onStatus} />
        <IconButton
          icon="settings"
          label={t('chat.settings')}
          testId="settings-button"
          onClick={props.onSettings}
        />
        <IconButton
          icon="logout"
          label={t('chat.logout')}
          testId="logout-button"
          onClick={props.onLogout}
        />
      </footer>
    </nav>
  )
}
