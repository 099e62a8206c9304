import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { EventPayload, RequestOf } from '../../../shared/contract'
import { isRunActive, type Message, type MessageContentInput, type Run } from '../../../shared/domain'
import type { Client } from '../api/client'
import { useClient } from '../api/ClientProvider'
import { appendLiveText, whenLiveTextDetached } from '../api/live-text'
import { StreamedPieces } from '../api/streamed-pieces'
import { applyRunStep } from './run-steps'
import { applyRunToThreadRuns, threadRunsQuery } from './failed-runs'
import {
  appendNewer,
  mergeLatest,
  messageIn,
  outlineOf,
  prependOlder,
  readAround,
  readLatest,
  readNewer,
  readOlder,
  spliceDelta,
  upsertMessage,
  type ListMessages,
  type MessageWindow,
} from './message-window'

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

export const threadQuery = (client: Client, threadId: string) =>
  queryOptions({ queryKey: queryKeys.thread(threadId), queryFn: () => client.call('threads:get', { thread_id: threadId }) })

export function useThread(threadId: string) {
  return useQuery(threadQuery(useClient(), threadId))
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

/** By thread, how many `message:saved` events the page has had (see readHeard). */
const savesHeard = new Map<string, number>()

/**
 * Reads a thread's messages until no save was announced while the read was on its way. Such a
 * save may be newer than what the read brings (replies and events travel apart): putting the
 * read in place would put the message back as it was — e.g. a thread opened mid-reply showing
 * the finished reply half-way and in progress for good, as no event follows its end (found by
 * test/e2e/load.spec.ts).
 */
export async function readHeard<T>(threadId: string, read: () => Promise<T>): Promise<T> {
  for (;;) {
    const heard = savesHeard.get(threadId) ?? 0
    const result = await read()
    if ((savesHeard.get(threadId) ?? 0) === heard) return result
  }
}

/** `messages:list` through the client, for the reads in message-window.ts. */
const listOf =
  (client: Client): ListMessages =>
  (request) =>
    client.call('messages:list', request)

/**
 * The read of a thread's window of messages: the newest page, or the page around `around` when
 * nothing is held yet. A later read refreshes the newest page into the window, keeping the older
 * pages it holds.
 */
const messagesQuery = (client: Client, queries: QueryClient, threadId: string, around: string | null) =>
  queryOptions({
    queryKey: queryKeys.messages(threadId),
    queryFn: () =>
      readHeard(threadId, async () => {
        const list = listOf(client)
        const cached = () => queries.getQueryData<MessageWindow>(queryKeys.messages(threadId))
        if (!cached() && around) return readAround(list, threadId, around)
        // A window away from the end has no newest page to refresh: its messages' saves come as events.
        if (cached()?.has_newer) return cached()!
        const latest = await readLatest(list, threadId)
        const now = cached()
        return now?.has_newer ? now : mergeLatest(now, latest)
      }),
  })

/**
 * A thread's messages as the page holds them: a window of consecutive messages, oldest first,
 * that grows a page at a time (see useMessagePaging) and follows main's events (useLiveUpdates).
 * A thread opened at a message (`around`, e.g. a search hit) is first read around it.
 */
export function useMessageOutline(threadId: string, around: string | null = null) {
  return useQuery({
    ...messagesQuery(useClient(), useQueryClient(), threadId, around),
    // The list re-renders when messages come, go or finish; a streamed piece changes none of this.
    select: outlineOf,
  })
}

/**
 * One message of the window the list shows, read by its own row: a row redraws when its message
 * changes, and only then (a streamed piece redraws the reply, nothing else). The list's own read
 * (useMessageOutline) fetches; rows only read what it holds.
 */
export function useWindowMessage(threadId: string, messageId: string): Message | undefined {
  const select = useCallback((held: MessageWindow) => messageIn(held, messageId), [messageId])
  return useQuery({ queryKey: queryKeys.messages(threadId), enabled: false, select }).data
}

/**
 * Grows and moves a thread's window: older and newer pages as the user scrolls, the page around
 * a message, the newest page. The functions are stable; each kind of read runs one at a time.
 */
export function useMessagePaging(threadId: string) {
  const client = useClient()
  const queries = useQueryClient()
  const [loading, setLoading] = useState({ older: false, newer: false })
  const [failed, setFailed] = useState(false)
  const running = useRef({ older: false, newer: false })
  const actions = useMemo(() => {
    const key = queryKeys.messages(threadId)
    const list = listOf(client)
    const cached = () => queries.getQueryData<MessageWindow>(key)
    const page = async (direction: 'older' | 'newer', read: () => Promise<void>) => {
      if (running.current[direction]) return
      running.current[direction] = true
      setLoading((state) => ({ ...state, [direction]: true }))
      setFailed(false)
      try {
        await read()
      } catch {
        setFailed(true)
      } finally {
        running.current[direction] = false
        setLoading((state) => ({ ...state, [direction]: false }))
      }
    }
    return {
      /** The window as it is now (for event handlers; render reads useMessages). */
      current: cached,
      /** The page before the window's first message, put in front. */
      loadOlder: () =>
        page('older', async () => {
          const older = await readOlder(list, threadId, cached())
          if (older) queries.setQueryData(key, (current: MessageWindow | undefined) => prependOlder(current, older.page, older.cursor))
        }),
      /** The page after the window's last message, for a window opened away from the end. */
      loadNewer: () =>
        page('newer', async () => {
          // Reaching the end, the page may miss a message saved meanwhile: read it again then.
          const newer = await readHeard(threadId, () => readNewer(list, threadId, cached()))
          if (newer) queries.setQueryData(key, (current: MessageWindow | undefined) => appendNewer(current, newer.page, newer.cursor))
        }),
      /** Makes the window hold `messageId`: as it is when it does, else the page around it (a new window). */
      showAround: async (messageId: string): Promise<void> => {
        if (cached()?.data.some((message) => message.id === messageId)) return
        const around = await readHeard(threadId, () => readAround(list, threadId, messageId))
        queries.setQueryData(key, around)
      },
      /** Makes the window reach the newest message: refreshed, or replaced by the newest page. */
      showLatest: async (): Promise<void> => {
        if (cached() && !cached()!.has_newer) return
        const latest = await readHeard(threadId, () => readLatest(list, threadId))
        queries.setQueryData(key, (current: MessageWindow | undefined) => mergeLatest(current, latest))
      },
    }
  }, [client, queries, threadId])
  return { ...actions, loadingOlder: loading.older, loadingNewer: loading.newer, failed }
}

export function useCreateThread() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (assistantId: string | null) => client.call('threads:create', { assistant_id: assistantId }),
    // The new thread opens at once; the list catches up when its read comes back.
    onSuccess: () => void queries.invalidateQueries({ queryKey: queryKeys.allThreads }),
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
    // Text, or parts: text and attached photos (issue 9, point 3).
    mutationFn: async (text: MessageContentInput) => {
      const message = await client.call('messages:create', { thread_id: threadId, role: 'user', content: text })
      queries.setQueryData(queryKeys.messages(threadId), (held: MessageWindow | undefined) => upsertMessage(held, message))
      const run = await client.call('runs:create', { thread_id: threadId, ...(assistantId ? { assistant_id: assistantId } : {}) })
      showRun(queries, run)
      return { message, run }
    },
    onSettled: () => void queries.invalidateQueries({ queryKey: queryKeys.allThreads }),
  })
}

const latestRunQuery = (client: Client, queries: QueryClient, threadId: string) =>
  queryOptions({
    queryKey: queryKeys.latestRun(threadId),
    queryFn: async () => {
      const fetched = (await client.call('runs:list', { thread_id: threadId, limit: 1 })).data[0] ?? null
      // Events may have brought newer news while this was on its way: keep the newest.
      return fetchedRun(queries.getQueryData<Run | null>(queryKeys.latestRun(threadId)), fetched)
    },
  })

/** The thread's newest run, kept current by run events. */
export function useLatestRun(threadId: string) {
  return useQuery(latestRunQuery(useClient(), useQueryClient(), threadId))
}

const runIsActive = (run: Run | null) => !!run && isRunActive(run)

/**
 * Whether a reply is being written in the thread: for the many parts of its view (each message's
 * actions) that need only that, and draw again only when it changes, not at every run event.
 */
export function useThreadBusy(threadId: string): boolean {
  return useQuery({ ...latestRunQuery(useClient(), useQueryClient(), threadId), select: runIsActive }).data ?? false
}

/**
 * Reads what a thread's view shows first, before it is opened: the newest page of its messages,
 * the thread, its newest run and its runs (the failed-run markers). Opening it then draws at once
 * instead of waiting for main's answers (about 20 ms of a long thread's first opening after a
 * start, in the renderer bench). What is held already is not read again; events keep what was
 * read current, as for a thread opened before. A read that fails is left to the opening to retry.
 */
export function usePrefetchThread(): (threadId: string) => Promise<void> {
  const client = useClient()
  const queries = useQueryClient()
  return useCallback(
    async (threadId: string) => {
      await Promise.all([
        queries.prefetchQuery(messagesQuery(client, queries, threadId, null)),
        queries.prefetchQuery(threadQuery(client, threadId)),
        queries.prefetchQuery(latestRunQuery(client, queries, threadId)),
        queries.prefetchQuery(threadRunsQuery(client, threadId)),
      ])
    },
    [client, queries],
  )
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

/** A sighting of a run (a reply or an event) becomes its thread's latest run, if it is newer. */
export function showRun(queries: QueryClient, run: Run): void {
  queries.setQueryData(queryKeys.latestRun(run.thread_id), (current: Run | null | undefined) => newerRun(current, run))
}

/**
 * Which of two sightings of a thread's latest run to show. Events and request replies can
 * arrive in either order (the reply to `runs:create` saying "queued" may come after the event
 * saying "in progress"), so a run never goes back in its life, an older sighting of the same
 * stage never replaces a newer one (the reply to runs:create after the event saying it waits for a
 * rate limit), and an older run never replaces a newer one (a new run always first appears queued).
 */
export function newerRun(current: Run | null | undefined, incoming: Run): Run | null | undefined {
  if (!current) return incoming
  if (current.id === incoming.id) {
    const stages = lifeStage(incoming) - lifeStage(current)
    if (stages !== 0) return stages > 0 ? incoming : current
    return (incoming.revision ?? 0) >= (current.revision ?? 0) ? incoming : current
  }
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

/**
 * Applies what main announces — runs moving, replies streaming in, messages saved, the
 * connection lost or back — to the cached data the views read. No polling.
 */
export function useLiveUpdates() {
  const client = useClient()
  const queries = useQueryClient()
  useEffect(() => {
    const streamed = new StreamedPieces((pieces) => {
      for (const [threadId, deltas] of byThread(pieces)) applyStreamedPieces(queries, threadId, deltas)
    })
    const stopFlushingOnDetach = whenLiveTextDetached(() => streamed.flush())
    const stops = [
      client.on('thread:saved', () => void queries.invalidateQueries({ queryKey: queryKeys.allThreads })),
      client.on('message:saved', ({ message }) => {
        const key = queryKeys.messages(message.thread_id)
        savesHeard.set(message.thread_id, (savesHeard.get(message.thread_id) ?? 0) + 1)
        if (queries.getQueryData(key)) queries.setQueryData(key, (held: MessageWindow | undefined) => upsertMessage(held, message))
        void queries.invalidateQueries({ queryKey: queryKeys.allThreads })
      }),
      // A reply shown as plain text has the piece now (live-text.ts); the cache, a little later.
      client.on('run:delta', (delta) => streamed.add(delta, appendLiveText(delta))),
      client.on('run:status', ({ run }) => showRun(queries, run)),
      // A thread's runs, for the failed-run markers under its questions (failed-runs.ts).
      client.on('run:status', ({ run }) => applyRunToThreadRuns(queries, run)),
      // Tool calls under replies: see run-steps.ts.
      client.on('run:step', ({ step }) => applyRunStep(queries, step)),
      client.on('connectivity:changed', (state) => queries.setQueryData(queryKeys.connectivity, state)),
    ]
    // Everything is listened to: main may now send what it held for this page.
    client.ready()
    return () => {
      streamed.dispose()
      stopFlushingOnDetach()
      stops.forEach((stop) => stop())
    }
  }, [client, queries])
}

function byThread(deltas: EventPayload<'run:delta'>[]): Map<string, EventPayload<'run:delta'>[]> {
  const grouped = new Map<string, EventPayload<'run:delta'>[]>()
  for (const delta of deltas) {
    const ofThread = grouped.get(delta.thread_id)
    if (ofThread) ofThread.push(delta)
    else grouped.set(delta.thread_id, [delta])
  }
  return grouped
}

/** A thread's streamed pieces, in the order they came, spliced into its window in one change. */
function applyStreamedPieces(queries: QueryClient, threadId: string, deltas: EventPayload<'run:delta'>[]): void {
  const key = queryKeys.messages(threadId)
  const held = queries.getQueryData<MessageWindow>(key)
  // A thread not shown reads the saved text when it opens.
  if (!held) return
  let next = held
  for (const delta of deltas) {
    const spliced = spliceDelta(next, delta)
    if (spliced === 'gap') {
      // A piece was missed: read the thread again, once (a read on its way brings it already).
      if (queries.getQueryState(key)?.fetchStatus !== 'fetching') void queries.invalidateQueries({ queryKey: key })
      break
    }
    next = spliced
  }
  if (next !== held) queries.setQueryData(key, next)
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
