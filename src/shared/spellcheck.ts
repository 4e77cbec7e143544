import { LANGUAGES, type Language } from './bridge'

/**
 * The languages spelling is checked in: the ones ticked in Settings, or, until the person ticks
 * any (prefs.spellcheckLanguages null), the app's own language. An empty choice checks nothing.
 * One rule for Settings' checkboxes and for what main hands the spell checker.
 */
export function spellcheckChoice(
  chosen: readonly Language[] | null,
  appLanguage: Language
): Language[] {
  if (chosen === null) return [appLanguage]
  return LANGUAGES.filter((language) => chosen.includes(language))
}
