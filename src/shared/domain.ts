/**
 * The objects TutorDesk stores and shows. They keep the shapes and id styles of OpenAI's
 * Assistants API (users open them as JSON, as the tutorial's `show_json` does), plus a few
 * local fields that the API never had: where a thread was last active, and the ids the same
 * object has on remote servers (`remote_ids`, keyed by connection id).
 *
 * Runtime validation of what the renderer sends lives in `contract.ts`; these are the shapes
 * main sends back, so they are plain types.
 */

/** Unix time in whole seconds, as every `*_at` field of the Assistants API. */
export type UnixSeconds = number

/** Up to 16 string pairs, as the API's `metadata`. */
export type Metadata = Record<string, string>

/** Ids of the same object on remote servers, keyed by the connection that created them. */
export type RemoteIds = Record<string, string>

export interface FunctionDefinition {
  name: string
  description?: string
  parameters?: Record<string, unknown>
  strict?: boolean | null
}

export type AssistantTool =
  | { type: 'code_interpreter' }
  | { type: 'file_search' }
  | { type: 'function'; function: FunctionDefinition }

export type ResponseFormat =
  | 'auto'
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean | null; description?: string } }

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high'

export interface Assistant {
  id: string
  object: 'assistant'
  created_at: UnixSeconds
  name: string | null
  description: string | null
  model: string
  instructions: string | null
  tools: AssistantTool[]
  temperature: number | null
  top_p: number | null
  response_format: ResponseFormat | null
  reasoning_effort: ReasoningEffort | null
  metadata: Metadata
  /** The connection it runs on; null for the default one. */
  connection_id: string | null
  remote_ids: RemoteIds
}

export interface AssistantDeleted {
  id: string
  object: 'assistant.deleted'
  deleted: true
}

export interface Thread {
  id: string
  object: 'thread'
  created_at: UnixSeconds
  /** The API's metadata; TutorDesk keeps the thread's `title` and `pinned` ("true"/"false") here. */
  metadata: Metadata
  tool_resources: null
  /** The assistant this thread talks to by default. */
  assistant_id: string | null
  /** When the thread last changed: created, or a message added. Threads list sorts by this. */
  last_activity_at: UnixSeconds
  remote_ids: RemoteIds
}

export interface ThreadDeleted {
  id: string
  object: 'thread.deleted'
  deleted: true
}

export interface TextAnnotation {
  type: 'file_citation' | 'file_path'
  text: string
  start_index: number
  end_index: number
  file_citation?: { file_id: string }
  file_path?: { file_id: string }
}

export type MessageContent =
  | { type: 'text'; text: { value: string; annotations: TextAnnotation[] } }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: 'image_file'; image_file: { file_id: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: 'refusal'; refusal: string }

export type MessageRole = 'user' | 'assistant'
export type MessageStatus = 'in_progress' | 'incomplete' | 'completed'

export interface Message {
  id: string
  object: 'thread.message'
  created_at: UnixSeconds
  thread_id: string
  status: MessageStatus
  incomplete_details: { reason: 'content_filter' | 'max_tokens' | 'run_cancelled' | 'run_expired' | 'run_failed' } | null
  completed_at: UnixSeconds | null
  incomplete_at: UnixSeconds | null
  role: MessageRole
  content: MessageContent[]
  assistant_id: string | null
  run_id: string | null
  attachments: { file_id: string; tools: Array<{ type: 'code_interpreter' | 'file_search' }> }[]
  metadata: Metadata
  remote_ids: RemoteIds
}

export type RunStatus =
  | 'queued'
  | 'in_progress'
  | 'requires_action'
  | 'cancelling'
  | 'cancelled'
  | 'failed'
  | 'completed'
  | 'incomplete'
  | 'expired'

export interface Usage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
}

export interface RunError {
  code: string
  message: string
}

export interface ToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string; output: string | null }
}

export interface Run {
  id: string
  object: 'thread.run'
  created_at: UnixSeconds
  thread_id: string
  assistant_id: string
  status: RunStatus
  required_action: { type: 'submit_tool_outputs'; submit_tool_outputs: { tool_calls: ToolCall[] } } | null
  last_error: RunError | null
  expires_at: UnixSeconds | null
  started_at: UnixSeconds | null
  cancelled_at: UnixSeconds | null
  failed_at: UnixSeconds | null
  completed_at: UnixSeconds | null
  incomplete_details: { reason: string } | null
  model: string
  instructions: string | null
  tools: AssistantTool[]
  metadata: Metadata
  usage: Usage | null
  temperature: number | null
  top_p: number | null
  response_format: ResponseFormat | null
  reasoning_effort: ReasoningEffort | null
  /** Local: the connection (and so the backend) that executes it. */
  connection_id: string
  /** Local: the run this one retries, if any. */
  retry_of: string | null
  /** Local: why a queued run has not started — it waits for the connection to return. */
  waiting_for: 'connection' | null
  remote_ids: RemoteIds
}

export const activeRunStatuses: readonly RunStatus[] = ['queued', 'in_progress', 'requires_action', 'cancelling']
export const retryableRunStatuses: readonly RunStatus[] = ['failed', 'incomplete', 'cancelled', 'expired']

export function isRunActive(run: Pick<Run, 'status'>): boolean {
  return activeRunStatuses.includes(run.status)
}

export type RunStepDetails =
  | { type: 'message_creation'; message_creation: { message_id: string } }
  | { type: 'tool_calls'; tool_calls: ToolCall[] }

export interface RunStep {
  id: string
  object: 'thread.run.step'
  created_at: UnixSeconds
  assistant_id: string
  thread_id: string
  run_id: string
  type: RunStepDetails['type']
  status: 'in_progress' | 'cancelled' | 'failed' | 'completed' | 'expired'
  step_details: RunStepDetails
  last_error: RunError | null
  expired_at: UnixSeconds | null
  cancelled_at: UnixSeconds | null
  failed_at: UnixSeconds | null
  completed_at: UnixSeconds | null
  metadata: Metadata
  usage: Usage | null
}

/** The list envelope every list endpoint of the Assistants API returns. */
export interface ListPage<T> {
  object: 'list'
  data: T[]
  first_id: string | null
  last_id: string | null
  has_more: boolean
}

export interface ThreadSearchHit {
  thread: Thread
  /** The best-matching message, or null when only the title matched. */
  message_id: string | null
  /** A short excerpt around the match, plain text. */
  snippet: string
}

/** The text of a message, its text parts joined; what search indexes and previews show. */
export function messageText(content: readonly MessageContent[]): string {
  return content
    .flatMap((part) => (part.type === 'text' ? [part.text.value] : part.type === 'refusal' ? [part.refusal] : []))
    .join('\n')
}

export function threadTitle(thread: Pick<Thread, 'metadata'>): string {
  return thread.metadata['title'] ?? ''
}

export function isThreadPinned(thread: Pick<Thread, 'metadata'>): boolean {
  return thread.metadata['pinned'] === 'true'
}
