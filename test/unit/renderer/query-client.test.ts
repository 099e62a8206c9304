import { InfiniteQueryObserver, QueryClient, type InfiniteData } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { AppQueryClient } from '../../../src/renderer/src/api/query-client'
import { queryKeys } from '../../../src/renderer/src/hooks/queries'
import { heldReads } from './held-reads'

type ThreadPage = { data: string[] }

/**
 * The sidebar's first read of the thread list leaves as the window opens; the user creates a
 * thread before its answer (taken before the thread existed) is back. Each read answers with
 * what was stored when it left, once the test lets it; the first one last.
 */
async function sidebarAfterCreatingDuringFirstRead(queries: QueryClient): Promise<string[]> {
  const stored: string[] = []
  const reads = heldReads<ThreadPage>(() => ({ data: stored.slice() }))
  const sidebar = new InfiniteQueryObserver<ThreadPage, Error, InfiniteData<ThreadPage>, readonly unknown[], null>(queries, {
    queryKey: queryKeys.threads(null),
    queryFn: reads.read,
    initialPageParam: null,
    getNextPageParam: () => undefined,
  })
  const settled = new Promise<string[]>((resolve) =>
    sidebar.subscribe((result) => {
      if (result.isSuccess && !result.isFetching) resolve(result.data.pages.flatMap((page) => page.data))
    }),
  )
  stored.push('thread_new')
  // What useCreateThread does once main has the thread (and thread:saved, the same).
  void queries.invalidateQueries({ queryKey: queryKeys.allThreads })
  await reads.answerUntil(settled)
  return settled
}

describe('a list changed while its first read is on its way', () => {
  it('shows the thread created before the first answer came', async () => {
    expect(await sidebarAfterCreatingDuringFirstRead(new AppQueryClient())).toEqual(['thread_new'])
  })

  it('needs AppQueryClient: React Query alone keeps the first answer, without the thread', async () => {
    // If this starts failing, React Query restarts first reads itself and AppQueryClient can go.
    expect(await sidebarAfterCreatingDuringFirstRead(new QueryClient())).toEqual([])
  })
})
