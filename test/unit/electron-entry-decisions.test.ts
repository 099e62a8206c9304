import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { appUrlCheck } from '../../src/main/electron/app-protocol'
import { startupFailureOf, startupFailureText } from '../../src/main/electron/startup-failure'
import { uiLanguages } from '../../src/shared/language'
import { quitsWhenAllWindowsClose, windowBackgroundColor } from '../../src/main/electron/window-options'
import { DatabaseInUseError } from '../../src/main/store/database-lock'

/** The decisions the Electron entry point makes, each in a module of its own. */

describe('which URLs are our own page', () => {
  it('is the app protocol’s own host, and nothing else, in a packaged app', () => {
    const isAppUrl = appUrlCheck(undefined)
    expect(isAppUrl('tutordesk://app/index.html')).toBe(true)
    expect(isAppUrl('tutordesk://app/assets/index.js?x=1#y')).toBe(true)
    for (const url of ['tutordesk://other/index.html', 'http://localhost:5173/', 'file:///app/index.html', 'https://app/', 'not a url', '']) {
      expect(isAppUrl(url), url).toBe(false)
    }
  })

  it('includes the dev server’s origin in development only, not other ports or hosts', () => {
    const isAppUrl = appUrlCheck('http://localhost:5173/index.html')
    expect(isAppUrl('http://localhost:5173/src/main.tsx')).toBe(true)
    expect(isAppUrl('http://localhost:5174/')).toBe(false)
    expect(isAppUrl('http://127.0.0.1:5173/')).toBe(false)
    expect(isAppUrl('tutordesk://app/index.html')).toBe(true)
  })

  it('ignores a dev server URL that cannot be parsed, or whose origin is opaque', () => {
    expect(appUrlCheck('::not a url')('http://localhost:5173/')).toBe(false)
    const opaque = appUrlCheck('data:text/html,hi')
    expect(opaque('data:text/html,hi')).toBe(false)
    expect(opaque('file:///x.html')).toBe(false)
  })
})

describe('what a start-up failure says', () => {
  it('tells a second running copy apart from a data folder that cannot be opened', () => {
    const writable = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-start-'))
    expect(startupFailureOf(new DatabaseInUseError({ pid: 4242, acquiredAt: '2026-11-25T00:00:00.000Z' }), writable)).toBe('in_use')
    // A writable folder with room to spare: the failure is not the disk's (the read-only and
    // full-disk cases run on real mounts in test/integration/storage-failures.test.ts).
    expect(startupFailureOf(new Error('SQLITE_CORRUPT: something odd'), writable)).toBe('data_folder')
  })

  it('speaks the first system language it knows, else English', () => {
    expect(startupFailureText('in_use', '/home/u/.config/TutorDesk', ['ko-KR', 'en-US']).title).toBe('TutorDesk를 시작하지 못했습니다')
    expect(startupFailureText('in_use', '/x', ['fr-FR', 'en-GB']).message).toBe('Another TutorDesk is using your conversations. Close it and try again.')
    expect(startupFailureText('data_folder', '/x', ['ja-JP']).title).toBe('TutorDesk could not start')
    expect(startupFailureText('disk_full', '/home/u/.config/TutorDesk', []).message).toBe(
      'The disk that holds /home/u/.config/TutorDesk is full. Free some space on it, then start TutorDesk again. Nothing was deleted.',
    )
    expect(startupFailureText('read_only', '/mnt/ro', ['ko']).message).toContain('/mnt/ro에 쓸 수 없습니다')
  })

  it('has every message in every language it speaks', () => {
    for (const language of uiLanguages) {
      for (const failure of ['in_use', 'disk_full', 'read_only', 'data_folder'] as const) {
        const { title, message } = startupFailureText(failure, '/folder', [language])
        expect(title.length, `${language} title`).toBeGreaterThan(0)
        expect(message.length, `${language} ${failure}`).toBeGreaterThan(0)
      }
    }
    expect(startupFailureText('in_use', '/f', ['ko']).message).not.toBe(startupFailureText('in_use', '/f', ['en']).message)
  })
})

describe('the window’s colour before the page paints', () => {
  it('follows the chosen theme, or the system’s when the choice is "system"', () => {
    expect(windowBackgroundColor('dark', false)).toBe('#17181c')
    expect(windowBackgroundColor('light', true)).toBe('#ffffff')
    expect(windowBackgroundColor('system', true)).toBe('#17181c')
    expect(windowBackgroundColor('system', false)).toBe('#ffffff')
  })
})

describe('closing the last window', () => {
  it('quits on Windows and Linux, and keeps the app in the Dock on macOS', () => {
    expect(quitsWhenAllWindowsClose('win32')).toBe(true)
    expect(quitsWhenAllWindowsClose('linux')).toBe(true)
    expect(quitsWhenAllWindowsClose('darwin')).toBe(false)
  })
})
