import type { TFunction } from 'i18next'
import { memo, useEffect, useId, useState } from 'react'
import { useLanguage, useT } from '../i18n/translate'
import { isThreadPinned, threadTitle, type SnippetHighlight, type Thread, type ThreadPreview } from '../../../shared/domain'
import { usePinThread, useRenameThread } from '../hooks/queries'
import { Highlighted } from './sidebar/Highlighted'
import { PinIcon } from './sidebar/PinIcon'
import { PointerRest } from './sidebar/pointer-rest'
import { fullTime, rowTime } from './sidebar/times'

/** Where a search found the thread: a snippet of a message (unless only its title matched), and the words in its title. */
export interface ThreadMatch {
  snippet: string
  highlights: SnippetHighlight[]
  inTitle: boolean
  titleHighlights: SnippetHighlight[]
}

interface ThreadListItemProps {
  thread: Thread
  /** Its last message, on one line (the thread list). */
  preview?: ThreadPreview | null
  /** What the search found (search results). */
  match?: ThreadMatch | null
  /** Whether the row's section spans several days (its time then shows the date). */
  spansDays: boolean
  /** Whether to mark a pinned thread as pinned (not needed under the "Pinned" heading). */
  showPin?: boolean
  now: number
  selected: boolean
  /** Called with the thread's id: one function for every row, so a row re-renders only when its thread changes. */
  onSelect(threadId: string): void
  /** The pointer rests on the row, or the keyboard came to it: it may be opened next (its view can be read ahead). */
  onApproach?(threadId: string): void
}

/** How long the pointer rests on a row before it counts as coming to it: a pointer passing over rows reads nothing. */
const pointerRestMs = 50

/**
 * One thread in the sidebar: its title (or "untitled"), when it was last active (short; whole
 * on hover), and one line beneath — its last message, or where the search found it with the
 * words marked. The button's name is the title alone; time and line describe it.
 */
export const ThreadListItem = memo(function ThreadListItem({ thread, preview, match, spansDays, showPin = false, now, selected, onSelect, onApproach }: ThreadListItemProps) {
  const t = useT()
  const language = useLanguage()
  const ids = useId()
  const [renaming, setRenaming] = useState(false)
  // Made once: a row is keyed by its thread, and onApproach is one function for every row.
  const [resting] = useState(() => new PointerRest(pointerRestMs, () => onApproach?.(thread.id)))
  useEffect(() => () => resting.cancel(), [resting])
  const rename = useRenameThread()
  const pin = usePinThread()
  const given = threadTitle(thread)
  const title = given || t('thread.untitled')
  const pinned = isThreadPinned(thread)
  const activityMs = thread.last_activity_at * 1000

  if (renaming) {
    return (
      <li className="thread-item renaming">
        <input
          autoFocus
          aria-label={t('thread.renameLabel')}
          defaultValue={given}
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
            if (event.currentTarget.value !== given) rename.mutate({ thread_id: thread.id, title: event.currentTarget.value })
            setRenaming(false)
          }}
        />
      </li>
    )
  }

  const line = match && !match.inTitle ? <Highlighted text={match.snippet} highlights={match.highlights} /> : preview && !match ? previewLine(preview, t) : null

  return (
    <li className={`thread-item${selected ? ' selected' : ''}`} data-thread-id={thread.id}>
      <button
        type="button"
        className="thread-open"
        aria-current={selected ? 'true' : undefined}
        aria-labelledby={`${ids}-title`}
        aria-describedby={line ? `${ids}-time ${ids}-line` : `${ids}-time`}
        onClick={() => onSelect(thread.id)}
        onPointerEnter={() => resting.enter()}
        onPointerLeave={() => resting.leave()}
        onFocus={() => onApproach?.(thread.id)}
        onDoubleClick={() => setRenaming(true)}
      >
        <span className="thread-heading">
          <span className={`thread-title${given ? '' : ' untitled'}`} id={`${ids}-title`}>
            {pinned && showPin && <PinIcon className="pin-mark" label={t('thread.pinned')} />}
            {given && match && match.titleHighlights.length > 0 ? <Highlighted text={given} highlights={match.titleHighlights} /> : title}
          </span>
          <time className="thread-time" id={`${ids}-time`} dateTime={new Date(activityMs).toISOString()} title={fullTime(activityMs, language)}>
            {rowTime(activityMs, now, language, spansDays)}
          </time>
        </span>
        {line && (
          <span className={match ? 'thread-snippet' : 'thread-preview'} id={`${ids}-line`}>
            {line}
          </span>
        )}
      </button>
      <span className="thread-actions" role="group" aria-label={t('thread.actions', { title })}>
        <button type="button" onClick={() => setRenaming(true)} title={t('thread.rename')} aria-label={t('a11yNames.renameThread', { title })}>
          ✎
        </button>
        <button
          type="button"
          onClick={() => pin.mutate({ thread_id: thread.id, pinned: !pinned })}
          title={pinned ? t('thread.unpin') : t('thread.pin')}
          aria-label={pinned ? t('a11yNames.unpinThread', { title }) : t('a11yNames.pinThread', { title })}
          aria-pressed={pinned}
        >
          <PinIcon />
        </button>
      </span>
    </li>
  )
})

/** The last message on one line: "You: …" for the user's, an image's mention, or "…" while a reply starts. */
function previewLine(preview: ThreadPreview, t: TFunction): string {
  const text = preview.text || (preview.images > 0 ? t('threadList.images', { count: preview.images }) : '…')
  return preview.role === 'user' ? t('threadList.fromYou', { text }) : text
}
