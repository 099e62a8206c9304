import type { z } from 'zod'
import type {
  assistantCreateSchema,
  assistantDeletedSchema,
  assistantPatchSchema,
  assistantSchema,
  assistantToolSchema,
  functionDefinitionSchema,
  messageContentInputSchema,
  messageContentSchema,
  messageCreateSchema,
  messageListQuerySchema,
  messageRoleSchema,
  messageSchema,
  messageVersionsSchema,
  messageEditSchema,
  messageDeletedSchema,
  messageStatusSchema,
  metadataSchema,
  reasoningEffortSchema,
  remoteIdsSchema,
  responseFormatSchema,
  runCreateSchema,
  runErrorSchema,
  runListQuerySchema,
  runRetryWaitSchema,
  runSchema,
  runStatusChangeSchema,
  runStatusSchema,
  runStepDetailsSchema,
  runStepSchema,
  textAnnotationSchema,
  threadCreateSchema,
  threadDeletedSchema,
  threadListQuerySchema,
  threadSchema,
  toolCallSchema,
  usageSchema,
} from './domain-schemas'

/**
 * The objects TutorDesk stores and shows, as types. Each is inferred from its schema in
 * `domain-schemas.ts`, the one place a shape is written; this module imports those schemas as
 * types only, so code that needs the types and helpers (the renderer, the preload) does not
 * load the validation library.
 */

/** Unix time in whole seconds, as every `*_at` field of the Assistants API. */
export type UnixSeconds = number
export type Metadata = z.infer<typeof metadataSchema>
export type RemoteIds = z.infer<typeof remoteIdsSchema>

export type FunctionDefinition = z.infer<typeof functionDefinitionSchema>
export type AssistantTool = z.infer<typeof assistantToolSchema>
export type ResponseFormat = z.infer<typeof responseFormatSchema>
export type ReasoningEffort = z.infer<typeof reasoningEffortSchema>
export type Assistant = z.infer<typeof assistantSchema>
export type AssistantCreate = z.infer<typeof assistantCreateSchema>
export type AssistantPatch = z.infer<typeof assistantPatchSchema>
export type AssistantDeleted = z.infer<typeof assistantDeletedSchema>

export type Thread = z.infer<typeof threadSchema>
export type ThreadCreate = z.infer<typeof threadCreateSchema>
export type ThreadDeleted = z.infer<typeof threadDeletedSchema>
export type ThreadListQuery = z.infer<typeof threadListQuerySchema>

export type TextAnnotation = z.infer<typeof textAnnotationSchema>
export type MessageContent = z.infer<typeof messageContentSchema>
export type MessageContentInput = z.infer<typeof messageContentInputSchema>
export type MessageRole = z.infer<typeof messageRoleSchema>
export type MessageStatus = z.infer<typeof messageStatusSchema>
export type Message = z.infer<typeof messageSchema>
export type MessageCreate = z.infer<typeof messageCreateSchema>
export type MessageListQuery = z.infer<typeof messageListQuerySchema>
export type MessageVersions = z.infer<typeof messageVersionsSchema>
export type MessageEdit = z.infer<typeof messageEditSchema>
export type MessageDeleted = z.infer<typeof messageDeletedSchema>

export type RunStatus = z.infer<typeof runStatusSchema>
export type RunStatusChange = z.infer<typeof runStatusChangeSchema>
export type Usage = z.infer<typeof usageSchema>
export type RunError = z.infer<typeof runErrorSchema>
export type ToolCall = z.infer<typeof toolCallSchema>
export type Run = z.infer<typeof runSchema>
export type RunRetryWait = z.infer<typeof runRetryWaitSchema>
export type RunCreate = z.infer<typeof runCreateSchema>
export type RunListQuery = z.infer<typeof runListQuerySchema>
export type RunStepDetails = z.infer<typeof runStepDetailsSchema>
export type RunStep = z.infer<typeof runStepSchema>

export const activeRunStatuses: readonly RunStatus[] = ['queued', 'in_progress', 'requires_action', 'cancelling']
export const retryableRunStatuses: readonly RunStatus[] = ['failed', 'incomplete', 'cancelled', 'expired']

export function isRunActive(run: Pick<Run, 'status'>): boolean {
  return activeRunStatuses.includes(run.status)
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
  /** Where the query's words are in `snippet`, to mark them. */
  highlights: SnippetHighlight[]
  /** Where the query's words are in the thread's title (`metadata.title`), to mark them there too. */
  title_highlights: SnippetHighlight[]
}

/** The text of a message, its text parts joined; what search indexes and previews show. */
export function messageText(content: readonly MessageContent[]): string {
  return content
    .flatMap((part) => (part.type === 'text' ? [part.text.value] : part.type === 'refusal' ? [part.refusal] : []))
    .join('\n')
}

/**
 * A message's metadata key that says its images could not be sent to the server (a model without
 * vision, a server without a files API): the images stay in the thread, marked "not sent".
 */
export const imagesNotSentKey = 'tutordesk_images'
export const imagesNotSentValue = 'not_sent'

export function imagesWereNotSent(message: Pick<Message, 'metadata'>): boolean {
  return message.metadata[imagesNotSentKey] === imagesNotSentValue
}

export function threadTitle(thread: Pick<Thread, 'metadata'>): string {
  return thread.metadata['title'] ?? ''
}

/** The key of a thread's `metadata` that holds the model its runs use instead of its assistant's. */
export const threadModelKey = 'model'

/** The model the thread's runs use instead of its assistant's, if it has one. */
export function threadModel(thread: Pick<Thread, 'metadata'>): string | null {
  return thread.metadata[threadModelKey] || null
}

export function isThreadPinned(thread: Pick<Thread, 'metadata'>): boolean {
  return thread.metadata['pinned'] === 'true'
}

// ---- the thread list: titles, previews, search highlights ----

/**
 * Where a thread's title came from, kept in `metadata.title_source`: the user renamed it, the
 * model wrote it after the first exchange, or it is the first line of the thread's first
 * question (the model could not be asked). A title with no source was given by the user (a
 * thread created with a title, or renamed before sources were kept): it is never replaced.
 */
export type ThreadTitleSource = 'user' | 'model' | 'question'

export function threadTitleSource(thread: Pick<Thread, 'metadata'>): ThreadTitleSource | null {
  const source = thread.metadata['title_source']
  if (source === 'user' || source === 'model' || source === 'question') return source
  return thread.metadata['title'] ? 'user' : null
}

/** What the thread list shows of a thread's last message: one line of its text. */
export interface ThreadPreview {
  role: MessageRole
  /** Its text on one line, shortened; empty for a message of images only, or one just started. */
  text: string
  /** How many images it carries. */
  images: number
}

/** A thread as `threads:list` gives it: the thread, and a preview of its last message (null when it has none). */
export interface ThreadSummary extends Thread {
  preview: ThreadPreview | null
}

/** Where the query's words are in a search hit's snippet: UTF-16 offsets, `end` exclusive, in order, never overlapping. */
export interface SnippetHighlight {
  start: number
  end: number
}
