import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { rememberWindowState } from '../../src/main/electron/window-state'
import type { WindowState } from '../../src/main/store/settings-store'
import { BrowserWindow } from '../support/electron-stub'

describe('remembering the window’s bounds', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function tracked() {
    const window = new BrowserWindow({ x: 10, y: 20, width: 1000, height: 700 })
    const saved: WindowState[] = []
    rememberWindowState(window as never, { setWindowState: (state) => saved.push(state) }, 400)
    return { window, saved }
  }

  it('saves once after a burst of resizes and moves settles', () => {
    const { window, saved } = tracked()
    window.emit('resize')
    window.emit('move')
    window.emit('resize')
    vi.advanceTimersByTime(399)
    expect(saved).toEqual([])
    vi.advanceTimersByTime(1)
    expect(saved).toEqual([{ x: 10, y: 20, width: 1000, height: 700, maximized: false }])
  })

  it('saves at once on close, with the maximized state', () => {
    const { window, saved } = tracked()
    window.maximize()
    window.emit('close')
    expect(saved).toEqual([{ x: 10, y: 20, width: 1000, height: 700, maximized: true }])
  })
})
