import { useCallback, useEffect, useState } from 'react'
import { createPortal } from 'react-dom'
import { ThreadView } from './ThreadView'

/**
 * Draws a thread's view once, unseen, while the app idles after start, and then lets it go: the
 * first thread the person opens is drawn by code V8 has already compiled and run. On a start
 * without V8's code cache (the first after install or after an update) the first switch compiled
 * some 480 functions of the thread view on the spot and ran them cold (renderer bench, the
 * thread's messages already read: 68–84 ms). With this, 16 are left to compile at the click, the
 * click's own path — as long as the unseen view has drawn its rows (see below).
 *
 * Unseen: in a closed shadow root at the end of the body (out of the page's selectors,
 * `document.querySelector` and find-in-page), hidden and inert (out of the accessibility tree and
 * of focus), contained (no effect on the page's layout). The view reads what the sidebar read
 * ahead; it sends nothing.
 */
export function ThreadViewWarmUp({ threadId, onDone }: { threadId: string; onDone(): void }) {
  const [root, setRoot] = useState<ShadowRoot | null>(null)
  const host = useCallback((element: HTMLDivElement | null) => {
    if (!element) return
    const shadow = shadowOf(element)
    setRoot(shadow)
  }, [])
  // Drawn — its rows rendered, laid out, measured and placed — and then gone. The rows come a
  // few frames after the view (the list renders them once it has measured its viewport, and the
  // view itself is drawn in a transition, which yields): two frames after they are there, or
  // after about a second if they never come (an empty thread, a failed read).
  useEffect(() => {
    if (!root) return
    let frame = 0
    let framesLeft = maxWarmUpFrames
    let afterRows: number | undefined
    const watch = () => {
      framesLeft--
      if (afterRows === undefined && root.querySelector('.message, .messages-empty')) afterRows = 2
      if (afterRows !== undefined) afterRows--
      if (afterRows === 0 || framesLeft === 0) onDone()
      else frame = requestAnimationFrame(watch)
    }
    frame = requestAnimationFrame(watch)
    return () => cancelAnimationFrame(frame)
  }, [root, onDone])
  // At the end of the body, outside the app's landmarks.
  return createPortal(
    <div ref={host} className="thread-view-warm-up" aria-hidden="true" inert>
      {root && createPortal(<ThreadView threadId={threadId} assistant={null} landing={null} onDeleted={ignore} />, root)}
    </div>,
    document.body,
  )
}

const shadows = new WeakMap<HTMLElement, ShadowRoot>()

/** The element's closed shadow root (made once: React may hand the same element to a ref twice), styled as the page is. */
function shadowOf(element: HTMLElement): ShadowRoot {
  let shadow = shadows.get(element)
  if (!shadow) {
    shadow = element.attachShadow({ mode: 'closed' })
    for (const sheet of document.querySelectorAll('link[rel="stylesheet"]')) shadow.append(sheet.cloneNode())
    shadows.set(element, shadow)
  }
  return shadow
}

const ignore = () => {}

/** The longest the unseen view stays, in frames (about a second). */
const maxWarmUpFrames = 60
