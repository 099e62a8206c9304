import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ConnectivityBanner } from './components/ConnectivityBanner'
import { InspectorHost } from './components/inspector/InspectorHost'
import { NoticeBanner } from './components/NoticeBanner'
import { SettingsDialog } from './components/SettingsDialog'
import { Sidebar } from './components/Sidebar'
import { ThreadView } from './components/ThreadView'
import { useAssistants, useCreateThread, useLiveUpdates } from './hooks/queries'

export function App() {
  const { t } = useTranslation()
  useLiveUpdates()
  const assistants = useAssistants()
  const [assistantId, setAssistantId] = useState<string | null>(null)
  const [threadId, setThreadId] = useState<string | null>(null)
  const createThread = useCreateThread()
  const [settingsOpen, setSettingsOpen] = useState(false)

  // Until the user picks one, talk to the first assistant (on first launch: Math Tutor).
  const activeAssistantId = assistantId ?? assistants.data?.data[0]?.id ?? null
  const activeAssistant = assistants.data?.data.find((a) => a.id === activeAssistantId) ?? null

  const startThread = useCallback(async () => {
    const thread = await createThread.mutateAsync(activeAssistantId)
    setThreadId(thread.id)
  }, [createThread, activeAssistantId])

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
            setThreadId(null)
          }}
          threadId={threadId}
          onThreadSelect={setThreadId}
          onNewThread={() => void startThread()}
          creatingThread={createThread.isPending}
          onOpenSettings={() => setSettingsOpen(true)}
        />
        <main className="main-pane">
          {threadId ? (
            <ThreadView key={threadId} threadId={threadId} assistant={activeAssistant} onDeleted={() => setThreadId(null)} />
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
