import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EmojiPicker } from './EmojiPicker'
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
  // The quick set under or above the react button, or the full picker beside it.
  const [picking, setPicking] = useState<'down' | 'up' | { full: HTMLElement } | null>(null)
  const quick = picking === 'down' || picking === 'up'
  // The full picker floats outside the toolbar and closes itself on a click elsewhere.
  const ref = useDismiss<HTMLDivElement>(quick, () => setPicking(null))
  const reactButton = useRef<HTMLButtonElement>(null)
  const closeFull = (): void => {
    setPicking(null)
    reactButton.current?.focus()
  }
  return (
    <div
      ref={ref}
      className={picking ? 'message-actions open' : 'message-actions'}
      role="group"
      aria-label={t('message.actions')}
      data-testid="message-actions"
    >
      <IconButton
        ref={reactButton}
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
      {quick && (
        <ReactionPicker
          upward={picking === 'up'}
          mine={props.mine}
          onPick={(emoji) => {
            setPicking(null)
            props.onReact(emoji)
          }}
          onMore={() => {
            if (reactButton.current) setPicking({ full: reactButton.current })
          }}
        />
      )}
      {picking !== null && typeof picking === 'object' && (
        <EmojiPicker
          anchor={picking.full}
          label={t('reactions.picker')}
          onPick={(emoji) => {
            closeFull()
            props.onReact(emoji)
          }}
          onClose={closeFull}
          onDismiss={() => setPicking(null)}
        />
      )}
    </div>
  )
}
