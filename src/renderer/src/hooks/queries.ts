import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { RequestOf } from '../../../shared/contract'
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
}

export function useAppInfo() {
  const client = useClient()
  return useQuery({ queryKey: queryKeys.appInfo, queryFn: () => client.call('app:info') })
}

export function useAssistants() {
  const client = useClient()
  return useQuery({ queryKey: queryKeys.assistants, queryFn: () => client.call('assistants:list') })
}

export function useThreads(assistantId: string | null) {
  const client = useClient()
  return useQuery({
    queryKey: queryKeys.threads(assistantId),
    queryFn: () => client.call('threads:list', { limit: 100, ...(assistantId ? { assistant_id: assistantId } : {}) }),
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

export function useMessages(threadId: string) {
  const client = useClient()
  return useQuery({
    queryKey: queryKeys.messages(threadId),
    // Newest first from the store; shown oldest first.
    queryFn: async () => {
      const page = await client.call('messages:list', { thread_id: threadId, order: 'desc', limit: 100 })
      return { ...page, data: [...page.data].reverse() }
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

export function useSendMessage(threadId: string) {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (text: string) => client.call('messages:create', { thread_id: threadId, role: 'user', content: text }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: queryKeys.messages(threadId) })
      void queries.invalidateQueries({ queryKey: queryKeys.allThreads })
    },
  })
}

/** Keeps lists fresh when main reports changes it made on its own (runs, pending sends). */
export function useLiveUpdates() {
  const client = useClient()
  const queries = useQueryClient()
  useEffect(() => {
    const stops = [
      client.on('thread:saved', () => void queries.invalidateQueries({ queryKey: queryKeys.allThreads })),
      client.on('message:saved', ({ message }) => {
        void queries.invalidateQueries({ queryKey: queryKeys.messages(message.thread_id) })
        void queries.invalidateQueries({ queryKey: queryKeys.allThreads })
      }),
    ]
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
