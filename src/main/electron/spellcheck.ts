import type { Session } from 'electron'

/**
 * Hands Chromium's spell checker the dictionaries the prefs chose (session/spellcheck-languages.ts).
 * On Windows and Linux Chromium downloads each Hunspell dictionary from Google's CDN the first
 * time it is used and keeps it in the user-data folder; without the network spelling is simply
 * not checked. macOS uses the system's spell checker, which picks languages by itself, so there
 * only on and off apply.
 */
export function applySpellCheckerLanguages(session: Session, languages: string[]): void {
  const available = new Set(session.availableSpellCheckerLanguages)
  // Asking for a language Chromium does not know throws; the ones it knows still apply.
  const usable = languages.filter((language) => available.has(language))
  session.setSpellCheckerEnabled(languages.length > 0)
  if (process.platform !== 'darwin' && usable.length > 0) session.setSpellCheckerLanguages(usable)
}
