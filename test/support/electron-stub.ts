/**
 * A stand-in for the `electron` module in tests: no Electron binary exists where tests run.
 * It records what the code under test asked Electron to do (windows created and their
 * options, IPC handlers, exposed globals, protocol and permission handlers) so tests can
 * assert the wiring. Only what TutorDesk uses is here.
 */
import { EventEmitter } from 'node:events'
import os from 'node:os'
import path from 'node:path'

type Listener = (...args: any[]) => unknown

// Tests call vi.resetModules() to load a module afresh; the stand-in must stay one instance
// across those reloads, or the test and the code under test would see different state.
function createStub() {
  const stubState = {
    userDataDir: path.join(os.tmpdir(), 'tutordesk-stub-userdata'),
    singleInstanceLock: true,
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    exposedInMainWorld: new Map<string, unknown>(),
    ipcHandlers: new Map<string, Listener>(),
    ipcMainListeners: new Map<string, Listener[]>(),
    rendererListeners: new Map<string, Listener[]>(),
    rendererInvocations: [] as { channel: string; payload: unknown }[],
    rendererSent: [] as string[],
    openedExternally: [] as string[],
    errorBoxes: [] as { title: string; content: string }[],
    safeStorageBackend: 'gnome_libsecret' as string,
    asyncEncryptionAvailable: true,
    readyResolvers: [] as (() => void)[],
  }

  function resetStub(): void {
    stubState.privilegedSchemes = []
    stubState.protocolHandlers.clear()
    stubState.exposedInMainWorld.clear()
    stubState.ipcHandlers.clear()
    stubState.ipcMainListeners.clear()
    stubState.rendererListeners.clear()
    stubState.rendererInvocations = []
    stubState.rendererSent = []
    stubState.openedExternally = []
    stubState.errorBoxes = []
    stubState.readyResolvers = []
    BrowserWindow.instances = []
    app.removeAllListeners()
  }

  class StubWebContents extends EventEmitter {
    readonly sent: { channel: string; payload: unknown }[] = []
    windowOpenHandler: Listener | undefined
    destroyed = false
    send(channel: string, payload: unknown) {
      if (this.destroyed) throw new Error('Object has been destroyed')
      this.sent.push({ channel, payload })
    }
    isDestroyed() {
      return this.destroyed
    }
    /** Test helper: the page starts loading anew (a reload), as Electron reports it. */
    startNavigation(details: { isMainFrame: boolean; isSameDocument: boolean }) {
      this.emit('did-start-navigation', { ...details, url: 'tutordesk://app/index.html', frame: null })
    }
    destroy() {
      this.destroyed = true
      this.emit('destroyed')
    }
    setWindowOpenHandler(handler: Listener) {
      this.windowOpenHandler = handler
    }
  }

  class BrowserWindow extends EventEmitter {
    static instances: BrowserWindow[] = []
    static getAllWindows() {
      return BrowserWindow.instances.filter((w) => !w.destroyed)
    }
    readonly webContents = new StubWebContents()
    loadedUrl: string | undefined
    destroyed = false
    maximized = false
    constructor(readonly options: Record<string, unknown>) {
      super()
      BrowserWindow.instances.push(this)
      app.emit('web-contents-created', {}, this.webContents)
    }
    loadURL(url: string) {
      this.loadedUrl = url
      return Promise.resolve()
    }
    isDestroyed() {
      return this.destroyed
    }
    isMinimized() {
      return false
    }
    isMaximized() {
      return this.maximized
    }
    maximize() {
      this.maximized = true
    }
    restore() {}
    focus() {}
    show() {}
    getNormalBounds() {
      const o = this.options as { x?: number; y?: number; width: number; height: number }
      return { x: o.x ?? 0, y: o.y ?? 0, width: o.width, height: o.height }
    }
  }

  class StubApp extends EventEmitter {
    isPackaged = false
    requestSingleInstanceLock() {
      return stubState.singleInstanceLock
    }
    whenReady() {
      return new Promise<void>((resolve) => stubState.readyResolvers.push(resolve))
    }
    getPath(name: string) {
      if (name !== 'userData') throw new Error(`stub: getPath(${name}) not supported`)
      return stubState.userDataDir
    }
    getVersion() {
      return '0.1.0'
    }
    getLocale() {
      return 'ko-KR'
    }
    getPreferredSystemLanguages() {
      return ['ko-KR', 'en-US']
    }
    quit() {
      this.emit('stub:quit')
    }
    exit(code: number) {
      this.emit('stub:exit', code)
    }
  }

  const app = new StubApp()

  /** Lets a test decide when the stub app becomes ready. */
  function emitReady(): void {
    for (const resolve of stubState.readyResolvers.splice(0)) resolve()
  }

  const ipcMain = {
    handle(channel: string, handler: Listener) {
      if (stubState.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      stubState.ipcHandlers.set(channel, handler)
    },
    removeHandler(channel: string) {
      stubState.ipcHandlers.delete(channel)
    },
    on(channel: string, listener: Listener) {
      stubState.ipcMainListeners.set(channel, [...(stubState.ipcMainListeners.get(channel) ?? []), listener])
    },
    removeListener(channel: string, listener: Listener) {
      stubState.ipcMainListeners.set(channel, (stubState.ipcMainListeners.get(channel) ?? []).filter((l) => l !== listener))
    },
    /** Test helper: a renderer sends a one-way message (ipcRenderer.send). */
    emitFromRenderer(channel: string, event: unknown) {
      for (const listener of stubState.ipcMainListeners.get(channel) ?? []) listener(event)
    },
  }

  const ipcRenderer = {
    invoke(channel: string, payload: unknown) {
      stubState.rendererInvocations.push({ channel, payload })
      return Promise.resolve({ ok: true, value: { echoed: channel } })
    },
    send(channel: string) {
      stubState.rendererSent.push(channel)
    },
    on(channel: string, listener: Listener) {
      stubState.rendererListeners.set(channel, [...(stubState.rendererListeners.get(channel) ?? []), listener])
    },
    removeListener(channel: string, listener: Listener) {
      stubState.rendererListeners.set(
        channel,
        (stubState.rendererListeners.get(channel) ?? []).filter((l) => l !== listener),
      )
    },
    /** Test helper: main sends an event to this renderer. */
    emitFromMain(channel: string, payload: unknown) {
      for (const listener of stubState.rendererListeners.get(channel) ?? []) listener({ sender: 'ipc-renderer-event' }, payload)
    },
  }

  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      stubState.exposedInMainWorld.set(key, api)
    },
  }

  const protocol = {
    registerSchemesAsPrivileged(schemes: unknown[]) {
      stubState.privilegedSchemes.push(...schemes)
    },
    handle(scheme: string, handler: Listener) {
      stubState.protocolHandlers.set(scheme, handler)
    },
  }

  class StubSession {
    permissionRequestHandler: Listener | undefined
    permissionCheckHandler: Listener | undefined
    devicePermissionHandler: Listener | undefined
    readonly listeners = new Map<string, Listener[]>()
    on(event: string, listener: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
      return this
    }
    setPermissionRequestHandler(handler: Listener) {
      this.permissionRequestHandler = handler
    }
    setPermissionCheckHandler(handler: Listener) {
      this.permissionCheckHandler = handler
    }
    setDevicePermissionHandler(handler: Listener) {
      this.devicePermissionHandler = handler
    }
  }

  const session = { defaultSession: new StubSession() }

  const safeStorage = {
    isAsyncEncryptionAvailable: () => Promise.resolve(stubState.asyncEncryptionAvailable),
    getSelectedStorageBackend: () => stubState.safeStorageBackend,
    // Reversible and obviously not secure: enough to see that what is stored is not the plaintext.
    encryptStringAsync: (text: string) => Promise.resolve(Buffer.from(`stub:${Buffer.from(text).toString('hex')}`)),
    decryptStringAsync: (data: Buffer) => {
      const text = data.toString()
      if (!text.startsWith('stub:')) return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'))
      return Promise.resolve({ result: Buffer.from(text.slice(5), 'hex').toString(), shouldReEncrypt: false })
    },
  }

  const screen = {
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  }

  const shell = {
    openExternal(url: string) {
      stubState.openedExternally.push(url)
      return Promise.resolve()
    },
    openPath: () => Promise.resolve(''),
  }

  const nativeTheme = { shouldUseDarkColors: false }

  const dialog = {
    showErrorBox(title: string, content: string) {
      stubState.errorBoxes.push({ title, content })
    },
  }

  return { stubState, resetStub, BrowserWindow, app, emitReady, ipcMain, ipcRenderer, contextBridge, protocol, session, safeStorage, screen, shell, nativeTheme, dialog }
}

const globalKey = Symbol.for('tutordesk.electron-stub')
const holder = globalThis as unknown as Record<symbol, ReturnType<typeof createStub> | undefined>
const stub = (holder[globalKey] ??= createStub())

export const { stubState, resetStub, BrowserWindow, app, emitReady, ipcMain, ipcRenderer, contextBridge, protocol, session, safeStorage, screen, shell, nativeTheme, dialog } = stub
export type BrowserWindow = InstanceType<typeof stub.BrowserWindow>
export default stub
