import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ConnectivityBanner } from './components/ConnectivityBanner'
import { InspectorHost } from './components/inspector/InspectorHost'
import { NoticeBanner } from './components/NoticeBanner'
import { SettingsDialog } from './components/SettingsDialog'
import { Sidebar } from './components/Sidebar'
import type { Landing } from './components/MessageList'
import { ThreadView } from './components/ThreadView'
import { useAssistants, useCreateThread, useLiveUpdates } from './hooks/queries'

export function App() {
  const { t } = useTranslation()
  useLiveUpdates()
  const assistants = useAssistants()
  const [assistantId, setAssistantId] = useState<string | null>(null)
  // The thread shown, and the message it was opened at (a search hit), if any.
  const [opened, setOpened] = useState<{ threadId: string; messageId: string | null; seq: number } | null>(null)
  const openings = useRef(0)
  const threadId = opened?.threadId ?? null
  const openThread = useCallback((id: string | null, messageId: string | null = null) => {
    setOpened(id ? { threadId: id, messageId, seq: ++openings.current } : null)
  }, [])
  const landing = useMemo<Landing | null>(() => (opened?.messageId ? { messageId: opened.messageId, seq: opened.seq } : null), [opened])
  const createThread = useCreateThread()
  const [settingsOpen, setSettingsOpen] = useState(false)

  // Until the user picks one, talk to the first assistant (on first launch: Math Tutor).
  const activeAssistantId = assistantId ?? assistants.data?.data[0]?.id ?? null
  const activeAssistant = assistants.data?.data.find((a) => a.id === activeAssistantId) ?? null

  const startThread = useCallback(async () => {
    const thread = await createThread.mutateAsync(activeAssistantId)
    openThread(thread.id)
  }, [createThread, activeAssistantId, openThread])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey) return
      if (event.key.toLowerCase() === 'n') {
        event.preventDefault()
        void startThread()
      } else if (event.key === ',') {
        event.preventDefault()
        setSettingsOpen(true)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [startThread])

  return (
    <div className="app">
      <NoticeBanner />
      <ConnectivityBanner />
      <div className="app-body">
        <Sidebar
          assistants={assistants.data?.data ?? []}
          assistantId={activeAssistantId}
          onAssistantChange={(id) => {
            setAssistantId(id)
            openThread(null)
          }}
          threadId={threadId}
          onThreadSelect={openThread}
          onNewThread={() => void startThread()}
          creatingThread={createThread.isPending}
          onOpenSettings={() => setSettingsOpen(true)}
        />
        <main className="main-pane">
          {threadId ? (
            <ThreadView key={threadId} threadId={threadId} assistant={activeAssistant} landing={landing} onDeleted={() => openThread(null)} />
          ) : (
            <div className="empty-state">
              <h2>{t('empty.title')}</h2>
              <p>{t('empty.hint')}</p>
            </div>
          )}
        </main>
      </div>
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      <InspectorHost />
    </div>
  )
}
