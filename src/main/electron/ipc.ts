import { ipcMain, type BrowserWindow } from 'electron'
import type { BridgeEvent } from '../../shared/bridge'
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc-channels'
import { err } from '../../shared/result'
import type { BridgeDispatcher } from '../session'

/** Sends one event to the renderer of our window, if it is there. */
export type SendEvent = (event: BridgeEvent) => void

/**
 * Binds the bridge to the window: calls in through one channel (to the dispatcher, only from our
 * own window's main frame), events out through one.
 */
export function bindIpc(
  dispatch: BridgeDispatcher,
  getWindow: () => BrowserWindow | null
): SendEvent {
  ipcMain.handle(IPC_INVOKE, (event, method: unknown, args: unknown) => {
    // Only our own window may drive the session, never a frame that slipped in.
    const win = getWindow()
    if (
      !win ||
      event.sender !== win.webContents ||
      event.senderFrame !== win.webContents.mainFrame
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
