import { z } from 'zod'
import type {
  Assistant,
  AssistantDeleted,
  ListPage,
  Message,
  Run,
  RunStep,
  Thread,
  ThreadDeleted,
  ThreadSearchHit,
} from './domain'
import type { ApiKeyStatus, AppInfo, UserSettings } from './settings'
import { connectionFieldsSchema, type Connection, type ConnectivityState } from './connections'
import { userSettingsSchema } from './settings'

/**
 * The one IPC contract between main and the renderer.
 *
 * Each request channel is written here once, as `name → request schema + response type`.
 * Main's router, the preload bridge and the renderer's client are all derived from these
 * two maps, so a channel name or payload type is never spelled a second time; a channel main
 * does not implement fails the type check (see `src/main/ipc/router.ts`).
 *
 * Every request is one object (adding a field never reorders arguments). Requests are
 * validated in main with these schemas before any handler runs.
 */

export interface ConnectionWithStatus extends Connection {
  apiKey: ApiKeyStatus
}

// Phantom marker: carries the response type at compile time, nothing at run time.
interface ChannelSpec<Schema extends z.ZodType, Response> {
  readonly request: Schema
  readonly response?: Response
}

function channel<Schema extends z.ZodType>(request: Schema) {
  return { returns: <Response>(): ChannelSpec<Schema, Response> => ({ request }) }
}

interface EventSpec<Payload> {
  readonly payload?: Payload
}

function event<Payload>(): EventSpec<Payload> {
  return {}
}

// ---- field schemas, shaped after the Assistants API's own limits ----

const id = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,64}$`), `must be an id starting with "${prefix}_"`)

export const connectionId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a connection id')
export const assistantId = id('asst')
export const threadId = id('thread')
export const messageId = id('msg')
export const runId = id('run')

const metadata = z
  .record(z.string().max(64), z.string().max(512))
  .refine((value) => Object.keys(value).length <= 16, 'at most 16 metadata pairs')

const functionTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only, up to 64'),
    description: z.string().max(1024).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
})

const assistantTool = z.discriminatedUnion('type', [
  z.object({ type: z.literal('code_interpreter') }),
  z.object({ type: z.literal('file_search') }),
  functionTool,
])

const responseFormat = z.union([
  z.literal('auto'),
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().min(1).max(64),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
])

const assistantFields = {
  name: z.string().max(256).nullable(),
  description: z.string().max(512).nullable(),
  model: z.string().trim().min(1).max(256),
  instructions: z.string().max(256_000).nullable(),
  tools: z.array(assistantTool).max(128),
  temperature: z.number().min(0).max(2).nullable(),
  top_p: z.number().min(0).max(1).nullable(),
  response_format: responseFormat.nullable(),
  reasoning_effort: z.enum(['minimal', 'low', 'medium', 'high']).nullable(),
  metadata,
  connection_id: connectionId.nullable(),
}

export const assistantCreateSchema = z
  .object({
    ...assistantFields,
    name: assistantFields.name.optional(),
    description: assistantFields.description.optional(),
    instructions: assistantFields.instructions.optional(),
    tools: assistantFields.tools.optional(),
    temperature: assistantFields.temperature.optional(),
    top_p: assistantFields.top_p.optional(),
    response_format: assistantFields.response_format.optional(),
    reasoning_effort: assistantFields.reasoning_effort.optional(),
    metadata: assistantFields.metadata.optional(),
    connection_id: assistantFields.connection_id.optional(),
  })
  .strict()

export const assistantUpdateSchema = z
  .object({ assistant_id: assistantId, ...assistantFields })
  .partial()
  .required({ assistant_id: true })
  .strict()

const textContentPart = z.object({
  type: z.literal('text'),
  text: z.string().max(256_000),
})

const imageUrlContentPart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({
    // Images the user attaches travel as data: URLs; remote images are never fetched.
    url: z.string().regex(/^data:image\/(png|jpeg|gif|webp);base64,/, 'must be a data:image URL'),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
})

export const messageCreateSchema = z
  .object({
    thread_id: threadId,
    role: z.enum(['user', 'assistant']),
    content: z.union([
      z.string().min(1).max(256_000),
      z.array(z.discriminatedUnion('type', [textContentPart, imageUrlContentPart])).min(1).max(32),
    ]),
    metadata: metadata.optional(),
  })
  .strict()

const listLimit = z.number().int().min(1).max(100)

export const messageListSchema = z
  .object({
    thread_id: threadId,
    limit: listLimit.default(20),
    order: z.enum(['asc', 'desc']).default('desc'),
    after: messageId.optional(),
    before: messageId.optional(),
    run_id: runId.optional(),
  })
  .strict()

export const runCreateSchema = z
  .object({
    thread_id: threadId,
    // Defaults to the thread's assistant.
    assistant_id: assistantId.optional(),
    model: assistantFields.model.optional(),
    instructions: assistantFields.instructions.optional(),
    additional_instructions: z.string().max(256_000).nullable().optional(),
    tools: assistantFields.tools.optional(),
    temperature: assistantFields.temperature.optional(),
    top_p: assistantFields.top_p.optional(),
  })
  .strict()

const title = z.string().trim().max(256)
const empty = z.object({}).strict()

export const requests = {
  'app:info': channel(empty).returns<AppInfo>(),

  'assistants:list': channel(empty).returns<ListPage<Assistant>>(),
  'assistants:get': channel(z.object({ assistant_id: assistantId }).strict()).returns<Assistant>(),
  'assistants:create': channel(assistantCreateSchema).returns<Assistant>(),
  'assistants:update': channel(assistantUpdateSchema).returns<Assistant>(),
  'assistants:delete': channel(z.object({ assistant_id: assistantId }).strict()).returns<AssistantDeleted>(),

  'threads:list': channel(
    z
      .object({
        assistant_id: assistantId.optional(),
        limit: listLimit.default(100),
        after: threadId.optional(),
      })
      .strict(),
  ).returns<ListPage<Thread>>(),
  'threads:get': channel(z.object({ thread_id: threadId }).strict()).returns<Thread>(),
  'threads:create': channel(
    z
      .object({ assistant_id: assistantId.nullable().optional(), title: title.optional(), metadata: metadata.optional() })
      .strict(),
  ).returns<Thread>(),
  'threads:rename': channel(z.object({ thread_id: threadId, title }).strict()).returns<Thread>(),
  'threads:pin': channel(z.object({ thread_id: threadId, pinned: z.boolean() }).strict()).returns<Thread>(),
  'threads:delete': channel(z.object({ thread_id: threadId }).strict()).returns<ThreadDeleted>(),
  'threads:search': channel(
    z
      .object({ query: z.string().trim().min(1).max(500), limit: z.number().int().min(1).max(100).default(30) })
      .strict(),
  ).returns<{ data: ThreadSearchHit[] }>(),

  'messages:list': channel(messageListSchema).returns<ListPage<Message>>(),
  'messages:create': channel(messageCreateSchema).returns<Message>(),

  // Starting a run answers at once with the queued run; its progress arrives as events.
  'runs:create': channel(runCreateSchema).returns<Run>(),
  'runs:get': channel(z.object({ run_id: runId }).strict()).returns<Run>(),
  'runs:list': channel(
    z
      .object({
        thread_id: threadId,
        limit: listLimit.default(20),
        order: z.enum(['asc', 'desc']).default('desc'),
        after: runId.optional(),
        before: runId.optional(),
      })
      .strict(),
  ).returns<ListPage<Run>>(),
  'runs:cancel': channel(z.object({ run_id: runId }).strict()).returns<Run>(),
  'runs:retry': channel(z.object({ run_id: runId }).strict()).returns<Run>(),
  'runs:steps': channel(
    z.object({ run_id: runId, order: z.enum(['asc', 'desc']).default('asc') }).strict(),
  ).returns<ListPage<RunStep>>(),

  'connections:list': channel(empty).returns<ConnectionWithStatus[]>(),
  'connections:create': channel(connectionFieldsSchema.partial({ baseURL: true, assistantsMode: true }).strict()).returns<ConnectionWithStatus>(),
  'connections:update': channel(connectionFieldsSchema.partial().extend({ connection_id: connectionId }).strict()).returns<ConnectionWithStatus>(),
  'connections:delete': channel(z.object({ connection_id: connectionId }).strict()).returns<{ id: string; deleted: true }>(),
  // Write-only, as settings:setApiKey (which is this for the default connection).
  'connections:setApiKey': channel(
    z.object({ connection_id: connectionId, apiKey: z.string().trim().min(1).max(512) }).strict(),
  ).returns<ApiKeyStatus>(),
  // Lists the server's models: proves the URL, the key and the network in one go.
  'connections:test': channel(z.object({ connection_id: connectionId }).strict()).returns<{ models: string[] }>(),
  'app:connectivity': channel(z.object({ check: z.boolean().default(false) }).strict()).returns<ConnectivityState>(),

  'settings:get': channel(empty).returns<UserSettings>(),
  'settings:update': channel(userSettingsSchema.partial().strict()).returns<UserSettings>(),
  // Write-only: the key goes in, nothing about it ever comes back but whether one is set.
  'settings:setApiKey': channel(z.object({ apiKey: z.string().trim().min(1).max(512) }).strict()).returns<ApiKeyStatus>(),
  'settings:hasApiKey': channel(empty).returns<ApiKeyStatus>(),
  'settings:clearApiKey': channel(empty).returns<ApiKeyStatus>(),
} as const

/** Events main sends to the renderer. Payloads are produced by main, so they are types only. */
export const events = {
  /** A run moved to a new status (queued → in_progress → …). */
  'run:status': event<{ run: Run }>(),
  /** A piece of streamed reply text. */
  'run:delta': event<{ run_id: string; thread_id: string; message_id: string; delta: string }>(),
  /** A run step was created or changed. */
  'run:step': event<{ step: RunStep }>(),
  /** A message was created or completed (by a run, or by a pending send going out). */
  'message:saved': event<{ message: Message }>(),
  /** A thread was created, renamed, pinned or had activity. */
  'thread:saved': event<{ thread: Thread }>(),
  /** The connection was lost or came back. */
  'connectivity:changed': event<ConnectivityState>(),
} as const

export type Requests = typeof requests
export type Channel = keyof Requests
export type EventName = keyof typeof events

/** What the renderer sends (defaults may be omitted). */
export type RequestOf<C extends Channel> = z.input<Requests[C]['request']>
/** What main's handler receives (validated, defaults filled in). */
export type ParsedRequestOf<C extends Channel> = z.output<Requests[C]['request']>
export type ResponseOf<C extends Channel> = NonNullable<Requests[C]['response']>
export type EventPayload<E extends EventName> = NonNullable<(typeof events)[E]['payload']>

export const channelNames = Object.keys(requests) as Channel[]
export const eventNames = Object.keys(events) as EventName[]

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(requests, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name)
}
