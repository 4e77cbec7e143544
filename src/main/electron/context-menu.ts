import { BrowserWindow, Menu, type MenuItemConstructorOptions, type WebContents } from 'electron'
import {
  contextMenuItems,
  contextMenuTexts,
  type ContextMenuItem
} from '../session/context-menu-template'

/**
 * The right-click menu of a window's page: the spell checker's suggestions and "Add to
 * dictionary" on a misspelled word, Cut / Copy / Paste on text fields, Copy on a selection.
 * Electron shows none by itself; what goes in it is session/context-menu-template.ts.
 */
export function attachContextMenu(contents: WebContents, locale: () => string): void {
  contents.on('context-menu', (_event, params) => {
    const items = contextMenuItems(params, contextMenuTexts(locale()))
    if (items.length === 0) return
    const menu = Menu.buildFromTemplate(items.map((item) => menuItem(item, contents)))
    menu.popup({ window: BrowserWindow.fromWebContents(contents) ?? undefined })
  })
}

function menuItem(item: ContextMenuItem, contents: WebContents): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'replace':
      return { label: item.label, click: () => contents.replaceMisspelling(item.word) }
    case 'add-to-dictionary':
      return {
        label: item.label,
        click: () => contents.session.addWordToSpellCheckerDictionary(item.word)
      }
    case 'note':
      return { label: item.label, enabled: false }
    case 'edit':
      return { role: item.role, label: item.label, enabled: item.enabled }
    case 'separator':
      return { type: 'separator' }
  }
}
