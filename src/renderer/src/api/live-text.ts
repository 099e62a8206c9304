import type { EventPayload } from '../../../shared/contract'
import type { StreamedParagraph } from '../components/message/streamed-paragraph'

/**
 * A streaming reply shown as plain text takes each streamed piece into its paragraph the moment
 * the piece arrives, instead of at the next frame's React render: a piece is in the page about a
 * millisecond after it reaches the window rather than up to a frame later (`npm run bench`,
 * "a delta in main until its text is in the DOM").
 *
 * The cache still gets every piece (useLiveUpdates, once a frame): the reply's next render finds
 * the paragraph already showing that text, and changes nothing. A reply with markdown is drawn
 * by React only: its pieces need parsing.
 */
interface LiveText {
  paragraph: StreamedParagraph
  /** Whether the reply, grown to `text`, may still be shown as plain text. */
  accepts: (text: string) => boolean
}

const liveTexts = new Map<string, LiveText>()

/** While a reply streams, its paragraph takes streamed pieces directly. Returns the detach. */
export function attachLiveText(messageId: string, paragraph: StreamedParagraph, accepts: (text: string) => boolean): () => void {
  const live = { paragraph, accepts }
  liveTexts.set(messageId, live)
  return () => {
    if (liveTexts.get(messageId) === live) liveTexts.delete(messageId)
  }
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
