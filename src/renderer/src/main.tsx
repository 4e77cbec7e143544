import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// Tokens, reset and shared controls first: each component imports its own sheet, built on these.
import './ui/tokens.css'
import './ui/base.css'
import './ui/controls.css'
import './ui/avatar.css'
import { App } from './App'
import { call } from './bridge'
import { createI18n, pickLanguage } from './i18n'
import { applyTheme } from './theme'
import { rememberEmojiTone } from './components/EmojiPicker'

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement)
  const [info, current] = await Promise.all([call('app:info', {}), call('session:get', {})])
  if (!info.ok) {
    root.render(<p role="alert">Papo could not start: {info.error.message}</p>)
    return
  }
  // Before the first render: the page's first frame already has the chosen theme.
  applyTheme(info.data.prefs.theme)
  rememberEmojiTone(info.data.prefs.emojiTone)
  const language = pickLanguage(info.data.prefs.language, info.data.systemLocale)
  const i18n = createI18n(language)
  document.documentElement.lang = language
  root.render(
    <StrictMode>
      <App info={info.data} i18n={i18n} session={current.ok ? current.data : null} />
    </StrictMode>
  )
}

void boot()
