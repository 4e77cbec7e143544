import type { BrowserWindow } from 'electron'
import { app, session as electronSession } from 'electron'
import { appendFileSync, mkdirSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import {
  createBridgeDispatcher,
  createBridgeHandlers,
  createPrefsStore,
  createSession
} from '../session'
import { createDesktop } from './desktop'
import { createUtilityHostLauncher } from './host-launcher'
import { bindIpc, type SendEvent } from './ipc'
import { createMainWindow } from './window'

// The Electron shell's lifecycle, and the one place the app is put together: the plain-Node
// session, the bridge handlers around it (preferences, app facts, this desktop), the IPC that
// carries calls in and events out, and the window. Only src/main/electron and src/preload may
// import electron (eslint.config.mjs).

const logDir = join(app.getPath('userData'), 'logs')
mkdirSync(logDir, { recursive: true })
function log(line: string): void {
  const stamped = `${new Date().toISOString()} ${line}\n`
  try {
    appendFileSync(join(logDir, 'main.log'), stamped)
  } catch {
    // A full disk must not take the app down with it.
  }
  if (!app.isPackaged) process.stdout.write(stamped)
}

process.on('uncaughtException', (error) => log(`uncaught: ${error.stack ?? error.message}`))
process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${String(reason)}`))

// A second launch focuses the window that is already open instead of starting a second session.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null
  const getWindow = (): BrowserWindow | null =>
    mainWindow && !mainWindow.isDestroyed() ? mainWindow : null

  app.on('second-instance', () => {
    const win = getWindow()
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  })

  app.setAppUserModelId('app.papo.messenger')

  void app.whenReady().then(() => {
    // The renderer needs nothing beyond the clipboard and notifications it asks main for.
    electronSession.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => {
      callback(permission === 'clipboard-sanitized-write')
    })

    const dataDir = app.getPath('userData')
    let sendEvent: SendEvent = () => {}
    const session = createSession({
      dataDir,
      hostName: hostname(),
      hostVersion: app.getVersion(),
      // Hosting runs in a utility process of its own, off this thread (IPC, window events).
      hostLauncher: createUtilityHostLauncher(),
      log
    })
    const handlers = createBridgeHandlers({
      session,
      prefs: createPrefsStore(dataDir),
      desktop: createDesktop(getWindow, (roomId) =>
        sendEvent({ type: 'notification:clicked', payload: { roomId } })
      ),
      app: { version: app.getVersion(), platform: process.platform, systemLocale: app.getLocale() }
    })
    sendEvent = bindIpc(createBridgeDispatcher(handlers, log), getWindow)
    session.onEvent((event) => sendEvent(event))

    mainWindow = createMainWindow(log)
    app.on('activate', () => {
      if (!getWindow()) mainWindow = createMainWindow(log)
    })

    let quitting = false
    app.on('before-quit', (event) => {
      if (quitting) return
      // Hold the quit until a host has told its guests it is stopping.
      event.preventDefault()
      quitting = true
      const timeout = new Promise((resolve) => setTimeout(resolve, 2_000))
      void Promise.race([session.shutdown(), timeout]).finally(() => app.quit())
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
