import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Prefs, SessionInfo } from '../../../shared/bridge'
import { LIMITS } from '../../../shared/limits'
import { call } from '../bridge'
import { IconButton } from '../components/Icon'
import { errorText } from '../format/error-text'
import { FormError } from './FormError'
import { HostForm, type HostOptions } from './HostForm'
import { JoinForm } from './JoinForm'
import { invalidIf, placeOf, type ShownError } from './start-errors'
import { useJoin } from './use-join'
import './StartScreen.css'

interface StartScreenProps {
  prefs: Prefs
  onStarted(session: SessionInfo): void
  onSettings(): void
}

/** Nickname, then either host (optionally on a chosen port, with a password…) or join. */
export function StartScreen({ prefs, onStarted, onSettings }: StartScreenProps) {
  const { t } = useTranslation()
  const [nickname, setNickname] = useState(prefs.lastNickname)
  const [address, setAddress] = useState(prefs.lastAddress)
  const [error, setError] = useState<ShownError | null>(null)
  const [hosting, setHosting] = useState(false)
  const join = useJoin(address, {
    onStarted,
    onError: (e) => setError(e && { text: errorText(t, e), place: placeOf(e.code, 'join') })
  })
  const joining = join.step.kind !== 'idle'

  const host = async (options: HostOptions): Promise<void> => {
    if (hosting || joining) return
    setError(null)
    setHosting(true)
    const r = await call('session:host', { nickname, ...options })
    setHosting(false)
    if (r.ok) onStarted(r.data)
    else setError({ text: errorText(t, r.error), place: placeOf(r.error.code, 'host') })
  }

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
            {...invalidIf(error, 'nickname')}
          />
        </label>
        <FormError error={error} places={['nickname']} />

        <div className="start-options">
          <HostForm
            busy={hosting}
            disabled={hosting || joining}
            error={error}
            onHost={(options) => void host(options)}
            onError={setError}
          />
          <JoinForm
            address={address}
            onAddress={setAddress}
            join={join}
            disabled={hosting || joining}
            error={error}
            onJoin={() => join.join(nickname)}
          />
        </div>
      </div>
    </main>
  )
}
