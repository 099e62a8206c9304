import { useTranslation } from 'react-i18next'
import type { Assistant } from '../../../shared/domain'
import { threadTitle } from '../../../shared/domain'
import { useDeleteThread, useThread } from '../hooks/queries'
import { Composer } from './Composer'
import { MessageList } from './MessageList'

interface ThreadViewProps {
  threadId: string
  assistant: Assistant | null
  onDeleted(): void
}

export function ThreadView({ threadId, assistant, onDeleted }: ThreadViewProps) {
  const { t } = useTranslation()
  const thread = useThread(threadId)
  const title = (thread.data && threadTitle(thread.data)) || t('thread.untitled')
  const remove = useDeleteThread()

  return (
    <section className="thread-view" aria-label={title}>
      <header className="thread-header">
        <h1>{title}</h1>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (!window.confirm(t('thread.confirmDelete', { title }))) return
            remove.mutate(threadId, { onSuccess: onDeleted })
          }}
        >
          {t('thread.delete')}
        </button>
      </header>
      <MessageList threadId={threadId} assistantName={assistant?.name ?? null} />
      <Composer threadId={threadId} assistantName={assistant?.name ?? ''} />
    </section>
  )
}
