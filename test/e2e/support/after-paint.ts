/**
 * What a user saw, frame by frame. Added to a page with `page.addInitScript(installAfterPaint)`,
 * it gives the page `__afterPaint(look)`: `look` runs once each frame has been painted (a task
 * posted from the frame's callback runs after that frame's paint) until it returns true or the
 * returned stop is called. Nothing of this is in the app.
 */
export function installAfterPaint() {
  Object.assign(window, {
    __afterPaint(look: () => boolean | void): () => void {
      let looking = true
      const afterPaint = new MessageChannel()
      const frame = () => afterPaint.port2.postMessage(null)
      afterPaint.port1.onmessage = () => {
        if (!looking) return
        if (look() === true) looking = false
        else requestAnimationFrame(frame)
      }
      requestAnimationFrame(frame)
      return () => {
        looking = false
      }
    },
  })
}

/** The page's side of installAfterPaint, for code that runs in the page. */
export interface AfterPaintWindow {
  __afterPaint(look: () => boolean | void): () => void
}
