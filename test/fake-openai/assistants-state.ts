import type { Assistant, AssistantTool } from 'openai/resources/beta/assistants'
import type { Message, MessageContent, MessageContentPartParam, MessageCreateParams } from 'openai/resources/beta/threads/messages'
import type { Run, RunCreateParamsBase } from 'openai/resources/beta/threads/runs/runs'
import type { MessageCreationStepDetails, RunStep, ToolCallsStepDetails } from 'openai/resources/beta/threads/runs/steps'
import type { Thread } from 'openai/resources/beta/threads/threads'
import { ApiError, errors } from './http'
import { newId, unixSeconds } from './ids'
import type { Turn } from './responder'
import type { Handler, Route } from './routing'
import { estimateTokens } from './tokens'

/** The Assistants API's objects as the fake keeps them, and the factories that shape them. */

/**
 * A thread message as the real API sends it. The SDK's `Message` (like OpenAPI's MessageObject)
 * declares `status` as never null, yet a message a caller adds (messages.create, a new thread's
 * messages, a run's `additional_messages`) comes back with `status: null`, and `completed_at` and
 * `incomplete_at` null too: only a message a run writes has a life cycle to report.
 */
export type WireMessage = Omit<Message, 'status'> & { status: Message['status'] | null }

export interface StoredRun {
  run: Run
  /** Oldest first. */
  steps: RunStep[]
  /** Tool outputs submitted so far in this run: the model sees them after the thread's messages. */
  toolOutputs: Turn[]
  /** True while the run engine drives the run; false while it waits for tool outputs, or is over. */
  engineActive: boolean
  /** Aborted when a cancel is requested: wakes a run held mid-reply (see reply-hold.ts). */
  cancel: AbortController
}

export interface StoredThread {
  thread: Thread
  /** Oldest first. */
  messages: WireMessage[]
  /** Oldest first. */
  runs: StoredRun[]
}

/** A run in one of these statuses blocks new runs and new messages on its thread. */
const activeStatuses: ReadonlySet<Run['status']> = new Set(['queued', 'in_progress', 'requires_action', 'cancelling'])

/** Runs stay answerable for ten minutes, as on the real API. */
const runLifetimeSeconds = 600

export class AssistantsStore {
  /** Insertion order is creation order. */
  readonly assistants = new Map<string, Assistant>()
  readonly threads = new Map<string, StoredThread>()

  assistant(id: string): Assistant {
    const assistant = this.assistants.get(id)
    if (!assistant) throw new ApiError(404, errors.noSuchObject('assistant', id))
    return assistant
  }

  thread(id: string): StoredThread {
    const thread = this.threads.get(id)
    if (!thread) throw new ApiError(404, errors.noSuchObject('thread', id))
    return thread
  }

  run(thread: StoredThread, id: string): StoredRun {
    const run = thread.runs.find((candidate) => candidate.run.id === id)
    if (!run) throw new ApiError(404, errors.noSuchObject('run', id))
    return run
  }
}

export function isActive(run: Run): boolean {
  return activeStatuses.has(run.status)
}

export function activeRun(thread: StoredThread): StoredRun | undefined {
  return thread.runs.find((stored) => isActive(stored.run))
}

/** Every Assistants route requires the beta header the SDK sends (`OpenAI-Beta: assistants=v2`). */
export function assistantsRoute(method: Route['method'], pattern: RegExp, handler: Handler): Route {
  return {
    method,
    pattern,
    handler: (context) => {
      if (!/\bassistants=v2\b/.test(String(context.req.headers['openai-beta'] ?? ''))) {
        throw new ApiError(400, errors.betaHeaderMissing())
      }
      return handler(context)
    },
  }
}

export function newThread(metadata: Thread['metadata'] | undefined): StoredThread {
  return {
    thread: { id: newId('thread_'), object: 'thread', created_at: unixSeconds(), metadata: metadata ?? {}, tool_resources: {} } satisfies Thread,
    messages: [],
    runs: [],
  }
}

/** A message a caller adds (role user or assistant, no run): no status, see `WireMessage`. */
export function newMessage(threadId: string, params: Omit<MessageCreateParams, 'attachments'> & { attachments?: Message['attachments'] }): WireMessage {
  return {
    id: newId('msg_'),
    object: 'thread.message',
    created_at: unixSeconds(),
    thread_id: threadId,
    role: params.role,
    content: messageContent(params.content),
    status: null,
    completed_at: null,
    incomplete_at: null,
    incomplete_details: null,
    assistant_id: null,
    run_id: null,
    attachments: params.attachments ?? [],
    metadata: params.metadata ?? {},
  } satisfies WireMessage
}

/** The message a run writes: in progress and empty until its text has streamed in. */
export function newAssistantMessage(run: Run): Message {
  return {
    ...newMessage(run.thread_id, { role: 'assistant', content: [] }),
    status: 'in_progress',
    completed_at: null,
    assistant_id: run.assistant_id,
    run_id: run.id,
  } satisfies Message
}

function messageContent(content: string | MessageContentPartParam[]): MessageContent[] {
  const parts = typeof content === 'string' ? [{ type: 'text', text: content } as const] : content
  return parts.map((part) => (part.type === 'text' ? { type: 'text', text: { value: part.text, annotations: [] } } : part))
}

/** What the model sees of a message: its text blocks. */
export function messageTurn(message: WireMessage): Turn {
  const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text.value] : [])).join('\n')
  return { role: message.role, text }
}

export function newRun(threadId: string, assistant: Assistant, params: RunCreateParamsBase): Run {
  const created_at = unixSeconds()
  const baseInstructions = params.instructions ?? assistant.instructions ?? ''
  // `additional_instructions` are appended to the run's instructions.
  const instructions = [baseInstructions, params.additional_instructions ?? ''].filter((part) => part !== '').join('\n\n')
  return {
    id: newId('run_'),
    object: 'thread.run',
    created_at,
    assistant_id: assistant.id,
    thread_id: threadId,
    status: 'queued',
    started_at: null,
    expires_at: created_at + runLifetimeSeconds,
    cancelled_at: null,
    failed_at: null,
    completed_at: null,
    required_action: null,
    last_error: null,
    model: params.model ?? assistant.model,
    instructions,
    tools: params.tools ?? assistant.tools,
    metadata: params.metadata ?? {},
    temperature: params.temperature ?? assistant.temperature ?? 1,
    top_p: params.top_p ?? assistant.top_p ?? 1,
    max_completion_tokens: params.max_completion_tokens ?? null,
    max_prompt_tokens: params.max_prompt_tokens ?? null,
    truncation_strategy: params.truncation_strategy ?? { type: 'auto', last_messages: null },
    incomplete_details: null,
    usage: null,
    response_format: params.response_format ?? assistant.response_format ?? 'auto',
    tool_choice: params.tool_choice ?? 'auto',
    parallel_tool_calls: params.parallel_tool_calls ?? true,
  } satisfies Run
}

export function newStep(run: Run, details: MessageCreationStepDetails | ToolCallsStepDetails): RunStep {
  return {
    id: newId('step_'),
    object: 'thread.run.step',
    created_at: unixSeconds(),
    run_id: run.id,
    assistant_id: run.assistant_id,
    thread_id: run.thread_id,
    type: details.type,
    status: 'in_progress',
    cancelled_at: null,
    completed_at: null,
    expired_at: null,
    failed_at: null,
    last_error: null,
    metadata: null,
    step_details: details,
    usage: null,
  } satisfies RunStep
}

export function functionToolNames(tools: AssistantTool[]): string[] {
  return tools.flatMap((tool) => (tool.type === 'function' ? [tool.function.name] : []))
}

/** The model's whole context for a run: instructions, the thread's messages, then this run's tool outputs. */
export function runContext(thread: StoredThread, stored: StoredRun): { history: Turn[]; promptTokens: number } {
  const history = [...thread.messages.map(messageTurn), ...stored.toolOutputs]
  const promptTokens = estimateTokens([stored.run.instructions, ...history.map((turn) => turn.text)].join('\n'))
  return { history, promptTokens }
}
