import { app, BrowserWindow, dialog, nativeTheme } from 'electron'
import { join } from 'node:path'
import { crashDialogText, createCrashLoopGuard } from './crash-loop'

/** The built renderer page, beside this bundle: out/renderer/index.html (inside app.asar once packaged). */
export const RENDERER_INDEX_HTML = join(__dirname, '../renderer/index.html')

/**
 * The one window: isolated and sandboxed renderer, no Node, no webviews. Where it may navigate,
 * what it may open and which permissions it gets are app-wide rules (hardening.ts), so they hold
 * for every web contents, not only this one.
 */
export function createMainWindow(options: {
  devServerUrl: string | undefined
  log: (line: string) => void
}): BrowserWindow {
  const { devServerUrl, log } = options
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'Papo',
    // The page's --bg in the theme in force (main set nativeTheme from the prefs already), for
    // what shows before the page paints and while the window is resized.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#12161c' : '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click is another way to ask for a new window; the app has no use for it.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true
    }
  })

  win.once('ready-to-show', () => win.show())

  const crashes = createCrashLoopGuard()
  win.webContents.on('render-process-gone', (_event, details) => {
    log(`renderer gone: ${details.reason} (${details.exitCode})`)
    const action = crashes.rendererGone(details.reason)
    if (action === 'ignore' || win.isDestroyed()) return
    if (action === 'reload') {
      win.webContents.reload()
      return
    }
    // Reloading by itself again could loop for ever: the person decides.
    log(`not reloading after ${details.reason}: asking`)
    const text = crashDialogText(app.getLocale())
    void dialog
      .showMessageBox(win, {
        type: 'error',
        message: text.message,
        detail: text.detail,
        buttons: [text.reload, text.quit],
        defaultId: 0,
        cancelId: 1,
        noLink: true
      })
      .then(({ response }) => {
        if (win.isDestroyed()) return
        if (response === 0) win.webContents.reload()
        else app.quit()
      })
  })
  win.webContents.on('unresponsive', () => log('renderer unresponsive'))

  if (devServerUrl) void win.loadURL(devServerUrl)
  else void win.loadFile(RENDERER_INDEX_HTML)
  return win
}
