import { useTranslation } from 'react-i18next'
import type { HostCrashState } from '../state/chat-state'
import './HostCrashBanner.css'

/**
 * For the person hosting, when the host process ended unexpectedly: says so and offers to start
 * it again. The chat stays as it is meanwhile; once it runs again everyone rejoins by themselves
 * (the connection banner beside this one says how that goes).
 */
export function HostCrashBanner({
  crash,
  onRestart
}: {
  crash: HostCrashState | null
  onRestart(): void
}) {
  const { t } = useTranslation()
  if (!crash) return null
  return (
    <div
      className="host-crash-banner"
      role="alert"
      data-testid="host-crash-banner"
      title={crash.reason}
    >
      <span>{t('hosting.crashed')}</span>{' '}
      {crash.errorCode && (
        <span data-testid="host-restart-error">
          {t('hosting.restartFailed', { reason: t(`errors.${crash.errorCode}`) })}{' '}
        </span>
      )}
      <button
        type="button"
        className="host-crash-restart"
        data-testid="host-restart"
        disabled={crash.restarting}
        onClick={onRestart}
      >
        {crash.restarting ? t('hosting.restarting') : t('hosting.restart')}
      </button>
    </div>
  )
}
