import { useT } from '../../i18n/translate'
import type { ThreadSearchHit } from '../../../../shared/domain'
import { useThreadSearch } from '../../hooks/queries'
import { ThreadListItem } from '../ThreadListItem'
import { useNow } from './useNow'

interface SearchResultsProps {
  query: string
  threadId: string | null
  /** Opens the thread, at the message the search found when it found one. */
  onSelect(hit: ThreadSearchHit): void
}

/** Threads the search found, most recently active first, each with where it found the words marked. */
export function SearchResults({ query, threadId, onSelect }: SearchResultsProps) {
  const t = useT()
  const now = useNow()
  const search = useThreadSearch(query)
  const hits = search.data?.data ?? []
  const select = (id: string) => {
    const hit = hits.find((candidate) => candidate.thread.id === id)
    if (hit) onSelect(hit)
  }
  return (
    <section className="thread-group search-results" aria-label={t('threadList.results')}>
      {hits.length === 0 && search.isSuccess && !search.isPlaceholderData && <p className="muted thread-list-empty">{t('sidebar.searchEmpty', { query: query.trim() })}</p>}
      <ul>
        {hits.map((hit) => (
          <ThreadListItem
            key={hit.thread.id}
            thread={hit.thread}
            match={{ snippet: hit.snippet, highlights: hit.highlights, inTitle: hit.message_id === null, titleHighlights: hit.title_highlights }}
            spansDays
            showPin
            now={now}
            selected={hit.thread.id === threadId}
            onSelect={select}
          />
        ))}
      </ul>
    </section>
  )
}
