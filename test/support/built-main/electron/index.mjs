/**
 * The `electron` main's built bundle gets in test/support/built-main.ts: just enough of Electron
 * for main to start, and two clocks. `app.whenReady()` is called when main's module has been
 * evaluated, so every import is done (Electron would become ready about then or later); the
 * `BrowserWindow` constructor is where the window would be created. There the figures are
 * written to stdout as one JSON line. Then, if TUTORDESK_STAND_IN_DRIVE names a module, it plays
 * the page (its default export gets `invoke`, `signal` and the page's events) and its result is
 * written as a second line; main is told to quit ('will-quit' closes its services) and the
 * process ends.
 */
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'

const bench = globalThis.__tutordeskStartupBench ?? { begin: 0 }
const ourPage = { url: 'tutordesk://app/index.html', parent: null }

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

const handlers = new Map()
const listeners = new Map()
export const ipcMain = {
  handle: (channel, handler) => handlers.set(channel, handler),
  removeHandler: (channel) => handlers.delete(channel),
  on: (channel, listener) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
  removeListener: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener)),
}

/** What main sends the page is emitted as 'sent' (channel, payload). */
class WebContents extends EventEmitter {
  send(channel, payload) {
    this.emit('sent', channel, payload)
  }
  isDestroyed = () => false
  setWindowOpenHandler() {}
}

async function drivePage(modulePath, webContents) {
  const { default: drive } = await import(pathToFileURL(modulePath).href)
  const event = { sender: webContents, senderFrame: ourPage }
  return drive({
    invoke: (channel, payload) => handlers.get(channel)(event, payload),
    signal: (channel) => (listeners.get(channel) ?? []).forEach((listener) => listener(event)),
    events: webContents,
  })
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
    // After main has finished creating the window (it attaches the page's events next).
    setImmediate(async () => {
      const drive = process.env.TUTORDESK_STAND_IN_DRIVE
      if (drive) fs.writeSync(1, `${JSON.stringify({ driven: await drivePage(drive, this.webContents) })}\n`)
      // Quit as Electron would, closing the database.
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
