import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { messageText } from '../../../shared/domain'
import { useMessages } from '../hooks/queries'

export function MessageList({ threadId, assistantName }: { threadId: string; assistantName: string | null }) {
  const { t } = useTranslation()
  const messages = useMessages(threadId)
  const endRef = useRef<HTMLDivElement>(null)
  const count = messages.data?.data.length ?? 0

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' })
  }, [count])

  if (messages.isError) return <p className="error">{t('messages.loadFailed')}</p>
  if (messages.data && count === 0) return <p className="muted messages-empty">{t('messages.empty')}</p>

  return (
    <ol className="messages" aria-live="polite">
      {messages.data?.data.map((message) => (
        <li key={message.id} className={`message ${message.role}`} data-message-id={message.id}>
          <span className="message-author">{message.role === 'user' ? t('messages.you') : (assistantName ?? 'Assistant')}</span>
          <div className="message-text">{messageText(message.content)}</div>
        </li>
      ))}
      <div ref={endRef} />
    </ol>
  )
}
