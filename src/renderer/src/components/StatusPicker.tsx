import { useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { OwnStatus } from '../../../shared/bridge'
import { PRESENCE_STATUSES, type PresenceStatus, type UserRef } from '../../../shared/models'
import { PersonAvatar } from './AuthorName'
import { StatusDot } from './StatusDot'
import { useDismiss } from './use-dismiss'
import './StatusPicker.css'

/**
 * One's own name at the foot of the sidebar, with one's status; it opens a menu to pick
 * available, away or do not disturb. "Away (idle)" says that away was not picked but came from
 * idleness, and goes by itself.
 */
export function StatusPicker(props: {
  self: UserRef
  status: OwnStatus
  onChoose(status: PresenceStatus): void
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const close = (): void => {
    setOpen(false)
    button.current?.focus()
  }
  const ref = useDismiss<HTMLDivElement>(open, close)
  const { chosen, shown } = props.status
  const label = chosen === 'available' && shown === 'away' ? t('status.idle') : t(`status.${shown}`)

  // A menu is one tab stop: the arrows move between its items, Home and End to its ends.
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitemradio"]')]
    const at = items.indexOf(document.activeElement as HTMLButtonElement)
    const to =
      e.key === 'ArrowDown'
        ? (at + 1) % items.length
        : e.key === 'ArrowUp'
          ? (at - 1 + items.length) % items.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? items.length - 1
              : null
    if (to === null) return
    e.preventDefault()
    items[to]?.focus()
  }

  return (
    <div ref={ref} className="status-picker">
      <button
        ref={button}
        type="button"
        className="status-picker-button"
        data-testid="status-button"
        data-status={shown}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('status.change', { status: label })}
        title={props.self.nickname}
        onClick={() => setOpen((o) => !o)}
      >
        <PersonAvatar user={props.self} small>
          <StatusDot online status={shown} />
        </PersonAvatar>
        <span className="status-picker-text">
          <span className="status-picker-name" dir="auto">
            {props.self.nickname}
          </span>
          <span className="status-picker-state" data-testid="status-label">
            {label}
          </span>
        </span>
      </button>
      {open && (
        <div
          className="status-menu"
          role="menu"
          aria-label={t('status.menu')}
          data-testid="status-menu"
          onKeyDown={onMenuKey}
        >
          {PRESENCE_STATUSES.map((status) => (
            <button
              key={status}
              type="button"
              role="menuitemradio"
              aria-checked={chosen === status}
              className="status-option"
              data-testid="status-option"
              data-status={status}
              // The current one takes the focus, as a radio group's checked item does.
              autoFocus={chosen === status}
              onClick={() => {
                props.onChoose(status)
                close()
              }}
            >
              <span className="status-option-mark">
                <StatusDot online status={status} />
              </span>
              <span className="status-option-text">
                {t(`status.${status}`)}
                {status === 'dnd' && (
                  <span className="status-option-hint">{t('status.dndHint')}</span>
                )}
              </span>
            </button>
          ))}
          <p className="status-menu-hint">{t('status.autoHint')}</p>
        </div>
      )}
    </div>
  )
}
