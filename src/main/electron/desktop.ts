import { app, Notification, shell, type BrowserWindow } from 'electron'
import type { DesktopPort } from '../session'

/** Notifications, the unread badge and the system browser, for a session that knows no windows. */
export function createDesktop(
  getWindow: () => BrowserWindow | null,
  onNotificationClick: (roomId: string) => void
): DesktopPort {
  // Keep references: a garbage-collected Notification loses its click handler on some platforms.
  const shown = new Set<Notification>()
  return {
    openExternal: (url) => shell.openExternal(url),
    showNotification({ title, body, roomId }) {
      if (!Notification.isSupported()) return
      const notification = new Notification({ title, body, silent: false })
      shown.add(notification)
      // Some platforms never report 'close' for expired notifications: keep only the latest few.
      if (shown.size > 20) shown.delete(shown.values().next().value as Notification)
      notification.on('click', () => {
        const win = getWindow()
        if (win) {
          if (win.isMinimized()) win.restore()
          win.show()
          win.focus()
        }
        onNotificationClick(roomId)
      })
      notification.on('close', () => shown.delete(notification))
      notification.show()
      const win = getWindow()
      if (win && !win.isFocused()) win.flashFrame(true)
    },
    setBadgeCount(count) {
      app.setBadgeCount(count)
      const win = getWindow()
      if (process.platform === 'win32' && win) win.flashFrame(count > 0 && !win.isFocused())
    }
  }
}
