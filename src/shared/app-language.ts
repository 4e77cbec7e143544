import type { Language } from './bridge'

/**
 * The app's language: an explicit choice wins; otherwise Portuguese for any Portuguese system
 * locale, else English. The renderer's strings and main's (dialogs, the tray, the spell checker's
 * default and its menu) follow the same rule.
 */
export function pickLanguage(preference: Language | null, systemLocale: string): Language {
  if (preference) return preference
  return systemLocale.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en'
}
