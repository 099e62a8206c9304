import { z } from 'zod'
import type { Assistant, AssistantDeleted, ListPage, Message, MessageDeleted, Run, RunStep, Thread, ThreadDeleted, ThreadSearchHit, ThreadSummary } from './domain'
import {
  assistantCreateSchema,
  assistantIdSchema,
  assistantPatchSchema,
  connectionIdSchema,
  messageCreateSchema,
  messageEditSchema,
  messageRefSchema,
  messageListQuerySchema,
  runCreateSchema,
  runIdSchema,
  runListQuerySchema,
  threadCreateSchema,
  threadIdSchema,
  threadListQuerySchema,
  threadSearchQuerySchema,
  threadModelSchema,
  threadTitleSchema,
} from './domain-schemas'
import { exportChunkRequestSchema, importRequestSchema, type ExportChunk, type ImportResult } from './export-format'
import { connectionFieldsSchema, type ConnectionWithStatus, type ConnectivityState } from './connections'
import { userSettingsSchema, type ApiKeyStatus, type AppInfo, type UserSettings } from './settings'
import type { Channel, EventName as ListedEventName } from './channel-names'
import type { EventPayloads } from './events'

/**
 * The one IPC contract between main and the renderer.
 *
 * Each request channel is written here once, as `name → request schema + response type`.
 * Main's router, the preload bridge and the renderer's client are all derived from these
 * two maps, so a channel name or payload type is never spelled a second time; a channel main
 * does not implement fails the type check (see `src/main/app/router.ts`). The preload knows
 * only the names (`channel-names.ts`), checked below to be exactly these keys.
 *
 * Every request is one object (adding a field never reorders arguments). Requests are
 * validated in main with these schemas before any handler runs.
 */

// Phantom marker: carries the response type at compile time, nothing at run time.
interface ChannelSpec<Schema extends z.ZodType, Response> {
  readonly request: Schema
  readonly response?: Response
}

function channel<Schema extends z.ZodType>(request: Schema) {
  return { returns: <Response>(): ChannelSpec<Schema, Response> => ({ request }) }
}

const empty = z.object({}).strict()
const byAssistant = z.object({ assistant_id: assistantIdSchema }).strict()
const byThread = z.object({ thread_id: threadIdSchema }).strict()
const byRun = z.object({ run_id: runIdSchema }).strict()
const byConnection = z.object({ connection_id: connectionIdSchema }).strict()
// Keys travel in an HTTP header: visible ASCII only (no spaces, newlines, NUL or other scripts).
const apiKey = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .regex(/^[\x21-\x7e]+$/, 'an API key is letters, digits and symbols, without spaces')

export const requests = {
  'app:info': channel(empty).returns<AppInfo>(),

  'assistants:list': channel(empty).returns<ListPage<Assistant>>(),
  'assistants:get': channel(byAssistant).returns<Assistant>(),
  'assistants:create': channel(assistantCreateSchema).returns<Assistant>(),
  'assistants:update': channel(assistantPatchSchema.extend({ assistant_id: assistantIdSchema }).strict()).returns<Assistant>(),
  // The assistant's threads are kept: moved to `move_threads_to`, else left without an assistant.
  'assistants:delete': channel(byAssistant.extend({ move_threads_to: assistantIdSchema.optional() }).strict()).returns<AssistantDeleted>(),

  // Each thread with a one-line preview of its last message.
  'threads:list': channel(threadListQuerySchema).returns<ListPage<ThreadSummary>>(),
  'threads:get': channel(byThread).returns<Thread>(),
  'threads:create': channel(threadCreateSchema).returns<Thread>(),
  'threads:rename': channel(byThread.extend({ title: threadTitleSchema })).returns<Thread>(),
  'threads:pin': channel(byThread.extend({ pinned: z.boolean() })).returns<Thread>(),
  // The model this thread's runs use (kept in its metadata); null: the assistant's.
  'threads:setModel': channel(byThread.extend({ model: threadModelSchema })).returns<Thread>(),
  'threads:delete': channel(byThread).returns<ThreadDeleted>(),
  'threads:search': channel(threadSearchQuerySchema).returns<{ data: ThreadSearchHit[] }>(),

  'messages:list': channel(messageListQuerySchema).returns<ListPage<Message>>(),
  'messages:create': channel(messageCreateSchema).returns<Message>(),
  // Message actions. The thread shows one path through its versions; each of these changes it
  // (and the next run sends exactly that path). An edit saves a new version of a question
  // beside the old one (run it with runs:create); select shows a version; delete takes a
  // question with its replies, the rest stays; runs:regenerate writes a reply again, as a new version.
  'messages:edit': channel(messageEditSchema).returns<Message>(),
  'messages:select': channel(messageRefSchema).returns<Message>(),
  'messages:delete': channel(messageRefSchema).returns<MessageDeleted>(),

  // Starting a run answers at once with the queued run; its progress arrives as events.
  'runs:create': channel(runCreateSchema).returns<Run>(),
  'runs:get': channel(byRun).returns<Run>(),
  'runs:list': channel(runListQuerySchema).returns<ListPage<Run>>(),
  'runs:cancel': channel(byRun).returns<Run>(),
  'runs:retry': channel(byRun).returns<Run>(),
  'runs:regenerate': channel(messageRefSchema).returns<Run>(),
  'runs:steps': channel(byRun.extend({ order: z.enum(['asc', 'desc']).default('asc') })).returns<ListPage<RunStep>>(),

  'connections:list': channel(empty).returns<ConnectionWithStatus[]>(),
  'connections:create': channel(connectionFieldsSchema.partial({ baseURL: true, assistantsMode: true }).strict()).returns<ConnectionWithStatus>(),
  'connections:update': channel(connectionFieldsSchema.partial().extend({ connection_id: connectionIdSchema }).strict()).returns<ConnectionWithStatus>(),
  'connections:delete': channel(byConnection).returns<{ id: string; deleted: true }>(),
  // Write-only, as settings:setApiKey (which is this for the default connection).
  'connections:setApiKey': channel(byConnection.extend({ apiKey })).returns<ApiKeyStatus>(),
  // Lists the server's models: proves the URL, the key and the network in one go.
  'connections:test': channel(byConnection).returns<{ models: string[] }>(),
  'app:connectivity': channel(z.object({ check: z.boolean().default(false) }).strict()).returns<ConnectivityState>(),

  'settings:get': channel(empty).returns<UserSettings>(),
  'settings:update': channel(userSettingsSchema.partial().strict()).returns<UserSettings>(),
  // Write-only: the key goes in, nothing about it ever comes back but whether one is set.
  'settings:setApiKey': channel(z.object({ apiKey }).strict()).returns<ApiKeyStatus>(),
  'settings:hasApiKey': channel(empty).returns<ApiKeyStatus>(),
  'settings:clearApiKey': channel(empty).returns<ApiKeyStatus>(),

  // Export: one bounded piece of the file per call, until next_cursor is null (see export-format.ts).
  'export:chunk': channel(exportChunkRequestSchema).returns<ExportChunk>(),
  // Import: the text of an export file, checked whole, written in one transaction or not at all.
  'import:json': channel(importRequestSchema).returns<ImportResult>(),
} as const


export type Requests = typeof requests
export type { Channel } from './channel-names'
export type { EventName, EventPayload, EventPayloads } from './events'
export { channelNames, eventNames, isChannel, isEventName } from './channel-names'

// The preload's plain lists of names must be exactly the keys of the maps above, both ways:
// a name missing from either side fails the type check here.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Holds<Check extends true> = Check
export type ChannelListMatchesContract = Holds<SameKeys<Channel, keyof typeof requests>>
export type EventListMatchesContract = Holds<SameKeys<ListedEventName, keyof EventPayloads>>

/** What the renderer sends (defaults may be omitted). */
export type RequestOf<C extends Channel> = z.input<Requests[C]['request']>
/** What main's handler receives (validated, defaults filled in). */
export type ParsedRequestOf<C extends Channel> = z.output<Requests[C]['request']>
export type ResponseOf<C extends Channel> = NonNullable<Requests[C]['response']>
