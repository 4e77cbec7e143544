import { ipcMain, type BrowserWindow } from 'electron'
import type { BridgeEvent } from '../shared/bridge'
import { IPC_EVENT, IPC_INVOKE } from '../shared/ipc-channels'
import type { BridgeDispatcher } from './session/bridge-dispatcher'

/** Binds the bridge contract to the session: calls in through one channel, events out through one. */
export function bindIpc(dispatch: BridgeDispatcher, getWindow: () => BrowserWindow | null) {
  ipcMain.handle(IPC_INVOKE, (event, method: unknown, args: unknown) => {
    // Only our own window may drive the session, never a frame that slipped in.
    const win = getWindow()
    if (
      !win ||
      event.sender !== win.webContents ||
      event.senderFrame !== win.webContents.mainFrame
    ) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Unknown sender.' } }
    }
    return dispatch(method, args)
  })
  return (bridgeEvent: BridgeEvent): void => {
    const win = getWindow()
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, bridgeEvent)
  }
}
