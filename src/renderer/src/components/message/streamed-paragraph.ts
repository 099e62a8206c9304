import { CaretBlink } from './caret'

/**
 * A streaming plain reply in the page, kept so that each frame lays out its last line, not the
 * whole reply.
 *
 * Chromium lays a changed paragraph out again whole: breaking 1,800 characters into lines took
 * about a millisecond of every frame while a reply streamed (`npm run bench`, renderer busy).
 * Yet text added at the end of a paragraph can only move words of its last line: lines are filled
 * one after another, and what follows a line does not change where it broke. So once the growing
 * text node holds a few lines, the lines before its last one move into a box of their own, the
 * paragraph's full width, ahead of the node. That box starts where those lines started and wraps
 * them the same way; laid out once, it is left alone while the node goes on growing. It is an
 * inline-block, not a block: text copied across the boxes stays one paragraph (a block would add
 * a line break where the lines were cut).
 *
 * The cut depends on the paragraph's width: if that changes (the window is resized while the
 * reply streams), the text is put back together in the node and cut again later.
 *
 * The element's children belong to this object while the reply streams; the finished reply is a
 * new element drawn by React.
 */
export class StreamedParagraph {
  /** Text moved into settled boxes, in order. */
  private settled = ''
  private readonly tail = document.createTextNode('')
  /** The paragraph's width when its lines were last settled. */
  private settledWidth: number | undefined
  private readonly widthWatch: ResizeObserver | undefined
  private readonly caret: CaretBlink

  constructor(private readonly element: HTMLElement) {
    element.replaceChildren(this.tail)
    this.caret = new CaretBlink(element)
    // jsdom (unit tests) has no ResizeObserver, and no layout to cut lines by.
    if (typeof ResizeObserver === 'function') {
      this.widthWatch = new ResizeObserver(() => {
        if (this.settled && element.getBoundingClientRect().width !== this.settledWidth) this.rejoin()
      })
      this.widthWatch.observe(element)
    }
  }

  get text(): string {
    return this.settled + this.tail.data
  }

  get length(): number {
    return this.settled.length + this.tail.data.length
  }

  /** The reply grew by `piece`. */
  append(piece: string): void {
    if (!piece) return
    // A new value, not `Text.appendData`: that measured about 0.5 ms a call in the Chromium of
    // `npm run bench` (a CPU profile: 600 calls, 310 ms), a new value microseconds.
    this.tail.data = this.tail.data + piece
    this.caret.textCame()
    if (this.tail.data.length > settleAfterCharacters) this.settleLines()
  }

  /**
   * Makes the paragraph show `text`, the reply as the cache holds it: what it lacks at the end is
   * added; text that is only behind what the paragraph shows (the cache catches up with streamed
   * pieces later) changes nothing; anything else is shown afresh.
   */
  show(text: string): void {
    const shown = this.text
    if (text.length <= shown.length ? shown.startsWith(text) : text.startsWith(shown)) this.append(text.slice(shown.length))
    else this.rejoin(text)
  }

  dispose(): void {
    this.widthWatch?.disconnect()
    this.caret.dispose()
  }

  /** All the text back in the one node (or `text`, if given). */
  private rejoin(text = this.text): void {
    this.settled = ''
    this.settledWidth = undefined
    this.tail.data = text
    this.element.replaceChildren(this.tail)
  }

  /** Moves the node's lines before its last one into a settled box (a layout now; a few times a reply). */
  private settleLines(): void {
    const width = this.element.getBoundingClientRect().width
    if (this.settled && width !== this.settledWidth) return this.rejoin()
    const cut = lastLineStart(this.tail)
    if (cut === undefined) return
    const box = document.createElement('span')
    box.className = 'settled-lines'
    box.textContent = this.tail.data.slice(0, cut)
    this.element.insertBefore(box, this.tail)
    this.settled += box.textContent
    this.tail.data = this.tail.data.slice(cut)
    this.settledWidth = width
  }
}

/** About three lines of a reply bubble: the node is cut when it holds more than this. */
const settleAfterCharacters = 240

/**
 * Where the text node's last line begins: the first character drawn on it (binary search over
 * the characters' boxes). Undefined when there is one line, or no layout to tell.
 */
function lastLineStart(node: Text): number | undefined {
  const range = document.createRange()
  const top = (offset: number) => {
    range.setStart(node, offset)
    range.setEnd(node, offset + 1)
    const boxes = range.getClientRects()
    return boxes.length ? boxes[boxes.length - 1]!.top : undefined
  }
  const last = node.data.length - 1
  const lastTop = top(last)
  if (lastTop === undefined) return undefined
  let low = 0
  let high = last
  while (low < high) {
    const middle = (low + high) >> 1
    const middleTop = top(middle)
    if (middleTop !== undefined && middleTop >= lastTop) high = middle
    else low = middle + 1
  }
  // The character before the cut must be on an earlier line, the one at it on the last.
  if (low === 0 || top(low) !== lastTop || (top(low - 1) ?? lastTop) >= lastTop) return undefined
  return low
}
