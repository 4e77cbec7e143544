import { useTranslation } from 'react-i18next'
import type { SessionEndReason } from '../../../shared/bridge'
import './StartScreen.css'

export function EndedScreen({ reason, onBack }: { reason: SessionEndReason; onBack(): void }) {
  const { t } = useTranslation()
  return (
    <main className="start-screen">
      <div className="start-card narrow" data-testid="ended-screen" role="alert">
        <h1>{reason === 'removed' ? t('ended.removedTitle') : t('ended.title')}</h1>
        <p>{t(`ended.${reason}`)}</p>
        <button type="button" autoFocus onClick={onBack}>
          {t('ended.back')}
        </button>
      </div>
    </main>
  )
}
