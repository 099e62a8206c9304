import { createContext, useContext, useEffect, useLayoutEffect, useRef } from 'react'
import { useAppInfo } from './queries'

/**
 * The app's keyboard shortcuts, in one place: what the window listens for (useShortcuts) and
 * what the shortcut sheet lists (ShortcutSheet) come from the same table. `Mod` is ⌘ on macOS
 * and Ctrl elsewhere.
 */
export type ShortcutId = 'newThread' | 'search' | 'stop' | 'send' | 'newLine' | 'sheet' | 'settings' | 'closeDialog'

export type KeyName = 'Mod' | 'Shift' | 'Enter' | 'Esc' | 'N' | 'K' | '/' | '?' | ','

/** Each shortcut and its key combinations (any one of them works). */
export const shortcutTable: readonly { id: ShortcutId; combos: readonly (readonly KeyName[])[] }[] = [
  { id: 'newThread', combos: [['Mod', 'N']] },
  { id: 'search', combos: [['Mod', 'K']] },
  { id: 'send', combos: [['Enter']] },
  { id: 'newLine', combos: [['Shift', 'Enter']] },
  { id: 'stop', combos: [['Esc']] },
  { id: 'sheet', combos: [['Mod', '/'], ['?']] },
  { id: 'settings', combos: [['Mod', ',']] },
  { id: 'closeDialog', combos: [['Esc']] },
]

/** Whether the app runs on macOS: main says (`app:info`), else the browser does. */
export function useIsMac(): boolean {
  const info = useAppInfo()
  const platform = info.data?.platform
  if (platform) return platform === 'darwin'
  return typeof navigator !== 'undefined' && /mac/i.test(navigator.platform || navigator.userAgent)
}

/** How a key is written on this platform. */
export function keyLabel(key: KeyName, mac: boolean): string {
  if (key === 'Mod') return mac ? '⌘' : 'Ctrl'
  if (key === 'Shift') return mac ? '⇧' : 'Shift'
  return key
}

/** A combination as text, e.g. "Ctrl+N" or "⌘N". */
export function comboLabel(combo: readonly KeyName[], mac: boolean): string {
  return combo.map((key) => keyLabel(key, mac)).join(mac ? '' : '+')
}

export interface ShortcutHandlers {
  newThread(): void
  stop(): void
  settings(): void
  sheet(): void
}

/** Typing somewhere: `?` is a character there, not a shortcut. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(target.type)) || target instanceof HTMLSelectElement
}

/** Esc stops a reply only where the reply is: the composer, the thread, or nowhere in particular. */
function inThread(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return true
  if (target === document.body || target === document.documentElement) return true
  return target.closest('.main-pane') !== null
}

/**
 * The window's shortcuts: Ctrl/⌘+N new thread, Ctrl/⌘+, Settings, Ctrl/⌘+/ or ? the shortcut
 * sheet, Esc stops the reply (not while a dialog is open: there Esc closes the dialog). Ctrl/⌘+K
 * (search) belongs to the sidebar, which owns the search box.
 */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const latest = useRef(handlers)
  useLayoutEffect(() => {
    latest.current = handlers
  })
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return
      const mod = event.ctrlKey || event.metaKey
      const dialogOpen = document.querySelector('dialog[open]') !== null
      const key = event.key.toLowerCase()
      if (mod && !event.shiftKey && !event.altKey) {
        if (key === 'n') {
          event.preventDefault()
          latest.current.newThread()
        } else if (key === ',') {
          event.preventDefault()
          latest.current.settings()
        } else if (key === '/' && !dialogOpen) {
          event.preventDefault()
          latest.current.sheet()
        }
        return
      }
      if (event.key === '?' && !mod && !event.altKey && !dialogOpen && !isEditable(event.target)) {
        event.preventDefault()
        latest.current.sheet()
        return
      }
      if (event.key === 'Escape' && !mod && !event.shiftKey && !dialogOpen && inThread(event.target)) {
        latest.current.stop()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}

/** What any component may ask of the window: open Settings (at the connection), the shortcut sheet. */
export interface AppActions {
  openSettings(section?: 'connection'): void
  openShortcuts(): void
}

export const AppActionsContext = createContext<AppActions>({ openSettings: () => undefined, openShortcuts: () => undefined })

export function useAppActions(): AppActions {
  return useContext(AppActionsContext)
}
