import { BrowserWindow, shell } from 'electron'
import { join } from 'node:path'
import { safeExternalUrl } from '../session/external-url'

/**
 * The one window, hardened from the first day: isolated and sandboxed renderer, no Node, no
 * navigation away from the app and no new windows (links go to the system browser).
 */
export function createMainWindow(log: (line: string) => void): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'Papo',
    backgroundColor: '#1b1d22',
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true
    }
  })

  win.once('ready-to-show', () => win.show())

  win.webContents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url)
    if (safe) void shell.openExternal(safe)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== win.webContents.getURL()) {
      event.preventDefault()
      const safe = safeExternalUrl(url)
      if (safe) void shell.openExternal(safe)
    }
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.webContents.on('render-process-gone', (_event, details) => {
    log(`renderer gone: ${details.reason} (${details.exitCode})`)
    // A crash should cost a reload, not the session: main still holds the connection.
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) win.webContents.reload()
  })
  win.webContents.on('unresponsive', () => log('renderer unresponsive'))

  const devServer = process.env['ELECTRON_RENDERER_URL']
  if (devServer) void win.loadURL(devServer)
  else void win.loadFile(join(__dirname, '../renderer/index.html'))
  return win
}
