import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * One line of the sidebar's lists (a room, or a direct conversation): its mark, its name and
 * unread badge, pressed when current. `label` is what a screen reader hears before the unread
 * count; `online` is for a direct conversation's other person.
 */
export function RoomItem(props: {
  testId: 'room-item' | 'dm-item'
  roomId: string
  name: string
  label: string
  unread: number
  current: boolean
  online?: boolean
  mark: ReactNode
  onSelect(roomId: string): void
}) {
  const { t } = useTranslation()
  const { roomId, name, unread, current } = props
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
        aria-current={current ? 'true' : undefined}
        aria-label={
          unread > 0 ? `${props.label}, ${t('chat.unread', { count: unread })}` : props.label
        }
        onClick={() => props.onSelect(roomId)}
      >
        {props.mark}
        <span className="room-item-name">{name}</span>
        {unread > 0 && (
          <span className="room-item-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
    </li>
  )
}
