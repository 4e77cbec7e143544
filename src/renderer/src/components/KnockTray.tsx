import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Result } from '../../../shared/result'
import type { Knock } from '../../../shared/wire/protocol'
import { errorText } from '../format/error-text'
import { formatTime } from '../format/time'
import './KnockTray.css'

interface KnockTrayProps {
  knocks: Knock[]
  language: string
  onAnswer(knockId: string, admit: boolean): Promise<Result<unknown>>
}

/**
 * The person hosting's "ask me first" door: everyone waiting, at the top of the chat whatever
 * room is open. The live region is there before anyone knocks, so a screen reader hears each
 * new request as it appears rather than only the first.
 */
export function KnockTray({ knocks, language, onAnswer }: KnockTrayProps) {
  const { t } = useTranslation()
  return (
    <div aria-live="polite" aria-relevant="additions">
      {knocks.length > 0 && (
        <section className="knock-tray" aria-label={t('knocks.region')} data-testid="knock-tray">
          <ul>
            {knocks.map((knock) => (
              <KnockRequest key={knock.id} knock={knock} language={language} onAnswer={onAnswer} />
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}

function KnockRequest({
  knock,
  language,
  onAnswer
}: {
  knock: Knock
  language: string
  onAnswer: KnockTrayProps['onAnswer']
}) {
  const { t } = useTranslation()
  const titleId = useId()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const answer = async (admit: boolean): Promise<void> => {
    if (busy) return
    setBusy(true)
    setError(null)
    const r = await onAnswer(knock.id, admit)
    // Answered: the request leaves the list; otherwise it stays, to be answered again.
    if (!r.ok) {
      setBusy(false)
      setError(t('knocks.failed', { reason: errorText(t, r.error) }))
    }
  }

  return (
    <li
      className="knock-request"
      data-testid="knock-request"
      data-knock-id={knock.id}
      data-nickname={knock.nickname}
    >
      <div className="knock-request-text">
        <strong id={titleId}>{t('knocks.wantsToJoin', { name: knock.nickname })}</strong>
        <span className="knock-request-meta">
          <span data-testid="knock-device">{knock.device}</span>
          {' · '}
          <span data-testid="knock-address">{knock.address}</span>
          {' · '}
          <time dateTime={new Date(knock.at).toISOString()}>{formatTime(knock.at, language)}</time>
          {' · '}
          <span className="knock-request-key">{t('knocks.keyCode', { code: knock.keyCode })}</span>
        </span>
        {error && (
          <span className="knock-request-error" role="alert" data-testid="knock-error">
            {error}
          </span>
        )}
      </div>
      <div className="knock-request-actions">
        <button
          type="button"
          data-testid="knock-admit"
          aria-describedby={titleId}
          disabled={busy}
          onClick={() => void answer(true)}
        >
          {t('knocks.admit')}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="knock-turn-away"
          aria-describedby={titleId}
          disabled={busy}
          onClick={() => void answer(false)}
        >
          {t('knocks.turnAway')}
        </button>
      </div>
    </li>
  )
}
