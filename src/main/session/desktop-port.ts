import type { Theme } from '../../shared/bridge'
import type { OpenConfirmTexts, OpenOutcome } from './files/open-file'

/**
 * What the bridge handlers ask of the desktop (notify:show, badge:set, shell:open-external, and
 * the prefs the system carries out: launch at login, theme, spell checking).
 * The Electron shell implements it with Notification, the badge and the system browser
 * (electron/desktop.ts); a test supplies a recorder.
 */
export interface DesktopPort {
  openExternal(url: string): Promise<void>
  /** `silent`: without the system's sound (prefs.notificationSound off). */
  showNotification(notification: {
    title: string
    body: string
    roomId: string
    silent: boolean
  }): void
  setBadgeCount(count: number): void
  /**
   * Asks where to save a text file (a save dialog, `defaultName` proposed) and writes it there
   * (0600); the path written, or null when the person cancelled.
   */
  saveTextFile(file: { defaultName: string; content: string }): Promise<string | null>
  /** Start the app when the person logs in, or stop doing so (prefs.launchAtLogin). */
  setLaunchAtLogin(on: boolean): void
  /** Light or dark for what the system draws (scrollbars, dialogs, menus); prefs.theme. */
  setTheme(theme: Theme): void
  /**
   * The spell checker's dictionaries (Chromium's names, e.g. `en-US`); none turns checking off
   * (session/spellcheck-languages.ts chooses them from the prefs).
   */
  setSpellCheckerLanguages(languages: string[]): void
  /**
   * Seconds since the person last used the keyboard or mouse anywhere on the system, for
   * automatic away (the session asks it, not a bridge handler: SessionOptions.idleSeconds).
   */
  systemIdleSeconds(): number
  /** Where downloads are saved: the system's Downloads folder. */
  downloadsDir(): string
  /** The system's file manager, with this file selected (file:show). */
  showItemInFolder(path: string): void
  /**
   * Opens a file with the system's own app for its type (file:open), only after the person said
   * yes to `confirm`, which names it: Papo never opens a received file by itself.
   */
  openPath(file: { path: string; confirm: OpenConfirmTexts }): Promise<OpenOutcome>
}
