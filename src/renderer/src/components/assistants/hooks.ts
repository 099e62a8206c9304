import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { RequestOf } from '../../../../shared/contract'
import type { Assistant, Thread } from '../../../../shared/domain'
import { useClient } from '../../api/ClientProvider'
import { queryKeys } from '../../hooks/queries'

/** The models a connection's server lists, per connection: asked once, kept for a while. */
export const connectionModelsKey = (connectionId: string) => ['connection-models', connectionId] as const

/**
 * The server's models (through `connections:test`, which lists them), for the editor's and the
 * thread header's model choice. Asked once a few minutes per connection, never retried: a
 * server that cannot be reached leaves the model to be typed.
 */
export function useConnectionModels(connectionId: string | null, enabled = true) {
  const client = useClient()
  const id = connectionId ?? 'openai'
  return useQuery({
    queryKey: connectionModelsKey(id),
    queryFn: async () => (await client.call('connections:test', { connection_id: id })).models,
    enabled,
    staleTime: 5 * 60_000,
    retry: false,
  })
}

export function useCreateAssistant() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (fields: RequestOf<'assistants:create'>) => client.call('assistants:create', fields),
    onSuccess: (assistant: Assistant) => {
      // Newest first, as main lists them: shown at once, then read again.
      queries.setQueryData(queryKeys.assistants, (page: { data: Assistant[] } | undefined) => (page ? { ...page, data: [assistant, ...page.data] } : page))
      void queries.invalidateQueries({ queryKey: queryKeys.assistants })
    },
  })
}

export function useUpdateAssistant() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (patch: RequestOf<'assistants:update'>) => client.call('assistants:update', patch),
    onSuccess: (assistant: Assistant) => {
      queries.setQueryData(queryKeys.assistants, (page: { data: Assistant[] } | undefined) =>
        page ? { ...page, data: page.data.map((a) => (a.id === assistant.id ? assistant : a)) } : page,
      )
      void queries.invalidateQueries({ queryKey: queryKeys.assistants })
    },
  })
}

export function useDeleteAssistant() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (request: RequestOf<'assistants:delete'>) => client.call('assistants:delete', request),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: queryKeys.assistants })
      // Its threads moved to another assistant (or lost theirs): every list reads again.
      void queries.invalidateQueries({ queryKey: queryKeys.allThreads })
    },
  })
}

/** How many threads an assistant has (up to a page: "100+" beyond), for the delete confirmation. */
export function useAssistantThreadCount(assistantId: string | null, enabled: boolean) {
  const client = useClient()
  return useQuery({
    queryKey: ['threads', 'count', assistantId],
    queryFn: async () => {
      const page = await client.call('threads:list', { assistant_id: assistantId!, limit: 100 })
      return { count: page.data.length, more: page.has_more }
    },
    enabled: enabled && !!assistantId,
  })
}

export function useSetThreadModel(threadId: string) {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (model: string | null) => client.call('threads:setModel', { thread_id: threadId, model }),
    onSuccess: (thread: Thread) => queries.setQueryData(queryKeys.thread(threadId), thread),
  })
}
