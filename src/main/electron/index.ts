/**
 * Electron's entry point. It only wires Electron to the plain-Node application (../app) and to
 * the small Electron adapters beside it: every decision (window options, navigation rules, which
 * URL is ours, IPC validation, what a start-up failure says) lives in a module tested without
 * Electron.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, protocol, safeStorage, screen, session, shell } from 'electron'
import ElectronStore from 'electron-store'
import { developerEnvFiles } from '../app/env'
import { createLogger, createSecretRegistry } from '../app/logger'
import { openAppServices, type AppServices } from '../app/services'
import type { BackingStore } from '../store/settings-store'
import { appEntryUrl, appScheme, appSchemeDefinition, appUrlCheck, serveAppAsset } from './app-protocol'
import { deliverEventsToRenderers, registerIpcHandlers, senderCheck, type RendererContents } from './ipc'
import { safeStorageCipher } from './safe-storage-cipher'
import { guardPermissions, guardWebContents } from './security'
import { guardDownloads } from './downloads'
import { startupFailureOf, startupFailureText } from './startup-failure'
import { mainWindowOptions, quitsWhenAllWindowsClose, restoreBounds, windowBackgroundColor } from './window-options'
import { rememberWindowState } from './window-state'

const here = path.dirname(fileURLToPath(import.meta.url))
const rendererDir = path.join(here, '../renderer')
const preloadPath = path.join(here, '../preload/index.js')
// electron-vite's dev server; never honoured in a packaged app.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']

const redactor = createSecretRegistry()
const logger = createLogger(redactor)
const isAppUrl = appUrlCheck(devServerUrl)

// Must happen before 'ready'.
protocol.registerSchemesAsPrivileged([appSchemeDefinition])

let services: AppServices | undefined
let mainWindow: BrowserWindow | undefined

if (!app.requestSingleInstanceLock()) {
  // Another TutorDesk owns this profile; it will bring its window forward ('second-instance').
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, { isAppUrl, openExternal: (url) => void shell.openExternal(url) })
  })
  app.on('window-all-closed', () => {
    if (quitsWhenAllWindowsClose(process.platform)) app.quit()
  })
  app.on('will-quit', () => services?.close())
  app.whenReady().then(start, fail)
}

async function start(): Promise<void> {
  guardPermissions(session.defaultSession, isAppUrl)
  guardDownloads(session.defaultSession, { isAppUrl })
  protocol.handle(appScheme, (request) => serveAppAsset(rendererDir, request.url))

  const userDataDir = app.getPath('userData')
  services = await openAppServices({
    userDataDir,
    appVersion: app.getVersion(),
    electronVersion: process.versions.electron ?? null,
    platform: process.platform,
    locale: app.getLocale(),
    // We hold Electron's single-instance lock for this profile, so a database lock left behind
    // can only be stale.
    singleInstanceLockHeld: true,
    cipher: safeStorageCipher(safeStorage, process.platform),
    createSettingsBackingStore: (options) =>
      new ElectronStore({ ...options, name: options.configName }) as unknown as BackingStore,
    env: process.env,
    envFiles: developerEnvFiles({ userDataDir, isPackaged: app.isPackaged, workingDir: process.cwd() }),
    redactor,
    logger,
  })
  const fromOurPage = senderCheck(isAppUrl, logger)
  registerIpcHandlers(ipcMain, services.router, fromOurPage)
  const rendererEvents = deliverEventsToRenderers(services.events, ipcMain, fromOurPage)

  createMainWindow(services, rendererEvents)
  app.on('activate', () => {
    if (services && BrowserWindow.getAllWindows().length === 0) createMainWindow(services, rendererEvents)
  })
}

function createMainWindow({ settings }: AppServices, rendererEvents: { attach(contents: RendererContents): void }): void {
  const saved = settings.getWindowState()
  const window = new BrowserWindow(
    mainWindowOptions({
      preloadPath,
      bounds: restoreBounds(saved, screen.getAllDisplays()),
      backgroundColor: windowBackgroundColor(settings.getUser().theme, nativeTheme.shouldUseDarkColors),
    }),
  )
  mainWindow = window
  // Before the page loads: events wait for it to say it is ready.
  rendererEvents.attach(window.webContents)
  if (saved?.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  rememberWindowState(window, settings)
  void window.loadURL(devServerUrl ?? appEntryUrl)
}

function fail(error: unknown): void {
  logger.error('TutorDesk could not start', error)
  const userDataDir = app.getPath('userData')
  const { title, message } = startupFailureText(startupFailureOf(error, userDataDir), userDataDir, app.getPreferredSystemLanguages())
  dialog.showErrorBox(title, message)
  app.exit(1)
}
