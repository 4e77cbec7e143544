import { memo, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Member, Message, TextMessage, UserRef } from '../../../shared/models'
import type { Result } from '../../../shared/result'
import { formatDay, formatFullDate, formatTime } from '../format/time'
import type { MessageLayout } from '../format/grouping'
import { renderMessageText } from '../markdown/render'
import type { PendingMessage } from '../state/chat-state'
import { AuthorName } from './AuthorName'
import { MessageActions } from './MessageActions'
import { MessageEditor } from './MessageEditor'
import { ReactionBar } from './ReactionBar'
import { ReplyQuote } from './ReplyQuote'
import './MessageItem.css'

/** What can be done to a text message; one object for the whole list, so rows stay memoised. */
export interface MessageHandlers {
  reply(message: TextMessage): void
  edit(message: TextMessage): void
  saveEdit(message: TextMessage, text: string): Promise<Result<unknown>>
  cancelEdit(): void
  remove(message: TextMessage): void
  react(message: TextMessage, emoji: string, on: boolean): void
  /** The quote of a reply was chosen: go to the message it answers. */
  openQuote(message: TextMessage): void
  /** Opens the direct conversation with someone. */
  messagePerson(user: UserRef): void
}

/** Who reads the list, and what they may do in this room. */
export interface Reader {
  selfId: string
  /** The person hosting may delete anyone's message. */
  hosting: boolean
  /** Authors offer "Message" (not in a direct conversation, where it is that person already). */
  canMessage: boolean
  people: Readonly<Record<string, Member>>
}

interface Shared {
  language: string
  selfNickname: string
  /** The room's nicknames, longest first, so "@Ana Paula" is recognised as one mention. */
  mentionNames: readonly string[]
  openLink(url: string): void
}

function DaySeparator({ at, language }: { at: number; language: string }) {
  const { t } = useTranslation()
  return (
    <div className="message-divider day-separator" role="separator">
      <span>
        {formatDay(at, language, { today: t('message.today'), yesterday: t('message.yesterday') })}
      </span>
    </div>
  )
}

function Time({ at, language, className }: { at: number; language: string; className?: string }) {
  return (
    <time
      className={className ?? 'message-time'}
      data-testid="message-time"
      dateTime={new Date(at).toISOString()}
      title={formatFullDate(at, language)}
    >
      {formatTime(at, language)}
    </time>
  )
}

export const MessageItem = memo(function MessageItem(
  props: Shared & {
    message: Message
    layout: MessageLayout
    newMarker: boolean
    reader: Reader
    handlers: MessageHandlers
    editing: boolean
    highlighted: boolean
    /** Its quote was chosen, and the message quoted could not be found. */
    quoteUnavailable: boolean
  }
) {
  const { t } = useTranslation()
  const { message, layout, language } = props
  const classes = ['message-item', message.kind, layout.groupStart ? 'group-start' : 'continued']
  if (props.highlighted) classes.push('highlighted')
  return (
    <div
      className={classes.join(' ')}
      data-testid="message"
      data-seq={message.seq}
      data-message-id={message.id}
      data-kind={message.kind}
      data-pending="false"
      data-highlighted={props.highlighted || undefined}
    >
      {layout.newDay && <DaySeparator at={message.at} language={language} />}
      {props.newMarker && (
        <div
          className="message-divider new-marker"
          data-testid="new-messages-marker"
          role="separator"
        >
          <span>{t('chat.newMessages')}</span>
        </div>
      )}
      {message.kind === 'notice' ? (
        <div className="message-notice">
          <span>{t(`notice.${message.notice}`, { name: message.user.nickname })}</span>
          <Time at={message.at} language={language} />
        </div>
      ) : (
        <TextLine {...props} message={message} />
      )}
    </div>
  )
})

function TextLine(
  props: Shared & {
    message: TextMessage
    layout: MessageLayout
    reader: Reader
    handlers: MessageHandlers
    editing: boolean
    quoteUnavailable: boolean
  }
) {
  const { t } = useTranslation()
  const { message, layout, language, reader, handlers } = props
  const own = message.author.id === reader.selfId
  const deleted = message.deletedAt !== null
  const mine = useMemo(
    () =>
      new Set(
        message.reactions.filter((r) => r.userIds.includes(reader.selfId)).map((r) => r.emoji)
      ),
    [message.reactions, reader.selfId]
  )
  return (
    <div className="message-line">
      {layout.groupStart ? (
        <span className="avatar" aria-hidden="true">
          {message.author.nickname.slice(0, 1).toUpperCase()}
        </span>
      ) : (
        <Time at={message.at} language={language} className="message-hover-time" />
      )}
      <div className="message-body">
        {layout.groupStart && (
          <div className="message-head">
            <AuthorName
              user={message.author}
              onMessage={reader.canMessage && !own ? handlers.messagePerson : undefined}
            />
            <Time at={message.at} language={language} />
          </div>
        )}
        {message.replyTo && (
          <ReplyQuote
            quote={message.replyTo}
            unavailable={props.quoteUnavailable}
            onOpen={() => handlers.openQuote(message)}
          />
        )}
        {deleted ? (
          <div className="message-deleted" data-testid="message-deleted">
            {t('message.deleted')}
          </div>
        ) : props.editing ? (
          <MessageEditor
            text={message.text}
            onSave={(text) => handlers.saveEdit(message, text)}
            onCancel={handlers.cancelEdit}
          />
        ) : (
          <div className="message-text" data-testid="message-text">
            {renderMessageText(message.text, props)}
            {message.editedAt !== null && (
              <span
                className="message-edited"
                data-testid="message-edited"
                title={t('message.editedAt', { date: formatFullDate(message.editedAt, language) })}
              >
                {' '}
                {t('message.edited')}
              </span>
            )}
          </div>
        )}
        {!deleted && message.reactions.length > 0 && (
          <ReactionBar
            reactions={message.reactions}
            selfId={reader.selfId}
            people={reader.people}
            language={language}
            onToggle={(emoji, on) => handlers.react(message, emoji, on)}
          />
        )}
      </div>
      {!deleted && !props.editing && (
        <MessageActions
          canEdit={own}
          canDelete={own || reader.hosting}
          mine={mine}
          onReact={(emoji) => handlers.react(message, emoji, !mine.has(emoji))}
          onReply={() => handlers.reply(message)}
          onEdit={() => handlers.edit(message)}
          onDelete={() => handlers.remove(message)}
        />
      )}
    </div>
  )
}

export function PendingItem(
  props: Shared & {
    pending: PendingMessage
    authorNickname: string
    onRetry(): void
    onDiscard(): void
  }
) {
  const { t } = useTranslation()
  const { pending } = props
  return (
    <div
      className={`message-item text group-start pending ${pending.status}`}
      data-testid="message"
      data-kind="text"
      data-pending="true"
    >
      <div className="message-line">
        <span className="avatar" aria-hidden="true">
          {props.authorNickname.slice(0, 1).toUpperCase()}
        </span>
        <div className="message-body">
          <div className="message-head">
            <span className="message-author">{props.authorNickname}</span>
            <span className="muted small">
              {pending.status === 'sending' ? t('message.sending') : t('message.failed')}
            </span>
          </div>
          {pending.replyTo && <ReplyQuote quote={pending.replyTo} />}
          <div className="message-text" data-testid="message-text">
            {renderMessageText(pending.text, props)}
          </div>
          {pending.status === 'failed' && (
            <div className="message-pending-actions" role="alert">
              {pending.errorCode && <span>{t(`errors.${pending.errorCode}`)}</span>}
              <button type="button" className="link" onClick={props.onRetry}>
                {t('message.retry')}
              </button>
              <button type="button" className="link" onClick={props.onDiscard}>
                {t('message.discard')}
              </button>
            </div>
          )}
        </div>
      </div>
    </div>
  )
}
