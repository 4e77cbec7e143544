import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { isErrorCode } from '../../../shared/errors'
import type { Transfer } from '../../../shared/files'
import { formatBytes, formatDuration, formatSpeed } from '../format/file-size'
import './TransferProgress.css'

/** Why a transfer stopped, in the active language (main's own words for a code we do not know). */
export function transferErrorText(t: TFunction, error: Transfer['error']): string {
  if (!error) return ''
  return isErrorCode(error.code) ? t(`errors.${error.code}`) : error.message
}

/** "3.2 MB of 10 MB · 1.5 MB/s · 5 seconds left", or what the transfer is waiting for. */
export function progressText(t: TFunction, transfer: Transfer, language: string): string {
  switch (transfer.state) {
    case 'queued':
      return t('files.queued')
    case 'waiting':
      return t('files.waiting')
    case 'done':
      return t('files.finishing')
    default: {
      const parts = [
        t('files.progress', {
          done: formatBytes(transfer.done, language),
          total: formatBytes(transfer.size, language)
        })
      ]
      if (transfer.bytesPerSecond > 0) parts.push(formatSpeed(transfer.bytesPerSecond, language))
      if (transfer.etaMs !== null)
        parts.push(t('files.timeLeft', { time: formatDuration(transfer.etaMs, language) }))
      return parts.join(' · ')
    }
  }
}

/** A transfer on its way: a bar, and the bytes, speed and time left under it. */
export function TransferProgress(props: { transfer: Transfer; language: string; label: string }) {
  const { t } = useTranslation()
  const { transfer } = props
  const percent =
    transfer.size > 0 ? Math.min(100, Math.floor((transfer.done / transfer.size) * 100)) : 0
  const text = progressText(t, transfer, props.language)
  return (
    <div className="transfer-progress" data-testid="transfer-progress" data-state={transfer.state}>
      <div
        className="transfer-bar"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
      >
        <span className="transfer-bar-fill" style={{ width: `${percent}%` }} />
      </div>
      {/* Said by the bar's value text: the message list is a live region, and this line
          changes a few times a second. */}
      <div className="transfer-status" data-testid="transfer-status" aria-hidden="true">
        {text}
      </div>
    </div>
  )
}
