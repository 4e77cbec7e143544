import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { UserRef } from '../../../shared/models'
import { opensUpward, useDismiss } from './use-dismiss'
import './AuthorName.css'

/**
 * A message's author. When they can be messaged directly (not oneself, not already the direct
 * conversation), the name opens a small menu with "Message".
 */
export function AuthorName(props: { user: UserRef; onMessage?: (user: UserRef) => void }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<'down' | 'up' | null>(null)
  const ref = useDismiss<HTMLSpanElement>(open !== null, () => setOpen(null))
  const { onMessage, user } = props
  if (!onMessage) {
    return (
      <span className="message-author" data-testid="message-author">
        {user.nickname}
      </span>
    )
  }
  return (
    <span ref={ref} className="author-name">
      <button
        type="button"
        className="message-author"
        data-testid="message-author"
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
