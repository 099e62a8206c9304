import { z } from 'zod'
import { maxImageDataUrlLength, maxImagesPerMessage } from './limits'

/**
 * The one definition of every object TutorDesk stores and shows, and of what it takes to make
 * one. They keep the shapes, limits and id styles of OpenAI's Assistants API (users open them as
 * JSON, as the tutorial's `show_json` does), plus a few local fields the API never had: when a
 * thread was last active, and the ids the same object has on remote servers (`remote_ids`).
 *
 * The types in `domain.ts` are inferred from these schemas; the IPC contract builds its request
 * schemas from them; main validates with them. Nothing restates a shape written here.
 */

// ---- scalars ----

/** Unix time in whole seconds, as every `*_at` field of the Assistants API. */
export const unixSecondsSchema = z.number().int().nonnegative()

/** Up to 16 string pairs, as the API's `metadata`. */
export const metadataSchema = z
  .record(z.string().max(64), z.string().max(512))
  .refine((value) => Object.keys(value).length <= 16, 'at most 16 metadata pairs')

/** Ids of the same object on remote servers, keyed by the connection that created them. */
export const remoteIdsSchema = z.record(z.string(), z.string())

/**
 * A JSON object of at most `maxLength` characters once serialized (a tool's parameter schema, a
 * response format's schema): free in shape, bounded in size, like every field that can grow.
 */
export const boundedJsonObject = (maxLength: number) =>
  z.record(z.string(), z.unknown()).refine((value) => jsonLength(value) <= maxLength, `at most ${maxLength} characters of JSON`)

/** Infinity for what JSON cannot hold (a cycle, a BigInt), which IPC's structured clone can carry. */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value).length
  } catch {
    return Infinity
  }
}

const idWithPrefix = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,64}$`), `must be an id starting with "${prefix}_"`)

export const assistantIdSchema = idWithPrefix('asst')
export const threadIdSchema = idWithPrefix('thread')
export const messageIdSchema = idWithPrefix('msg')
export const runIdSchema = idWithPrefix('run')
export const stepIdSchema = idWithPrefix('step')
export const connectionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a connection id')

// ---- assistants ----

export const functionDefinitionSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only, up to 64'),
  description: z.string().max(1024).optional(),
  parameters: boundedJsonObject(64 * 1024).optional(),
  strict: z.boolean().nullable().optional(),
})

export const assistantToolSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('code_interpreter') }),
  z.object({ type: z.literal('file_search') }),
  z.object({ type: z.literal('function'), function: functionDefinitionSchema }),
])

export const responseFormatSchema = z.union([
  z.literal('auto'),
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().min(1).max(64),
      description: z.string().optional(),
      schema: boundedJsonObject(64 * 1024).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
])

export const reasoningEffortSchema = z.enum(['minimal', 'low', 'medium', 'high'])

/** What a user sets on an assistant. */
const assistantFields = {
  name: z.string().max(256).nullable(),
  description: z.string().max(512).nullable(),
  model: z.string().trim().min(1).max(256),
  instructions: z.string().max(256_000).nullable(),
  tools: z.array(assistantToolSchema).max(128),
  temperature: z.number().min(0).max(2).nullable(),
  top_p: z.number().min(0).max(1).nullable(),
  response_format: responseFormatSchema.nullable(),
  reasoning_effort: reasoningEffortSchema.nullable(),
  metadata: metadataSchema,
  /** The connection it runs on; null for the default one. */
  connection_id: connectionIdSchema.nullable(),
}

export const assistantSchema = z.object({
  id: assistantIdSchema,
  object: z.literal('assistant'),
  created_at: unixSecondsSchema,
  ...assistantFields,
  remote_ids: remoteIdsSchema,
})

/** Creating an assistant: only the model is required, as in the API. */
export const assistantCreateSchema = z
  .object(assistantFields)
  .partial()
  .required({ model: true })
  .strict()

/** Changing an assistant: any of its fields. */
export const assistantPatchSchema = z.object(assistantFields).partial().strict()

export const assistantDeletedSchema = z.object({ id: assistantIdSchema, object: z.literal('assistant.deleted'), deleted: z.literal(true) })

// ---- threads ----

export const threadSchema = z.object({
  id: threadIdSchema,
  object: z.literal('thread'),
  created_at: unixSecondsSchema,
  /** The API's metadata; TutorDesk keeps the thread's `title` and `pinned` ("true"/"false") here. */
  metadata: metadataSchema,
  tool_resources: z.null(),
  /** The assistant this thread talks to by default. */
  assistant_id: assistantIdSchema.nullable(),
  /** When the thread last changed: created, or a message added. Threads list sorts by this. */
  last_activity_at: unixSecondsSchema,
  remote_ids: remoteIdsSchema,
})

export const threadTitleSchema = z.string().trim().max(256)
/** A thread's own model: null goes back to the assistant's. */
export const threadModelSchema = assistantFields.model.nullable()

export const threadCreateSchema = z
  .object({ assistant_id: assistantIdSchema.nullable().optional(), title: threadTitleSchema.optional(), metadata: metadataSchema.optional() })
  .strict()

export const threadDeletedSchema = z.object({ id: threadIdSchema, object: z.literal('thread.deleted'), deleted: z.literal(true) })

// ---- messages ----

const imageDetailSchema = z.enum(['auto', 'low', 'high'])

export const textAnnotationSchema = z.object({
  type: z.enum(['file_citation', 'file_path']),
  text: z.string(),
  start_index: z.number().int(),
  end_index: z.number().int(),
  file_citation: z.object({ file_id: z.string() }).optional(),
  file_path: z.object({ file_id: z.string() }).optional(),
})

export const messageContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.object({ value: z.string(), annotations: z.array(textAnnotationSchema) }) }),
  z.object({ type: z.literal('image_url'), image_url: z.object({ url: z.string(), detail: imageDetailSchema.optional() }) }),
  z.object({ type: z.literal('image_file'), image_file: z.object({ file_id: z.string(), detail: imageDetailSchema.optional() }) }),
  z.object({ type: z.literal('refusal'), refusal: z.string() }),
])

export const messageRoleSchema = z.enum(['user', 'assistant'])
export const messageStatusSchema = z.enum(['in_progress', 'incomplete', 'completed'])

/**
 * The versions of a message: the messages with the same parent (an edited question and the
 * question it replaced; a regenerated reply and the earlier replies). `index` counts from 1,
 * oldest first; `previous_id`/`next_id` are the neighbouring versions, to switch to.
 */
export const messageVersionsSchema = z.object({
  index: z.number().int().min(1),
  count: z.number().int().min(1),
  previous_id: messageIdSchema.nullable(),
  next_id: messageIdSchema.nullable(),
})

export const messageSchema = z.object({
  id: messageIdSchema,
  object: z.literal('thread.message'),
  created_at: unixSecondsSchema,
  thread_id: threadIdSchema,
  status: messageStatusSchema,
  incomplete_details: z.object({ reason: z.enum(['content_filter', 'max_tokens', 'run_cancelled', 'run_expired', 'run_failed']) }).nullable(),
  completed_at: unixSecondsSchema.nullable(),
  incomplete_at: unixSecondsSchema.nullable(),
  role: messageRoleSchema,
  content: z.array(messageContentSchema),
  assistant_id: assistantIdSchema.nullable(),
  run_id: runIdSchema.nullable(),
  attachments: z.array(z.object({ file_id: z.string(), tools: z.array(z.object({ type: z.enum(['code_interpreter', 'file_search']) })) })),
  metadata: metadataSchema,
  remote_ids: remoteIdsSchema,
  /** The message before this one on its path (null for a thread's first); see messageVersionsSchema. */
  parent_id: messageIdSchema.nullable().optional(),
  /** Where this message stands among its versions (when there is more than one). */
  versions: messageVersionsSchema.optional(),
})

// The limits live in limits.ts (no zod), where the renderer reads them too.
export { maxImageDataUrlLength, maxImagesPerMessage }

/** What a person writes: plain text, or parts (text, and images as data: URLs). */
export const messageContentInputSchema = z.union([
  z.string().min(1).max(256_000),
  z
    .array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('text'), text: z.string().max(256_000) }),
        z.object({
          type: z.literal('image_url'),
          image_url: z.object({
            // Images the user attaches travel as data: URLs of base64; remote images are never fetched.
            url: z
              .string()
              .max(maxImageDataUrlLength, `an image may be at most ${maxImageDataUrlLength / 1024 / 1024} MB as a data: URL`)
              .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a base64 data:image URL (png, jpeg, gif or webp)'),
            detail: imageDetailSchema.optional(),
          }),
        }),
      ]),
    )
    .min(1)
    .max(32)
    .refine((parts) => parts.filter((part) => part.type === 'image_url').length <= maxImagesPerMessage, `at most ${maxImagesPerMessage} images per message`),
])

export const messageCreateSchema = z
  .object({
    thread_id: threadIdSchema,
    role: messageRoleSchema,
    content: messageContentInputSchema,
    metadata: metadataSchema.optional(),
  })
  .strict()

/** An edited question: saved as a new version beside the one it replaces (that one is kept). */
export const messageEditSchema = z
  .object({
    thread_id: threadIdSchema,
    message_id: messageIdSchema,
    content: messageContentInputSchema,
  })
  .strict()

/** A message of a thread, for an action on it (show this version, delete, regenerate). */
export const messageRefSchema = z.object({ thread_id: threadIdSchema, message_id: messageIdSchema }).strict()

export const messageDeletedSchema = z.object({
  id: messageIdSchema,
  object: z.literal('thread.message.deleted'),
  deleted: z.literal(true),
  /** Every message that went (a question takes its replies with it). */
  deleted_ids: z.array(messageIdSchema),
})

// ---- runs and their steps ----

export const runStatusSchema = z.enum(['queued', 'in_progress', 'requires_action', 'cancelling', 'cancelled', 'failed', 'completed', 'incomplete', 'expired'])

export const usageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
})

/**
 * Why a run failed: a stable code and its parameters, which the renderer words in the user's
 * language (see errors.ts), and main's English sentence, kept for the log and the JSON view.
 */
export const runErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
})

export const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string(), output: z.string().nullable() }),
})

/**
 * A run waiting before its request goes again, because the server said to (a 429 rate limit, or a
 * busy server's 503 with retry-after): why, as an error code and its parameters the renderer
 * words, and when it goes again (unix milliseconds, for a countdown).
 */
export const runRetryWaitSchema = z.object({
  code: z.enum(['rate_limit_exceeded', 'server_error']),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  retry_at_ms: z.number().int().nonnegative(),
})

/** One entry of a run's status history: a status, and when it began. */
export const runStatusChangeSchema = z.object({ status: runStatusSchema, at: unixSecondsSchema })

export const runSchema = z.object({
  id: runIdSchema,
  object: z.literal('thread.run'),
  created_at: unixSecondsSchema,
  thread_id: threadIdSchema,
  assistant_id: assistantIdSchema,
  status: runStatusSchema,
  required_action: z.object({ type: z.literal('submit_tool_outputs'), submit_tool_outputs: z.object({ tool_calls: z.array(toolCallSchema) }) }).nullable(),
  last_error: runErrorSchema.nullable(),
  expires_at: unixSecondsSchema.nullable(),
  started_at: unixSecondsSchema.nullable(),
  cancelled_at: unixSecondsSchema.nullable(),
  failed_at: unixSecondsSchema.nullable(),
  completed_at: unixSecondsSchema.nullable(),
  incomplete_details: z.object({ reason: z.string() }).nullable(),
  model: assistantFields.model,
  instructions: assistantFields.instructions,
  tools: assistantFields.tools,
  metadata: metadataSchema,
  usage: usageSchema.nullable(),
  temperature: assistantFields.temperature,
  top_p: assistantFields.top_p,
  response_format: assistantFields.response_format,
  reasoning_effort: assistantFields.reasoning_effort,
  /** Local: the connection (and so the backend) that executes it. */
  connection_id: connectionIdSchema,
  /** Local: the run this one retries, if any. */
  retry_of: runIdSchema.nullable(),
  /** Local: why a queued run has not started — it waits for the connection to return. */
  waiting_for: z.literal('connection').nullable(),
  /**
   * Local: every status the run has had, in order, with when it began (queued first; a round of
   * tool calls adds requires_action then in_progress). The API's `*_at` fields keep only some of
   * these times (none for cancelling, incomplete or expired). Absent on runs recorded before it.
   */
  status_history: z.array(runStatusChangeSchema).optional(),
  /**
   * Local: how many times the run was saved since it was created (0). Sightings of a run reach the
   * page in any order (the reply to runs:create, events); the higher revision is the newer one.
   */
  revision: z.number().int().nonnegative().optional(),
  remote_ids: remoteIdsSchema,
  /** Local: the user message this run answers (the thread's newest when it was asked for; a retry keeps its original's). Absent on runs recorded before it. */
  question_id: messageIdSchema.nullable().optional(),
  /** Local: the server asked TutorDesk to wait (a rate limit), and the request goes again by itself then; null once it has. */
  retry_wait: runRetryWaitSchema.nullable().optional(),
})

/** Starting a run: the thread, and (as in the API) overrides of the assistant's settings. */
export const runCreateSchema = z
  .object({
    thread_id: threadIdSchema,
    // Defaults to the thread's assistant.
    assistant_id: assistantIdSchema.optional(),
    model: assistantFields.model.optional(),
    instructions: assistantFields.instructions.optional(),
    additional_instructions: z.string().max(256_000).nullable().optional(),
    tools: assistantFields.tools.optional(),
    temperature: assistantFields.temperature.optional(),
    top_p: assistantFields.top_p.optional(),
  })
  .strict()

export const runStepDetailsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_creation'), message_creation: z.object({ message_id: messageIdSchema }) }),
  z.object({ type: z.literal('tool_calls'), tool_calls: z.array(toolCallSchema) }),
])

export const runStepSchema = z.object({
  id: stepIdSchema,
  object: z.literal('thread.run.step'),
  created_at: unixSecondsSchema,
  assistant_id: assistantIdSchema,
  thread_id: threadIdSchema,
  run_id: runIdSchema,
  type: z.enum(['message_creation', 'tool_calls']),
  status: z.enum(['in_progress', 'cancelled', 'failed', 'completed', 'expired']),
  step_details: runStepDetailsSchema,
  last_error: runErrorSchema.nullable(),
  expired_at: unixSecondsSchema.nullable(),
  cancelled_at: unixSecondsSchema.nullable(),
  failed_at: unixSecondsSchema.nullable(),
  completed_at: unixSecondsSchema.nullable(),
  metadata: metadataSchema,
  usage: usageSchema.nullable(),
})

// ---- lists ----

const listLimitSchema = z.number().int().min(1).max(100)
const listOrderSchema = z.enum(['asc', 'desc'])

/** A page of a thread's messages, as the API lists them: newest first by default, with cursors. */
export const messageListQuerySchema = z
  .object({
    thread_id: threadIdSchema,
    limit: listLimitSchema.default(20),
    order: listOrderSchema.default('desc'),
    after: messageIdSchema.optional(),
    before: messageIdSchema.optional(),
    run_id: runIdSchema.optional(),
  })
  .strict()

export const runListQuerySchema = z
  .object({
    thread_id: threadIdSchema,
    limit: listLimitSchema.default(20),
    order: listOrderSchema.default('desc'),
    after: runIdSchema.optional(),
    before: runIdSchema.optional(),
  })
  .strict()

/** Threads by last activity, pinned first; `after` continues from the previous page's last thread. */
export const threadListQuerySchema = z
  .object({
    assistant_id: assistantIdSchema.optional(),
    limit: listLimitSchema.default(100),
    after: threadIdSchema.optional(),
  })
  .strict()

export const threadSearchQuerySchema = z
  .object({ query: z.string().trim().min(1).max(500), limit: z.number().int().min(1).max(100).default(30) })
  .strict()
