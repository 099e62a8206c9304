/**
 * The `electron` main's built bundle gets in test/support/built-main.ts: just enough of Electron
 * for main to start, and two clocks. `app.whenReady()` is called when main's module has been
 * evaluated, so every import is done (Electron would become ready about then or later); the
 * `BrowserWindow` constructor is where the window would be created. There the figures are
 * written to stdout as one JSON line, main is told to quit ('will-quit' closes its services) and
 * the process ends.
 */
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'

const bench = globalThis.__tutordeskStartupBench ?? { begin: 0 }

class App extends EventEmitter {
  isPackaged = true
  requestSingleInstanceLock = () => true
  whenReady() {
    bench.imported ??= performance.now()
    return Promise.resolve()
  }
  getPath(name) {
    const userDataDir = process.env.TUTORDESK_STAND_IN_USER_DATA
    if (name !== 'userData' || !userDataDir) throw new Error(`stand-in: getPath(${name}) (TUTORDESK_STAND_IN_USER_DATA names the user-data folder)`)
    return userDataDir
  }
  getVersion = () => '0.1.0'
  getLocale = () => 'ko-KR'
  getPreferredSystemLanguages = () => ['ko-KR', 'en-US']
  quit() {}
  exit(code) {
    process.exit(code)
  }
}
export const app = new App()

class WebContents extends EventEmitter {
  send() {}
  isDestroyed = () => false
  setWindowOpenHandler() {}
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows = () => []
  webContents = new WebContents()
  constructor(options) {
    super()
    const window = performance.now()
    const figures = { importMs: bench.imported - bench.begin, servicesMs: window - bench.imported, totalMs: window - bench.begin }
    fs.writeSync(1, `${JSON.stringify(figures)}\n`)
    this.options = options
    // After main has finished creating the window: quit as Electron would, closing the database.
    setImmediate(() => {
      app.emit('will-quit')
      process.exit(0)
    })
  }
  loadURL = () => Promise.resolve()
  isDestroyed = () => false
  isMinimized = () => false
  isMaximized = () => false
  maximize() {}
  show() {}
  getNormalBounds = () => ({ x: 0, y: 0, width: 1200, height: 800 })
}

export const ipcMain = { handle() {}, removeHandler() {}, on() {}, removeListener() {} }
export const protocol = { registerSchemesAsPrivileged() {}, handle() {} }
const defaultSession = new (class extends EventEmitter {
  setPermissionRequestHandler() {}
  setPermissionCheckHandler() {}
  setDevicePermissionHandler() {}
})()
export const session = { defaultSession }
export const safeStorage = {
  isAsyncEncryptionAvailable: () => Promise.resolve(true),
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptStringAsync: (text) => Promise.resolve(Buffer.from(text)),
  decryptStringAsync: (data) => Promise.resolve({ result: data.toString(), shouldReEncrypt: false }),
}
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] }
export const shell = { openExternal: () => Promise.resolve(), openPath: () => Promise.resolve('') }
export const nativeTheme = { shouldUseDarkColors: false }
export const dialog = {
  showErrorBox(title, content) {
    fs.writeSync(2, `${title}\n${content}\n`)
  },
}

export default { app, BrowserWindow, ipcMain, protocol, session, safeStorage, screen, shell, nativeTheme, dialog }
