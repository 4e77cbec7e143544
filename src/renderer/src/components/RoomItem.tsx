import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Icon } from './Icon'

/**
 * One line of the sidebar's lists (a room, or a direct conversation): its mark, its name and
 * unread badge, pressed when current. `label` is what a screen reader hears before the unread
 * count; `online` is for a direct conversation's other person; `muted`, its notifications are
 * off (the bell in its header), so nobody wonders why it stays quiet.
 */
export function RoomItem(props: {
  testId: 'room-item' | 'dm-item'
  roomId: string
  name: string
  label: string
  unread: number
  current: boolean
  online?: boolean
  muted?: boolean
  mark: ReactNode
  onSelect(roomId: string): void
}) {
  const { t } = useTranslation()
  const { roomId, name, unread, current } = props
  const label = props.muted ? `${props.label}, ${t('chat.roomMuted')}` : props.label
  return (
    <li>
      <button
        type="button"
        className={current ? 'room-item current' : 'room-item'}
        data-testid={props.testId}
        data-room-id={roomId}
        data-room-name={name}
        data-unread={unread}
        data-online={props.online}
        data-muted={props.muted ? 'true' : undefined}
        aria-current={current ? 'true' : undefined}
        aria-label={unread > 0 ? `${label}, ${t('chat.unread', { count: unread })}` : label}
        onClick={() => props.onSelect(roomId)}
      >
        {props.mark}
        <span className="room-item-name">{name}</span>
        {props.muted && (
          <span
            className="room-item-muted"
            data-testid="room-muted-mark"
            title={t('chat.roomMuted')}
          >
            <Icon name="bellOff" />
          </span>
        )}
        {unread > 0 && (
          <span className="room-item-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
    </li>
  )
}
