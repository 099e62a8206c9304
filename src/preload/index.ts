/**
 * The preload: runs sandboxed, before the page, with access to `ipcRenderer`. It exposes one
 * small frozen object, built from the shared contract, and nothing else — never `ipcRenderer`
 * itself. Must build to a single CommonJS file that requires only `electron` (a sandboxed
 * preload cannot be an ES module nor require anything else); a test checks the built output.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { bridgeGlobalName, createBridge } from '../shared/bridge'
import { rendererReadySignal } from '../shared/channel-names'

const bridge = createBridge({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe(event, listener) {
    // Wrap so the page never receives the IpcRendererEvent (it carries `sender`).
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, handler)
    return () => {
      ipcRenderer.removeListener(event, handler)
    }
  },
  ready: () => ipcRenderer.send(rendererReadySignal),
})

contextBridge.exposeInMainWorld(bridgeGlobalName, bridge)
