import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo, useRef, useState } from 'react'
import { useT } from './i18n/translate'
import { isRunActive, type Run } from '../../shared/domain'
import { ConnectivityBanner } from './components/ConnectivityBanner'
import { FirstRunCard, useNeedsSetup } from './components/FirstRunCard'
import { InspectorHost } from './components/inspector/InspectorHost'
import { NoticeBanner } from './components/NoticeBanner'
import { SettingsDialog } from './components/SettingsDialog'
import { ShortcutSheet } from './components/ShortcutSheet'
import { Sidebar } from './components/Sidebar'
import type { Landing } from './components/MessageList'
import { ThreadView } from './components/ThreadView'
import { queryKeys, useAssistants, useCancelRun, useCreateThread, useLiveUpdates } from './hooks/queries'
import { AppActionsContext, comboLabel, useIsMac, useShortcuts, type AppActions } from './hooks/useShortcuts'

export function App() {
  const t = useT()
  useLiveUpdates()
  const assistants = useAssistants()
  const [assistantId, setAssistantId] = useState<string | null>(null)
  // The thread shown, the message it was opened at (a search hit), if any, and whether the
  // cursor goes to its composer (a thread just created).
  const [opened, setOpened] = useState<{ threadId: string; messageId: string | null; seq: number; focus: boolean } | null>(null)
  const openings = useRef(0)
  const threadId = opened?.threadId ?? null
  const openThread = useCallback((id: string | null, messageId: string | null = null, focus = false) => {
    setOpened(id ? { threadId: id, messageId, seq: ++openings.current, focus } : null)
  }, [])
  const landing = useMemo<Landing | null>(() => (opened?.messageId ? { messageId: opened.messageId, seq: opened.seq } : null), [opened])
  const createThread = useCreateThread()
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [shortcutsOpen, setShortcutsOpen] = useState(false)
  const queries = useQueryClient()
  const cancel = useCancelRun()
  const mac = useIsMac()
  const needsSetup = useNeedsSetup()

  // Until the user picks one, talk to the first assistant (on first launch: Math Tutor).
  const activeAssistantId = assistantId ?? assistants.data?.data[0]?.id ?? null
  const activeAssistant = assistants.data?.data.find((a) => a.id === activeAssistantId) ?? null

  const startThread = useCallback(async () => {
    const thread = await createThread.mutateAsync(activeAssistantId)
    openThread(thread.id, null, true)
  }, [createThread, activeAssistantId, openThread])

  const actions = useMemo<AppActions>(
    () => ({
      openSettings: (section) => {
        setSettingsOpen(true)
        if (section === 'connection') focusConnectionWhenShown()
      },
      openShortcuts: () => setShortcutsOpen(true),
    }),
    [],
  )

  useShortcuts({
    newThread: () => void startThread(),
    settings: () => setSettingsOpen(true),
    sheet: () => setShortcutsOpen(true),
    // Esc stops the reply being written in the thread shown.
    stop: () => {
      if (!threadId) return
      const run = queries.getQueryData<Run | null>(queryKeys.latestRun(threadId))
      if (run && isRunActive(run) && run.status !== 'cancelling' && !cancel.isPending) cancel.mutate(run.id)
    },
  })

  return (
    <AppActionsContext.Provider value={actions}>
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
            onOpenShortcuts={() => setShortcutsOpen(true)}
          />
          <main className="main-pane">
            {threadId ? (
              <ThreadView
                key={threadId}
                threadId={threadId}
                assistant={activeAssistant}
                landing={landing}
                focusComposer={opened?.focus ?? false}
                onDeleted={() => openThread(null)}
              />
            ) : needsSetup ? (
              <FirstRunCard />
            ) : (
              <div className="empty-state">
                <h1>{t('empty.title')}</h1>
                <p>{t('shortcuts.emptyHint', { keys: comboLabel(['Mod', 'N'], mac), sheet: comboLabel(['Mod', '/'], mac) })}</p>
              </div>
            )}
          </main>
        </div>
        <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
        <ShortcutSheet open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
        <InspectorHost />
      </div>
    </AppActionsContext.Provider>
  )
}

/**
 * Settings opened "at the connection": the key field in view with the cursor in it (or the first
 * field of the connection). The connections part of Settings loads the first time Settings opens,
 * so this waits for it to appear (a few frames at most; gives up after two seconds' worth).
 */
function focusConnectionWhenShown(framesLeft = 120): void {
  requestAnimationFrame(() => {
    const dialog = document.querySelector('dialog.settings')
    const target =
      dialog?.querySelector<HTMLElement>('#api-key-input') ?? dialog?.querySelector<HTMLElement>('[data-settings-section="connection"] input, [data-settings-section="connection"] select')
    if (!target) {
      if (framesLeft > 0 && dialog) focusConnectionWhenShown(framesLeft - 1)
      return
    }
    target.scrollIntoView({ block: 'nearest' })
    target.focus()
  })
}
