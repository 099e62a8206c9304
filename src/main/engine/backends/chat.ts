import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions'
import { messageText, type Message, type Run } from '../../../shared/domain'
import { contextMessages, functionTools, imageUrls, isImageRefusal, type Backend, type RunOutcome, type RunSink, type ToolCallRequest } from '../backend'
import { streamInterrupted } from '../run-errors'

/**
 * Any OpenAI-compatible server (Ollama, LM Studio, llama.cpp, vLLM): Chat Completions,
 * streamed. Nothing lives on the server: every request carries the assistant's instructions
 * as the system message and the thread's history from the local database.
 */
export const chatBackend: Backend = {
  async execute({ client, run, history, signal }, sink) {
    const context = contextMessages(history)
    const messages: ChatCompletionMessageParam[] = [
      ...(run.instructions ? [{ role: 'system' as const, content: run.instructions }] : []),
      ...context.map(toChatMessage),
    ]
    const tools = toChatTools(run.tools)
    let imagesDropped = false

    // One completion, then one more per round of tool calls, until the model answers.
    for (;;) {
      let stream: AsyncIterable<ChatCompletionChunk>
      try {
        stream = await client.chat.completions.create(requestFor(run, messages, tools), { signal })
      } catch (error) {
        // A server or model that cannot see images says so: the images are marked "not sent" on
        // their messages, and the question goes again as text.
        const withImages = context.filter((message) => imageUrls(message).length > 0)
        if (imagesDropped || withImages.length === 0 || !isImageRefusal(error)) throw error
        imagesDropped = true
        for (const message of withImages) sink.imagesNotSent(message.id)
        messages.splice(0, messages.length, ...messages.map(textOnly))
        continue
      }
      sink.inProgress()
      const result = await readStream(stream, sink)
      if (signal.aborted) return { status: 'cancelled' }
      if (result.toolCalls.length === 0) return result.outcome
      messages.push({
        role: 'assistant',
        content: result.text || null,
        tool_calls: result.toolCalls.map((call) => ({
          id: call.callId,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        })),
      })
      for (const output of await sink.toolCalls(result.toolCalls)) {
        messages.push({ role: 'tool', tool_call_id: output.callId, content: output.output })
      }
    }
  },
}

function requestFor(run: Run, messages: ChatCompletionMessageParam[], tools: ChatCompletionTool[]): ChatCompletionCreateParamsStreaming {
  const format = run.response_format
  return {
    model: run.model,
    messages,
    ...(tools.length > 0 ? { tools } : {}),
    temperature: run.temperature,
    top_p: run.top_p,
    ...(format && format !== 'auto'
      ? {
          response_format:
            format.type === 'json_schema'
              ? { type: 'json_schema', json_schema: { ...format.json_schema, strict: format.json_schema.strict ?? null } }
              : format,
        }
      : {}),
    ...(run.reasoning_effort ? { reasoning_effort: run.reasoning_effort } : {}),
    stream: true,
    stream_options: { include_usage: true },
  }
}

// Chat Completions has no built-in tools: code_interpreter and file_search do not apply here.
function toChatTools(tools: Run['tools']): ChatCompletionTool[] {
  return functionTools(tools).map((fn) => ({
    type: 'function',
    function: { name: fn.name, description: fn.description, parameters: fn.parameters, strict: fn.strict ?? null },
  }))
}

function toChatMessage(message: Message): ChatCompletionMessageParam {
  const text = messageText(message.content)
  if (message.role === 'assistant') return { role: 'assistant', content: text }
  const images = imageUrls(message)
  if (images.length === 0) return { role: 'user', content: text }
  return {
    role: 'user',
    content: [
      ...(text ? [{ type: 'text' as const, text }] : []),
      ...images.map((image) => ({ type: 'image_url' as const, image_url: { url: image.url, detail: image.detail } })),
    ],
  }
}

/** A user message with its image parts left out. */
function textOnly(message: ChatCompletionMessageParam): ChatCompletionMessageParam {
  if (message.role !== 'user' || typeof message.content === 'string') return message
  return { role: 'user', content: message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n') }
}

/** Follows one streamed completion; tool call arguments arrive in pieces, keyed by index. */
async function readStream(
  stream: AsyncIterable<ChatCompletionChunk>,
  sink: RunSink,
): Promise<{ outcome: RunOutcome; text: string; toolCalls: ToolCallRequest[] }> {
  const calls = new Map<number, ToolCallRequest>()
  let text = ''
  let finishReason: string | null = null
  for await (const chunk of stream) {
    if (chunk.usage) {
      sink.usage({
        prompt_tokens: chunk.usage.prompt_tokens,
        completion_tokens: chunk.usage.completion_tokens,
        total_tokens: chunk.usage.total_tokens,
      })
    }
    const choice = chunk.choices[0]
    if (!choice) continue
    if (choice.delta.content) {
      text += choice.delta.content
      sink.textDelta(choice.delta.content)
    }
    for (const delta of choice.delta.tool_calls ?? []) {
      const call = calls.get(delta.index) ?? { callId: '', name: '', arguments: '' }
      if (delta.id) call.callId = delta.id
      if (delta.function?.name) call.name += delta.function.name
      if (delta.function?.arguments) call.arguments += delta.function.arguments
      calls.set(delta.index, call)
    }
    if (choice.finish_reason && finishReason === null) {
      finishReason = choice.finish_reason
      // The reply is whole now: saved at once, not after the usage chunk and [DONE] that follow.
      if (finishReason === 'length' || finishReason === 'content_filter') sink.messageDone({ status: 'incomplete', reason: finishReason === 'length' ? 'max_tokens' : 'content_filter' })
      else if (text) sink.messageDone({ text })
    }
  }
  if (finishReason === null) {
    throw streamInterrupted()
  }
  if (finishReason === 'length') return { outcome: { status: 'incomplete', reason: 'max_tokens' }, text, toolCalls: [] }
  if (finishReason === 'content_filter') return { outcome: { status: 'incomplete', reason: 'content_filter' }, text, toolCalls: [] }
  return { outcome: { status: 'completed' }, text, toolCalls: finishReason === 'tool_calls' ? [...calls.values()] : [] }
}
