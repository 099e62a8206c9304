import { QueryClient, type InvalidateOptions, type InvalidateQueryFilters, type Query } from '@tanstack/react-query'

/**
 * The renderer's QueryClient. Data lives in main and changes only through our own calls and
 * events: no polling, no refetch on focus, nothing goes stale by itself.
 *
 * An invalidation ("this changed, read it again") also restarts a query's first read that is
 * already on its way. React Query restarts a read in flight only when the query has data
 * (`cancelRefetch`); a first read is left to finish, and its answer — taken before the change —
 * is kept. A thread created right after the window opened would then be missing from the
 * sidebar until something else changed, and a run that failed at once would show no marker.
 */
export class AppQueryClient extends QueryClient {
  constructor() {
    super({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: false, staleTime: Infinity } } })
  }

  override invalidateQueries(filters?: InvalidateQueryFilters, options?: InvalidateOptions): Promise<void> {
    const restarted = (query: Query) => isFirstReadOnItsWay(query) && willBeReadAgain(query, filters) && (filters?.predicate?.(query) ?? true)
    // Nothing to restart (nearly always): invalidate at once, as React Query does.
    if (!this.getQueryCache().findAll({ ...filters, predicate: restarted }).length) return super.invalidateQueries(filters, options)
    // Cancelling puts the query back as it was before the read (pending, idle): the invalidation
    // then reads it afresh.
    return this.cancelQueries({ ...filters, predicate: restarted }).then(() => super.invalidateQueries(filters, options))
  }
}

function isFirstReadOnItsWay(query: Query): boolean {
  return query.state.data === undefined && query.state.fetchStatus === 'fetching'
}

/** Whether the invalidation reads `query` again (`refetchType`, active queries by default). */
function willBeReadAgain(query: Query, filters: InvalidateQueryFilters | undefined): boolean {
  const refetchType = filters?.refetchType ?? 'active'
  if (refetchType === 'none') return false
  if (refetchType === 'all') return true
  return query.isActive() === (refetchType === 'active')
}
