/**
 * What the session asks of the desktop. The Electron shell implements it with Notification,
 * the badge and the system browser; a headless run or a test supplies its own.
 */
export interface DesktopPort {
  openExternal(url: string): Promise<void>
  showNotification(notification: { title: string; body: string; roomId: string }): void
  setBadgeCount(count: number): void
}
