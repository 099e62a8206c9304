import { useT } from '../../i18n/translate'
import { InspectButton } from './InspectButton'

/** In a thread's header: inspect the thread (its JSON and total usage) and its assistant. */
export function ThreadInspectButtons({ threadId, assistantId }: { threadId: string; assistantId: string | null }) {
  const t = useT()
  return (
    <div className="inspect-group">
      <InspectButton object={{ object: 'thread', id: threadId }}>{t('inspector.button.thread')}</InspectButton>
      {assistantId && <InspectButton object={{ object: 'assistant', id: assistantId }}>{t('inspector.button.assistant')}</InspectButton>}
    </div>
  )
}
