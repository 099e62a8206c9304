import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { RequestOf } from '../../../../shared/contract'
import { useClient } from '../../api/ClientProvider'
import { queryKeys } from '../../hooks/queries'
import { connectionModelsKey } from '../assistants/hooks'

export function useCreateConnection() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: async ({ apiKey, ...fields }: RequestOf<'connections:create'> & { apiKey?: string }) => {
      const created = await client.call('connections:create', fields)
      // The key goes in write-only, after the connection exists to hold it.
      if (apiKey) await client.call('connections:setApiKey', { connection_id: created.id, apiKey })
      return created
    },
    onSettled: () => void queries.invalidateQueries({ queryKey: queryKeys.connections }),
  })
}

export function useDeleteConnection() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (connectionId: string) => client.call('connections:delete', { connection_id: connectionId }),
    onSuccess: () => void queries.invalidateQueries({ queryKey: queryKeys.connections }),
  })
}

export function useSetConnectionKey() {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (request: RequestOf<'connections:setApiKey'>) => client.call('connections:setApiKey', request),
    onSuccess: (_status, request) => {
      void queries.invalidateQueries({ queryKey: queryKeys.connections })
      // Another key may see other models.
      void queries.invalidateQueries({ queryKey: connectionModelsKey(request.connection_id) })
    },
  })
}

/** A change of API or URL makes the cached model list stale. */
export function useForgetModels() {
  const queries = useQueryClient()
  return (connectionId: string) => void queries.removeQueries({ queryKey: connectionModelsKey(connectionId) })
}
