import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { channelNames } from '../../src/shared/contract'
import { appEntryUrl } from '../../src/main/electron/app-protocol'
import { app, BrowserWindow, emitReady, ipcMain, resetStub, session, stubState } from '../support/electron-stub'

/**
 * Loads the real Electron entry point (src/main/electron/index.ts) against the stand-in and checks
 * what it asked Electron to do.
 */
async function startMain() {
  vi.resetModules()
  await import('../../src/main/electron/index')
  emitReady()
  await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1), { timeout: 10_000 })
  return BrowserWindow.getAllWindows()[0]!
}

describe('the Electron entry point', () => {
  beforeEach(() => {
    resetStub()
    stubState.singleInstanceLock = true
    stubState.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-main-'))
  })
  afterEach(() => {
    app.emit('will-quit')
  })

  it('registers the app scheme as privileged before ready', async () => {
    vi.resetModules()
    await import('../../src/main/electron/index')
    expect(stubState.privilegedSchemes).toEqual([
      expect.objectContaining({ scheme: 'tutordesk', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ])
  })

  it('opens one hardened window on our page, with every channel registered', async () => {
    const window = await startMain()
    expect(window.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: expect.stringMatching(/preload[\\/]index\.js$/),
    })
    expect(window.loadedUrl).toBe(appEntryUrl)
    expect([...stubState.ipcHandlers.keys()].sort()).toEqual([...channelNames].sort())
    expect(stubState.protocolHandlers.has('tutordesk')).toBe(true)
    // Guards are applied to every web contents as it is created.
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    expect(session.defaultSession.permissionCheckHandler?.(null, 'media')).toBe(false)
  })

  it('serves real data to our page and refuses anyone else', async () => {
    await startMain()
    const handler = stubState.ipcHandlers.get('assistants:list')!
    const ours = await handler({ senderFrame: { url: appEntryUrl, parent: null } }, {})
    expect(ours).toMatchObject({ ok: true, value: { data: [expect.objectContaining({ name: 'Math Tutor' })] } })
    const theirs = await handler({ senderFrame: null }, {})
    expect(theirs).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('holds events for the window until its page says it is ready, and again while it reloads', async () => {
    const window = await startMain()
    const ourFrame = { url: appEntryUrl, parent: null }
    const createThread = stubState.ipcHandlers.get('threads:create')!
    const sentNames = () => window.webContents.sent.map(({ channel }) => channel)
    await createThread({ senderFrame: ourFrame }, {})
    expect(sentNames()).toEqual([])
    ipcMain.emitFromRenderer('renderer:ready', { sender: window.webContents, senderFrame: ourFrame })
    expect(sentNames()).toEqual(['thread:saved'])
    window.webContents.startNavigation({ isMainFrame: true, isSameDocument: false })
    await createThread({ senderFrame: ourFrame }, {})
    expect(sentNames()).toEqual(['thread:saved'])
    ipcMain.emitFromRenderer('renderer:ready', { sender: window.webContents, senderFrame: ourFrame })
    expect(sentNames()).toEqual(['thread:saved', 'thread:saved'])
  })

  it('keeps settings in electron-store and the database in the user-data folder', async () => {
    await startMain()
    expect(fs.existsSync(path.join(stubState.userDataDir, 'settings.json'))).toBe(true)
    expect(fs.existsSync(path.join(stubState.userDataDir, 'conversations.sqlite'))).toBe(true)
  })

  it('quits without opening anything when another instance holds the lock', async () => {
    stubState.singleInstanceLock = false
    const quit = vi.fn()
    app.on('stub:quit', quit)
    vi.resetModules()
    await import('../../src/main/electron/index')
    expect(quit).toHaveBeenCalled()
    // Nothing waits for 'ready', so nothing can start once it comes.
    expect(stubState.readyResolvers).toHaveLength(0)
    emitReady()
    expect(BrowserWindow.getAllWindows()).toHaveLength(0)
    expect(stubState.ipcHandlers.size).toBe(0)
  })
})
