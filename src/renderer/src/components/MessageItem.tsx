import { memo, useId, useMemo, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Member, Message, NoticeMessage, TextMessage, UserRef } from '../../../shared/models'
import type { Result } from '../../../shared/result'
import { formatDay, formatFullDate, formatTime } from '../format/time'
import type { MessageLayout } from '../format/grouping'
import { noticeRunText } from '../format/notices'
import { personClass } from '../format/person-color'
import { renderMessageText } from '../markdown/render'
import type { PendingMessage, RenameLine } from '../state/chat-state'
import { AuthorName, PersonAvatar } from './AuthorName'
import { MessageActions } from './MessageActions'
import { MessageAttachment } from './MessageAttachment'
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

/** The day separator and the "New messages" line a row may start with. */
function Dividers(props: {
  layout: MessageLayout
  newMarker: boolean
  at: number
  language: string
}) {
  const { t } = useTranslation()
  return (
    <>
      {props.layout.newDay && <DaySeparator at={props.at} language={props.language} />}
      {props.newMarker && (
        <div
          className="message-divider new-marker"
          data-testid="new-messages-marker"
          role="separator"
        >
          <span>{t('chat.newMessages')}</span>
        </div>
      )}
    </>
  )
}

/** A line between messages ("Ana joined"), its time set like a message's. */
function NoticeLine(props: { text: string; at: number; language: string; title?: string }) {
  return (
    <div className="message-notice">
      <span className="message-notice-text" dir="auto" title={props.title}>
        {props.text}
      </span>
      <Time at={props.at} language={props.language} />
    </div>
  )
}

/** Consecutive notices said in one line: "Ana, Bia and 3 others joined". */
export const NoticeRunItem = memo(function NoticeRunItem(props: {
  notices: readonly NoticeMessage[]
  layout: MessageLayout
  newMarker: boolean
  language: string
}) {
  const { t } = useTranslation()
  const { notices, language } = props
  const first = notices[0] as NoticeMessage
  const last = notices[notices.length - 1] as NoticeMessage
  // Each notice on its own, with its time, for whoever wants the detail.
  const detail = notices
    .map(
      (n) => `${formatTime(n.at, language)} ${t(`notice.${n.notice}`, { name: n.user.nickname })}`
    )
    .join('\n')
  return (
    <div
      className="message-item notice group-start collapsed-notices"
      data-testid="message"
      data-seq={last.seq}
      data-message-id={last.id}
      data-kind="notice"
      data-collapsed="true"
      data-count={notices.length}
      data-pending="false"
    >
      <Dividers
        layout={props.layout}
        newMarker={props.newMarker}
        at={first.at}
        language={language}
      />
      <NoticeLine
        text={noticeRunText(notices, t)}
        at={last.at}
        language={language}
        title={detail}
      />
    </div>
  )
})

/** "Eve is now José": seen by this window only, not part of the history. */
export const RenameItem = memo(function RenameItem(props: {
  rename: RenameLine
  layout: MessageLayout
  language: string
}) {
  const { t } = useTranslation()
  const { rename, language } = props
  return (
    <div
      className="message-item notice local group-start"
      data-testid="rename-line"
      data-user-id={rename.userId}
    >
      <Dividers layout={props.layout} newMarker={false} at={rename.at} language={language} />
      <NoticeLine
        text={t('notice.renamed', { from: rename.from, to: rename.to })}
        at={rename.at}
        language={language}
      />
    </div>
  )
})

/** Longer than this (characters, or lines as written), a message starts collapsed. */
export const LONG_MESSAGE_CHARS = 1_500
export const LONG_MESSAGE_LINES = 25

export function isLongMessage(text: string): boolean {
  if (text.length > LONG_MESSAGE_CHARS) return true
  let lines = 1
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
    if (++lines > LONG_MESSAGE_LINES) return true
  return false
}

/** A message's text, collapsed under a fade with "Show more" when it is very long. */
function MessageText(props: { text: string; children: ReactNode }) {
  const { t } = useTranslation()
  const id = useId()
  const [open, setOpen] = useState(false)
  const long = isLongMessage(props.text)
  return (
    <>
      <div
        id={id}
        className={long && !open ? 'message-text clipped' : 'message-text'}
        data-testid="message-text"
        data-clipped={long && !open ? 'true' : undefined}
        dir="auto"
      >
        {props.children}
      </div>
      {long && (
        <button
          type="button"
          className="link message-show-more"
          data-testid="message-show-more"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t('message.showLess') : t('message.showMore')}
        </button>
      )}
    </>
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
      <Dividers layout={layout} newMarker={props.newMarker} at={message.at} language={language} />
      {message.kind === 'notice' ? (
        <NoticeLine
          text={t(`notice.${message.notice}`, { name: message.user.nickname })}
          at={message.at}
          language={language}
        />
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
        <PersonAvatar user={message.author} />
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
        {!deleted && message.attachment && (
          <MessageAttachment
            messageId={message.id}
            attachment={message.attachment}
            language={language}
          />
        )}
        {deleted ? (
          <div className="message-deleted" data-testid="message-deleted">
            {t('message.deleted')}
          </div>
        ) : props.editing ? (
          <MessageEditor
            text={message.text}
            allowEmpty={message.attachment !== null}
            onSave={(text) => handlers.saveEdit(message, text)}
            onCancel={handlers.cancelEdit}
          />
        ) : (
          <MessageText text={message.text}>
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
          </MessageText>
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
    /** Whose colour the avatar and name have (oneself). */
    authorId: string
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
        <PersonAvatar user={{ id: props.authorId, nickname: props.authorNickname }} />
        <div className="message-body">
          <div className="message-head">
            <span
              className={`message-author person-name ${personClass(props.authorId)}`}
              dir="auto"
            >
              {props.authorNickname}
            </span>
            <span className="muted small">
              {pending.status === 'sending' ? t('message.sending') : t('message.failed')}
            </span>
          </div>
          {pending.replyTo && <ReplyQuote quote={pending.replyTo} />}
          <MessageText text={pending.text}>{renderMessageText(pending.text, props)}</MessageText>
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
