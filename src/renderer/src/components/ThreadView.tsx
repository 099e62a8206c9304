import { useRef } from 'react'
import { useT } from '../i18n/translate'
import { isRunActive, threadTitle, type Assistant } from '../../../shared/domain'
import { useAssistants, useDeleteThread, useLatestRun, useThread } from '../hooks/queries'
import { ThreadModelPicker } from './assistants/ThreadModelPicker'
import { Composer } from './Composer'
import { ThreadInspectButtons } from './inspector/ThreadInspectButtons'
import { ThreadExportMenu } from './export/ThreadExportMenu'
import { MessageList, type Landing, type MessageListHandle } from './MessageList'
import { RunStatus } from './RunStatus'

interface ThreadViewProps {
  threadId: string
  assistant: Assistant | null
  /** A message to open the thread at, highlighted (a search hit). */
  landing: Landing | null
  /** Put the cursor in the composer (a thread just created). */
  focusComposer?: boolean
  onDeleted(): void
}

export function ThreadView({ threadId, assistant, landing, focusComposer, onDeleted }: ThreadViewProps) {
  const t = useT()
  const thread = useThread(threadId)
  const title = (thread.data && threadTitle(thread.data)) || t('thread.untitled')
  const remove = useDeleteThread()
  const run = useLatestRun(threadId).data
  // A run waiting for the connection takes new messages along when it goes.
  const busy = !!run && isRunActive(run) && run.waiting_for !== 'connection'
  const assistantId = thread.data?.assistant_id ?? assistant?.id ?? null
  const list = useRef<MessageListHandle>(null)
  const threadAssistant = useAssistants().data?.data.find((candidate) => candidate.id === assistantId) ?? assistant

  return (
    <section className="thread-view" aria-label={title}>
      <header className="thread-header">
        <h1>{title}</h1>
        {thread.data && <ThreadModelPicker thread={thread.data} assistant={threadAssistant} />}
        <ThreadInspectButtons threadId={threadId} assistantId={assistantId} />
        <ThreadExportMenu threadId={threadId} title={title} />
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
      <MessageList ref={list} threadId={threadId} assistantName={assistant?.name ?? null} landing={landing} />
      <RunStatus threadId={threadId} />
      <Composer
        threadId={threadId}
        assistantId={assistantId}
        assistantName={assistant?.name ?? ''}
        busy={busy}
        autoFocus={focusComposer}
        // Sending shows the end of the thread, and follows the reply.
        onSend={() => list.current?.showLatest()}
      />
    </section>
  )
}
