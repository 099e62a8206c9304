import type OpenAI from 'openai'
import type { Connection } from '../../shared/connections'
import type { Assistant, Message, Run, Thread, Usage } from '../../shared/domain'
import type { ErrorData } from '../../shared/errors'
import type { MessageRemoteId } from '../store/messages-repo'

export type { MessageRemoteId }

/**
 * A backend executes one run against one API. It reports what happens through the RunSink;
 * the engine owns every record, status and event. One file per backend under backends/.
 */
export interface Backend {
  execute(run: RunContext, sink: RunSink): Promise<RunOutcome>
  /** Restart reconciliation: continue a run a previous app session left going, if the API allows. */
  resume?(run: RunContext, sink: RunSink): Promise<RunOutcome>
}

export interface RunContext {
  run: Run
  thread: Thread
  assistant: Assistant
  connection: Connection
  /** The server's host, as errors name it. */
  host: string
  client: OpenAI
  /** The thread's messages, oldest first, as they are when the run starts. */
  history: Message[]
  /** Aborted when the user cancels the run, or with `appQuitting` when TutorDesk quits. */
  signal: AbortSignal
}

/**
 * The abort reason when TutorDesk quits with runs going: not a cancel. A run the server keeps
 * (Assistants API) must go on there, to be picked up at the next start.
 */
export const appQuitting = 'TutorDesk is quitting'

export interface ToolCallRequest {
  /** The API's call id, used to send the output back. */
  callId: string
  name: string
  arguments: string
}

export interface RunSink {
  /** The server accepted the run and is working on it (queued → in_progress). */
  inProgress(remote?: { runId?: string }): void
  /** Remote ids to keep beside local ones (run, conversation, thread, assistant, message). */
  rememberRunRemoteId(remoteId: string): void
  rememberThreadRemoteId(remoteId: string): void
  rememberAssistantRemoteId(remoteId: string): void
  /**
   * Local messages went to the server as part of this run (each now has `remoteId` there); they
   * must not be sent again. Given in the thread's order, oldest first, and recorded together: a
   * backend that learns many ids at once (a whole history sent with one request) gives them in
   * one call. Only ids the server already holds: what is recorded must stay true if the app dies
   * right after.
   */
  messagesSynced(synced: readonly MessageRemoteId[]): void
  /**
   * A request that carried `messages` (the thread's context messages not sent before, oldest
   * first) completed: the server's conversation `conversationId` holds them now, all under
   * `remoteId` (the response's id). They must not be sent again. The session records them once
   * the run's end is shown, however many there are (a whole history moved to a new connection).
   */
  historySent(messages: readonly Message[], sent: { remoteId: string; conversationId: string }): void
  /** The server could not take a message's images (no vision, no files API): the message is marked, its text still goes. */
  imagesNotSent(messageId: string): void
  /** The assistant started a reply: creates the message (in_progress) and its run step. */
  messageStarted(remoteId?: string): void
  textDelta(text: string): void
  /** The reply so far is final; `text` (when given) is authoritative over the deltas. */
  messageDone(options?: { text?: string; status?: 'completed' | 'incomplete'; reason?: 'max_tokens' | 'content_filter' }): void
  /** Records the calls (requires_action), runs the tools in main, and returns their outputs. */
  toolCalls(calls: ToolCallRequest[]): Promise<{ callId: string; output: string }[]>
  usage(usage: Usage): void
}

export type RunOutcome =
  | { status: 'completed' }
  | { status: 'incomplete'; reason: string }
  | { status: 'cancelled' }
  | { status: 'expired' }
  /** The run failed: on the server (e.g. Assistants API last_error), or here. */
  | { status: 'failed'; error: ErrorData }

/** Images the user attached, as data: URLs. */
export function imageUrls(message: Message): { url: string; detail: 'auto' | 'low' | 'high' }[] {
  return message.content.flatMap((part) =>
    part.type === 'image_url' ? [{ url: part.image_url.url, detail: part.image_url.detail ?? 'auto' }] : [],
  )
}

/**
 * Whether the server refused a request because it carried images: a 400 (or 422) whose words
 * say so — OpenAI's "image_url is only supported by certain models", vLLM's "is not a
 * multimodal model", Ollama's "does not support images", llama.cpp's "image input is not
 * supported". A server says this only when asked: nothing announces which models see images.
 */
export function isImageRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const status = (error as { status?: unknown }).status
  if (status !== 400 && status !== 422) return false
  return /image|vision|multimodal|multi-modal/i.test(error.message)
}

/** The message without its images (they could not be sent); its text stays. */
export function withoutImages(message: Message): Message {
  return { ...message, content: message.content.filter((part) => part.type !== 'image_url' && part.type !== 'image_file') }
}

/**
 * The messages that make up the conversation's context: everything the user wrote, and the
 * assistant's replies that completed. A partial reply from a failed or cancelled run stays
 * in the thread for the user but is not fed back to the model.
 */
export function contextMessages(history: Message[]): Message[] {
  return history.filter((message) => message.role === 'user' || message.status === 'completed')
}

export function functionTools(assistantTools: Run['tools']) {
  return assistantTools.flatMap((tool) => (tool.type === 'function' ? [tool.function] : []))
}
