import { notifyManager } from '@tanstack/react-query'

/**
 * Tells the views of changes in React Query's cache at most once per animation frame, all
 * together, just before the frame is drawn.
 *
 * A reply streams in at up to a hundred pieces a second, more than a display shows: drawing each
 * piece on its own re-rendered the reply and laid out the list up to twice per frame for nothing.
 * The text reaches the screen in the same frame as before, since a change is only ever seen when
 * a frame is drawn. A hidden window draws no frames, so there the changes go out at once.
 */
export function notifyOncePerFrame(): void {
  let waiting: (() => void)[] = []
  const notifyAll = () => {
    const callbacks = waiting
    waiting = []
    for (const callback of callbacks) callback()
  }
  notifyManager.setScheduler((callback) => {
    waiting.push(callback)
    if (waiting.length > 1) return
    if (document.visibilityState === 'hidden') setTimeout(notifyAll, 0)
    else requestAnimationFrame(notifyAll)
  })
}
