import { useQuery, type QueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { ListPage, RunStep } from '../../../shared/domain'
import { useClient } from '../api/ClientProvider'

/**
 * A run's steps (what it did: tool calls, replies written), for the tool calls shown under its
 * replies. Read once per run whose reply is shown, then kept current by `run:step` events
 * (`applyRunStep`, called from useLiveUpdates), never polled.
 */
export const runStepsKey = (runId: string) => ['run-steps', runId] as const

type StepPage = ListPage<RunStep>

/** By run, how many `run:step` events the page has had (see useRunSteps). */
const stepsHeard = new Map<string, number>()

/**
 * The steps of `runId`, oldest first, through `select` (e.g. the tool calls of one reply). A
 * component re-renders only when what it selects changes.
 */
export function useRunSteps<T>(runId: string, select: (steps: readonly RunStep[]) => T) {
  const client = useClient()
  const selectFromPage = useCallback((page: StepPage) => select(page.data), [select])
  return useQuery({
    queryKey: runStepsKey(runId),
    queryFn: async (): Promise<StepPage> => {
      for (;;) {
        const heard = stepsHeard.get(runId) ?? 0
        const page = await client.call('runs:steps', { run_id: runId, order: 'asc' })
        // A step announced while the read was on its way may be newer than what it brings
        // (replies and events travel apart): read again rather than show it as it was.
        if ((stepsHeard.get(runId) ?? 0) === heard) return page
      }
    },
    // Events keep it current: a run's steps are read once, not again on focus or remount.
    staleTime: Infinity,
    select: selectFromPage,
  })
}

/**
 * A step created or changed, from a `run:step` event: into the run's cached steps, if the page
 * has read them (a run it has not read gets the step when it reads them).
 */
export function applyRunStep(queries: QueryClient, step: RunStep): void {
  stepsHeard.set(step.run_id, (stepsHeard.get(step.run_id) ?? 0) + 1)
  const key = runStepsKey(step.run_id)
  if (!queries.getQueryData(key)) return
  queries.setQueryData(key, (page: StepPage | undefined) => (page ? upsertStep(page, step) : page))
}

/** Steps are kept in the order the run made them; a changed step replaces its older copy. */
export function upsertStep(page: StepPage, step: RunStep): StepPage {
  const index = page.data.findIndex((existing) => existing.id === step.id)
  const data = index >= 0 ? page.data.map((existing, i) => (i === index ? step : existing)) : [...page.data, step]
  return { ...page, data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null }
}

/**
 * The tool-call steps to show under one reply of a run: those the run made after that reply
 * began and before its next reply did, so that, read top to bottom, replies and tool calls
 * keep the order they happened in. Calls made before the run's first reply (the usual case: a
 * model calls a tool, then answers with what it got) go under that first reply. Each step
 * belongs to exactly one reply, so no call shows twice; a reply whose creation step is not
 * known (yet) shows none.
 */
export function toolStepsForReply(steps: readonly RunStep[], messageId: string): RunStep[] {
  const firstReply = steps.find((step) => step.step_details.type === 'message_creation')
  if (!firstReply || firstReply.step_details.type !== 'message_creation') return []
  let owner = firstReply.step_details.message_creation.message_id
  const mine: RunStep[] = []
  for (const step of steps) {
    if (step.step_details.type === 'message_creation') owner = step.step_details.message_creation.message_id
    else if (owner === messageId) mine.push(step)
  }
  return mine
}
