import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isThreadPinned, threadTitle, type Thread } from '../../../shared/domain'
import { usePinThread, useRenameThread } from '../hooks/queries'

interface ThreadListItemProps {
  thread: Thread
  snippet: string | null
  selected: boolean
  onSelect(): void
}

export function ThreadListItem({ thread, snippet, selected, onSelect }: ThreadListItemProps) {
  const { t } = useTranslation()
  const [renaming, setRenaming] = useState(false)
  const rename = useRenameThread()
  const pin = usePinThread()
  const title = threadTitle(thread) || t('thread.untitled')
  const pinned = isThreadPinned(thread)

  if (renaming) {
    return (
      <li className="thread-item renaming">
        <input
          autoFocus
          aria-label={t('thread.renameLabel')}
          defaultValue={threadTitle(thread)}
          onKeyDown={(event) => {
            if (event.nativeEvent.isComposing) return
            if (event.key === 'Enter') {
              rename.mutate({ thread_id: thread.id, title: event.currentTarget.value })
              setRenaming(false)
            } else if (event.key === 'Escape') {
              setRenaming(false)
            }
          }}
          onBlur={(event) => {
            if (event.currentTarget.value !== threadTitle(thread)) rename.mutate({ thread_id: thread.id, title: event.currentTarget.value })
            setRenaming(false)
          }}
        />
      </li>
    )
  }

  return (
    <li className={`thread-item${selected ? ' selected' : ''}`} data-thread-id={thread.id}>
      <button type="button" className="thread-open" aria-current={selected ? 'true' : undefined} onClick={onSelect} onDoubleClick={() => setRenaming(true)}>
        <span className="thread-title">
          {pinned && <span className="pin-mark" aria-label={t('thread.pinned')}>📌 </span>}
          {title}
        </span>
        {snippet && <span className="thread-snippet">{snippet}</span>}
      </button>
      <span className="thread-actions" aria-label={t('thread.actions', { title })}>
        <button type="button" onClick={() => setRenaming(true)} title={t('thread.rename')} aria-label={t('thread.rename')}>
          ✎
        </button>
        <button
          type="button"
          onClick={() => pin.mutate({ thread_id: thread.id, pinned: !pinned })}
          title={pinned ? t('thread.unpin') : t('thread.pin')}
          aria-label={pinned ? t('thread.unpin') : t('thread.pin')}
          aria-pressed={pinned}
        >
          📌
        </button>
      </span>
    </li>
  )
}
