import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Run } from '../../../shared/domain'
import type { Client } from '../api/client'
import { useClient } from '../api/ClientProvider'

/**
 * A thread's runs, as stored (`runs:list`, every page, oldest first), kept current by run
 * events: where the failed-run markers read which questions went unanswered and why.
 */
export const threadRunsKey = (threadId: string) => ['runs', threadId, 'all'] as const

/** The read of a thread's runs: the failed-run markers' (useFailedRunFor), and a thread's read ahead (prefetchThread). */
export const threadRunsQuery = (client: Client, threadId: string) =>
  queryOptions({
    queryKey: threadRunsKey(threadId),
    queryFn: async () => {
      const runs: Run[] = []
      for (let after: string | undefined; ; ) {
        const page = await client.call('runs:list', { thread_id: threadId, limit: 100, order: 'asc', ...(after ? { after } : {}) })
        runs.push(...page.data)
        if (!page.has_more || !page.last_id) return runs
        after = page.last_id
      }
    },
  })

/** A run event, applied to its thread's runs if the page holds them (see useLiveUpdates). */
export function applyRunToThreadRuns(queries: QueryClient, run: Run): void {
  const key = threadRunsKey(run.thread_id)
  if (!queries.getQueryData(key)) {
    // A first read on its way may have left before this run was stored: it is read again (see
    // AppQueryClient), so the answer cannot miss the run — one that fails at once is marked.
    void queries.invalidateQueries({ queryKey: key })
    return
  }
  queries.setQueryData(key, (runs: Run[] | undefined) => {
    if (!runs) return runs
    const index = runs.findIndex((candidate) => candidate.id === run.id)
    if (index < 0) return [...runs, run]
    const next = runs.slice()
    next[index] = run
    return next
  })
}

/**
 * The failures still standing: failed runs nobody retried. A retry carries the story on (it
 * completes, or fails in its turn and is the one shown), so its original is settled. Runs that
 * answer no known question (recorded before runs kept one) are left to the run status line.
 */
export function standingFailures(runs: readonly Run[]): Run[] {
  const retried = new Set(runs.flatMap((run) => (run.retry_of ? [run.retry_of] : [])))
  return runs.filter((run) => run.status === 'failed' && !retried.has(run.id) && !!run.question_id)
}

/**
 * The standing failure of the run that answers `questionId`, if its run failed. Every question
 * shown asks (through `select`), so it draws again only when its own answer changes, not at
 * every run event of the thread.
 */
export function useFailedRunFor(threadId: string, questionId: string): Run | undefined {
  const failureFor = useCallback((runs: Run[]) => standingFailures(runs).findLast((run) => run.question_id === questionId), [questionId])
  return useQuery({ ...threadRunsQuery(useClient(), threadId), select: failureFor }).data
}
