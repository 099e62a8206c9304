import type { BrowserWindow } from 'electron'
import type { SettingsStore } from '../store/settings-store'

type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>

/** Remembers the window's size, place and maximized state, saved shortly after each change and on close. */
export function rememberWindowState(window: TrackedWindow, settings: Pick<SettingsStore, 'setWindowState'>, delayMs = 400): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const save = () => {
    clearTimeout(timer)
    timer = undefined
    if (window.isDestroyed()) return
    const { x, y, width, height } = window.getNormalBounds()
    settings.setWindowState({ x, y, width, height, maximized: window.isMaximized() })
  }
  const saveSoon = () => {
    clearTimeout(timer)
    timer = setTimeout(save, delayMs)
  }
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event as 'resize', saveSoon)
  window.on('close', save)
}
