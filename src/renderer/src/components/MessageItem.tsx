import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../../shared/models'
import { formatDay, formatFullDate, formatTime } from '../format/time'
import type { MessageLayout } from '../format/grouping'
import { renderMessageText } from '../markdown/render'
import type { PendingMessage } from '../state/chat-state'
import './MessageItem.css'

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
  props: Shared & { message: Message; layout: MessageLayout; newMarker: boolean }
) {
  const { t } = useTranslation()
  const { message, layout, language } = props
  return (
    <div
      className={`message-item ${message.kind} ${layout.groupStart ? 'group-start' : 'continued'}`}
      data-testid="message"
      data-seq={message.seq}
      data-kind={message.kind}
      data-pending="false"
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
                <span className="message-author" data-testid="message-author">
                  {message.author.nickname}
                </span>
                <Time at={message.at} language={language} />
              </div>
            )}
            <div className="message-text" data-testid="message-text">
              {renderMessageText(message.text, props)}
            </div>
          </div>
        </div>
      )}
    </div>
  )
})

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
