import {
  app,
  dialog,
  nativeTheme,
  Notification,
  powerMonitor,
  session,
  shell,
  type BrowserWindow
} from 'electron'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { DesktopPort } from '../session'
import { safeExternalUrl } from '../session/external-url'
import { setLinuxAutostart } from '../session/linux-autostart'
import { proposedFileName, writePrivateTextFile } from './save-file'
import { applySpellCheckerLanguages } from './spellcheck'

/**
 * The one way out to the system browser, for links from the bridge and from the navigation
 * guard alike: whoever calls, only http, https and mailto leave the app (anything else could
 * run code on the person's machine).
 */
export async function openInSystemBrowser(url: string): Promise<void> {
  const safe = safeExternalUrl(url)
  if (safe) await shell.openExternal(safe)
}

/** Where a save dialog opens: Documents, else Downloads, else home (some Linux desktops set neither). */
function defaultSaveFolder(): string {
  for (const name of ['documents', 'downloads'] as const) {
    try {
      return app.getPath(name)
    } catch {
      // Not configured on this desktop: try the next.
    }
  }
  return homedir()
}

/**
 * Notifications, the unread badge, the system browser, the theme and the spell checker, for a
 * session that knows no windows.
 */
export function createDesktop(
  getWindow: () => BrowserWindow | null,
  onNotificationClick: (roomId: string) => void
): DesktopPort {
  // Keep references: a garbage-collected Notification loses its click handler on some platforms.
  const shown = new Set<Notification>()
  return {
    openExternal: openInSystemBrowser,
    showNotification({ title, body, roomId, silent }) {
      if (!Notification.isSupported()) return
      const notification = new Notification({ title, body, silent })
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
    },
    async saveTextFile({ defaultName, content }) {
      const options = { defaultPath: join(defaultSaveFolder(), proposedFileName(defaultName)) }
      // Modal to the window when there is one, so the save cannot outlive the screen it came from.
      const win = getWindow()
      const result = win
        ? await dialog.showSaveDialog(win, options)
        : await dialog.showSaveDialog(options)
      if (result.canceled || !result.filePath) return null
      await writePrivateTextFile(result.filePath, content)
      return result.filePath
    },
    setLaunchAtLogin(on) {
      // Only a packaged app: a development run would register the bare Electron binary.
      if (!app.isPackaged) return
      if (process.platform === 'linux') {
        // setLoginItemSettings does nothing on Linux: an XDG autostart entry instead.
        setLinuxAutostart(on, process.env['APPIMAGE'] ?? process.execPath)
      } else {
        app.setLoginItemSettings({ openAtLogin: on })
      }
    },
    setTheme(theme) {
      // Also what prefers-color-scheme answers in the page, so its first frame is already right.
      nativeTheme.themeSource = theme
    },
    setSpellCheckerLanguages(languages) {
      applySpellCheckerLanguages(session.defaultSession, languages)
    },
    systemIdleSeconds: () => powerMonitor.getSystemIdleTime(),
    downloadsDir() {
      try {
        return app.getPath('downloads')
      } catch {
        // Not configured on this desktop (some Linux ones): where it usually is.
        return join(homedir(), 'Downloads')
      }
    },
    showItemInFolder(path) {
      shell.showItemInFolder(path)
    },
    async openPath({ path, confirm }) {
      // Cancel is the default: an Enter meant for something else never opens a file.
      const options = {
        type: 'question' as const,
        message: confirm.message,
        detail: confirm.detail,
        buttons: [confirm.open, confirm.cancel],
        defaultId: 1,
        cancelId: 1,
        noLink: true
      }
      const win = getWindow()
      const { response } = win
        ? await dialog.showMessageBox(win, options)
        : await dialog.showMessageBox(options)
      if (response !== 0) return { kind: 'declined' }
      const problem = await shell.openPath(path)
      return problem ? { kind: 'failed', reason: problem } : { kind: 'opened' }
    }
  }
}
