import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatCompletionMessage,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions'
import type { CompletionUsage } from 'openai/resources/completions'
import { randomBytes } from 'node:crypto'
import { ApiError, errors, sendJson } from './http'
import { checkImageUrl, seesImages } from './files-api'
import { newId, unixSeconds } from './ids'
import type { Turn } from './responder'
import { requireModel, type RequestContext, type Route, type ServerRuntime } from './routing'
import { deltaChunks, estimateTokens, truncateToTokens } from './tokens'

/** `POST /v1/chat/completions`, streamed (`data:` chunks, then `data: [DONE]`) or not. */

export function chatRoutes(runtime: ServerRuntime): Route[] {
  return [{ method: 'POST', pattern: /^\/v1\/chat\/completions$/, handler: (context) => createChatCompletion(context, runtime) }]
}

/** What the model produced, limits applied. */
type Generated =
  | { text: string; finishReason: 'stop' | 'length' }
  | { toolCalls: ChatCompletionMessageFunctionToolCall[]; finishReason: 'tool_calls' }

async function createChatCompletion(context: RequestContext, runtime: ServerRuntime) {
  const params = (context.body ?? {}) as ChatCompletionCreateParams
  const model = requireModel(runtime, params.model)
  if (!Array.isArray(params.messages) || params.messages.length === 0) throw new ApiError(400, errors.missingParameter('messages'))
  checkToolMessagesPairUp(params.messages)
  checkImages(model, params.messages)

  const history = params.messages.map(toTurn).filter((turn) => turn !== undefined)
  const tools = (params.tools ?? []).flatMap((tool) => (tool.type === 'function' ? [tool.function.name] : []))
  const reply = runtime.responder()({ api: 'chat', model, instructions: null, history, tools })
  const maxTokens = params.max_completion_tokens ?? params.max_tokens ?? null

  let generated: Generated
  if ('toolCalls' in reply) {
    const toolCalls = reply.toolCalls.map(
      (call): ChatCompletionMessageFunctionToolCall => ({ id: newId('call_'), type: 'function', function: { name: call.name, arguments: call.arguments } }),
    )
    generated = { toolCalls, finishReason: 'tool_calls' }
  } else if (maxTokens !== null && estimateTokens(reply.text) > maxTokens) {
    generated = { text: truncateToTokens(reply.text, maxTokens), finishReason: 'length' }
  } else {
    generated = { text: reply.text, finishReason: 'stop' }
  }

  const promptTokens = estimateTokens(history.map((turn) => turn.text).join('\n'))
  const completionTokens = estimateTokens(
    'text' in generated ? generated.text : generated.toolCalls.map((call) => call.function.name + call.function.arguments).join(''),
  )
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  } satisfies CompletionUsage
  const common = {
    id: newId('chatcmpl-'),
    created: unixSeconds(),
    model,
    service_tier: 'default',
    system_fingerprint: `fp_${randomBytes(5).toString('hex')}`,
  } as const

  if (params.stream !== true) {
    const message: ChatCompletionMessage =
      'text' in generated
        ? { role: 'assistant', content: generated.text, refusal: null, annotations: [] }
        : { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: generated.toolCalls }
    const completion = {
      ...common,
      object: 'chat.completion',
      choices: [{ index: 0, message, logprobs: null, finish_reason: generated.finishReason }],
      usage,
    } satisfies ChatCompletion
    sendJson(context.res, 200, completion)
    return
  }

  // With include_usage every chunk carries `usage: null`, and one extra chunk (no choices) the totals.
  const includeUsage = params.stream_options?.include_usage === true
  const chunk = (choices: ChatCompletionChunk.Choice[]) =>
    ({ ...common, object: 'chat.completion.chunk', choices, ...(includeUsage ? { usage: null } : {}) }) satisfies ChatCompletionChunk
  const choice = (delta: ChatCompletionChunk.Choice.Delta, finish_reason: ChatCompletionChunk.Choice['finish_reason'] = null) =>
    ({ index: 0, delta, logprobs: null, finish_reason }) satisfies ChatCompletionChunk.Choice

  const chunks: ChatCompletionChunk[] = [
    ...streamedDeltas(generated).map((delta) => chunk([choice(delta)])),
    chunk([choice({}, generated.finishReason)]),
  ]
  if (includeUsage) chunks.push({ ...chunk([]), usage })

  const stream = context.startStream()
  let piecesSent = 0
  for (const data of chunks) {
    if (!(await stream.send(null, data))) return
    if (data.choices[0]?.delta.content) await runtime.replyGate.pass(++piecesSent, () => stream.closed)
  }
  await stream.send(null, '[DONE]')
  stream.end()
}

/**
 * The deltas as the real API sends them: the role first (with empty content for text; with the
 * first call's id and name for tool calls), then text in pieces, or each call's arguments in
 * pieces under its `index`.
 */
function streamedDeltas(generated: Generated): ChatCompletionChunk.Choice.Delta[] {
  if ('text' in generated) {
    return [{ role: 'assistant', content: '', refusal: null }, ...deltaChunks(generated.text).map((content) => ({ content }))]
  }
  return generated.toolCalls.flatMap((call, index) => [
    {
      ...(index === 0 ? { role: 'assistant', content: null, refusal: null } : {}),
      tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }],
    } satisfies ChatCompletionChunk.Choice.Delta,
    ...deltaChunks(call.function.arguments).map(
      (piece) => ({ tool_calls: [{ index, function: { arguments: piece } }] }) satisfies ChatCompletionChunk.Choice.Delta,
    ),
  ])
}

/**
 * The real API's two checks on tool messages: each answers a call of an earlier assistant
 * message, and every call of an assistant message is answered before the conversation goes on.
 */
function checkToolMessagesPairUp(messages: ChatCompletionMessageParam[]): void {
  const unanswered = new Set<string>()
  let callingMessageIndex = -1
  const missingResponses = () =>
    new ApiError(
      400,
      errors.invalidRequest(
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...unanswered].join(', ')}`,
        `messages.[${callingMessageIndex}].role`,
      ),
    )

  messages.forEach((message, index) => {
    if (message.role === 'tool') {
      if (unanswered.delete(message.tool_call_id)) return
      throw new ApiError(
        400,
        errors.invalidRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${index}].role`,
        ),
      )
    }
    if (unanswered.size > 0) throw missingResponses()
    if (message.role === 'assistant' && message.tool_calls?.length) {
      callingMessageIndex = index
      for (const call of message.tool_calls) unanswered.add(call.id)
    }
  })
  if (unanswered.size > 0) throw missingResponses()
}

/**
 * What the model sees of a message. An assistant message that only calls tools has no Turn form
 * (a Turn carries text only); the tool messages after it name the calls.
 */
/** `image_url` parts: a data: URL or an external one; a model that does not see images refuses them, as OpenAI's do. */
function checkImages(model: string, messages: ChatCompletionMessageParam[]): void {
  messages.forEach((message, messageIndex) => {
    if (message.role !== 'user' || typeof message.content === 'string') return
    message.content.forEach((part, partIndex) => {
      if (part.type !== 'image_url') return
      const param = `messages.[${messageIndex}].content.[${partIndex}]`
      checkImageUrl(part.image_url?.url, `${param}.image_url.url`)
      if (!seesImages(model)) throw new ApiError(400, errors.invalidRequest('Invalid content type. image_url is only supported by certain models.', `${param}.type`))
    })
  })
}

function toTurn(message: ChatCompletionMessageParam): Turn | undefined {
  const text = messageText(message.content)
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', text }
    case 'user':
      return { role: 'user', text }
    case 'assistant':
      return text === '' && message.tool_calls?.length ? undefined : { role: 'assistant', text }
    case 'tool':
      return { role: 'tool', text, toolCallId: message.tool_call_id }
    case 'function':
      return { role: 'tool', text }
  }
}

function messageText(content: ChatCompletionMessageParam['content']): string {
  if (typeof content === 'string') return content
  return (content ?? []).flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n')
}
