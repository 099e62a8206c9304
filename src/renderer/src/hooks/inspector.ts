import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { Assistant, Message, Run, RunStep, Thread } from '../../../shared/domain'
import { useClient } from '../api/ClientProvider'
import type { InspectTarget } from '../components/inspector/target'
import { fetchInspected, fetchThreadRuns } from './inspector-fetch'

/**
 * The inspector's reads. Each is fetched when the inspector shows it and forgotten as soon as it
 * does not (the app's other queries keep data until events change it; these never show a kept
 * copy): what is shown is what the contract returns now.
 */
const inspectorKeys = {
  object: (target: InspectTarget) => ['inspector', target.object, target.id] as const,
  steps: (runId: string) => ['inspector', 'steps', runId] as const,
  threadRuns: (threadId: string) => ['inspector', 'thread-runs', threadId] as const,
}

const fresh = { staleTime: 0, gcTime: 0, refetchOnMount: 'always' } as const

type InspectedOf<T extends InspectTarget['object']> = {
  assistant: Assistant
  thread: Thread
  'thread.message': Message
  'thread.run': Run
  'thread.run.step': RunStep
}[T]

export function useInspected<T extends InspectTarget>(target: T) {
  const client = useClient()
  return useQuery({
    queryKey: inspectorKeys.object(target),
    queryFn: () => fetchInspected(client, target) as Promise<InspectedOf<T['object']>>,
    ...fresh,
  })
}

/** A run's steps, oldest first, as `runs:steps` lists them. */
export function useInspectedSteps(runId: string) {
  const client = useClient()
  return useQuery({ queryKey: inspectorKeys.steps(runId), queryFn: () => client.call('runs:steps', { run_id: runId, order: 'asc' }), ...fresh })
}

/** Every run of a thread, newest first, from all pages of `runs:list`. */
export function useInspectedThreadRuns(threadId: string) {
  const client = useClient()
  return useQuery({ queryKey: inspectorKeys.threadRuns(threadId), queryFn: () => fetchThreadRuns(client, threadId), ...fresh })
}

/**
 * While the inspector is open, what main announces about an object it shows (a run moving on,
 * a step finishing, a reply saved) reads that object again: a run opened while it goes shows
 * each transition as it happens. Reads nothing that is not shown.
 */
export function useInspectorLiveUpdates(): void {
  const client = useClient()
  const queries = useQueryClient()
  useEffect(() => {
    const refresh = (...keys: (readonly string[])[]) => {
      for (const queryKey of keys) void queries.invalidateQueries({ queryKey, exact: true })
    }
    const stops = [
      client.on('run:status', ({ run }) =>
        refresh(inspectorKeys.object({ object: 'thread.run', id: run.id }), inspectorKeys.steps(run.id), inspectorKeys.threadRuns(run.thread_id)),
      ),
      client.on('run:step', ({ step }) =>
        refresh(inspectorKeys.steps(step.run_id), inspectorKeys.object({ object: 'thread.run.step', id: step.id, run_id: step.run_id })),
      ),
      client.on('message:saved', ({ message }) =>
        refresh(inspectorKeys.object({ object: 'thread.message', id: message.id, thread_id: message.thread_id })),
      ),
      client.on('thread:saved', ({ thread }) => refresh(inspectorKeys.object({ object: 'thread', id: thread.id }))),
    ]
    return () => stops.forEach((stop) => stop())
  }, [client, queries])
}
