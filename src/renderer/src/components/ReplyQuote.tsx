import { useTranslation } from 'react-i18next'
import type { ReplyQuote as Quote } from '../../../shared/models'
import './ReplyQuote.css'

/**
 * The compact quote of the message a reply answers; choosing it goes to that message (loading
 * history around it when needed).
 */
export function ReplyQuote(props: { quote: Quote; unavailable?: boolean; onOpen?: () => void }) {
  const { t } = useTranslation()
  const { quote } = props
  const text = quote.deleted
    ? t('message.quoteDeleted')
    : props.unavailable || quote.excerpt === ''
      ? t('message.quoteUnavailable')
      : quote.excerpt
  const gone = quote.deleted || props.unavailable || quote.excerpt === ''
  return (
    <button
      type="button"
      className="reply-quote"
      data-testid="reply-quote"
      data-reply-to={quote.id}
      data-deleted={quote.deleted}
      aria-label={`${t('message.quoteLabel', { name: quote.author.nickname })}: ${text}`}
      disabled={!props.onOpen}
      onClick={props.onOpen}
    >
      <span className="reply-quote-author">{quote.author.nickname}</span>
      <span className={gone ? 'reply-quote-text gone' : 'reply-quote-text'}>{text}</span>
    </button>
  )
}
