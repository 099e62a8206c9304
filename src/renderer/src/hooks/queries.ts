import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { EventPayload, RequestOf } from '../../../shared/contract'
import { isRunActive, messageText, type ListPage, type Message, type Run } from '../../../shared/domain'
import { useClient } from '../api/ClientProvider'

/** Query keys in one place, so invalidation and reads never disagree. */
export const queryKeys = {
  appInfo: ['app-info'] as const,
  settings: ['settings'] as const,
  apiKey: ['api-key-status'] as const,
  assistants: ['assistants'] as const,
  threads: (assistantId: string | null) => ['threads', assistantId] as const,
  allThreads: ['threads'] as const,
  thread: (threadId: string) => ['threads', 'one', threadId] as const,
  search: (query: string) => ['thread-search', query] as const,
  messages: (threadId: string) => ['messages', threadId] as const,
  latestRun: (threadId: string) => ['runs', threadId, 'latest'] as const,
  connectivity: ['connectivity'] as const,
  connections: ['connections'] as const,
}

export function useAppInfo() {
  const client = useClient()
  return useQuery({ queryKey: queryKeys.appInfo, queryFn: () => client.call('app:info') })
}

export function useAssistants() {
  const client = useClient()
  return useQuery({ queryKey: queryKeys.assistants, queryFn: () => client.call('assistants:list') })
}

/** Threads come in pages of this many, the next as the list is scrolled near its end. */
export const threadPageSize = 50

/**
 * The assistant's threads, pinned first then by last activity, each with a preview of its last
 * message: a page at first, more with `fetchNextPage`. An invalidation (a thread saved, a
 * message added) reads every page shown again, so a thread that moves never shows twice.
 */
export function useThreads(assistantId: string | null) {
  const client = useClient()
  return useInfiniteQuery({
    queryKey: queryKeys.threads(assistantId),
    queryFn: ({ pageParam }) =>
      client.call('threads:list', {
        limit: threadPageSize,
        ...(assistantId ? { assistant_id: assistantId } : {}),
        ...(pageParam ? { after: pageParam } : {}),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => (page.has_more && page.last_id ? page.last_id : undefined),
  })
}

export function useThread(threadId: string) {
  const client = useClient()
  return useQuery({ queryKey: queryKeys.thread(threadId), queryFn: () => client.call('threads:get', { thread_id: threadId }) })
}

export function useThreadSearch(query: string) {
  const client = useClient()
  const trimmed = query.trim()
  return useQuery({
    queryKey: queryKeys.search(trimmed),
    queryFn: () => client.call('threads:search', { query: trimmed }),
    enabled: trimmed.length > 0,
    placeholderData: (previous) => previous,
  })
}

/** By thread, how many `message:saved` events the page has had (see useMessages). */
const savesHeard = new Map<string, number>()

export function useMessages(threadId: string) {
  const client = useClient()
  const queries = useQueryClient()
  return useQuery({
    queryKey: queryKeys.messages(threadId),
    // Newest first from the store; shown oldest first.
    queryFn: async () => {
      for (;;) {
        const heard = savesHeard.get(threadId) ?? 0
        const page = await client.call('messages:list', { thread_id: threadId, order: 'desc', limit: 100 })
        // A save announced while the read was on its way may be newer than what the read brings
        // (replies and events travel apart): read again, or the read would put the message back
        // as it was — e.g. a thread opened mid-reply showing the finished reply half-way and in
        // progress for good, as no event follows its end (found by test/e2e/load.spec.ts).
        if ((savesHeard.get(threadId) ?? 0) !== heard) continue
        return keepStreamedText({ ...page, data: [...page.data].reverse() }, queries.getQueryData(queryKeys.messages(threadId)))
      }
    },
  })
}

export function useCreateThread() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (assistantId: string | null) => client.call('threads:create', { assistant_id: assistantId }),
    onSuccess: () => queries.invalidateQueries({ queryKey: queryKeys.allThreads }),
  })
}

export function useRenameThread() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (params: { thread_id: string; title: string }) => client.call('threads:rename', params),
    onSuccess: () => queries.invalidateQueries({ queryKey: queryKeys.allThreads }),
  })
}

export function usePinThread() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (params: { thread_id: string; pinned: boolean }) => client.call('threads:pin', params),
    onSuccess: () => queries.invalidateQueries({ queryKey: queryKeys.allThreads }),
  })
}

export function useDeleteThread() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (threadId: string) => client.call('threads:delete', { thread_id: threadId }),
    onSuccess: () => queries.invalidateQueries({ queryKey: queryKeys.allThreads }),
  })
}

/**
 * Sends what the user wrote: saves the message, then asks for a run. The message is saved
 * first, so nothing typed is lost whatever happens to the run (offline, a bad key…).
 */
export function useSendMessage(threadId: string, assistantId: string | null) {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: async (text: string) => {
      const message = await client.call('messages:create', { thread_id: threadId, role: 'user', content: text })
      queries.setQueryData(queryKeys.messages(threadId), (page: MessagePage | undefined) => upsertMessage(page, message))
      const run = await client.call('runs:create', { thread_id: threadId, ...(assistantId ? { assistant_id: assistantId } : {}) })
      showRun(queries, run)
      return { message, run }
    },
    onSettled: () => void queries.invalidateQueries({ queryKey: queryKeys.allThreads }),
  })
}

/** The thread's newest run, kept current by run events. */
export function useLatestRun(threadId: string) {
  const client = useClient()
  const queries = useQueryClient()
  return useQuery({
    queryKey: queryKeys.latestRun(threadId),
    queryFn: async () => {
      const fetched = (await client.call('runs:list', { thread_id: threadId, limit: 1 })).data[0] ?? null
      // Events may have brought newer news while this was on its way: keep the newest.
      return fetchedRun(queries.getQueryData<Run | null>(queryKeys.latestRun(threadId)), fetched)
    },
  })
}

export function useCancelRun() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (runId: string) => client.call('runs:cancel', { run_id: runId }),
    onSuccess: (run) => showRun(queries, run),
  })
}

export function useRetryRun() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (runId: string) => client.call('runs:retry', { run_id: runId }),
    onSuccess: (run) => showRun(queries, run),
  })
}

export function useConnectivity() {
  const client = useClient()
  return useQuery({ queryKey: queryKeys.connectivity, queryFn: () => client.call('app:connectivity', {}) })
}

export function useCheckConnectivity() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: () => client.call('app:connectivity', { check: true }),
    onSuccess: (state) => queries.setQueryData(queryKeys.connectivity, state),
  })
}

type MessagePage = ListPage<Message>

/** A sighting of a run (a reply or an event) becomes its thread's latest run, if it is newer. */
function showRun(queries: QueryClient, run: Run): void {
  queries.setQueryData(queryKeys.latestRun(run.thread_id), (current: Run | null | undefined) => newerRun(current, run))
}

/**
 * Which of two sightings of a thread's latest run to show. Events and request replies can
 * arrive in either order (the reply to `runs:create` saying "queued" may come after the event
 * saying "in progress"), so a run never goes back in its life, and an older run never
 * replaces a newer one (a new run always first appears queued).
 */
export function newerRun(current: Run | null | undefined, incoming: Run): Run | null | undefined {
  if (!current) return incoming
  if (current.id === incoming.id) return lifeStage(incoming) >= lifeStage(current) ? incoming : current
  return incoming.status === 'queued' ? incoming : current
}

/**
 * What to show once a fetch of the latest run answers. No run on the server while the cache has
 * one means the fetch left before the run was created (runs are only removed with their thread).
 */
export function fetchedRun(cached: Run | null | undefined, fetched: Run | null): Run | null {
  if (!fetched) return cached ?? null
  return newerRun(cached, fetched) ?? fetched
}

/** How far along its life a run is; in_progress and requires_action alternate, so they share a stage. */
function lifeStage(run: Run): number {
  if (!isRunActive(run)) return 3
  if (run.status === 'cancelling') return 2
  return run.status === 'queued' ? 0 : 1
}

/** Messages are shown oldest first; a saved message replaces its older copy or joins the end. */
function upsertMessage(page: MessagePage | undefined, message: Message): MessagePage | undefined {
  if (!page) return page
  const index = page.data.findIndex((existing) => existing.id === message.id)
  const data = index >= 0 ? page.data.map((existing, i) => (i === index ? message : existing)) : [...page.data, message]
  return { ...page, data, last_id: data.at(-1)?.id ?? null }
}

/**
 * A streamed piece of a reply, spliced in at its offset. The same piece twice changes nothing
 * (events held across a reload arrive after the page read the saved text); a piece beyond the
 * end means some were missed, and the thread's messages must be read again ('gap').
 */
export function spliceDelta(page: MessagePage, delta: Pick<EventPayload<'run:delta'>, 'message_id' | 'offset' | 'delta'>): MessagePage | 'gap' {
  const index = page.data.findIndex((message) => message.id === delta.message_id)
  if (index < 0) return 'gap'
  const message = page.data[index]!
  const text = messageText(message.content)
  if (delta.offset > text.length) return 'gap'
  if (text.length >= delta.offset + delta.delta.length) return page
  const spliced = { ...message, content: [{ type: 'text' as const, text: { value: text.slice(0, delta.offset) + delta.delta, annotations: [] } }] }
  return { ...page, data: page.data.map((existing, i) => (i === index ? spliced : existing)) }
}

/**
 * A fresh read of a thread's messages, keeping text the cache already has beyond it: deltas
 * that arrived while the read was on its way are newer than what it brings.
 */
export function keepStreamedText(fetched: MessagePage, cached: MessagePage | undefined): MessagePage {
  if (!cached) return fetched
  const cachedById = new Map(cached.data.map((message) => [message.id, message]))
  return {
    ...fetched,
    data: fetched.data.map((message) => {
      const known = cachedById.get(message.id)
      if (!known || message.status !== 'in_progress' || known.status !== 'in_progress') return message
      const text = messageText(message.content)
      const knownText = messageText(known.content)
      return knownText.length > text.length && knownText.startsWith(text) ? { ...message, content: known.content } : message
    }),
  }
}

/**
 * Applies what main announces — runs moving, replies streaming in, messages saved, the
 * connection lost or back — to the cached data the views read. No polling.
 */
export function useLiveUpdates() {
  const client = useClient()
  const queries = useQueryClient()
  useEffect(() => {
    const stops = [
      client.on('thread:saved', () => void queries.invalidateQueries({ queryKey: queryKeys.allThreads })),
      client.on('message:saved', ({ message }) => {
        const key = queryKeys.messages(message.thread_id)
        savesHeard.set(message.thread_id, (savesHeard.get(message.thread_id) ?? 0) + 1)
        if (queries.getQueryData(key)) queries.setQueryData(key, (page: MessagePage | undefined) => upsertMessage(page, message))
        void queries.invalidateQueries({ queryKey: queryKeys.allThreads })
      }),
      client.on('run:delta', (delta) => {
        const key = queryKeys.messages(delta.thread_id)
        const page = queries.getQueryData<MessagePage>(key)
        // A thread not shown reads the saved text when it opens.
        if (!page) return
        const next = spliceDelta(page, delta)
        if (next !== 'gap') {
          if (next !== page) queries.setQueryData(key, next)
          // A piece was missed: read the thread again, once (a read on its way brings it already).
        } else if (queries.getQueryState(key)?.fetchStatus !== 'fetching') {
          void queries.invalidateQueries({ queryKey: key })
        }
      }),
      client.on('run:status', ({ run }) => showRun(queries, run)),
      client.on('connectivity:changed', (state) => queries.setQueryData(queryKeys.connectivity, state)),
    ]
    // Everything is listened to: main may now send what it held for this page.
    client.ready()
    return () => stops.forEach((stop) => stop())
  }, [client, queries])
}

export function useSettings() {
  const client = useClient()
  return useQuery({ queryKey: queryKeys.settings, queryFn: () => client.call('settings:get') })
}

export function useUpdateSettings() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (patch: RequestOf<'settings:update'>) => client.call('settings:update', patch),
    onSuccess: (settings) => queries.setQueryData(queryKeys.settings, settings),
  })
}

export function useApiKeyStatus() {
  const client = useClient()
  return useQuery({ queryKey: queryKeys.apiKey, queryFn: () => client.call('settings:hasApiKey') })
}

export function useSetApiKey() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (apiKey: string) => client.call('settings:setApiKey', { apiKey }),
    onSuccess: (status) => queries.setQueryData(queryKeys.apiKey, status),
  })
}

export function useClearApiKey() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: () => client.call('settings:clearApiKey'),
    onSuccess: (status) => queries.setQueryData(queryKeys.apiKey, status),
  })
}

export function useConnections() {
  const client = useClient()
  return useQuery({ queryKey: queryKeys.connections, queryFn: () => client.call('connections:list') })
}

export function useUpdateConnection() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (patch: RequestOf<'connections:update'>) => client.call('connections:update', patch),
    onSuccess: () => void queries.invalidateQueries({ queryKey: queryKeys.connections }),
  })
}

export function useTestConnection() {
  const client = useClient()
  return useMutation({ mutationFn: (connectionId: string) => client.call('connections:test', { connection_id: connectionId }) })
}
