import type { TFunction } from 'i18next'
import type { AppError } from '../../../shared/result'

/**
 * What to tell the person about an error, in the active language. A rate limit says how long to
 * wait when the host said so, rounded up: "in 0 seconds" would invite a try that fails again.
 */
export function errorText(t: TFunction, error: Pick<AppError, 'code' | 'retryAfterMs'>): string {
  if (error.code === 'RATE_LIMITED' && error.retryAfterMs !== undefined) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1_000))
    return seconds < 90
      ? t('start.waitSeconds', { count: seconds })
      : t('start.waitMinutes', { count: Math.ceil(seconds / 60) })
  }
  return t(`errors.${error.code}`)
}
