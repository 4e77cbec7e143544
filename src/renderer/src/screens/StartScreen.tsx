import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Prefs, SessionInfo } from '../../../shared/bridge'
import { LIMITS } from '../../../shared/limits'
import { call } from '../bridge'
import { IconButton } from '../components/Icon'
import './StartScreen.css'

interface StartScreenProps {
  prefs: Prefs
  onStarted(session: SessionInfo): void
  onSettings(): void
}

type Busy = 'host' | 'join' | null

/** Nickname, then either host (optionally on a chosen port) or join an address. */
export function StartScreen({ prefs, onStarted, onSettings }: StartScreenProps) {
  const { t } = useTranslation()
  const [nickname, setNickname] = useState(prefs.lastNickname)
  const [address, setAddress] = useState(prefs.lastAddress)
  const [port, setPort] = useState('')
  const [advanced, setAdvanced] = useState(false)
  const [error, setError] = useState<{
    text: string
    field: 'nickname' | 'address' | 'port'
  } | null>(null)
  const [busy, setBusy] = useState<Busy>(null)

  const fieldOf = (code: string): 'nickname' | 'address' | 'port' =>
    code.startsWith('NICKNAME') ? 'nickname' : code === 'PORT_IN_USE' ? 'port' : 'address'

  const run = async (mode: 'host' | 'join'): Promise<void> => {
    if (busy) return
    setError(null)
    let chosenPort: number | undefined
    if (mode === 'host' && port.trim() !== '') {
      chosenPort = Number(port)
      if (!Number.isInteger(chosenPort) || chosenPort < 1 || chosenPort > 65535) {
        setError({ text: t('start.portInvalid'), field: 'port' })
        return
      }
    }
    setBusy(mode)
    const r =
      mode === 'host'
        ? await call('session:host', {
            nickname,
            ...(chosenPort === undefined ? {} : { port: chosenPort })
          })
        : await call('session:join', { nickname, address })
    setBusy(null)
    if (r.ok) onStarted(r.data)
    else setError({ text: t(`errors.${r.error.code}`), field: fieldOf(r.error.code) })
  }

  const submit = (mode: 'host' | 'join') => (e: FormEvent) => {
    e.preventDefault()
    void run(mode)
  }

  const invalid = (field: 'nickname' | 'address' | 'port') =>
    error?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'form-error' } : {}

  return (
    <main className="start-screen">
      <IconButton
        icon="settings"
        label={t('chat.settings')}
        testId="settings-button"
        className="start-settings"
        onClick={onSettings}
      />
      <div className="start-card">
        <h1 className="start-brand">{t('app.name')}</h1>
        <p className="muted">{t('app.tagline')}</p>

        <label className="field">
          <span>{t('start.nickname')}</span>
          <input
            data-testid="nickname-input"
            value={nickname}
            autoFocus
            maxLength={LIMITS.nicknameMax * 2}
            placeholder={t('start.nicknamePlaceholder')}
            onChange={(e) => setNickname(e.target.value)}
            {...invalid('nickname')}
          />
        </label>

        {error && (
          <p id="form-error" className="form-error" role="alert" data-testid="form-error">
            {error.text}
          </p>
        )}

        <div className="start-options">
          <form className="start-option" onSubmit={submit('host')}>
            <h2>{t('start.hostTitle')}</h2>
            <p className="muted small">{t('start.hostHint')}</p>
            <details open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
              <summary>{t('start.advanced')}</summary>
              <label className="field">
                <span>{t('start.port')}</span>
                <input
                  data-testid="port-input"
                  inputMode="numeric"
                  value={port}
                  placeholder="4747"
                  onChange={(e) => setPort(e.target.value.replace(/[^\d]/g, ''))}
                  {...invalid('port')}
                />
                <small>{t('start.portHint')}</small>
              </label>
            </details>
            <button
              type="submit"
              data-testid="host-button"
              disabled={busy !== null}
              aria-busy={busy === 'host'}
            >
              {busy === 'host' ? t('start.starting') : t('start.hostButton')}
            </button>
          </form>

          <form className="start-option" onSubmit={submit('join')}>
            <h2>{t('start.joinTitle')}</h2>
            <p className="muted small">{t('start.joinHint')}</p>
            <label className="field">
              <span>{t('start.address')}</span>
              <input
                data-testid="address-input"
                value={address}
                placeholder={t('start.addressPlaceholder')}
                spellCheck={false}
                onChange={(e) => setAddress(e.target.value)}
                {...invalid('address')}
              />
            </label>
            <button
              type="submit"
              data-testid="join-button"
              disabled={busy !== null}
              aria-busy={busy === 'join'}
            >
              {busy === 'join' ? t('start.working') : t('start.joinButton')}
            </button>
          </form>
        </div>
      </div>
    </main>
  )
}
