import type { BrowserWindow } from 'electron'
import { app, dialog, session as electronSession } from 'electron'
import { appendFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import {
  createBridgeDispatcher,
  createBridgeHandlers,
  createPrefsStore,
  createSession,
  type Session
} from '../session'
import {
  backgroundAnswer,
  closeTexts,
  countOnline,
  decideClose,
  type RememberedChoice
} from '../session/close-decision'
import { ensurePrivateDir, tightenMode } from '../storage/private-files'
import { createDiscovery } from '../discovery/browse'
import { createLazyDiscovery } from '../session/discovery-service'
import { createInviteInbox } from '../session/invite-inbox'
import { shortCode } from '../../shared/fingerprint'
import { LOBBY_ROOM_ID } from '../../shared/limits'
import { applyDesktopPrefs } from '../session/desktop-prefs'
import { attachContextMenu } from './context-menu'
import { receiveSecondInstance, registerInviteLinks } from './invite-links'
import { createDesktop } from './desktop'
import { guardAllWebContents, hardenSession } from './hardening'
import { createUtilityHostLauncher } from './host-launcher'
import { bindIpc, type SendEvent } from './ipc'
import { appPageFor } from './navigation-guard'
import { createHostingTray } from './tray'
import { createMainWindow, RENDERER_INDEX_HTML } from './window'

// The Electron shell's lifecycle, and the one place the app is put together: the plain-Node
// session, the bridge handlers around it (preferences, app facts, this desktop), the IPC that
// carries calls in and events out, and the window. Only src/main/electron and src/preload may
// import electron (eslint.config.mjs).

// The user-data folder holds the identity secret, the database and the logs: 0700, and made so
// again if an older version (or Electron itself) created it wider.
const dataDir = app.getPath('userData')
ensurePrivateDir(dataDir)
const logDir = join(dataDir, 'logs')
ensurePrivateDir(logDir)
const logFile = join(logDir, 'main.log')
tightenMode(logFile, 0o600)
function log(line: string): void {
  const stamped = `${new Date().toISOString()} ${line}\n`
  try {
    appendFileSync(logFile, stamped, { mode: 0o600 })
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

  /** Set once the app is ready: opens the main window again (macOS keeps running without one). */
  let reopenWindow: (() => void) | null = null
  const bringForward = (): void => {
    if (!getWindow()) reopenWindow?.()
    const win = getWindow()
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }
  let sendEvent: SendEvent = () => {}
  // Links reach the renderer as invite:opened once it has asked (invite:take); until then the
  // latest waits, so a cold start from a link opens it when the window has loaded.
  const invites = createInviteInbox((event) => sendEvent(event), log)
  app.on('second-instance', (_event, argv) => {
    receiveSecondInstance(argv, invites)
    bringForward()
  })
  // Before 'ready': macOS delivers the link that launched the app early.
  registerInviteLinks(invites, bringForward)

  app.setAppUserModelId('app.papo.messenger')

  // Every renderer sandboxed, whatever preferences a future window is created with.
  app.enableSandbox()
  const devServerUrl = process.env['ELECTRON_RENDERER_URL']
  const page = appPageFor({
    devServerUrl,
    indexHtml: RENDERER_INDEX_HTML,
    platform: process.platform
  })
  // Before any web contents exists, so none is ever created unguarded.
  guardAllWebContents(page, log)

  void app.whenReady().then(() => {
    hardenSession(electronSession.defaultSession, page, { cspHeader: !devServerUrl })

    const desktop = createDesktop(getWindow, (roomId) =>
      sendEvent({ type: 'notification:clicked', payload: { roomId } })
    )
    const chat = createSession({
      dataDir,
      hostName: hostname(),
      hostVersion: app.getVersion(),
      // Hosting runs in a utility process of its own, off this thread (IPC, window events).
      hostLauncher: createUtilityHostLauncher(),
      // The host this app starts is listed on the LAN (real mDNS).
      announce: {},
      // Automatic away reads how long the whole system has been idle, not only this window.
      idleSeconds: () => desktop.systemIdleSeconds(),
      log
    })
    const discovery = createLazyDiscovery(() =>
      createDiscovery({
        seenBefore: (code) => chat.knownHosts().some((h) => shortCode(h.fingerprint) === code),
        log
      })
    )
    discovery.onChange((snapshot) => sendEvent({ type: 'discovery:changed', payload: snapshot }))
    const prefs = createPrefsStore(dataDir)

    // Background hosting (session/close-decision.ts): whether this app hosts, who is online and
    // the unread total feed the tray; starting or ending a chat refreshes them.
    let appQuitting = false
    let hosting = false
    let onlineCount: number | null = null
    let unread = 0
    /** "Don't ask again", for as long as the app runs (see close-decision.ts). */
    let remembered: RememberedChoice = null
    const texts = () => closeTexts(prefs.get().language ?? app.getLocale())
    const tray = createHostingTray({
      texts,
      onOpen: () => bringForward(),
      // As Log out does for a host: the guests are told, the renderer hears session:closed.
      onStopHosting: () => void chat.leave().then(refreshHosting),
      onQuit: () => app.quit(),
      log
    })
    const updateTray = () => tray.update({ hosting, onlineCount, unread })
    let refreshing: ReturnType<typeof setTimeout> | null = null
    function refreshHosting(): void {
      if (refreshing) return
      // Presence arrives in bursts: one look a moment after the first.
      refreshing = setTimeout(() => {
        refreshing = null
        void (async () => {
          const info = await chat.info()
          hosting = info?.mode === 'host'
          if (!info || !hosting) {
            onlineCount = null
          } else {
            // Everyone is in the lobby (people in rooms and direct messages too): one list.
            const lobby = await chat.request('room:members', { roomId: LOBBY_ROOM_ID })
            onlineCount = lobby.ok ? countOnline([lobby.data.members]) : null
          }
          updateTray()
        })().catch((e: unknown) => log(`tray refresh failed: ${String(e)}`))
      }, 500)
    }
    // Starting, restarting or ending a chat changes whether this app hosts.
    const session: Session = {
      ...chat,
      host: (args) => chat.host(args).finally(refreshHosting),
      restartHost: () => chat.restartHost().finally(refreshHosting),
      leave: () => chat.leave().finally(refreshHosting)
    }
    const handlers = createBridgeHandlers({
      session,
      prefs,
      desktop: {
        ...desktop,
        setBadgeCount(count) {
          desktop.setBadgeCount(count)
          unread = count
          if (hosting) updateTray()
        }
      },
      app: { version: app.getVersion(), platform: process.platform, systemLocale: app.getLocale() },
      discovery,
      invites
    })
    sendEvent = bindIpc(createBridgeDispatcher(handlers, log), getWindow, page)
    session.onEvent((event) => {
      sendEvent(event)
      if (
        event.type === 'presence:update' ||
        event.type === 'members:changed' ||
        event.type === 'session:closed'
      ) {
        refreshHosting()
      }
    })

    /** Closing the window while hosting: keep hosting in the background, or warn first. */
    const guardClose = (win: BrowserWindow): BrowserWindow => {
      win.on('close', (event) => {
        if (appQuitting) return
        const action = decideClose(
          {
            hosting,
            onlineCount: onlineCount ?? 0,
            trayAvailable: tray.available(),
            platform: process.platform,
            rememberedChoice: remembered
          },
          'window-close'
        )
        if (action.kind === 'proceed') return
        event.preventDefault()
        const t = texts()
        if (action.kind === 'hide') win.hide()
        else if (action.kind === 'quit') app.quit()
        else if (action.kind === 'ask-background') {
          void dialog
            .showMessageBox(win, {
              type: 'question',
              message: t.backgroundMessage,
              detail: t.backgroundDetail,
              buttons: [t.keep, t.stopAndQuit, t.cancel],
              defaultId: 0,
              cancelId: 2,
              checkboxLabel: t.dontAskAgain,
              noLink: true
            })
            .then(({ response, checkboxChecked }) => {
              const answer = backgroundAnswer(response, checkboxChecked)
              if (answer.remember) remembered = answer.remember
              if (answer.action === 'quit') app.quit()
              else if (answer.action === 'hide' && !win.isDestroyed()) win.hide()
            })
        } else {
          void dialog
            .showMessageBox(win, {
              type: 'warning',
              message: t.warnMessage,
              detail: t.warnDetail,
              buttons: [t.closeAnyway, t.cancel],
              defaultId: 1,
              cancelId: 1,
              noLink: true
            })
            .then(({ response }) => {
              if (response === 0) app.quit()
            })
        }
      })
      return win
    }

    // The theme and the spell checker's languages before the first window, so its first frame
    // (and prefers-color-scheme in the page) already follow the person's choice.
    applyDesktopPrefs(desktop, prefs.get(), app.getLocale())
    const openWindow = (): BrowserWindow => {
      const win = guardClose(createMainWindow({ devServerUrl, log }))
      attachContextMenu(win.webContents, () => prefs.get().language ?? app.getLocale())
      return win
    }
    mainWindow = openWindow()
    reopenWindow = () => {
      // A new window's renderer asks for waiting links itself (invite:take): until it does, a
      // link that arrives waits instead of going to nobody.
      invites.detach()
      mainWindow = openWindow()
    }
    app.on('activate', () => {
      if (!getWindow()) reopenWindow?.()
    })

    let quitting = false
    app.on('before-quit', (event) => {
      // An explicit quit (the tray's Quit, the app menu) closes the window without asking.
      appQuitting = true
      if (quitting) return
      // Hold the quit until a host has told its guests it is stopping.
      event.preventDefault()
      quitting = true
      const timeout = new Promise((resolve) => setTimeout(resolve, 2_000))
      tray.destroy()
      void Promise.race([Promise.all([chat.shutdown(), discovery.stop()]), timeout]).finally(() =>
        app.quit()
      )
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
