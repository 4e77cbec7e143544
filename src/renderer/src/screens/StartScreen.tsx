import { useEffect, useEffectEvent, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Prefs, SessionInfo } from '../../../shared/bridge'
import { formatInvite, type Invite } from '../../../shared/invite'
import { call } from '../bridge'
import { HostList } from '../components/HostList'
import { IconButton } from '../components/Icon'
import { InviteNicknameDialog } from '../components/InviteOpenDialogs'
import { HostForm, type HostOptions } from './HostForm'
import { JoinForm } from './JoinForm'
import { NicknameField } from './NicknameField'
import { shownError, type ShownError } from './start-errors'
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
  /** The nickname a host or join was tried with: a refusal of it says what is wrong with it. */
  const triedNickname = useRef(nickname)
  const join = useJoin(address, {
    onStarted,
    onError: (e) => setError(e && shownError(t, e, 'join', triedNickname.current))
  })
  const joining = join.step.kind !== 'idle'

  /** Joins `target` (a listed host's address, an invite link) as the form would, and shows it. */
  const joinTo = (target: string, name: string = nickname): void => {
    if (hosting || joining) return
    setAddress(target)
    if (!name.trim()) {
      setError(shownError(t, { code: 'NICKNAME_INVALID' }, 'join', name))
      nicknameRef.current?.focus()
      return
    }
    triedNickname.current = name
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
    else setError(shownError(t, r.error, 'host', nickname))
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
        <header className="start-header">
          <h1 className="start-brand">{t('app.name')}</h1>
          <p className="muted">{t('app.tagline')}</p>
        </header>

        <NicknameField
          value={nickname}
          onChange={setNickname}
          error={error}
          inputRef={nicknameRef}
        />

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
            onJoin={() => {
              triedNickname.current = nickname
              join.join(nickname)
            }}
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
