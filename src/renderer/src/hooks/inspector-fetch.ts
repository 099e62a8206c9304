import type { RequestArgs } from '../../../shared/bridge'
import type { Channel, ResponseOf } from '../../../shared/contract'
import type { Assistant, Message, Run, RunStep, Thread, Usage } from '../../../shared/domain'
import { IpcRequestError } from '../../../shared/errors'
import type { InspectTarget } from '../components/inspector/target'

/**
 * How the inspector reads the objects it shows: always through the contract, always fresh, and
 * each exactly as its channel returns it (the JSON shown is that object, keys in their order).
 * No React here, so tests run these against main's real router.
 */

/** What these need of the renderer's client: its typed call. */
export interface Caller {
  call<C extends Channel>(channel: C, ...args: RequestArgs<C>): Promise<ResponseOf<C>>
}

export type Inspected = Assistant | Thread | Message | Run | RunStep

export function fetchInspected(client: Caller, target: InspectTarget): Promise<Inspected> {
  switch (target.object) {
    case 'assistant':
      return client.call('assistants:get', { assistant_id: target.id })
    case 'thread':
      return client.call('threads:get', { thread_id: target.id })
    case 'thread.message':
      return fetchMessage(client, target.thread_id, target.id)
    case 'thread.run':
      return client.call('runs:get', { run_id: target.id })
    case 'thread.run.step':
      return fetchStep(client, target.run_id, target.id)
  }
}

/**
 * One message, as `messages:list` returns it (the contract's only way to messages). A cursor
 * never lists itself, so the message is reached through its neighbour: the message just after
 * it, then the one just before that — or, when it is the newest, the newest. A message added
 * between the two reads shows as a different one: read again.
 */
export async function fetchMessage(client: Caller, threadId: string, messageId: string, attempts = 3): Promise<Message> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    // Throws not_found when the message is not in the thread.
    const next = (await client.call('messages:list', { thread_id: threadId, order: 'asc', after: messageId, limit: 1 })).data[0]
    const page = await client.call('messages:list', { thread_id: threadId, order: 'desc', limit: 1, ...(next ? { after: next.id } : {}) })
    const found = page.data[0]
    if (found?.id === messageId) return found
  }
  throw notFound('messages:list', 'message', messageId)
}

/** One step of a run, as `runs:steps` lists it. */
export async function fetchStep(client: Caller, runId: string, stepId: string): Promise<RunStep> {
  const step = (await client.call('runs:steps', { run_id: runId })).data.find((candidate) => candidate.id === stepId)
  // No kind of its own among not_found's: a step is part of its run's record.
  if (!step) throw notFound('runs:steps', 'run', stepId)
  return step
}

/** Every run of a thread, newest first: `runs:list` page after page. */
export async function fetchThreadRuns(client: Caller, threadId: string): Promise<Run[]> {
  const runs: Run[] = []
  let after: string | undefined
  for (;;) {
    const page = await client.call('runs:list', { thread_id: threadId, order: 'desc', limit: 100, ...(after ? { after } : {}) })
    runs.push(...page.data)
    if (!page.has_more || !page.last_id) return runs
    after = page.last_id
  }
}

/** Tokens used by these runs together; a run that reported none adds nothing. */
export function totalUsage(runs: readonly Pick<Run, 'usage'>[]): Usage {
  const total: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }
  for (const { usage } of runs) {
    if (!usage) continue
    total.prompt_tokens += usage.prompt_tokens
    total.completion_tokens += usage.completion_tokens
    total.total_tokens += usage.total_tokens
  }
  return total
}

function notFound(channel: Channel, kind: 'message' | 'run', id: string): IpcRequestError {
  return new IpcRequestError(channel, { code: 'not_found', params: { kind, id }, message: `No ${kind} with id ${id}.` })
}
