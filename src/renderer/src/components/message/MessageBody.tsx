import { lazy, memo, Suspense, useLayoutEffect, useRef, useState } from 'react'
import { attachLiveText } from '../../api/live-text'
import { StreamedParagraph } from './streamed-paragraph'
import { messageText, type Message } from '../../../../shared/domain'
import { needsMarkdown } from './markdown/detect'
import { completeMathPrefix } from './markdown/math-delimiters'

/** The markdown, KaTeX and highlight.js stack: loaded the first time a reply needs it. */
const MarkdownView = lazy(() => import('./markdown/MarkdownView'))

/**
 * What a message says.
 *
 * - The learner's own messages are plain text, exactly as typed (line breaks and spaces kept):
 *   a `*` or a `$` they typed is what they typed, not syntax to be reinterpreted.
 * - The assistant's replies are markdown with math and code. A reply with no markdown syntax
 *   is plain text too, and does not load the renderer. Until the renderer has loaded (the first
 *   reply that needs it), the reply shows as plain text in the same place.
 * - While a reply streams, only its whole formulas are shown: the text from a formula that has
 *   not closed yet waits until it has, so half a formula never flashes as raw TeX or an error.
 */
function MessageBodyImpl({ message }: { message: Message }) {
  const text = messageText(message.content)
  if (message.role !== 'assistant') return <div className="message-text">{text}</div>
  const shown = message.status === 'in_progress' ? completeMathPrefix(text) : text
  const plain = <PlainReply text={shown} streamingId={message.status === 'in_progress' ? message.id : undefined} />
  if (!needsMarkdown(text)) return plain
  return (
    <Suspense fallback={plain}>
      <MarkdownView text={shown} streaming={message.status === 'in_progress'} />
    </Suspense>
  )
}

const staysPlain = (text: string) => !needsMarkdown(text)

/** A reply with no markdown. While it streams, its paragraph takes pieces as they come (live-text.ts). */
function PlainReply({ text, streamingId }: { text: string; streamingId: string | undefined }) {
  if (streamingId) return <StreamingPlainReply text={text} messageId={streamingId} />
  return <div className="message-text">{text}</div>
}

/**
 * The paragraph of a reply still streaming. React draws its text once, when it mounts; from then
 * its children are a StreamedParagraph's (React's never change, so React leaves them alone), so
 * that pieces go in between renders and its settled lines stay put. Once the reply is finished,
 * PlainReply draws a new element with React.
 */
function StreamingPlainReply({ text, messageId }: { text: string; messageId: string }) {
  const [textAtMount] = useState(text)
  const element = useRef<HTMLDivElement>(null)
  const paragraph = useRef<StreamedParagraph>(null)
  useLayoutEffect(() => {
    const streamed = new StreamedParagraph(element.current!)
    paragraph.current = streamed
    const detach = attachLiveText(messageId, streamed, staysPlain)
    return () => {
      detach()
      streamed.dispose()
    }
  }, [messageId])
  // What the cache holds, when a piece did not come straight here (it came before this mounted).
  useLayoutEffect(() => paragraph.current!.show(text), [text, messageId])
  return (
    <div ref={element} className="message-text">
      {textAtMount}
    </div>
  )
}

/** Only a message whose text or status changed is drawn again (the streaming one, as it grows). */
function sameBody(before: { message: Message }, after: { message: Message }): boolean {
  if (before.message === after.message) return true
  return (
    before.message.role === after.message.role &&
    before.message.status === after.message.status &&
    messageText(before.message.content) === messageText(after.message.content)
  )
}

export const MessageBody = memo(MessageBodyImpl, sameBody)
