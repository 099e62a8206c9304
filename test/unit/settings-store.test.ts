import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ElectronStore from 'electron-store'
import { beforeEach, describe, expect, it } from 'vitest'
import { openSettings, type BackingStore, type BackingStoreFactory } from '../../src/main/store/settings-store'

// The factory the app uses: electron-store itself (its `electron` import gets the stand-in).
const electronStore: BackingStoreFactory = (options) =>
  new ElectronStore({ ...options, name: options.configName } as never) as unknown as BackingStore

describe('settings', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-settings-'))
  })
  const open = (appVersion = '0.1.0') => openSettings({ dir, appVersion, createBackingStore: electronStore })

  it('starts with defaults and keeps changes across restarts', () => {
    const first = open().settings
    expect(first.getUser()).toEqual({ theme: 'system', language: 'system' })
    first.updateUser({ theme: 'dark' })
    first.setWindowState({ x: 10, y: 20, width: 900, height: 700, maximized: true })
    const second = open().settings
    expect(second.getUser()).toEqual({ theme: 'dark', language: 'system' })
    expect(second.getWindowState()).toEqual({ x: 10, y: 20, width: 900, height: 700, maximized: true })
  })

  it('records the app version it migrated to (projectVersion)', () => {
    open('0.1.0')
    const raw = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'))
    expect(raw.__internal__.migrations.version).toBe('0.1.0')
  })

  it('backs up a corrupt settings file, uses defaults, and tells the user', () => {
    const file = path.join(dir, 'settings.json')
    open().settings.updateUser({ language: 'ko' })
    const corrupt = '{"user": {"theme": "dark", "lang'
    fs.writeFileSync(file, corrupt)

    const { settings, notices } = open()

    expect(settings.getUser()).toEqual({ theme: 'system', language: 'system' })
    expect(notices).toEqual([{ code: 'settings_recovered', backupPath: expect.stringContaining('settings.corrupt-') }])
    const backupPath = (notices[0] as { backupPath: string }).backupPath
    expect(fs.readFileSync(backupPath, 'utf8')).toBe(corrupt)
    // And the app can go on saving.
    settings.updateUser({ theme: 'light' })
    expect(open().settings.getUser().theme).toBe('light')
  })

  it('keeps the good values when one value is wrong', () => {
    const file = path.join(dir, 'settings.json')
    open()
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'))
    raw.user = { theme: 'neon', language: 'ko' }
    raw.window = { width: 'wide' }
    fs.writeFileSync(file, JSON.stringify(raw))
    const { settings, notices } = open()
    expect(notices).toEqual([])
    expect(settings.getUser()).toEqual({ theme: 'system', language: 'ko' })
    expect(settings.getWindowState()).toBeNull()
  })
})
