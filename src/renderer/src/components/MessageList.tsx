import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { messageText } from '../../../shared/domain'
import { useMessages } from '../hooks/queries'
import { MessageItem } from './message/MessageItem'

export function MessageList({ threadId, assistantName }: { threadId: string; assistantName: string | null }) {
  const { t } = useTranslation()
  const messages = useMessages(threadId)
  const endRef = useRef<HTMLDivElement>(null)
  const count = messages.data?.data.length ?? 0
  const lastText = messageText(messages.data?.data.at(-1)?.content ?? [])

  // Follow the conversation as it grows, streamed text included.
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' })
  }, [count, lastText.length])

  if (messages.isError) return <p className="error">{t('messages.loadFailed')}</p>
  if (messages.data && count === 0) return <p className="muted messages-empty">{t('messages.empty')}</p>

  return (
    <ol className="messages" aria-live="polite">
      {messages.data?.data.map((message) => (
        <li key={message.id}>
          <MessageItem message={message} assistantName={assistantName} />
        </li>
      ))}
      <div ref={endRef} />
    </ol>
  )
}
