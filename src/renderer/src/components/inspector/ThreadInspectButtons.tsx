import { useTranslation } from 'react-i18next'
import { InspectButton } from './InspectButton'

/** In a thread's header: inspect the thread (its JSON and total usage) and its assistant. */
export function ThreadInspectButtons({ threadId, assistantId }: { threadId: string; assistantId: string | null }) {
  const { t } = useTranslation()
  return (
    <div className="inspect-group">
      <InspectButton object={{ object: 'thread', id: threadId }}>{t('inspector.button.thread')}</InspectButton>
      {assistantId && <InspectButton object={{ object: 'assistant', id: assistantId }}>{t('inspector.button.assistant')}</InspectButton>}
    </div>
  )
}
