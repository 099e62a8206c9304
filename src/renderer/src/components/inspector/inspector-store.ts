import { useSyncExternalStore } from 'react'
import type { InspectTarget } from './target'

/**
 * What the inspector shows: the objects opened, the last on top (a run opened from its reply,
 * a step from its run; Back goes down one), and the element that opened it, which gets the focus
 * back when it closes. One inspector for the window: the button that opens it may be gone by
 * then (a message scrolled out of a virtualized list), the dialog stays.
 */
export interface InspectorState {
  stack: readonly InspectTarget[]
  opener: HTMLElement | null
}

let state: InspectorState = { stack: [], opener: null }
const listeners = new Set<() => void>()

function set(next: InspectorState): void {
  state = next
  for (const listener of listeners) listener()
}

export function openInspector(target: InspectTarget, opener: HTMLElement | null = null): void {
  set({ stack: [target], opener })
}

/** Opens another object on top of the one shown (Back returns to it). */
export function pushInspector(target: InspectTarget): void {
  set({ ...state, stack: [...state.stack, target] })
}

export function backInspector(): void {
  if (state.stack.length > 1) set({ ...state, stack: state.stack.slice(0, -1) })
}

export function closeInspector(): void {
  if (state.stack.length > 0) set({ ...state, stack: [] })
}

export function useInspectorState(): InspectorState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => state,
  )
}
