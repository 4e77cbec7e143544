import type { Theme } from '../../shared/bridge'

/**
 * Puts the theme chosen in Settings on the page: `data-theme` on <html>, which ui/tokens.css
 * reads (no attribute: the system's light or dark). Called before the first render and on every
 * change, so the page never shows the other theme first.
 */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset['theme']
  else root.dataset['theme'] = theme
}
