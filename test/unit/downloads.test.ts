import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { appEntryUrl, appUrlCheck } from '../../src/main/electron/app-protocol'
import { guardDownloads, isOwnBlobUrl } from '../../src/main/electron/downloads'
import { app, BrowserWindow, emitReady, resetStub, session, stubState } from '../support/electron-stub'

/** A download as Electron hands it to 'will-download', recording what the handler asked of it. */
function downloadItem(url: string, filename: string) {
  const asked: { dialog?: Electron.SaveDialogOptions } = {}
  return {
    asked,
    item: { getURL: () => url, getFilename: () => filename, setSaveDialogOptions: (options: Electron.SaveDialogOptions) => (asked.dialog = options) },
  }
}

function fire(listener: (...args: unknown[]) => unknown, url: string, filename: string) {
  const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true } }
  const { item, asked } = downloadItem(url, filename)
  listener(event, item, {})
  return { prevented: event.defaultPrevented, dialog: asked.dialog }
}

const willDownload = () => {
  const listeners = (session.defaultSession as unknown as { listeners: Map<string, ((...args: unknown[]) => unknown)[]> }).listeners.get('will-download') ?? []
  return listeners.at(-1)
}

describe('downloads: only our own exports, through the Save dialog', () => {
  const isAppUrl = appUrlCheck(undefined)

  it('knows a blob: URL of our page from anything else', () => {
    expect(isOwnBlobUrl('blob:tutordesk://app/2b1f0c8e-1a2b-4c3d-9e8f-001122334455', isAppUrl)).toBe(true)
    expect(isOwnBlobUrl('blob:https://evil.example/2b1f0c8e', isAppUrl)).toBe(false)
    expect(isOwnBlobUrl('https://example.com/file.json', isAppUrl)).toBe(false)
    expect(isOwnBlobUrl('data:application/json,{}', isAppUrl)).toBe(false)
    expect(isOwnBlobUrl('tutordesk://app/index.html', isAppUrl)).toBe(false)
  })

  it('asks where to save an export of ours, and cancels every other download', () => {
    const listeners: ((...args: unknown[]) => unknown)[] = []
    guardDownloads({ on: (name: string, listener: (...args: unknown[]) => unknown) => (name === 'will-download' && listeners.push(listener), undefined) } as never, { isAppUrl })
    expect(listeners).toHaveLength(1)
    const ours = fire(listeners[0]!, 'blob:tutordesk://app/abc', '분수-방정식-2026-11-26.md')
    expect(ours.prevented).toBe(false)
    expect(ours.dialog).toEqual({ defaultPath: '분수-방정식-2026-11-26.md', filters: [{ name: 'Markdown', extensions: ['md'] }] })
    expect(fire(listeners[0]!, 'blob:tutordesk://app/def', 'tutordesk-2026-11-26.json').dialog?.filters).toEqual([{ name: 'JSON', extensions: ['json'] }])
    expect(fire(listeners[0]!, 'https://example.com/payload.exe', 'payload.exe')).toEqual({ prevented: true, dialog: undefined })
  })

  describe('the Electron entry point', () => {
    afterEach(() => app.emit('will-quit'))
    it("sets the guard on the app's session at start", async () => {
      resetStub()
      stubState.singleInstanceLock = true
      stubState.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-downloads-'))
      vi.resetModules()
      await import('../../src/main/electron/index')
      emitReady()
      await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1), { timeout: 10_000 })
      const listener = willDownload()
      expect(listener).toBeDefined()
      expect(fire(listener!, `blob:${appEntryUrl.replace('/index.html', '')}/0001`, 'a.json').prevented).toBe(false)
      expect(fire(listener!, 'https://example.com/a.json', 'a.json').prevented).toBe(true)
    })
  })
})
