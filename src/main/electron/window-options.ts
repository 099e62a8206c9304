import type { BrowserWindowConstructorOptions, Rectangle } from 'electron'
import type { WindowState } from '../store/settings-store'

/** Closing the last window quits, except on macOS, where apps stay open in the Dock. */
export function quitsWhenAllWindowsClose(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin'
}

/** The window's colour before the page paints: dark when the user chose dark, or the system is. */
export function windowBackgroundColor(theme: 'system' | 'light' | 'dark', systemPrefersDark: boolean): string {
  const dark = theme === 'dark' || (theme === 'system' && systemPrefersDark)
  return dark ? '#17181c' : '#ffffff'
}

export const defaultWindowSize = { width: 1180, height: 800 }
export const minimumWindowSize = { width: 720, height: 480 }

/**
 * The main window's options, as a pure function so tests can assert every security setting.
 * The renderer is sandboxed, isolated and without Node; it gets only the preload's bridge.
 */
export function mainWindowOptions(params: {
  preloadPath: string
  bounds: Partial<Rectangle> & { width: number; height: number }
  backgroundColor: string
}): BrowserWindowConstructorOptions {
  return {
    ...params.bounds,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    title: 'TutorDesk',
    // Shown on 'ready-to-show' so the user never sees a blank white frame.
    show: false,
    backgroundColor: params.backgroundColor,
    autoHideMenuBar: true,
    webPreferences: {
      preload: params.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      enableWebSQL: false,
      safeDialogs: true,
      spellcheck: true,
    },
  }
}

/**
 * Saved bounds, kept only if the window would still be visible: a monitor that was unplugged
 * must not leave the window off-screen. Otherwise the default size, centred by Electron.
 */
export function restoreBounds(
  saved: WindowState | null,
  displays: readonly { workArea: Rectangle }[],
): Partial<Rectangle> & { width: number; height: number } {
  if (!saved) return { ...defaultWindowSize }
  const size = {
    width: Math.max(saved.width, minimumWindowSize.width),
    height: Math.max(saved.height, minimumWindowSize.height),
  }
  if (saved.x === undefined || saved.y === undefined) return size
  const { x, y } = saved
  // Visible enough: at least 100×50 px of the window's top edge lies on some display.
  const visible = displays.some(({ workArea }) => {
    const overlapX = Math.min(x + size.width, workArea.x + workArea.width) - Math.max(x, workArea.x)
    const overlapY = Math.min(y + 50, workArea.y + workArea.height) - Math.max(y, workArea.y)
    return overlapX >= 100 && overlapY >= 50
  })
  return visible ? { ...size, x, y } : size
}
