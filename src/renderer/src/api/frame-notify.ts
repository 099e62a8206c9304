import { notifyManager } from '@tanstack/react-query'

let waiting: (() => void)[] = []
let flushing = false

function runWaiting(): void {
  flushing = true
  try {
    // What a callback queues meanwhile (a cache change telling its views) runs in this frame too.
    while (waiting.length > 0) {
      const callbacks = waiting
      waiting = []
      for (const callback of callbacks) callback()
    }
  } finally {
    flushing = false
  }
}

/**
 * Runs `callback` just before the next frame is drawn, together with everything else queued for
 * it, in order. A hidden window draws no frames, so there it runs at once (in a task of its own).
 */
export function beforeNextFrame(callback: () => void): void {
  waiting.push(callback)
  if (flushing || waiting.length > 1) return
  if (document.visibilityState === 'hidden') setTimeout(runWaiting, 0)
  else requestAnimationFrame(runWaiting)
}

/**
 * Tells the views of changes in React Query's cache at most once per animation frame, all
 * together, just before the frame is drawn.
 *
 * A reply streams in at up to a hundred pieces a second, more than a display shows: drawing each
 * piece on its own re-rendered the reply and laid out the list up to twice per frame for nothing.
 * The text reaches the screen in the same frame as before, since a change is only ever seen when
 * a frame is drawn.
 */
export function notifyOncePerFrame(): void {
  notifyManager.setScheduler(beforeNextFrame)
}
