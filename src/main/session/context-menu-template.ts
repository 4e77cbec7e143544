/**
 * The right-click menu of the window (electron/context-menu.ts shows it): plain logic over what
 * Chromium reports of the click, so it is tested without Electron. On a text field: the spell
 * checker's suggestions for a misspelled word (each replaces it), "Add to dictionary", then Cut,
 * Copy, Paste and Select all as the field allows. On selected text elsewhere: Copy. Anywhere
 * else nothing, as a page of the app has nothing to offer there.
 */

/** The part of Electron's `ContextMenuParams` the menu depends on. */
export interface ContextMenuFacts {
  isEditable: boolean
  /** The word under the click when the spell checker flagged it; "" otherwise. */
  misspelledWord: string
  /** The spell checker's suggestions for `misspelledWord`, best first. */
  dictionarySuggestions: string[]
  selectionText: string
  editFlags: { canCut: boolean; canCopy: boolean; canPaste: boolean; canSelectAll: boolean }
}

export type EditRole = 'cut' | 'copy' | 'paste' | 'selectAll'

export type ContextMenuItem =
  /** Replaces the misspelled word with `word`. */
  | { kind: 'replace'; label: string; word: string }
  /** Adds `word` to the spell checker's custom dictionary. */
  | { kind: 'add-to-dictionary'; label: string; word: string }
  /** A line that says something and does nothing ("No suggestions"). */
  | { kind: 'note'; label: string }
  | { kind: 'edit'; role: EditRole; label: string; enabled: boolean }
  | { kind: 'separator' }

export interface ContextMenuTexts {
  noSuggestions: string
  addToDictionary: string
  cut: string
  copy: string
  paste: string
  selectAll: string
}

/** More would push Cut, Copy and Paste off a short screen. */
export const MAX_SUGGESTIONS = 5

const EN: ContextMenuTexts = {
  noSuggestions: 'No suggestions',
  addToDictionary: 'Add to dictionary',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select all'
}

const PT_BR: ContextMenuTexts = {
  noSuggestions: 'Nenhuma sugestão',
  addToDictionary: 'Adicionar ao dicionário',
  cut: 'Recortar',
  copy: 'Copiar',
  paste: 'Colar',
  selectAll: 'Selecionar tudo'
}

/** The menu's texts in the app's language (Portuguese for any pt locale). */
export function contextMenuTexts(locale: string): ContextMenuTexts {
  return locale.toLowerCase().startsWith('pt') ? PT_BR : EN
}

export function contextMenuItems(
  facts: ContextMenuFacts,
  texts: ContextMenuTexts
): ContextMenuItem[] {
  if (!facts.isEditable) {
    return facts.selectionText.trim() !== ''
      ? [{ kind: 'edit', role: 'copy', label: texts.copy, enabled: facts.editFlags.canCopy }]
      : []
  }
  const items: ContextMenuItem[] = []
  const word = facts.misspelledWord
  if (word !== '') {
    const suggestions = facts.dictionarySuggestions.slice(0, MAX_SUGGESTIONS)
    if (suggestions.length === 0) items.push({ kind: 'note', label: texts.noSuggestions })
    for (const suggestion of suggestions) {
      items.push({ kind: 'replace', label: suggestion, word: suggestion })
    }
    items.push({ kind: 'add-to-dictionary', label: texts.addToDictionary, word })
    items.push({ kind: 'separator' })
  }
  const { canCut, canCopy, canPaste, canSelectAll } = facts.editFlags
  items.push(
    { kind: 'edit', role: 'cut', label: texts.cut, enabled: canCut },
    { kind: 'edit', role: 'copy', label: texts.copy, enabled: canCopy },
    { kind: 'edit', role: 'paste', label: texts.paste, enabled: canPaste },
    { kind: 'separator' },
    { kind: 'edit', role: 'selectAll', label: texts.selectAll, enabled: canSelectAll }
  )
  return items
}
