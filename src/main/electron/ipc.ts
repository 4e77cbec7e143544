import { ipcMain, type BrowserWindow } from 'electron'
import type { BridgeEvent } from '../../shared/bridge'
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc-channels'
import { err } from '../../shared/result'
import type { BridgeDispatcher } from '../session'
import { isAppPage, type AppPage } from './navigation-guard'

/** Sends one event to the renderer of our window, if it is there. */
export type SendEvent = (event: BridgeEvent) => void

/**
 * Binds the bridge to the window: calls in through one channel (to the dispatcher, only from our
 * own window's main frame, showing the app's page), events out through one.
 */
export function bindIpc(
  dispatch: BridgeDispatcher,
  getWindow: () => BrowserWindow | null,
  page: AppPage
): SendEvent {
  ipcMain.handle(IPC_INVOKE, (event, method: unknown, args: unknown) => {
    // Only our own window may drive the session, never a frame that slipped in, nor whatever
    // page the window might show if a navigation ever got past the guard.
    const win = getWindow()
    const frame = event.senderFrame
    if (
      !win ||
      event.sender !== win.webContents ||
      !frame ||
      frame !== win.webContents.mainFrame ||
      !isAppPage(frame.url, page)
    ) {
      return err('UNAUTHORIZED', 'Unknown sender.')
    }
    return dispatch(method, args)
  })
  return (bridgeEvent: BridgeEvent): void => {
    const win = getWindow()
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, bridgeEvent)
  }
}
