/// <reference types="electron-vite/node" />
import { Menu, nativeImage, Tray } from 'electron'
// electron-vite copies the icon beside the bundle (out/, so into the package) and gives its path.
import iconPath from '../../../build/icon.png?asset'
import { trayTitle, trayUsable, type CloseTexts } from '../session/close-decision'

/**
 * The tray icon shown while this app hosts: "Hosting — N online" (and the unread count), with
 * Open, Stop hosting and Quit. What closing the window does with it is decided in
 * session/close-decision.ts; this is only the Electron side.
 */
export interface HostingTray {
  /** Whether the tray can be relied on to bring the window back (close-decision: trayUsable). */
  available(): boolean
  update(state: { hosting: boolean; onlineCount: number | null; unread: number }): void
  destroy(): void
}

export function createHostingTray(options: {
  texts: () => CloseTexts
  onOpen(): void
  onStopHosting(): void
  onQuit(): void
  log(line: string): void
}): HostingTray {
  let tray: Tray | null = null
  let usable = false

  const show = (): Tray | null => {
    if (tray) return tray
    try {
      const size = process.platform === 'darwin' ? 16 : process.platform === 'win32' ? 16 : 22
      const icon = nativeImage.createFromPath(iconPath).resize({ width: size, height: size })
      tray = new Tray(icon)
      tray.on('click', options.onOpen)
      // See trayUsable: on Linux the bounds are always empty, so the tray is never relied on
      // there (closing falls back to the warning), but it is still shown where it can be.
      const bounds = process.platform === 'linux' ? null : tray.getBounds()
      usable = trayUsable({ created: true, bounds })
    } catch (error) {
      options.log(`tray unavailable: ${String(error)}`)
      tray = null
      usable = false
    }
    return tray
  }

  return {
    available: () => usable,
    update({ hosting, onlineCount, unread }) {
      if (!hosting) {
        tray?.destroy()
        tray = null
        usable = false
        return
      }
      const current = show()
      if (!current) return
      const texts = options.texts()
      const title = trayTitle(
        { hosting: texts.trayHosting, online: texts.trayOnline, unread: texts.trayUnread },
        onlineCount,
        unread
      )
      current.setToolTip(title)
      // Beside the icon in the macOS menu bar; ignored elsewhere.
      if (process.platform === 'darwin') current.setTitle(unread > 0 ? String(unread) : '')
      current.setContextMenu(
        Menu.buildFromTemplate([
          { label: title, enabled: false },
          { type: 'separator' },
          { label: texts.trayOpen, click: options.onOpen },
          { label: texts.trayStop, click: options.onStopHosting },
          { type: 'separator' },
          { label: texts.trayQuit, click: options.onQuit }
        ])
      )
    },
    destroy() {
      tray?.destroy()
      tray = null
      usable = false
    }
  }
}
