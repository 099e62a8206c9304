import type { EventPayload } from '../../../shared/contract'

/**
 * A streaming reply shown as plain text takes each streamed piece into its text node the moment
 * the piece arrives, instead of at the next frame's React render: a piece is in the page about a
 * millisecond after it reaches the window rather than up to a frame later (`npm run bench`,
 * "a delta in main until its text is in the DOM").
 *
 * The cache still gets every piece (useLiveUpdates, once a frame): React's next render brings the
 * text the node already holds, so it changes nothing on screen. A reply with markdown is drawn by
 * React only: its pieces need parsing.
 *
 * The node's value is replaced, not appended to: `Text.appendData` measured about 0.5 ms a call in
 * the Chromium of `npm run bench` (a CPU profile: 600 calls, 310 ms), a new value microseconds;
 * the paragraph is laid out again at the next frame either way.
 */
interface LiveText {
  /** The element whose only child is the reply's text node (React keeps that node while text stays). */
  element: HTMLElement
  /** Whether the reply, grown to `text`, may still be shown as plain text. */
  accepts: (text: string) => boolean
}

const liveTexts = new Map<string, LiveText>()

/** While a reply streams, the element showing it takes streamed pieces directly. Returns the detach. */
export function attachLiveText(messageId: string, element: HTMLElement, accepts: (text: string) => boolean): () => void {
  const live = { element, accepts }
  liveTexts.set(messageId, live)
  return () => {
    if (liveTexts.get(messageId) === live) liveTexts.delete(messageId)
  }
}

/**
 * Adds a streamed piece to its reply's text, if that reply is shown as plain text and the piece
 * follows on from what it shows. Returns whether it did; a piece it did not take is drawn by the
 * next render from the cache.
 */
export function appendLiveText(delta: Pick<EventPayload<'run:delta'>, 'message_id' | 'offset' | 'delta'>): boolean {
  const live = liveTexts.get(delta.message_id)
  const node = live?.element.firstChild
  if (!live || !(node instanceof Text) || node !== live.element.lastChild || node.data.length !== delta.offset) return false
  const grown = node.data + delta.delta
  if (!live.accepts(grown)) return false
  node.data = grown
  return true
}
