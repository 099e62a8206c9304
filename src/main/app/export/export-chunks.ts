import { z } from 'zod'
import { imagesWereNotSent, messageText, threadTitle, type Assistant, type Message, type Thread } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { exportFormatName, exportFormatVersion, type ExportChunk, type ExportChunkRequest } from '../../../shared/export-format'
import type { ExportReader, StoredRow } from '../../store/export-store'

/**
 * An export, written a piece at a time. Each call reads at most `rowsPerChunk` rows (and about
 * `charsPerChunk` characters of them) and returns their text with a cursor saying where to go
 * on; the renderer asks again until the cursor is null and joins the pieces. So exporting
 * 200,000 messages is hundreds of short calls, and main's event loop serves other requests
 * (and the window) between them. Rows are written as stored: no parse and stringify again.
 */
export const rowsPerChunk = 500
export const charsPerChunk = 2 * 1024 * 1024

const cursorSchema = z.object({
  stage: z.enum(['next', 'messages', 'runs', 'steps']),
  /** The current thread's seq (the next thread is the first after it). */
  threadSeq: z.number().int().nonnegative(),
  threadId: z.string().max(100),
  /** The last row written in the current stage. */
  after: z.number().int().nonnegative(),
  threadsDone: z.number().int().nonnegative(),
})
type Cursor = z.infer<typeof cursorSchema>

export interface ExportContext {
  reader: ExportReader
  now: () => number
  app: { name: string; version: string }
}

export function exportChunk({ reader, now, app }: ExportContext, request: ExportChunkRequest): ExportChunk {
  const ids = request.thread_ids
  const total = reader.countThreads(ids)
  const parts: string[] = []
  let cursor: Cursor
  if (request.cursor === undefined) {
    cursor = { stage: 'next', threadSeq: 0, threadId: '', after: 0, threadsDone: 0 }
    if (request.format === 'json') {
      const head = { format: exportFormatName, version: exportFormatVersion, exported_at: Math.floor(now() / 1000), app }
      parts.push(`${JSON.stringify(head).slice(0, -1)},"assistants":${JSON.stringify(reader.assistantsOf(ids))},"threads":[`)
    }
  } else {
    cursor = parseCursor(request.cursor)
  }
  const markdown = request.format === 'markdown' ? new MarkdownWriter(request, reader) : undefined
  let rows = 0
  let chars = 0

  while (rows < rowsPerChunk && chars < charsPerChunk) {
    if (cursor.stage === 'next') {
      const next = reader.nextThread(cursor.threadSeq, ids)
      if (!next) {
        if (!markdown) parts.push(']}\n')
        return { text: parts.join(''), next_cursor: null, threads_done: cursor.threadsDone, total_threads: total }
      }
      cursor = { ...cursor, stage: 'messages', threadSeq: next.seq, threadId: next.thread.id, after: 0 }
      parts.push(markdown ? markdown.threadHead(next.thread, cursor.threadsDone) : `${cursor.threadsDone > 0 ? ',' : ''}{"thread":${JSON.stringify(next.thread)},"messages":[`)
      rows++
      continue
    }
    const limit = rowsPerChunk - rows
    const batch =
      cursor.stage === 'messages'
        ? reader.messages(cursor.threadId, cursor.after, limit, charsPerChunk - chars, { onlyShown: !!markdown })
        : cursor.stage === 'runs'
          ? reader.runs(cursor.threadId, cursor.after, limit)
          : reader.steps(cursor.threadId, cursor.after, limit)
    if (markdown) {
      if (cursor.stage === 'messages') for (const row of batch) parts.push(markdown.message(JSON.parse(row.json) as Message))
    } else {
      parts.push(jsonItems(batch, cursor.after === 0))
    }
    rows += batch.length
    chars += batch.reduce((sum, row) => sum + row.json.length, 0)
    if (batch.length > 0) cursor = { ...cursor, after: batch.at(-1)!.seq }
    // A short batch ends the stage (a batch cut short by the character budget is never empty, and says so).
    if (batch.length === limit || (batch as { cut?: boolean }).cut) continue
    if (markdown) {
      // Markdown shows the conversation; runs and steps are the JSON file's.
      cursor = { ...cursor, stage: 'next', after: 0, threadsDone: cursor.threadsDone + 1 }
    } else if (cursor.stage === 'messages') {
      parts.push('],"runs":[')
      cursor = { ...cursor, stage: 'runs', after: 0 }
    } else if (cursor.stage === 'runs') {
      parts.push('],"run_steps":[')
      cursor = { ...cursor, stage: 'steps', after: 0 }
    } else {
      // Which versions the thread shows: ids only, one read, after the thread's messages.
      parts.push(`],"tree":${JSON.stringify(reader.tree(cursor.threadId))}}`)
      cursor = { ...cursor, stage: 'next', after: 0, threadsDone: cursor.threadsDone + 1 }
    }
  }
  return { text: parts.join(''), next_cursor: JSON.stringify(cursor), threads_done: cursor.threadsDone, total_threads: total }
}

function parseCursor(text: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(text))
  } catch {
    throw new AppError('invalid_request', { channel: 'export:chunk' }, 'The export cursor is not one TutorDesk wrote.')
  }
}

function jsonItems(rows: StoredRow[], firstOfArray: boolean): string {
  if (rows.length === 0) return ''
  return (firstOfArray ? '' : ',') + rows.map((row) => row.json).join(',')
}

/**
 * The Markdown file: each thread's title and dates, then each message under who wrote it and
 * when, its text exactly as written (math stays LaTeX, `$…$` and all, as the user sees its
 * source), its images embedded as data: URLs so the file stands alone.
 */
class MarkdownWriter {
  private readonly labels: NonNullable<ExportChunkRequest['labels']>
  private readonly dates: Intl.DateTimeFormat
  private readonly assistants = new Map<string, Assistant | undefined>()

  constructor(
    request: ExportChunkRequest,
    private readonly reader: ExportReader,
  ) {
    this.labels = request.labels ?? { you: 'You', assistant: 'Assistant', untitled: 'Untitled thread', created: 'Created', image: 'Image', imagesNotSent: 'Images not sent' }
    this.dates = new Intl.DateTimeFormat(request.language ?? 'en', { dateStyle: 'medium', timeStyle: 'short' })
  }

  threadHead(thread: Thread, index: number): string {
    const title = threadTitle(thread).trim() || this.labels.untitled
    return `${index > 0 ? '\n\n' : ''}# ${escapeHeading(title)}\n\n_${this.labels.created}: ${this.date(thread.created_at)}_\n`
  }

  message(message: Message): string {
    const author = message.role === 'user' ? this.labels.you : (this.assistantName(message.assistant_id) ?? this.labels.assistant)
    const lines = [`\n## ${escapeHeading(author)} · ${this.date(message.created_at)}\n`]
    const text = messageText(message.content)
    if (text) lines.push(`${text}\n`)
    let image = 0
    for (const part of message.content) {
      if (part.type === 'image_url') lines.push(`![${this.labels.image} ${++image}](${part.image_url.url})\n`)
    }
    if (image > 0 && imagesWereNotSent(message)) lines.push(`_(${this.labels.imagesNotSent})_\n`)
    return lines.join('\n')
  }

  private date(seconds: number): string {
    return this.dates.format(new Date(seconds * 1000))
  }

  private assistantName(id: string | null): string | null {
    if (!id) return null
    if (!this.assistants.has(id)) this.assistants.set(id, this.reader.assistant(id))
    return this.assistants.get(id)?.name ?? null
  }
}

/** A title on one heading line: newlines folded, a leading # not read as a deeper heading. */
function escapeHeading(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/^#/, '\\#')
}
