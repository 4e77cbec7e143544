import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LANGUAGES, THEMES, type Language, type Prefs, type Theme } from '../../../shared/bridge'
import { spellcheckChoice } from '../../../shared/spellcheck'
import { call } from '../bridge'
import { Dialog } from './Dialog'
import { KnownHosts } from './KnownHosts'
import './SettingsDialog.css'

/** Each language in its own name, as people look for it. */
const LANGUAGE_NAMES: Record<Language, string> = { 'pt-BR': 'Português (Brasil)', en: 'English' }

export function SettingsDialog(props: {
  language: Language | null
  /** The language the app shows now (the choice, or the system's): spelling's default. */
  appLanguage: Language
  /** Theme, notification sound and spell-check languages; changed through `onPrefs`. */
  prefs: Pick<Prefs, 'theme' | 'notificationSound' | 'spellcheckLanguages'>
  version: string
  /** The code of the host of the chat open now (hosted or joined), to compare; null outside one. */
  hostCode: string | null
  onLanguage(language: Language | null): void
  onPrefs(patch: Partial<Prefs>): void
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
  const spelling = spellcheckChoice(props.prefs.spellcheckLanguages, props.appLanguage)
  // Once a box is ticked or cleared the choice is explicit, and no longer follows the app's language.
  const changeSpelling = (language: Language, on: boolean) =>
    props.onPrefs({
      spellcheckLanguages: LANGUAGES.filter((l) => (l === language ? on : spelling.includes(l)))
    })
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
          {LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('settings.theme')}</span>
        <select
          data-testid="theme-select"
          value={props.prefs.theme}
          onChange={(e) => props.onPrefs({ theme: e.target.value as Theme })}
        >
          {THEMES.map((theme) => (
            <option key={theme} value={theme}>
              {t(`settings.themes.${theme}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="settings-group">
        <span className="settings-group-title">{t('settings.notifications')}</span>
        <label>
          <input
            type="checkbox"
            data-testid="notification-sound"
            checked={props.prefs.notificationSound}
            onChange={(e) => props.onPrefs({ notificationSound: e.target.checked })}
          />
          <span>{t('settings.notificationSound')}</span>
        </label>
        <small>{t('settings.muteRoomHint')}</small>
      </div>
      <fieldset className="settings-group" data-testid="spellcheck-languages">
        <legend className="settings-group-title">{t('settings.spelling')}</legend>
        {LANGUAGES.map((language) => (
          <label key={language}>
            <input
              type="checkbox"
              data-testid={`spellcheck-${language}`}
              checked={spelling.includes(language)}
              onChange={(e) => changeSpelling(language, e.target.checked)}
            />
            <span>{LANGUAGE_NAMES[language]}</span>
          </label>
        ))}
        <small>{t('settings.spellingHint')}</small>
      </fieldset>
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
