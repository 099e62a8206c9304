import type { AssistantStreamEvent } from 'openai/resources/beta/assistants'
import type { Run, RunCreateParamsBase, RunSubmitToolOutputsParamsBase } from 'openai/resources/beta/threads/runs/runs'
import type { RunStep } from 'openai/resources/beta/threads/runs/steps'
import { addMessage } from './assistants-api'
import { acceptToolOutputs, driveRun, requestCancel, type Emit } from './assistants-runs'
import { activeRun, assistantsRoute, newRun, type AssistantsStore, type StoredRun, type StoredThread } from './assistants-state'
import { ApiError, errors, sendJson } from './http'
import { cursorList, type CursorList } from './lists'
import { requireModel, type RequestContext, type Route, type ServerRuntime } from './routing'

/** The beta Assistants API's runs and run steps; the engine that moves runs is assistants-runs.ts. */

export function runsRoutes(runtime: ServerRuntime, store: AssistantsStore): Route[] {
  /**
   * A background run's answers tell the SDK's poll helper how long to wait, as the real API's do
   * (`runs.poll` / `createAndPoll` would otherwise sleep five seconds between polls).
   */
  const pollHeaders = (): Record<string, string> => {
    const after = runtime.pollAfterMs()
    return after === undefined ? {} : { 'openai-poll-after-ms': String(after) }
  }

  /** Streams `opening`, then everything the engine does until the run pauses or ends. */
  async function streamRun(context: RequestContext, thread: StoredThread, stored: StoredRun, opening: AssistantStreamEvent[]) {
    const stream = context.startStream()
    // A cut stream does not stop the run: the engine goes on, and its events go nowhere.
    const emit: Emit = async ({ event, data }) => {
      await stream.send(event, data)
    }
    await driveRun(runtime, thread, stored, { emit, opening, connected: () => stream.open })
    await stream.send('done', '[DONE]')
    stream.end()
  }

  return [
    assistantsRoute('POST', /^\/v1\/threads\/([^/]+)\/runs$/, async (context) => {
      const thread = store.thread(context.params[0]!)
      const params = (context.body ?? {}) as RunCreateParamsBase
      if (!params.assistant_id) throw new ApiError(400, errors.missingParameter('assistant_id'))
      const assistant = store.assistant(params.assistant_id)
      if (params.model) requireModel(runtime, params.model)
      const running = activeRun(thread)
      if (running) {
        throw new ApiError(400, errors.invalidRequest(`Thread ${thread.thread.id} already has an active run ${running.run.id}.`))
      }
      for (const message of params.additional_messages ?? []) addMessage(thread, message)

      const stored: StoredRun = { run: newRun(thread.thread.id, assistant, params), steps: [], toolOutputs: [], engineActive: false, cancel: new AbortController() }
      thread.runs.push(stored)
      if (params.stream === true) {
        const snapshot = structuredClone(stored.run)
        await streamRun(context, thread, stored, [
          { event: 'thread.run.created', data: snapshot },
          { event: 'thread.run.queued', data: snapshot },
        ])
        return
      }
      sendJson(context.res, 200, stored.run satisfies Run, pollHeaders())
      runtime.track(driveRun(runtime, thread, stored))
    }),
    assistantsRoute('GET', /^\/v1\/threads\/([^/]+)\/runs$/, ({ res, params, query }) => {
      const runs = store.thread(params[0]!).runs.map((stored) => stored.run)
      sendJson(res, 200, cursorList(runs, query, 'desc') satisfies CursorList<Run>)
    }),
    assistantsRoute('GET', /^\/v1\/threads\/([^/]+)\/runs\/([^/]+)$/, ({ res, params }) => {
      const { run } = store.run(store.thread(params[0]!), params[1]!)
      sendJson(res, 200, run satisfies Run, pollHeaders())
    }),
    assistantsRoute('POST', /^\/v1\/threads\/([^/]+)\/runs\/([^/]+)\/cancel$/, ({ res, params }) => {
      const thread = store.thread(params[0]!)
      const stored = store.run(thread, params[1]!)
      requestCancel(runtime, thread, stored)
      sendJson(res, 200, stored.run satisfies Run, pollHeaders())
    }),
    assistantsRoute('POST', /^\/v1\/threads\/([^/]+)\/runs\/([^/]+)\/submit_tool_outputs$/, async (context) => {
      const thread = store.thread(context.params[0]!)
      const stored = store.run(thread, context.params[1]!)
      const params = (context.body ?? {}) as Omit<RunSubmitToolOutputsParamsBase, 'thread_id'>
      const toolStep = acceptToolOutputs(thread, stored, params.tool_outputs)
      if (params.stream === true) {
        await streamRun(context, thread, stored, [
          { event: 'thread.run.step.completed', data: structuredClone(toolStep) },
          { event: 'thread.run.queued', data: structuredClone(stored.run) },
        ])
        return
      }
      sendJson(context.res, 200, stored.run satisfies Run, pollHeaders())
      runtime.track(driveRun(runtime, thread, stored))
    }),
    assistantsRoute('GET', /^\/v1\/threads\/([^/]+)\/runs\/([^/]+)\/steps$/, ({ res, params, query }) => {
      const { steps } = store.run(store.thread(params[0]!), params[1]!)
      sendJson(res, 200, cursorList(steps, query, 'desc') satisfies CursorList<RunStep>)
    }),
    assistantsRoute('GET', /^\/v1\/threads\/([^/]+)\/runs\/([^/]+)\/steps\/([^/]+)$/, ({ res, params }) => {
      const { steps } = store.run(store.thread(params[0]!), params[1]!)
      const step = steps.find((candidate) => candidate.id === params[2])
      if (!step) throw new ApiError(404, errors.noSuchObject('run step', params[2]!))
      sendJson(res, 200, step satisfies RunStep)
    }),
  ]
}
