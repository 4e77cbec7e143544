import { useTranslation } from 'react-i18next'
import type { Language } from '../../../shared/bridge'
import { Dialog } from './Dialog'

export function SettingsDialog(props: {
  language: Language | null
  version: string
  onLanguage(language: Language | null): void
  onClose(): void
}) {
  const { t } = useTranslation()
  return (
    <Dialog title={t('dialogs.settingsTitle')} onClose={props.onClose}>
      <label className="field">
        <span>{t('dialogs.language')}</span>
        <select
          data-autofocus
          data-testid="language-select"
          value={props.language ?? 'system'}
          onChange={(e) =>
            props.onLanguage(e.target.value === 'system' ? null : (e.target.value as Language))
          }
        >
          <option value="system">{t('dialogs.languageSystem')}</option>
          <option value="pt-BR">Português (Brasil)</option>
          <option value="en">English</option>
        </select>
      </label>
      <p className="muted">{t('dialogs.version', { version: props.version })}</p>
      <div className="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('dialogs.close')}
        </button>
      </div>
    </Dialog>
  )
}
