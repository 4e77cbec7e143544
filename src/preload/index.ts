import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { BridgeEvent, PapoBridge } from '../shared/bridge'
import { IPC_EVENT, IPC_INVOKE } from '../shared/ipc-channels'

// The whole bridge: one invoke channel and one event channel. Main validates every call, so the
// preload stays a dumb pipe and the renderer never sees ipcRenderer itself. pathForFile only
// reads the path Chromium already knows of a file the person picked or dropped; main decides
// what may be sent.
const bridge: PapoBridge = {
  invoke: (method, args) => ipcRenderer.invoke(IPC_INVOKE, method, args),
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: BridgeEvent): void => listener(payload)
    ipcRenderer.on(IPC_EVENT, handler)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler)
    }
  },
  pathForFile(file) {
    try {
      return webUtils.getPathForFile(file as File)
    } catch {
      // Not a File (a pasted picture is a Blob): bytes without a path.
      return ''
    }
  }
}

contextBridge.exposeInMainWorld('papo', bridge)
