import { memo } from 'react'
import { useT } from '../../i18n/translate'
import type { Message } from '../../../../shared/domain'
import { InspectButton } from '../inspector/InspectButton'
import { FailedRunMarker } from './FailedRunMarker'
import { MessageActions } from './MessageActions'
import { MessageBody } from './MessageBody'
import { MessageImages } from './MessageImages'
import { messageExcerpt } from './excerpt'
import { MessageTime } from './MessageTime'
import { ReplyToolCalls } from './ReplyToolCalls'

interface MessageItemProps {
  message: Message
  assistantName: string | null
}

/**
 * One message of a thread: who wrote it, what it says (markdown, math, code), the tool calls
 * of the run that wrote it, and the way to open it as JSON. Each part is a component of its own.
 * Memoized: the list redraws a message only when it changes (a new object) — while a reply
 * streams, only the reply (keep every prop stable: no new objects or callbacks per render).
 */
export const MessageItem = memo(function MessageItem({ message, assistantName }: MessageItemProps) {
  const t = useT()
  return (
    <article className={`message ${message.role} ${message.status}`} data-message-id={message.id} data-status={message.status}>
      <MessageHeader message={message} assistantName={assistantName} />
      <MessageBody message={message} />
      <MessageImages message={message} />
      {message.role === 'assistant' && message.run_id && <ReplyToolCalls runId={message.run_id} messageId={message.id} />}
      {message.status === 'incomplete' && <span className="message-flag">{t('messages.incomplete')}</span>}
      {message.role === 'user' && <FailedRunMarker message={message} />}
      <MessageActions message={message} />
    </article>
  )
})

/**
 * Who wrote the message, when, and its inspect button. Drawn again only when what it shows
 * changes: a streaming reply changes about 60 times a second, its header almost never.
 */
const MessageHeader = memo(
  function MessageHeader({ message, assistantName }: MessageItemProps) {
    const t = useT()
    return (
      <header className="message-header">
        <span className="message-author">{message.role === 'user' ? t('messages.you') : (assistantName ?? t('history.assistant'))}</span>
        <MessageTime createdAt={message.created_at} />
        <InspectButton object={message} />
      </header>
    )
  },
  // The inspect button reads the message afresh when pressed; its name shows how the message begins.
  (before, after) =>
    before.assistantName === after.assistantName &&
    before.message.id === after.message.id &&
    before.message.role === after.message.role &&
    before.message.created_at === after.message.created_at &&
    messageExcerpt(before.message) === messageExcerpt(after.message),
)
