import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { UserRef } from '../../../shared/models'
import { personClass } from '../format/person-color'
import { opensUpward, useDismiss } from './use-dismiss'
import './AuthorName.css'

/** A person's initial in a circle of their colour. */
export function PersonAvatar(props: { user: UserRef; small?: boolean; children?: ReactNode }) {
  const { user } = props
  const classes = ['avatar', 'person-avatar', personClass(user.id)]
  if (props.small) classes.push('avatar-small')
  return (
    <span className={classes.join(' ')} aria-hidden="true" data-testid="person-avatar">
      {initialOf(user.nickname)}
      {props.children}
    </span>
  )
}

/** The first character a person would see of the name (a whole emoji or accented letter). */
export function initialOf(nickname: string): string {
  const first = Array.from(nickname.trim())[0] ?? '?'
  return first.toUpperCase()
}

/**
 * A message's author. When they can be messaged directly (not oneself, not already the direct
 * conversation), the name opens a small menu with "Message".
 */
export function AuthorName(props: { user: UserRef; onMessage?: (user: UserRef) => void }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<'down' | 'up' | null>(null)
  const ref = useDismiss<HTMLSpanElement>(open !== null, () => setOpen(null))
  const { onMessage, user } = props
  const color = personClass(user.id)
  if (!onMessage) {
    return (
      <span
        className={`message-author person-name ${color}`}
        data-testid="message-author"
        dir="auto"
      >
        {user.nickname}
      </span>
    )
  }
  return (
    <span ref={ref} className="author-name">
      <button
        type="button"
        className={`message-author person-name ${color}`}
        data-testid="message-author"
        dir="auto"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        onClick={() => setOpen((o) => (o ? null : opensUpward(ref.current) ? 'up' : 'down'))}
      >
        {user.nickname}
      </button>
      {open && (
        <span
          className={open === 'up' ? 'author-menu up' : 'author-menu'}
          role="menu"
          data-testid="author-menu"
        >
          <button
            type="button"
            role="menuitem"
            className="secondary"
            data-testid="author-message-button"
            autoFocus
            onClick={() => {
              setOpen(null)
              onMessage(user)
            }}
          >
            {t('chat.messagePerson', { name: user.nickname })}
          </button>
        </span>
      )}
    </span>
  )
}
