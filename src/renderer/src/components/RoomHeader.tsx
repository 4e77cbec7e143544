import { useTranslation } from 'react-i18next'
import type { RoomState } from '../state/chat-state'
import { CopyButton } from './CopyButton'
import { Icon, IconButton } from './Icon'
import './RoomHeader.css'

export function RoomHeader(props: {
  room: RoomState
  name: string
  membersHidden: boolean
  onToggleMembers(): void
  onLeave(): void
  /** The person hosting or the room's creator may give it a new code; absent otherwise. */
  onNewCode?: () => void
  /** Opens the invite: a link and QR code to this room (the lobby: to the host). */
  onInvite(): void
  /** Opens (or closes) the search panel. */
  searchOpen: boolean
  onSearch(): void
  /** This room's desktop notifications are off (kept in the prefs, per host). */
  muted: boolean
  onToggleMute(): void
}) {
  const { t } = useTranslation()
  const { summary } = props.room
  const direct = summary.isDirect
  return (
    <header className="room-header">
      <div className="room-header-heading">
        <h1 data-testid="room-title" title={props.name}>
          {props.name}
        </h1>
        {summary.code ? (
          <span className="room-header-code small">
            <span className="muted">{t('chat.code')}</span>
            <code data-testid="room-code">{summary.code}</code>
            <CopyButton text={summary.code} label={t('chat.copyCode')} />
            {props.onNewCode && (
              <button
                type="button"
                className="room-header-new-code"
                data-testid="new-room-code-button"
                onClick={props.onNewCode}
              >
                {t('chat.newCode')}
              </button>
            )}
          </span>
        ) : (
          <span className="muted small">{direct ? t('chat.directHint') : t('chat.lobbyHint')}</span>
        )}
      </div>
      <div className="room-header-actions">
        <IconButton
          icon="search"
          label={t('chat.searchShortcut')}
          testId="search-button"
          className={props.searchOpen ? 'room-header-search open' : 'room-header-search'}
          onClick={props.onSearch}
        />
        <button
          type="button"
          className={
            props.muted ? 'icon-button room-header-mute silenced' : 'icon-button room-header-mute'
          }
          data-testid="mute-room-button"
          aria-label={t('chat.muteRoom')}
          aria-pressed={props.muted}
          title={props.muted ? t('chat.roomMuted') : t('chat.muteRoom')}
          onClick={props.onToggleMute}
        >
          <Icon name={props.muted ? 'bellOff' : 'bell'} />
        </button>
        {!direct && (
          <button
            type="button"
            className="secondary"
            data-testid="invite-button"
            title={t('invite.buttonHint')}
            onClick={props.onInvite}
          >
            {t('invite.button')}
          </button>
        )}
        <button
          type="button"
          className="secondary"
          data-testid="members-toggle"
          aria-pressed={!props.membersHidden}
          title={props.membersHidden ? t('chat.showMembers') : t('chat.hideMembers')}
          onClick={props.onToggleMembers}
        >
          {t('chat.members')} ({summary.memberCount})
        </button>
        {!summary.isLobby && !direct && (
          <button
            type="button"
            className="secondary"
            data-testid="leave-room-button"
            onClick={props.onLeave}
          >
            {t('chat.leaveRoom')}
          </button>
        )}
      </div>
    </header>
  )
}
