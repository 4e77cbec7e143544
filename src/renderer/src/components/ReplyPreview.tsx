import { useTranslation } from 'react-i18next'
import type { ReplyQuote } from '../../../shared/models'
import { IconButton } from './Icon'
import './ReplyPreview.css'

/** Above the composer while writing a reply: "Replying to Ana: …", with × to cancel. */
export function ReplyPreview(props: { quote: ReplyQuote; onCancel(): void }) {
  const { t } = useTranslation()
  const { quote } = props
  return (
    <div className="reply-preview" data-testid="reply-preview" data-reply-to={quote.id}>
      <span className="reply-preview-text">
        <strong>{t('composer.replyingTo', { name: quote.author.nickname })}</strong>
        {quote.deleted ? (
          <em className="muted"> {t('message.quoteDeleted')}</em>
        ) : (
          <span className="muted">: {quote.excerpt}</span>
        )}
      </span>
      <IconButton
        icon="close"
        label={t('composer.cancelReply')}
        testId="reply-cancel"
        onClick={props.onCancel}
      />
    </div>
  )
}
