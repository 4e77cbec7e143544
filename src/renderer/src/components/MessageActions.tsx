import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { IconButton } from './Icon'
import { ReactionPicker } from './ReactionPicker'
import { opensUpward, useDismiss } from './use-dismiss'
import './MessageActions.css'

/**
 * The toolbar of a text message: react, reply, and for its author (or, delete only, the person
 * hosting) edit and delete. Shown on hover and when focus is in the message, so the keyboard
 * reaches it too.
 */
export function MessageActions(props: {
  canEdit: boolean
  canDelete: boolean
  /** The emoji the reader has put on the message already. */
  mine: ReadonlySet<string>
  onReact(emoji: string): void
  onReply(): void
  onEdit(): void
  onDelete(): void
}) {
  const { t } = useTranslation()
  const [picking, setPicking] = useState<'down' | 'up' | null>(null)
  const ref = useDismiss<HTMLDivElement>(picking !== null, () => setPicking(null))
  return (
    <div
      ref={ref}
      className={picking ? 'message-actions open' : 'message-actions'}
      role="group"
      aria-label={t('message.actions')}
      data-testid="message-actions"
    >
      <IconButton
        icon="smile"
        label={t('message.react')}
        testId="message-react"
        expanded={picking !== null}
        onClick={() =>
          setPicking((open) => (open ? null : opensUpward(ref.current) ? 'up' : 'down'))
        }
      />
      <IconButton
        icon="reply"
        label={t('message.reply')}
        testId="message-reply"
        onClick={props.onReply}
      />
      {props.canEdit && (
        <IconButton
          icon="edit"
          label={t('message.edit')}
          testId="message-edit"
          onClick={props.onEdit}
        />
      )}
      {props.canDelete && (
        <IconButton
          icon="trash"
          label={t('message.delete')}
          testId="message-delete"
          className="message-actions-danger"
          onClick={props.onDelete}
        />
      )}
      {picking && (
        <ReactionPicker
          upward={picking === 'up'}
          mine={props.mine}
          onPick={(emoji) => {
            setPicking(null)
            props.onReact(emoji)
          }}
        />
      )}
    </div>
  )
}
