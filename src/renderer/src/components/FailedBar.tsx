import { useTranslation } from 'react-i18next'
import type { PendingMessage } from '../state/chat-state'
import './FailedBar.css'

/**
 * Messages fail only for reasons a retry will not fix by itself (the session already waits out
 * drops and rate limits), so several failed ones are usually one cause: one button retries all.
 */
export function FailedBar({
  pending,
  onRetryAll
}: {
  pending: readonly PendingMessage[]
  onRetryAll(): void
}) {
  const { t } = useTranslation()
  const failed = pending.filter((p) => p.status === 'failed').length
  if (failed < 2) return null
  return (
    <div className="failed-bar" role="alert" data-testid="failed-bar">
      <span>{t('message.failedCount', { count: failed })}</span>
      <button type="button" className="link" data-testid="retry-all" onClick={onRetryAll}>
        {t('message.retryAll')}
      </button>
    </div>
  )
}
