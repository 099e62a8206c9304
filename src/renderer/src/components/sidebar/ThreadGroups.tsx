import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useLanguage, useT } from '../../i18n/translate'
import { useThreads } from '../../hooks/queries'
import { ThreadListItem } from '../ThreadListItem'
import { ThreadViewWarmUp } from '../ThreadViewWarmUp'
import { useReadAhead } from './read-ahead'
import { groupThreads, uniqueThreads, type ThreadGroup } from './thread-groups'
import { dayHeading } from './times'
import { useNow } from './useNow'

interface ThreadGroupsProps {
  assistantId: string | null
  threadId: string | null
  onSelect(threadId: string): void
  /** The scrolling element around the list: the next page is read as its end comes near. */
  scroller: React.RefObject<HTMLElement | null>
}

/** How near the end of the list (px) the next page starts to load: before the user gets there. */
const loadAheadPx = 600

/**
 * The assistant's threads by section (pinned, today, yesterday, earlier days, each with its
 * heading), a page at a time: when the end of what is shown comes near as the user scrolls,
 * the next page is read. Rows off screen cost little (CSS content-visibility), so thousands can
 * be scrolled through without a virtual list: the DOM keeps its order, focus and find-in-page.
 */
export function ThreadGroups({ assistantId, threadId, onSelect, scroller }: ThreadGroupsProps) {
  const t = useT()
  const language = useLanguage()
  const ids = useId()
  const now = useNow()
  const threads = useThreads(assistantId)
  const end = useRef<HTMLDivElement>(null)
  const [endInView, setEndInView] = useState(false)

  const all = useMemo(() => uniqueThreads(threads.data?.pages ?? []), [threads.data])
  const groups = useMemo(() => groupThreads(all, now), [all, now])

  const { approach, warmUp, warmedUp } = useReadAhead(all, threadId)

  useEffect(() => {
    const target = end.current
    if (!target) return
    const observer = new IntersectionObserver(([entry]) => setEndInView(entry?.isIntersecting ?? false), {
      root: scroller.current,
      rootMargin: `0px 0px ${loadAheadPx}px 0px`,
    })
    observer.observe(target)
    return () => observer.disconnect()
  }, [scroller])

  // Near the end: read the next page; still near it once that came in (short rows, a tall
  // window): one more. The observer's news may be older than the last render (it saw the end
  // when the list was still empty), so where the end is now is measured first.
  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage, data } = threads
  useEffect(() => {
    if (!endInView || !hasNextPage || isFetchingNextPage || isError) return
    const target = end.current
    const root = scroller.current
    if (!target || !root || target.getBoundingClientRect().top - root.getBoundingClientRect().bottom > loadAheadPx) return
    void fetchNextPage()
  }, [endInView, hasNextPage, isFetchingNextPage, isError, fetchNextPage, scroller, data])

  return (
    <>
      {groups.length === 0 && threads.isSuccess && <p className="muted thread-list-empty">{t('sidebar.noThreads')}</p>}
      {groups.map((group) => (
        <section key={group.key} className="thread-group" aria-labelledby={`${ids}-${group.key}`}>
          <h2 className="thread-group-heading" id={`${ids}-${group.key}`}>
            {groupHeading(group, now, language, t)}
          </h2>
          <ul>
            {group.threads.map((thread) => (
              <ThreadListItem
                key={thread.id}
                thread={thread}
                preview={thread.preview}
                spansDays={group.kind === 'pinned'}
                now={now}
                selected={thread.id === threadId}
                onSelect={onSelect}
                onApproach={approach}
              />
            ))}
          </ul>
        </section>
      ))}
      {warmUp && <ThreadViewWarmUp threadId={warmUp} onDone={warmedUp} />}
      <div ref={end} className="thread-list-end" aria-live="polite">
        {isFetchingNextPage && <p className="muted">{t('threadList.loadingMore')}</p>}
        {isError && (
          <p className="error">
            {t('threadList.loadFailed')}{' '}
            <button type="button" onClick={() => void threads.refetch()}>
              {t('threadList.retry')}
            </button>
          </p>
        )}
      </div>
    </>
  )
}

function groupHeading(group: ThreadGroup, now: number, language: string, t: (key: string) => string): string {
  switch (group.kind) {
    case 'pinned':
      return t('threadList.pinned')
    case 'today':
      return t('threadList.today')
    case 'yesterday':
      return t('threadList.yesterday')
    case 'day':
      return dayHeading(group.day!, now, language)
  }
}
