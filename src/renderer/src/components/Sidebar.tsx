import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Assistant } from '../../../shared/domain'
import { useThreads, useThreadSearch } from '../hooks/queries'
import { ThreadListItem } from './ThreadListItem'

interface SidebarProps {
  assistants: Assistant[]
  assistantId: string | null
  onAssistantChange(id: string): void
  threadId: string | null
  onThreadSelect(id: string, messageId?: string | null): void
  onNewThread(): void
  creatingThread: boolean
  onOpenSettings(): void
}

export function Sidebar(props: SidebarProps) {
  const { t } = useTranslation()
  const [query, setQuery] = useState('')
  const searchRef = useRef<HTMLInputElement>(null)
  const threads = useThreads(props.assistantId)
  const search = useThreadSearch(query)
  const searching = query.trim().length > 0

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

  const items = searching
    ? (search.data?.data ?? []).map((hit) => ({ thread: hit.thread, snippet: hit.snippet, messageId: hit.message_id }))
    : (threads.data?.data ?? []).map((thread) => ({ thread, snippet: null, messageId: null }))

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
      <nav className="thread-list" aria-label={t('sidebar.threads')}>
        {items.length === 0 && !threads.isLoading && (
          <p className="muted">{searching ? t('sidebar.searchEmpty', { query: query.trim() }) : t('sidebar.noThreads')}</p>
        )}
        <ul>
          {items.map(({ thread, snippet, messageId }) => (
            <ThreadListItem
              key={thread.id}
              thread={thread}
              snippet={snippet}
              selected={thread.id === props.threadId}
              onSelect={() => props.onThreadSelect(thread.id, messageId)}
            />
          ))}
        </ul>
      </nav>
      <button type="button" className="settings-button" onClick={props.onOpenSettings}>
        ⚙ {t('settings.open')}
      </button>
    </aside>
  )
}
