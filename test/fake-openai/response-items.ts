import type { Message as ConversationMessage } from 'openai/resources/conversations/conversations'
import type {
  ResponseFunctionToolCallItem,
  ResponseFunctionToolCallOutputItem,
  ResponseInputItem,
  ResponseOutputText,
  ResponseInputText,
} from 'openai/resources/responses/responses'
import { ApiError, errors } from './http'
import { newHexId } from './ids'
import type { Turn } from './responder'

/**
 * The items the Responses and Conversations APIs share: what a request's `input` becomes once
 * stored (ids and statuses filled in, as a conversation lists them), and what the model sees.
 */

/** The item kinds the fake understands; all are members of the SDK's `ConversationItem`. */
export type StoredItem = ConversationMessage | ResponseFunctionToolCallItem | ResponseFunctionToolCallOutputItem

/** Normalizes one input item; a kind the fake does not model is a 400, not a silent drop. */
export function toStoredItem(input: ResponseInputItem): StoredItem {
  if ('content' in input && 'role' in input) {
    return {
      id: 'id' in input && input.id ? input.id : newHexId('msg_'),
      type: 'message',
      role: input.role,
      status: 'completed',
      content: typeof input.content === 'string' ? [textPart(input.role, input.content)] : input.content,
    } satisfies ConversationMessage
  }
  if (input.type === 'function_call') {
    return { ...input, id: input.id ?? newHexId('fc_'), status: input.status ?? 'completed' } satisfies ResponseFunctionToolCallItem
  }
  if (input.type === 'function_call_output') {
    return {
      id: input.id ?? newHexId('fco_'),
      type: 'function_call_output',
      call_id: input.call_id,
      // A list output (text and images) is kept as its text: the fake model reads text only.
      output: typeof input.output === 'string' ? input.output : contentText(input.output),
      status: input.status ?? 'completed',
    } satisfies ResponseFunctionToolCallOutputItem
  }
  throw new ApiError(
    400,
    errors.invalidRequest(`The fake OpenAI server does not support input items of type '${input.type ?? 'item_reference'}'.`, 'input'),
  )
}

/** A string `content` is one text part: `output_text` for the assistant, `input_text` otherwise. */
function textPart(role: string, text: string): ResponseInputText | ResponseOutputText {
  return role === 'assistant' ? { type: 'output_text', text, annotations: [] } : { type: 'input_text', text }
}

/**
 * Every `function_call_output` must answer a `function_call` earlier in the context, or the real
 * API rejects the request.
 */
export function checkToolOutputsHaveCalls(context: readonly StoredItem[]): void {
  const calledIds = new Set<string>()
  for (const item of context) {
    if (item.type === 'function_call') calledIds.add(item.call_id)
    if (item.type === 'function_call_output' && !calledIds.has(item.call_id)) {
      throw new ApiError(
        400,
        errors.invalidRequest(`No tool call found for function call output with call_id ${item.call_id}.`, 'input'),
      )
    }
  }
}

/**
 * What the model sees of an item. A function call itself has no Turn form (a Turn carries text
 * only); its output follows as a `tool` turn naming the call.
 */
export function toTurn(item: StoredItem): Turn | undefined {
  switch (item.type) {
    case 'message':
      return { role: item.role === 'user' || item.role === 'assistant' ? item.role : 'system', text: contentText(item.content) }
    case 'function_call_output':
      return { role: 'tool', text: typeof item.output === 'string' ? item.output : contentText(item.output), toolCallId: item.call_id }
    case 'function_call':
      return undefined
  }
}

/** The text parts of a content list (input_text, output_text, …), one per line; images are not text. */
export function contentText(parts: readonly object[]): string {
  return parts
    .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n')
}
