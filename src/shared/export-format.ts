import { z } from 'zod'
import { assistantSchema, messageIdSchema, messageSchema, runSchema, runStepSchema, threadIdSchema, threadSchema, unixSecondsSchema } from './domain-schemas'
import { uiLanguages } from './language'
import { maxImportChars } from './limits'

/**
 * TutorDesk's own export file: threads with their messages (images inside, as data: URLs), runs
 * and run steps, every time kept, and the assistants they name. Versioned: an importer refuses a
 * version it does not know. The objects are the domain's own schemas, so an export holds what
 * the app holds, and an import checks every object as main checks what it stores.
 *
 * Never in it: API keys, connection URLs or any setting; only ids of connections.
 */
export const exportFormatName = 'tutordesk.export'
export const exportFormatVersion = 1

/**
 * Which messages a thread shows, among all their versions (edits, replies written again): each
 * message names its `parent_id`; `shown` lists the visible path, `selected` the version each
 * branch last showed. Absent (an export from before versions), the messages are one path.
 */
export const exportedTreeSchema = z.object({ shown: z.array(messageIdSchema), selected: z.array(messageIdSchema) }).strict()

export const exportedThreadSchema = z
  .object({
    thread: threadSchema,
    messages: z.array(messageSchema),
    runs: z.array(runSchema),
    run_steps: z.array(runStepSchema),
    tree: exportedTreeSchema.optional(),
  })
  .strict()

/** Only the head, to say what a file is before checking its objects. */
export const exportHeadSchema = z.object({ format: z.literal(exportFormatName), version: z.number() })

export const exportFileSchema = z
  .object({
    format: z.literal(exportFormatName),
    version: z.literal(exportFormatVersion),
    exported_at: unixSecondsSchema,
    app: z.object({ name: z.string(), version: z.string() }),
    assistants: z.array(assistantSchema),
    threads: z.array(exportedThreadSchema),
  })
  .strict()

export type ExportedThread = z.infer<typeof exportedThreadSchema>
export type ExportFile = z.infer<typeof exportFileSchema>

export { maxImportChars }

export const exportFormats = ['json', 'markdown'] as const
export type ExportFormat = (typeof exportFormats)[number]

/**
 * One piece of an export, asked for again and again until `next_cursor` is null: main writes a
 * bounded page of text each time (a few thousand rows at most), so exporting everything never
 * holds its event loop for long. The renderer joins the pieces into the file it saves.
 */
export const exportChunkRequestSchema = z
  .object({
    format: z.enum(exportFormats),
    /** The threads to export, in this order; every thread when omitted. */
    thread_ids: z.array(threadIdSchema).min(1).max(10_000).optional(),
    /** Where the previous piece stopped; absent for the first. */
    cursor: z.string().max(1_000).optional(),
    /** Words of the Markdown file, in the user's language. */
    labels: z
      .object({
        you: z.string().max(100),
        assistant: z.string().max(100),
        untitled: z.string().max(200),
        created: z.string().max(100),
        image: z.string().max(100),
        imagesNotSent: z.string().max(200),
      })
      .strict()
      .optional(),
    language: z.enum(uiLanguages).optional(),
  })
  .strict()

export type ExportChunkRequest = z.input<typeof exportChunkRequestSchema>

export interface ExportChunk {
  text: string
  next_cursor: string | null
  /** Threads finished so far, of `total_threads`: for a progress line. */
  threads_done: number
  total_threads: number
}

export const importRequestSchema = z.object({ text: z.string().max(maxImportChars) }).strict()

export interface ImportResult {
  threads: number
  messages: number
  runs: number
  run_steps: number
  assistants: number
  /** The imported threads' ids here (new ones where the file's were taken). */
  thread_ids: string[]
}
