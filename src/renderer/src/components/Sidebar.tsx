import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react'
import { useT } from '../i18n/translate'
import type { Assistant } from '../../../shared/domain'
import type { EditorTarget } from './assistants/AssistantEditorDialog'
import { SearchResults } from './sidebar/SearchResults'
import { ThreadGroups } from './sidebar/ThreadGroups'

// The editor (its form, presets and tool definitions) loads the first time it opens.
const AssistantEditorDialog = lazy(() => import('./assistants/AssistantEditorDialog').then((module) => ({ default: module.AssistantEditorDialog })))

interface SidebarProps {
  assistants: Assistant[]
  assistantId: string | null
  onAssistantChange(id: string): void
  threadId: string | null
  /** Opens a thread; from a search hit, at the message it found. */
  onThreadSelect(id: string, messageId?: string | null): void
  onNewThread(): void
  creatingThread: boolean
  onOpenSettings(): void
  /** Opens the list of keyboard shortcuts. */
  onOpenShortcuts?(): void
}

export function Sidebar(props: SidebarProps) {
  const t = useT()
  const [query, setQuery] = useState('')
  const searchRef = useRef<HTMLInputElement>(null)
  const listRef = useRef<HTMLElement>(null)
  const searching = query.trim().length > 0
  const { onThreadSelect } = props
  const openThread = useCallback((id: string) => onThreadSelect(id), [onThreadSelect])
  const [editor, setEditorTarget] = useState<EditorTarget | null>(null)
  // Once opened, the editor stays mounted (closed), so closing hands the focus back as a dialog does.
  const [editorLoaded, setEditorLoaded] = useState(false)
  const setEditor = (target: EditorTarget | null) => {
    if (target) setEditorLoaded(true)
    setEditorTarget(target)
  }

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        searchRef.current?.focus()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])

  return (
    <aside className="sidebar" aria-label={t('sidebar.threads')}>
      <label className="field">
        <span className="field-label">{t('sidebar.assistant')}</span>
        <select
          value={props.assistantId ?? ''}
          onChange={(event) => props.onAssistantChange(event.target.value)}
          disabled={props.assistants.length === 0}
        >
          {props.assistants.length === 0 && <option value="">{t('sidebar.noAssistants')}</option>}
          {props.assistants.map((assistant) => (
            <option key={assistant.id} value={assistant.id}>
              {assistant.name ?? assistant.id}
            </option>
          ))}
        </select>
      </label>
      <div className="assistant-actions">
        <button
          type="button"
          aria-haspopup="dialog"
          aria-label={t('assistants.editButton')}
          disabled={!props.assistantId}
          onClick={() => props.assistantId && setEditor({ mode: 'edit', assistantId: props.assistantId })}
        >
          {t('assistants.editShort')}
        </button>
        <button type="button" aria-haspopup="dialog" aria-label={t('assistants.newButton')} onClick={() => setEditor({ mode: 'new' })}>
          {t('assistants.newShort')}
        </button>
      </div>
      {editorLoaded && (
        <Suspense fallback={null}>
          <AssistantEditorDialog
            target={editor}
            assistants={props.assistants}
            onClose={() => setEditor(null)}
            onSelect={(id) => id && props.onAssistantChange(id)}
            onDuplicated={(id) => {
              props.onAssistantChange(id)
              setEditor({ mode: 'edit', assistantId: id })
            }}
          />
        </Suspense>
      )}
      <button type="button" className="primary" onClick={props.onNewThread} disabled={props.creatingThread}>
        {t('sidebar.newThread')}
      </button>
      <input
        ref={searchRef}
        type="search"
        className="search"
        placeholder={t('sidebar.search')}
        aria-label={t('sidebar.search')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <nav className="thread-list" aria-label={t('sidebar.threads')} ref={listRef}>
        {searching ? (
          <SearchResults query={query} threadId={props.threadId} onSelect={(hit) => onThreadSelect(hit.thread.id, hit.message_id)} />
        ) : (
          <ThreadGroups assistantId={props.assistantId} threadId={props.threadId} onSelect={openThread} scroller={listRef} />
        )}
      </nav>
      <button type="button" className="settings-button" onClick={props.onOpenSettings}>
        ⚙ {t('settings.open')}
      </button>
      {props.onOpenShortcuts && (
        <button type="button" className="settings-button shortcuts-button" aria-haspopup="dialog" onClick={props.onOpenShortcuts}>
          <span aria-hidden="true">⌨ </span>
          {t('shortcuts.open')}
        </button>
      )}
    </aside>
  )
}
