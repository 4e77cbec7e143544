/**
 * What the bridge handlers ask of the desktop (notify:show, badge:set, shell:open-external).
 * The Electron shell implements it with Notification, the badge and the system browser
 * (electron/desktop.ts); a test supplies a recorder.
 */
export interface DesktopPort {
  openExternal(url: string): Promise<void>
  showNotification(notification: { title: string; body: string; roomId: string }): void
  setBadgeCount(count: number): void
  /**
   * Asks where to save a text file (a save dialog, `defaultName` proposed) and writes it there
   * (0600); the path written, or null when the person cancelled.
   */
  saveTextFile(file: { defaultName: string; content: string }): Promise<string | null>
  /** Start the app when the person logs in, or stop doing so (prefs.launchAtLogin). */
  setLaunchAtLogin(on: boolean): void
}
