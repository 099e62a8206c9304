import type { EventPayload } from '../../../shared/contract'
import type { StreamedParagraph } from '../components/message/streamed-paragraph'

/**
 * A streaming reply shown as plain text takes each streamed piece into its paragraph the moment
 * the piece arrives, instead of at the next frame's React render: a piece is in the page about a
 * millisecond after it reaches the window rather than up to a frame later (`npm run bench`,
 * "a delta in main until its text is in the DOM").
 *
 * The cache gets every piece a little later (streamed-pieces.ts): the reply's render then finds
 * the paragraph already showing that text, and changes nothing. A reply with markdown is drawn
 * by React only: its pieces need parsing.
 */
interface LiveText {
  paragraph: StreamedParagraph
  /** Whether the reply, grown to `text`, may still be shown as plain text. */
  accepts: (text: string) => boolean
}

const liveTexts = new Map<string, LiveText>()
const detachListeners = new Set<() => void>()

/** While a reply streams, its paragraph takes streamed pieces directly. Returns the detach. */
export function attachLiveText(messageId: string, paragraph: StreamedParagraph, accepts: (text: string) => boolean): () => void {
  const live = { paragraph, accepts }
  liveTexts.set(messageId, live)
  return () => {
    if (liveTexts.get(messageId) !== live) return
    liveTexts.delete(messageId)
    for (const listener of detachListeners) listener()
  }
}

/** `listener` runs whenever a paragraph stops taking pieces (streamed-pieces.ts). Returns the stop. */
export function whenLiveTextDetached(listener: () => void): () => void {
  detachListeners.add(listener)
  return () => detachListeners.delete(listener)
}

/**
 * Adds a streamed piece to its reply's paragraph, if that reply is shown as plain text and the
 * piece follows on from what it shows. Returns whether it did; a piece it did not take is drawn
 * by the next render from the cache.
 */
export function appendLiveText(delta: Pick<EventPayload<'run:delta'>, 'message_id' | 'offset' | 'delta'>): boolean {
  const live = liveTexts.get(delta.message_id)
  if (!live || live.paragraph.length !== delta.offset || !live.accepts(live.paragraph.text + delta.delta)) return false
  live.paragraph.append(delta.delta)
  return true
}
