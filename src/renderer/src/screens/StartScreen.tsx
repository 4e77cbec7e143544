import { useEffect, useEffectEvent, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Prefs, SessionInfo } from '../../../shared/bridge'
import { formatInvite, type Invite } from '../../../shared/invite'
import { LIMITS } from '../../../shared/limits'
import { call } from '../bridge'
import { HostList } from '../components/HostList'
import { IconButton } from '../components/Icon'
import { InviteNicknameDialog } from '../components/InviteOpenDialogs'
import { errorText } from '../format/error-text'
import { FormError } from './FormError'
import { HostForm, type HostOptions } from './HostForm'
import { JoinForm } from './JoinForm'
import { invalidIf, placeOf, type ShownError } from './start-errors'
import { useJoin } from './use-join'
import type { InviteInbox } from './use-invite'
import './StartScreen.css'

interface StartScreenProps {
  prefs: Prefs
  onStarted(session: SessionInfo): void
  onSettings(): void
  /** Invite links opened (or the app started with): joined at once when a nickname is typed. */
  invites?: InviteInbox
}

/**
 * Nickname, then either host (optionally on a chosen port, with a password…) or join a host
 * from the network's list, by its address or by an invite link.
 */
export function StartScreen({ prefs, onStarted, onSettings, invites }: StartScreenProps) {
  const { t } = useTranslation()
  const [nickname, setNickname] = useState(prefs.lastNickname)
  const [address, setAddress] = useState(prefs.lastAddress)
  const [error, setError] = useState<ShownError | null>(null)
  const [hosting, setHosting] = useState(false)
  const [askNickname, setAskNickname] = useState<Invite | null>(null)
  const nicknameRef = useRef<HTMLInputElement>(null)
  const join = useJoin(address, {
    onStarted,
    onError: (e) =>
      setError(e && { text: errorText(t, e), place: placeOf(e.code, 'join'), code: e.code })
  })
  const joining = join.step.kind !== 'idle'

  /** Joins `target` (a listed host's address, an invite link) as the form would, and shows it. */
  const joinTo = (target: string, name: string = nickname): void => {
    if (hosting || joining) return
    setAddress(target)
    if (!name.trim()) {
      const code = 'NICKNAME_INVALID'
      setError({ text: errorText(t, { code }), place: 'nickname', code })
      nicknameRef.current?.focus()
      return
    }
    join.join(name, target)
  }

  const openInvite = useEffectEvent((opened: Invite) => {
    const link = formatInvite(opened)
    if (nickname.trim()) joinTo(link)
    else if (!hosting && !joining) {
      setAddress(link)
      setAskNickname(opened)
    }
  })
  useEffect(() => invites?.subscribe((opened) => openInvite(opened)), [invites])

  const host = async (options: HostOptions): Promise<void> => {
    if (hosting || joining) return
    setError(null)
    setHosting(true)
    const r = await call('session:host', { nickname, ...options })
    setHosting(false)
    if (r.ok) onStarted(r.data)
    else
      setError({
        text: errorText(t, r.error),
        place: placeOf(r.error.code, 'host'),
        code: r.error.code
      })
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
            ref={nicknameRef}
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
            hostList={
              <HostList
                busy={hosting || joining}
                onJoin={(host) => joinTo(host.addresses[0] ?? '')}
              />
            }
          />
        </div>
      </div>
      {askNickname && (
        <InviteNicknameDialog
          address={askNickname.address}
          onClose={() => setAskNickname(null)}
          onJoin={(name) => {
            setAskNickname(null)
            setNickname(name)
            joinTo(formatInvite(askNickname), name)
          }}
        />
      )}
    </main>
  )
}
