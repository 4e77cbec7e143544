import type { Language, Prefs } from '../../shared/bridge'
import { pickLanguage } from '../../shared/app-language'
import { spellcheckChoice } from '../../shared/spellcheck'

/**
 * The spell checker's dictionary for each app language, as Chromium names them (its
 * `availableSpellCheckerLanguages`): English is checked as American English.
 */
export const SPELLCHECK_DICTIONARIES: Record<Language, string> = { 'pt-BR': 'pt-BR', en: 'en-US' }

/**
 * What main hands Electron's spell checker (electron/spellcheck.ts) for the person's prefs: the
 * dictionaries of the languages ticked in Settings, or of the app's language until any is
 * ticked; none turns checking off.
 */
export function spellcheckLanguages(
  prefs: Pick<Prefs, 'language' | 'spellcheckLanguages'>,
  systemLocale: string
): string[] {
  const appLanguage = pickLanguage(prefs.language, systemLocale)
  return spellcheckChoice(prefs.spellcheckLanguages, appLanguage).map(
    (language) => SPELLCHECK_DICTIONARIES[language]
  )
}
