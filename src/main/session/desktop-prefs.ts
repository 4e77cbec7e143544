import type { Prefs } from '../../shared/bridge'
import type { DesktopPort } from './desktop-port'
import { spellcheckLanguages } from './spellcheck-languages'

/**
 * The prefs the system carries out rather than the page: the theme of what the system draws and
 * the spell checker's languages. Main applies them all at start, before the window exists (so
 * its first frame already has the chosen theme), and `prefs:set` applies what a patch touches
 * (the app language too, which the spell checker follows until languages are ticked).
 */
export function applyDesktopPrefs(
  desktop: Pick<DesktopPort, 'setTheme' | 'setSpellCheckerLanguages'>,
  prefs: Prefs,
  systemLocale: string,
  patch: Partial<Prefs> | 'all' = 'all'
): void {
  const touched = (key: keyof Prefs): boolean => patch === 'all' || patch[key] !== undefined
  if (touched('theme')) desktop.setTheme(prefs.theme)
  if (touched('spellcheckLanguages') || touched('language')) {
    desktop.setSpellCheckerLanguages(spellcheckLanguages(prefs, systemLocale))
  }
}
