import { useState } from 'react'
import { I18nextProvider } from 'react-i18next'
import type { i18n } from 'i18next'
import type { AppInfo, Language, Prefs, SessionEndReason, SessionInfo } from '../../shared/bridge'
import { shortCode } from '../../shared/fingerprint'
import type { Invite } from '../../shared/invite'
import { call } from './bridge'
import { InvalidInviteDialog, SwitchHostDialog } from './components/InviteOpenDialogs'
import { SettingsDialog } from './components/SettingsDialog'
import { pickLanguage } from './i18n'
import { applyTheme } from './theme'
import { ChatScreen, type RoomInvite } from './screens/ChatScreen'
import { EndedScreen } from './screens/EndedScreen'
import { StartScreen } from './screens/StartScreen'
import { createInviteInbox, isSameHost, useInviteLinks } from './screens/use-invite'

type Screen =
  | { kind: 'start' }
  | { kind: 'chat'; session: SessionInfo; key: number }
  | { kind: 'ended'; reason: SessionEndReason }

interface AppProps {
  info: AppInfo
  i18n: i18n
  /** A session already running in main (the window was reloaded mid-chat). */
  session: SessionInfo | null
}

export function App({ info, i18n, session }: AppProps) {
  const [prefs, setPrefs] = useState<Prefs>(info.prefs)
  const [screen, setScreen] = useState<Screen>(
    session ? { kind: 'chat', session, key: 0 } : { kind: 'start' }
  )
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [language, setLanguage] = useState(() =>
    pickLanguage(info.prefs.language, info.systemLocale)
  )
  // Invite links: the start screen joins them; a chat enters the room of its own host's, and
  // asks before leaving for another host's.
  const [invites] = useState(createInviteInbox)
  const [invalidLink, setInvalidLink] = useState(false)
  const [switchTo, setSwitchTo] = useState<{ invite: Invite; leaving: boolean } | null>(null)
  const [roomInvite, setRoomInvite] = useState<RoomInvite | null>(null)

  useInviteLinks((invite) => {
    if (!invite) {
      setInvalidLink(true)
      return
    }
    if (screen.kind === 'chat') {
      if (isSameHost(screen.session, invite)) setRoomInvite({ code: invite.room })
      else setSwitchTo({ invite, leaving: false })
      return
    }
    if (screen.kind === 'ended') setScreen({ kind: 'start' })
    invites.push(invite)
  })

  const leaveAndJoin = async (invite: Invite): Promise<void> => {
    setSwitchTo({ invite, leaving: true })
    const r = await call('session:leave', {})
    if (!r.ok) {
      setSwitchTo({ invite, leaving: false })
      return
    }
    setSwitchTo(null)
    setScreen({ kind: 'start' })
    invites.push(invite)
  }

  const updatePrefs = (patch: Partial<Prefs>): void => {
    setPrefs((p) => ({ ...p, ...patch }))
    if (patch.theme) applyTheme(patch.theme)
    void call('prefs:set', patch)
  }

  const chooseLanguage = (choice: Language | null): void => {
    const next = pickLanguage(choice, info.systemLocale)
    updatePrefs({ language: choice })
    setLanguage(next)
    document.documentElement.lang = next
    void i18n.changeLanguage(next)
  }

  const onStarted = (s: SessionInfo): void => {
    // Main remembered these too; the start screen shows them again after logging out.
    setPrefs((p) => ({
      ...p,
      lastNickname: s.self.nickname,
      lastAddress: s.mode === 'join' ? (s.addresses[0] ?? p.lastAddress) : p.lastAddress
    }))
    setRoomInvite(null)
    setScreen({ kind: 'chat', session: s, key: Date.now() })
  }

  return (
    <I18nextProvider i18n={i18n}>
      {screen.kind === 'start' && (
        <StartScreen
          prefs={prefs}
          onStarted={onStarted}
          onSettings={() => setSettingsOpen(true)}
          invites={invites}
        />
      )}
      {screen.kind === 'chat' && (
        <ChatScreen
          key={screen.key}
          session={screen.session}
          prefs={prefs}
          language={language}
          onPrefs={updatePrefs}
          onSettings={() => setSettingsOpen(true)}
          roomInvite={roomInvite}
          onEnded={(reason) =>
            setScreen(reason === 'logout' ? { kind: 'start' } : { kind: 'ended', reason })
          }
        />
      )}
      {screen.kind === 'ended' && (
        <EndedScreen reason={screen.reason} onBack={() => setScreen({ kind: 'start' })} />
      )}
      {settingsOpen && (
        <SettingsDialog
          language={prefs.language}
          appLanguage={language}
          prefs={prefs}
          version={info.version}
          hostCode={screen.kind === 'chat' ? shortCode(screen.session.fingerprint) : null}
          onLanguage={chooseLanguage}
          onPrefs={updatePrefs}
          onClose={() => setSettingsOpen(false)}
        />
      )}
      {invalidLink && <InvalidInviteDialog onClose={() => setInvalidLink(false)} />}
      {switchTo && screen.kind === 'chat' && (
        <SwitchHostDialog
          hostName={screen.session.host.name}
          busy={switchTo.leaving}
          onLeave={() => void leaveAndJoin(switchTo.invite)}
          onStay={() => setSwitchTo(null)}
        />
      )}
    </I18nextProvider>
  )
}
