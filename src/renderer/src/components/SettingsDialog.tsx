import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Language } from '../../../shared/bridge'
import { call } from '../bridge'
import { Dialog } from './Dialog'
import { KnownHosts } from './KnownHosts'
import './SettingsDialog.css'

export function SettingsDialog(props: {
  language: Language | null
  version: string
  /** The code of the host of the chat open now (hosted or joined), to compare; null outside one. */
  hostCode: string | null
  onLanguage(language: Language | null): void
  onClose(): void
}) {
  const { t } = useTranslation()
  // Null until the preferences are read: the checkbox waits rather than show a guess.
  const [launchAtLogin, setLaunchAtLogin] = useState<boolean | null>(null)
  useEffect(() => {
    let current = true
    call('app:info', {})
      .then((r) => {
        if (current && r.ok) setLaunchAtLogin(r.data.prefs.launchAtLogin)
      })
      // Unreadable preferences leave the checkbox disabled; the rest of Settings still works.
      .catch(() => {})
    return () => {
      current = false
    }
  }, [])
  const changeLaunchAtLogin = async (on: boolean) => {
    setLaunchAtLogin(on)
    const r = await call('prefs:set', { launchAtLogin: on })
    if (r.ok) setLaunchAtLogin(r.data.launchAtLogin)
    else setLaunchAtLogin(!on)
  }
  return (
    <Dialog title={t('dialogs.settingsTitle')} onClose={props.onClose} testId="settings-dialog">
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
      <label>
        <input
          type="checkbox"
          data-testid="launch-at-login"
          checked={launchAtLogin ?? false}
          disabled={launchAtLogin === null}
          onChange={(e) => void changeLaunchAtLogin(e.target.checked)}
        />
        <span>{t('dialogs.launchAtLogin')}</span>
      </label>
      {props.hostCode && (
        <div className="field">
          <span>{t('trust.hostCode')}</span>
          <code className="settings-host-code" data-testid="settings-host-code">
            {props.hostCode}
          </code>
          <small>{t('trust.hostCodeHint')}</small>
        </div>
      )}
      <KnownHosts />
      <p className="muted">{t('dialogs.version', { version: props.version })}</p>
      <div className="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('dialogs.close')}
        </button>
      </div>
    </Dialog>
  )
}
