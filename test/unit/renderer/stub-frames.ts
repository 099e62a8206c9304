import { vi } from 'vitest'

/** A window as visible or hidden, whose animation frames the test runs itself (returned, oldest first). */
export function stubFrames(visibilityState: DocumentVisibilityState): (() => void)[] {
  const frames: (() => void)[] = []
  vi.stubGlobal('document', { visibilityState })
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback))
  return frames
}
