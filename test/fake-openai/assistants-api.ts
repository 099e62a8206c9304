import type { Assistant, AssistantCreateParams, AssistantDeleted, AssistantUpdateParams } from 'openai/resources/beta/assistants'
import type { MessageCreateParams } from 'openai/resources/beta/threads/messages'
import type { Thread, ThreadCreateParams, ThreadDeleted } from 'openai/resources/beta/threads/threads'
import { ApiError, errors, sendJson } from './http'
import { newId, unixSeconds } from './ids'
import { cursorList, type CursorList } from './lists'
import { requireModel, type Route, type ServerRuntime } from './routing'
import { checkImageUrl, type FileStore } from './files-api'
import { activeRun, assistantsRoute, newMessage, newThread, type AssistantsStore, type StoredThread, type WireMessage } from './assistants-state'

/** The beta Assistants API's assistants, threads and messages. Runs and run steps: runs-api.ts. */

export function assistantsRoutes(runtime: ServerRuntime, store: AssistantsStore, files: FileStore): Route[] {
  return [
    assistantsRoute('POST', /^\/v1\/assistants$/, ({ res, body }) => {
      const params = (body ?? {}) as AssistantCreateParams
      const assistant = {
        id: newId('asst_'),
        object: 'assistant',
        created_at: unixSeconds(),
        name: params.name ?? null,
        description: params.description ?? null,
        model: requireModel(runtime, params.model),
        instructions: params.instructions ?? null,
        tools: params.tools ?? [],
        metadata: params.metadata ?? {},
        temperature: params.temperature ?? 1,
        top_p: params.top_p ?? 1,
        response_format: params.response_format ?? 'auto',
        tool_resources: {},
      } satisfies Assistant
      store.assistants.set(assistant.id, assistant)
      sendJson(res, 200, assistant)
    }),
    assistantsRoute('GET', /^\/v1\/assistants$/, ({ res, query }) => {
      sendJson(res, 200, cursorList([...store.assistants.values()], query, 'desc') satisfies CursorList<Assistant>)
    }),
    assistantsRoute('GET', /^\/v1\/assistants\/([^/]+)$/, ({ res, params }) => {
      sendJson(res, 200, store.assistant(params[0]!) satisfies Assistant)
    }),
    assistantsRoute('POST', /^\/v1\/assistants\/([^/]+)$/, ({ res, params, body }) => {
      const assistant = store.assistant(params[0]!)
      const update = (body ?? {}) as AssistantUpdateParams
      if (update.model !== undefined) assistant.model = requireModel(runtime, update.model)
      if (update.name !== undefined) assistant.name = update.name
      if (update.description !== undefined) assistant.description = update.description
      if (update.instructions !== undefined) assistant.instructions = update.instructions
      if (update.tools !== undefined) assistant.tools = update.tools
      if (update.metadata !== undefined) assistant.metadata = update.metadata
      if (update.temperature !== undefined) assistant.temperature = update.temperature
      if (update.top_p !== undefined) assistant.top_p = update.top_p
      if (update.response_format !== undefined) assistant.response_format = update.response_format
      sendJson(res, 200, assistant satisfies Assistant)
    }),
    assistantsRoute('DELETE', /^\/v1\/assistants\/([^/]+)$/, ({ res, params }) => {
      const { id } = store.assistant(params[0]!)
      store.assistants.delete(id)
      sendJson(res, 200, { id, object: 'assistant.deleted', deleted: true } satisfies AssistantDeleted)
    }),

    assistantsRoute('POST', /^\/v1\/threads$/, ({ res, body }) => {
      const params = (body ?? {}) as ThreadCreateParams
      const thread = newThread(params.metadata)
      for (const message of params.messages ?? []) thread.messages.push(newMessage(thread.thread.id, message))
      store.threads.set(thread.thread.id, thread)
      sendJson(res, 200, thread.thread satisfies Thread)
    }),
    assistantsRoute('GET', /^\/v1\/threads\/([^/]+)$/, ({ res, params }) => {
      sendJson(res, 200, store.thread(params[0]!).thread satisfies Thread)
    }),
    assistantsRoute('DELETE', /^\/v1\/threads\/([^/]+)$/, ({ res, params }) => {
      const { id } = store.thread(params[0]!).thread
      store.threads.delete(id)
      sendJson(res, 200, { id, object: 'thread.deleted', deleted: true } satisfies ThreadDeleted)
    }),

    assistantsRoute('POST', /^\/v1\/threads\/([^/]+)\/messages$/, ({ res, params, body }) => {
      const thread = store.thread(params[0]!)
      const create = (body ?? {}) as MessageCreateParams
      checkMessageImages(create, files)
      const message = addMessage(thread, create)
      sendJson(res, 200, message satisfies WireMessage)
    }),
    assistantsRoute('GET', /^\/v1\/threads\/([^/]+)\/messages$/, ({ res, params, query }) => {
      const thread = store.thread(params[0]!)
      const runId = query.get('run_id')
      const messages = runId === null ? thread.messages : thread.messages.filter((message) => message.run_id === runId)
      sendJson(res, 200, cursorList(messages, query, 'desc') satisfies CursorList<WireMessage>)
    }),
    assistantsRoute('GET', /^\/v1\/threads\/([^/]+)\/messages\/([^/]+)$/, ({ res, params }) => {
      const message = store.thread(params[0]!).messages.find((candidate) => candidate.id === params[1])
      if (!message) throw new ApiError(404, errors.noSuchObject('message', params[1]!))
      sendJson(res, 200, message satisfies WireMessage)
    }),
  ]
}

/**
 * A message's images: an `image_file` must name an uploaded file with purpose "vision"; an
 * `image_url` must be an external URL (the Assistants API fetches it; it takes no data: URLs).
 */
function checkMessageImages(params: MessageCreateParams, files: FileStore): void {
  if (typeof params.content === 'string' || !Array.isArray(params.content)) return
  params.content.forEach((part, index) => {
    if (part.type === 'image_file') {
      const id = part.image_file?.file_id
      const stored = typeof id === 'string' ? files.files.get(id) : undefined
      if (!stored) throw new ApiError(400, errors.invalidRequest(`Invalid 'content[${index}].image_file.file_id': no such file '${String(id)}'.`, `content[${index}].image_file.file_id`))
      if (stored.file.purpose !== 'vision') {
        throw new ApiError(400, errors.invalidRequest(`Invalid 'content[${index}].image_file.file_id': the file's purpose must be 'vision' for image content.`, `content[${index}].image_file.file_id`))
      }
    } else if (part.type === 'image_url') {
      checkImageUrl(part.image_url?.url, `content[${index}].image_url.url`)
      if (!/^https?:\/\//.test(part.image_url.url)) {
        throw new ApiError(400, errors.invalidRequest(`Invalid 'content[${index}].image_url.url': must be an external URL; upload the image as a file with purpose 'vision' instead.`, `content[${index}].image_url.url`))
      }
    }
  })
}

/** Adds a caller's message; the real API refuses while a run is working on the thread. */
export function addMessage(thread: StoredThread, params: MessageCreateParams): WireMessage {
  const running = activeRun(thread)
  if (running) {
    throw new ApiError(
      400,
      errors.invalidRequest(`Can't add messages to ${thread.thread.id} while a run ${running.run.id} is active.`),
    )
  }
  if (params.role !== 'user' && params.role !== 'assistant') throw new ApiError(400, errors.missingParameter('role'))
  if (params.content === undefined) throw new ApiError(400, errors.missingParameter('content'))
  const message = newMessage(thread.thread.id, params)
  thread.messages.push(message)
  return message
}
