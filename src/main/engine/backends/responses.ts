import type {
  ResponseCreateParamsStreaming,
  ResponseInputItem,
  ResponseStreamEvent,
  Tool,
} from 'openai/resources/responses/responses'
import { messageText, type Message, type Run } from '../../../shared/domain'
import { contextMessages, functionTools, imageUrls, isImageRefusal, withoutImages, type Backend, type MessageRemoteId, type RunContext, type RunOutcome, type RunSink, type ToolCallRequest } from '../backend'
import { remoteRunError, streamInterrupted } from '../run-errors'
import { findLandedTurn, type LandedTurn } from './landed-turn'

/**
 * OpenAI today: the Responses API, streamed, with the thread kept as a Conversation on the
 * server (created on the first run, its id stored beside the local thread).
 *
 * The conversation only grows when a response completes (input and output items are added
 * then), so a message counts as sent — and is never sent again — only after its response
 * completed. A failed or cut response leaves it unsent, and a retry sends it once — unless
 * the conversation shows the response did complete after all (see landed-turn.ts).
 */
export const responsesBackend: Backend = {
  async execute(context, sink) {
    const { client, thread, run, signal } = context
    const existingConversation = thread.remote_ids[run.connection_id]
    const conversationId = existingConversation ?? (await createConversation(context, sink))
    let unsent = contextMessages(context.history).filter((message) => !message.remote_ids[run.connection_id])
    // After a failure, the server may hold a turn we never saw complete: look before sending
    // again (a retry, or a new question with an earlier one still unsent).
    if (existingConversation && (run.retry_of || unsent.filter((message) => message.role === 'user').length > 1)) {
      const landed = await findLandedTurn(context, conversationId, unsent)
      if (landed) {
        unsent = takeLandedTurn(landed, unsent, sink)
        if (landed.complete) return { status: 'completed' }
      }
    }
    let input: ResponseInputItem[] = unsent.map(toInputItem)
    let imagesDropped = false

    // One response, then one more per round of tool calls, until the model answers.
    for (;;) {
      let stream: Parameters<typeof readStream>[0]
      try {
        stream = await client.responses.create(requestFor(run, conversationId, input), { signal })
      } catch (error) {
        // A model that cannot see images: they are marked "not sent", and the turn goes as text.
        const withImages = unsent.filter((message) => imageUrls(message).length > 0)
        if (imagesDropped || withImages.length === 0 || !isImageRefusal(error)) throw error
        imagesDropped = true
        for (const message of withImages) sink.imagesNotSent(message.id)
        input = unsent.map((message) => toInputItem(withoutImages(message)))
        continue
      }
      const result = await readStream(stream, sink, context.host)
      if (signal.aborted) return { status: 'cancelled' }
      if (result.outcome.status !== 'completed') return result.outcome
      // The conversation holds them now (recorded once the run's end is shown, however many).
      sink.historySent(unsent.splice(0), { remoteId: result.responseId, conversationId })
      if (result.toolCalls.length === 0) return result.outcome
      const outputs = await sink.toolCalls(result.toolCalls)
      input = outputs.map((output) => ({ type: 'function_call_output', call_id: output.callId, output: output.output }))
    }
  },
}

/**
 * Records a landed turn here: its user messages as sent, local replies the server also holds as
 * sent, and — when the whole turn landed — the server's replies we never received, as this
 * run's reply. Returns what is still unsent.
 */
function takeLandedTurn(landed: LandedTurn, unsent: Message[], sink: RunSink): Message[] {
  const remaining = new Set(unsent)
  const synced: MessageRemoteId[] = []
  for (const message of unsent) {
    const itemId = landed.userItems.get(message.id)
    if (itemId === undefined) continue
    synced.push({ messageId: message.id, remoteId: itemId })
    remaining.delete(message)
  }
  const unreceived: LandedTurn['replies'] = []
  for (const reply of landed.replies) {
    const local = [...remaining].find((message) => message.role === 'assistant' && messageText(message.content) === reply.text)
    if (local) {
      synced.push({ messageId: local.id, remoteId: reply.itemId })
      remaining.delete(local)
    } else {
      unreceived.push(reply)
    }
  }
  sink.messagesSynced(synced)
  if (landed.complete) {
    sink.inProgress()
    for (const reply of unreceived) {
      sink.messageStarted(reply.itemId)
      sink.messageDone({ text: reply.text })
    }
  }
  return unsent.filter((message) => remaining.has(message))
}

async function createConversation({ client, thread, signal }: RunContext, sink: RunSink): Promise<string> {
  const conversation = await client.conversations.create({ metadata: { tutordesk_thread_id: thread.id } }, { signal })
  sink.rememberThreadRemoteId(conversation.id)
  return conversation.id
}

function requestFor(run: Run, conversationId: string, input: ResponseInputItem[]): ResponseCreateParamsStreaming {
  const format = run.response_format
  return {
    model: run.model,
    instructions: run.instructions,
    conversation: conversationId,
    input,
    tools: toResponsesTools(run.tools),
    temperature: run.temperature,
    top_p: run.top_p,
    ...(format && format !== 'auto'
      ? {
          text: {
            format:
              format.type === 'json_schema'
                ? { type: 'json_schema', name: format.json_schema.name, schema: format.json_schema.schema ?? {}, strict: format.json_schema.strict ?? null, ...(format.json_schema.description ? { description: format.json_schema.description } : {}) }
                : format,
          },
        }
      : {}),
    ...(run.reasoning_effort ? { reasoning: { effort: run.reasoning_effort } } : {}),
    stream: true,
  }
}

function toResponsesTools(tools: Run['tools']): Tool[] {
  const result: Tool[] = functionTools(tools).map((fn) => ({
    type: 'function',
    name: fn.name,
    description: fn.description ?? null,
    parameters: fn.parameters ?? { type: 'object', properties: {} },
    strict: fn.strict ?? false,
  }))
  // file_search needs vector stores, which TutorDesk does not manage yet: only code_interpreter passes through here.
  if (tools.some((tool) => tool.type === 'code_interpreter')) result.push({ type: 'code_interpreter', container: { type: 'auto' } })
  return result
}

function toInputItem(message: Message): ResponseInputItem {
  const text = messageText(message.content)
  if (message.role === 'assistant') return { role: 'assistant', content: text }
  const images = imageUrls(message)
  if (images.length === 0) return { role: 'user', content: text }
  return {
    role: 'user',
    content: [
      ...(text ? [{ type: 'input_text' as const, text }] : []),
      ...images.map((image) => ({ type: 'input_image' as const, image_url: image.url, detail: image.detail })),
    ],
  }
}

/**
 * Follows one streamed response: reply text as it arrives, function calls, usage, and how the
 * response ended. A stream that stops without a final event was cut.
 */
async function readStream(
  stream: AsyncIterable<ResponseStreamEvent>,
  sink: RunSink,
  host: string,
): Promise<{ outcome: RunOutcome; responseId: string; toolCalls: ToolCallRequest[] }> {
  const toolCalls: ToolCallRequest[] = []
  for await (const event of stream) {
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
        sink.inProgress()
        break
      case 'response.output_item.added':
        if (event.item.type === 'message') sink.messageStarted(event.item.id)
        break
      case 'response.output_text.delta':
        sink.textDelta(event.delta)
        break
      case 'response.output_item.done':
        if (event.item.type === 'message') {
          const text = event.item.content.map((part) => (part.type === 'output_text' ? part.text : part.refusal)).join('')
          sink.messageDone({ text, status: event.item.status === 'incomplete' ? 'incomplete' : 'completed' })
        } else if (event.item.type === 'function_call') {
          toolCalls.push({ callId: event.item.call_id, name: event.item.name, arguments: event.item.arguments })
        }
        break
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed': {
        const response = event.response
        if (response.usage) {
          sink.usage({
            prompt_tokens: response.usage.input_tokens,
            completion_tokens: response.usage.output_tokens,
            total_tokens: response.usage.total_tokens,
          })
        }
        if (event.type === 'response.completed') return { outcome: { status: 'completed' }, responseId: response.id, toolCalls }
        if (event.type === 'response.incomplete') {
          const reason = response.incomplete_details?.reason ?? 'max_output_tokens'
          sink.messageDone({ status: 'incomplete', reason: reason === 'content_filter' ? 'content_filter' : 'max_tokens' })
          return { outcome: { status: 'incomplete', reason }, responseId: response.id, toolCalls }
        }
        return {
          outcome: { status: 'failed', error: remoteRunError(response.error?.code, response.error?.message, host).toData() },
          responseId: response.id,
          toolCalls,
        }
      }
      case 'error':
        throw remoteRunError(event.code, event.message || 'The server reported an error in the middle of the reply.', host)
      default:
        break
    }
  }
  throw streamInterrupted()
}
