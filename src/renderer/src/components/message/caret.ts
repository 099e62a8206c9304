import { useLayoutEffect, useRef, type RefObject } from 'react'

/**
 * The caret at the end of a streaming reply stands still while text comes and blinks while the
 * reply waits (the model thinks, a tool runs), as a text editor's cursor stops blinking while one
 * types. The blink is a CSS animation the renderer runs itself, restyling the caret at every
 * frame: with text arriving, that was about 2 % of the renderer's time (`npm run bench`) for a
 * blink no one sees among moving text.
 *
 * The element showing the reply has the class `text-coming` from a piece of text until
 * `stillForMs` have passed without one (one timer for the whole stretch, not one per piece).
 */
export class CaretBlink {
  private lastTextAt = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly element: HTMLElement,
    private readonly stillForMs = 600,
  ) {}

  textCame(): void {
    this.lastTextAt = performance.now()
    if (this.timer !== undefined) return
    this.element.classList.add('text-coming')
    this.timer = setTimeout(this.waitOrBlink, this.stillForMs)
  }

  dispose(): void {
    clearTimeout(this.timer)
  }

  private readonly waitOrBlink = () => {
    const quietFor = performance.now() - this.lastTextAt
    if (quietFor < this.stillForMs) {
      this.timer = setTimeout(this.waitOrBlink, this.stillForMs - quietFor)
      return
    }
    this.timer = undefined
    this.element.classList.remove('text-coming')
  }
}

/** CaretBlink for an element React draws: `text` is the streaming reply's, undefined once it is done. */
export function useCaretBlink(element: RefObject<HTMLElement | null>, text: string | undefined): void {
  const caret = useRef<CaretBlink>(null)
  const streaming = text !== undefined
  useLayoutEffect(() => {
    if (!streaming) return
    const blink = new CaretBlink(element.current!)
    caret.current = blink
    return () => {
      blink.dispose()
      caret.current = null
    }
  }, [element, streaming])
  useLayoutEffect(() => caret.current?.textCame(), [text])
}
