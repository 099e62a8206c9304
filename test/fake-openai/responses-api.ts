import type {
  FunctionTool,
  Response,
  ResponseCompletedEvent,
  ResponseCreateParams,
  ResponseCreatedEvent,
  ResponseFunctionToolCallItem,
  ResponseInProgressEvent,
  ResponseInputItem,
  ResponseOutputMessage,
  ResponseOutputText,
  ResponseStreamEvent,
  ResponseUsage,
  Tool,
} from 'openai/resources/responses/responses'
import type { ConversationStore, StoredConversation } from './conversations-api'
import { ApiError, errors, sendJson } from './http'
import { checkImageUrl, seesImages } from './files-api'
import { newHexId, newId, unixSeconds } from './ids'
import type { Reply } from './responder'
import { checkToolOutputsHaveCalls, toStoredItem, toTurn } from './response-items'
import { requireModel, type RequestContext, type Route, type ServerRuntime } from './routing'
import { deltaChunks, estimateTokens } from './tokens'

/**
 * `POST /v1/responses`, streamed or not, optionally inside a conversation; `GET
 * /v1/responses/{id}` for the responses it stored.
 */

/** The SDK's `Response` has `output_text`, which the SDK computes itself: it is never on the wire. */
type WireResponse = Omit<Response, 'output_text'>
type OnTheWire<Event> = Event extends { response: Response } ? Omit<Event, 'response'> & { response: WireResponse } : Event
type WireStreamEvent = OnTheWire<ResponseStreamEvent>

/** The output items the fake model produces. */
type OutputItem = ResponseOutputMessage | ResponseFunctionToolCallItem

/**
 * The responses created with `store` not false (it defaults to true), as their creator got them:
 * the create's answer, or a stream's `response.completed` one. A response whose stream was cut
 * before it completed is not kept, as a conversation does not keep its turn.
 */
export class ResponseStore {
  private readonly responses = new Map<string, WireResponse>()

  keep(params: ResponseCreateParams, response: WireResponse): void {
    if (params.store !== false) this.responses.set(response.id, response)
  }

  /** The response, or the API's 404. */
  get(id: string): WireResponse {
    const response = this.responses.get(id)
    if (!response) throw new ApiError(404, errors.responseNotFound(id))
    return response
  }
}

export function responsesRoutes(runtime: ServerRuntime, conversations: ConversationStore, responses: ResponseStore): Route[] {
  return [
    { method: 'POST', pattern: /^\/v1\/responses$/, handler: (context) => createResponse(context, runtime, conversations, responses) },
    {
      method: 'GET',
      pattern: /^\/v1\/responses\/([^/]+)$/,
      handler: ({ res, params, query }) => {
        if (query.get('stream') === 'true') {
          // Replaying a response's events is for background responses, which the fake has not.
          throw new ApiError(400, errors.invalidRequest('The fake OpenAI server does not support streaming a stored response.', 'stream'))
        }
        sendJson(res, 200, responses.get(params[0]!))
      },
    },
  ]
}

async function createResponse(context: RequestContext, runtime: ServerRuntime, conversations: ConversationStore, responses: ResponseStore) {
  const params = (context.body ?? {}) as ResponseCreateParams
  const model = requireModel(runtime, params.model)
  if (params.previous_response_id) {
    // Responses are stored, but the fake does not chain them; rather than answer without the
    // earlier context, say so.
    throw new ApiError(400, errors.invalidRequest('The fake OpenAI server does not support previous_response_id; use a conversation.', 'previous_response_id'))
  }
  const conversation = conversationOf(params, conversations)
  checkInputImages(model, inputOf(params))
  const inputItems = inputOf(params).map(toStoredItem)
  const modelContext = [...(conversation?.items ?? []), ...inputItems]
  checkToolOutputsHaveCalls(modelContext)

  const history = modelContext.map(toTurn).filter((turn) => turn !== undefined)
  const instructions = params.instructions ?? null
  const reply = runtime.responder()({ api: 'responses', model, instructions, history, tools: functionToolNames(params.tools) })
  const output = outputItems(reply)
  const inputTokens = estimateTokens([instructions ?? '', ...history.map((turn) => turn.text)].join('\n'))
  const response = finishedResponse(params, model, conversation, output, inputTokens)

  // As documented: a conversation gains the turn's input and output items only once the response
  // has completed, so a failed or cut-off response leaves it as it was. The response is kept then too.
  const completeTurn = () => {
    conversation?.items.push(...inputItems, ...output)
    responses.keep(params, response)
  }

  if (params.stream !== true) {
    completeTurn()
    sendJson(context.res, 200, response)
    return
  }
  const stream = context.startStream()
  let piecesSent = 0
  for (const event of streamEvents(response, output)) {
    if (!(await stream.ready())) return
    if (event.type === 'response.completed') completeTurn()
    stream.write(event.type, event)
    if (event.type === 'response.output_text.delta') await runtime.replyGate.pass(++piecesSent, () => stream.closed)
  }
  stream.end()
}

function conversationOf(params: ResponseCreateParams, conversations: ConversationStore): StoredConversation | undefined {
  const id = typeof params.conversation === 'string' ? params.conversation : params.conversation?.id
  return id === undefined ? undefined : conversations.get(id)
}

/** `input_image` parts: a data: URL or an external one, or a file id; only a model that sees images takes them. */
function checkInputImages(model: string, input: ResponseInputItem[]): void {
  input.forEach((item, itemIndex) => {
    if (!('content' in item) || !Array.isArray(item.content)) return
    item.content.forEach((part, partIndex) => {
      if (part.type !== 'input_image') return
      const param = `input[${itemIndex}].content[${partIndex}]`
      if (part.file_id == null) checkImageUrl(part.image_url, `${param}.image_url`)
      if (!seesImages(model)) throw new ApiError(400, errors.invalidRequest(`Invalid '${param}': model '${model}' does not support image inputs.`, `${param}.type`))
    })
  })
}

/** A string `input` is one user message. */
function inputOf(params: ResponseCreateParams): ResponseInputItem[] {
  if (params.input === undefined) return []
  if (typeof params.input === 'string') return [{ type: 'message', role: 'user', content: params.input }]
  return params.input
}

function functionToolNames(tools: Tool[] | undefined): string[] {
  return (tools ?? []).flatMap((tool) => (tool.type === 'function' ? [tool.name] : []))
}

function outputItems(reply: Reply): OutputItem[] {
  if ('text' in reply) {
    return [
      {
        id: newHexId('msg_'),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: reply.text, annotations: [], logprobs: [] } satisfies ResponseOutputText],
      } satisfies ResponseOutputMessage,
    ]
  }
  return reply.toolCalls.map(
    (call) =>
      ({
        id: newHexId('fc_'),
        type: 'function_call',
        status: 'completed',
        call_id: newId('call_'),
        name: call.name,
        arguments: call.arguments,
      }) satisfies ResponseFunctionToolCallItem,
  )
}

function finishedResponse(
  params: ResponseCreateParams,
  model: string,
  conversation: StoredConversation | undefined,
  output: OutputItem[],
  inputTokens: number,
): WireResponse {
  const outputTokens = estimateTokens(
    output.map((item) => (item.type === 'message' ? item.content.map((part) => ('text' in part ? part.text : '')).join('') : item.arguments)).join(''),
  )
  const now = unixSeconds()
  return {
    id: newHexId('resp_'),
    object: 'response',
    created_at: now,
    status: 'completed',
    completed_at: now,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: params.instructions ?? null,
    max_output_tokens: params.max_output_tokens ?? null,
    metadata: params.metadata ?? {},
    model,
    output,
    parallel_tool_calls: params.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: params.reasoning ?? { effort: null, summary: null },
    service_tier: 'default',
    temperature: params.temperature ?? 1,
    text: params.text ?? { format: { type: 'text' } },
    tool_choice: params.tool_choice ?? 'auto',
    tools: (params.tools ?? []).map(echoedTool),
    top_p: params.top_p ?? 1,
    truncation: params.truncation ?? 'disabled',
    conversation: conversation ? { id: conversation.conversation.id } : null,
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    } satisfies ResponseUsage,
  } satisfies WireResponse
}

/** The response echoes function tools with their defaults filled in (`strict` is on unless turned off). */
function echoedTool(tool: Tool): Tool {
  if (tool.type !== 'function') return tool
  return {
    ...tool,
    description: tool.description ?? null,
    parameters: tool.parameters ?? null,
    strict: tool.strict ?? true,
  } satisfies FunctionTool
}

/**
 * The events of a streamed response, in the real API's order: created, in_progress, then per
 * output item added → (content part added → text deltas → text done → content part done, or
 * argument deltas → arguments done) → item done, and finally completed.
 */
function* streamEvents(response: WireResponse, output: OutputItem[]): Generator<WireStreamEvent> {
  let sequence = 0
  const next = () => sequence++
  const pending: WireResponse = { ...response, status: 'in_progress', completed_at: null, output: [], usage: undefined }

  yield { type: 'response.created', sequence_number: next(), response: pending } satisfies OnTheWire<ResponseCreatedEvent>
  yield { type: 'response.in_progress', sequence_number: next(), response: pending } satisfies OnTheWire<ResponseInProgressEvent>
  for (const [output_index, item] of output.entries()) {
    if (item.type === 'message') yield* messageEvents(item, output_index, next)
    else yield* functionCallEvents(item, output_index, next)
  }
  yield { type: 'response.completed', sequence_number: next(), response } satisfies OnTheWire<ResponseCompletedEvent>
}

function* messageEvents(message: ResponseOutputMessage, output_index: number, next: () => number): Generator<WireStreamEvent> {
  const item_id = message.id
  const text = message.content.map((part) => ('text' in part ? part.text : '')).join('')
  const part = (partText: string): ResponseOutputText => ({ type: 'output_text', text: partText, annotations: [], logprobs: [] })
  const content_index = 0

  yield { type: 'response.output_item.added', sequence_number: next(), output_index, item: { ...message, status: 'in_progress', content: [] } }
  yield { type: 'response.content_part.added', sequence_number: next(), output_index, item_id, content_index, part: part('') }
  for (const delta of deltaChunks(text)) {
    yield { type: 'response.output_text.delta', sequence_number: next(), output_index, item_id, content_index, delta, logprobs: [] }
  }
  yield { type: 'response.output_text.done', sequence_number: next(), output_index, item_id, content_index, text, logprobs: [] }
  yield { type: 'response.content_part.done', sequence_number: next(), output_index, item_id, content_index, part: part(text) }
  yield { type: 'response.output_item.done', sequence_number: next(), output_index, item: message }
}

function* functionCallEvents(call: ResponseFunctionToolCallItem, output_index: number, next: () => number): Generator<WireStreamEvent> {
  const item_id = call.id

  yield { type: 'response.output_item.added', sequence_number: next(), output_index, item: { ...call, status: 'in_progress', arguments: '' } }
  for (const delta of deltaChunks(call.arguments)) {
    yield { type: 'response.function_call_arguments.delta', sequence_number: next(), output_index, item_id, delta }
  }
  yield { type: 'response.function_call_arguments.done', sequence_number: next(), output_index, item_id, name: call.name, arguments: call.arguments }
  yield { type: 'response.output_item.done', sequence_number: next(), output_index, item: call }
}
