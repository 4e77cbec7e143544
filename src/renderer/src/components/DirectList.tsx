import { useTranslation } from 'react-i18next'
import type { Member } from '../../../shared/models'
import { peerOf, type RoomState } from '../state/chat-state'
import { RoomItem } from './RoomItem'
import { presenceLabel, StatusDot } from './StatusDot'
import './DirectList.css'

/** The sidebar's "Direct messages": one line per conversation, with the other person's status. */
export function DirectList(props: {
  rooms: RoomState[]
  activeRoomId: string
  people: Readonly<Record<string, Member>>
  isMuted(roomId: string): boolean
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
            const person = props.people[peer.id]
            const online = person?.online ?? false
            const status = person?.status ?? 'available'
            const state = presenceLabel(t, online, status)
            return (
              <RoomItem
                key={id}
                testId="dm-item"
                roomId={id}
                name={peer.nickname}
                label={`${peer.nickname} (${state})`}
                unread={unread}
                current={id === props.activeRoomId}
                online={online}
                muted={props.isMuted(id)}
                mark={
                  <span className="avatar avatar-small" aria-hidden="true">
                    {peer.nickname.slice(0, 1).toUpperCase()}
                    <StatusDot online={online} status={status} />
                  </span>
                }
                onSelect={props.onSelect}
              />
            )
          })}
        </ul>
      )}
    </section>
  )
}
