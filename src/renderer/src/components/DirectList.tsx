import { useTranslation } from 'react-i18next'
import type { Member } from '../../../shared/models'
import { peerOf, type RoomState } from '../state/chat-state'
import './DirectList.css'

/** The sidebar's "Direct messages": one line per conversation, with the other person's dot. */
export function DirectList(props: {
  rooms: RoomState[]
  activeRoomId: string
  people: Readonly<Record<string, Member>>
  onSelect(roomId: string): void
}) {
  const { t } = useTranslation()
  return (
    <section className="dm-section" data-testid="dm-section" aria-labelledby="dm-section-title">
      <h3 id="dm-section-title" className="rooms-title">
        {t('chat.directMessages')}
      </h3>
      {props.rooms.length === 0 ? (
        <p className="dm-empty muted small">{t('chat.noDirect')}</p>
      ) : (
        <ul className="room-list">
          {props.rooms.map((room) => {
            const { id, unread } = room.summary
            const peer = peerOf(room)
            const online = props.people[peer.id]?.online ?? false
            const current = id === props.activeRoomId
            const state = online ? t('chat.online') : t('chat.offline')
            const unreadText = unread > 0 ? `, ${t('chat.unread', { count: unread })}` : ''
            return (
              <li key={id}>
                <button
                  type="button"
                  className={current ? 'room-item current' : 'room-item'}
                  data-testid="dm-item"
                  data-room-id={id}
                  data-room-name={peer.nickname}
                  data-unread={unread}
                  data-online={online}
                  aria-current={current ? 'true' : undefined}
                  aria-label={`${peer.nickname} (${state})${unreadText}`}
                  onClick={() => props.onSelect(id)}
                >
                  <span className="avatar avatar-small" aria-hidden="true">
                    {peer.nickname.slice(0, 1).toUpperCase()}
                    <span className={online ? 'dm-presence online' : 'dm-presence'} />
                  </span>
                  <span className="room-item-name">{peer.nickname}</span>
                  {unread > 0 && (
                    <span className="room-item-badge" aria-hidden="true">
                      {unread > 99 ? '99+' : unread}
                    </span>
                  )}
                </button>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
