import type { ZodError } from 'zod'
import { activeRunStatuses, type Assistant, type Message, type Run, type RunStep } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { exportFileSchema, exportFormatName, exportFormatVersion, exportHeadSchema, maxImportChars, type ExportFile, type ImportResult } from '../../../shared/export-format'
import { newId } from '../../common/ids'
import type { ConversationStore } from '../../store/conversation-store'
import { takenIds, writeImport, type ImportedThread } from '../../store/export-store'

/**
 * Restores an export (see shared/export-format.ts), all of it in one transaction or nothing.
 *
 * - The file is checked whole before anything is written: JSON, our format, a version we know,
 *   every object by the domain's schemas, and that its objects refer to each other (a message's
 *   thread and run, a step's run and message). A bad file is refused, naming what is wrong.
 * - Ids are kept when they are free here, so an export restored on a fresh install is the same
 *   threads, ids and all (and links and references to them still hold). A thread any of whose
 *   ids is taken (the same file imported twice, a thread still here) gets new ids throughout —
 *   thread, messages, runs, steps, and every reference between them — so nothing existing is
 *   ever overwritten or merged into.
 * - Remote ids are dropped: they name objects on a server (a Conversation, an Assistants
 *   thread) that belong to the conversation that was exported; the imported copy starts fresh
 *   on whatever server it next runs on, its whole history sent from here.
 * - A run the file shows still going (exported mid-reply) is imported as failed "interrupted",
 *   as a run TutorDesk closed on: nothing here is running it.
 * - Assistants the threads name are added when this install lacks them (their connection
 *   reset to the default one if it does not exist here); an assistant already here is left as it
 *   is. One set up exactly alike under another id (the Math Tutor each install starts with) is
 *   taken for the same: the threads go to it, not to a second "Math Tutor".
 */
export interface ImportContext {
  store: ConversationStore
  hasConnection(id: string): boolean
  now: () => number
}

export function importExportFile(context: ImportContext, text: string): ImportResult {
  const file = parseExportFile(text)
  checkReferences(file)
  return writeFile(context, file)
}

export function parseExportFile(text: string): ExportFile {
  if (text.length > maxImportChars) {
    throw new AppError('import_too_large', { max_mb: Math.round(maxImportChars / 1024 / 1024) }, 'The file is too large to import.')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new AppError('import_not_json', {}, 'The file is not JSON.')
  }
  const head = exportHeadSchema.safeParse(value)
  if (!head.success) throw new AppError('import_not_tutordesk', {}, `The file is not a TutorDesk export (no "format": "${exportFormatName}").`)
  if (head.data.version !== exportFormatVersion) {
    throw new AppError('import_unsupported_version', { version: head.data.version, supported: exportFormatVersion }, `Export version ${head.data.version} is not one this TutorDesk reads.`)
  }
  const parsed = exportFileSchema.safeParse(value)
  if (!parsed.success) throw invalid(parsed.error)
  return parsed.data
}

function invalid(error: ZodError): AppError {
  const issue = error.issues[0]
  const path = issue ? issue.path.map(String).join('.') : ''
  return new AppError('import_invalid', { path, detail: issue?.message ?? '' }, `The file has an invalid object at ${path}: ${issue?.message ?? ''}`)
}

function refusal(path: string, detail: string): AppError {
  return new AppError('import_invalid', { path, detail }, `The file has an invalid object at ${path}: ${detail}`)
}

/** Every reference inside a thread points inside it. */
function checkReferences(file: ExportFile): void {
  const seen = new Set<string>()
  file.threads.forEach((exported, index) => {
    const { thread, messages, runs, run_steps } = exported
    const at = `threads.${index}`
    if (seen.has(thread.id)) throw refusal(`${at}.thread.id`, 'the same thread twice')
    seen.add(thread.id)
    const runIds = new Set(runs.map((run) => run.id))
    const messageIds = new Set(messages.map((message) => message.id))
    const earlier = new Set<string>()
    messages.forEach((message, i) => {
      if (message.thread_id !== thread.id) throw refusal(`${at}.messages.${i}.thread_id`, 'not this thread')
      // A message follows one written before it (a version tree, in the order it grew).
      if (message.parent_id && !earlier.has(message.parent_id)) throw refusal(`${at}.messages.${i}.parent_id`, 'no such earlier message in this thread')
      earlier.add(message.id)
      if (message.run_id !== null && !runIds.has(message.run_id)) throw refusal(`${at}.messages.${i}.run_id`, 'no such run in this thread')
    })
    runs.forEach((run, i) => {
      if (run.thread_id !== thread.id) throw refusal(`${at}.runs.${i}.thread_id`, 'not this thread')
    })
    for (const key of ['shown', 'selected'] as const) {
      exported.tree?.[key].forEach((id, i) => {
        if (!messageIds.has(id)) throw refusal(`${at}.tree.${key}.${i}`, 'no such message in this thread')
      })
    }
    run_steps.forEach((step, i) => {
      if (step.thread_id !== thread.id) throw refusal(`${at}.run_steps.${i}.thread_id`, 'not this thread')
      if (!runIds.has(step.run_id)) throw refusal(`${at}.run_steps.${i}.run_id`, 'no such run in this thread')
      if (step.step_details.type === 'message_creation' && !messageIds.has(step.step_details.message_creation.message_id)) {
        throw refusal(`${at}.run_steps.${i}.step_details`, 'no such message in this thread')
      }
    })
    for (const id of [...messages.map((m) => m.id), ...runs.map((r) => r.id), ...run_steps.map((s) => s.id)]) {
      if (seen.has(id)) throw refusal(at, `the id ${id} appears twice`)
      seen.add(id)
    }
  })
}

function writeFile({ store, hasConnection, now }: ImportContext, file: ExportFile): ImportResult {
  const taken = takenIds(store, {
    threads: file.threads.map((t) => t.thread.id),
    messages: file.threads.flatMap((t) => t.messages.map((m) => m.id)),
    runs: file.threads.flatMap((t) => t.runs.map((r) => r.id)),
    steps: file.threads.flatMap((t) => t.run_steps.map((s) => s.id)),
    assistants: file.assistants.map((a) => a.id),
  })
  // An assistant this install has under another id, set up the same (the Math Tutor every
  // install starts with): the imported threads go to it, rather than to a second copy of it.
  const local = store.assistants.list().data
  const alias = new Map<string, string>()
  for (const assistant of file.assistants) {
    if (taken.has(assistant.id)) continue
    const same = local.find((here) => sameSetup(here, assistant))
    if (same) alias.set(assistant.id, same.id)
  }
  const assistantId = <T extends string | null>(id: T): T => (id === null ? id : ((alias.get(id) ?? id) as T))
  const assistants: Assistant[] = file.assistants
    .filter((assistant) => !taken.has(assistant.id) && !alias.has(assistant.id))
    .map((assistant) => ({
      ...assistant,
      remote_ids: {},
      connection_id: assistant.connection_id !== null && hasConnection(assistant.connection_id) ? assistant.connection_id : null,
    }))
  const knownAssistants = new Set([...file.assistants.map((a) => a.id)])
  const nowSeconds = Math.floor(now() / 1000)
  const threads = file.threads.map((exported) => {
    const ids = [exported.thread.id, ...exported.messages.map((m) => m.id), ...exported.runs.map((r) => r.id), ...exported.run_steps.map((s) => s.id)]
    const rename = ids.some((id) => taken.has(id)) ? renamer() : (id: string) => id
    return importedThread(exported, rename, assistantId, (id) => id !== null && (knownAssistants.has(id) || store.assistants.find(id) !== undefined), nowSeconds)
  })
  writeImport(store, assistants, threads)
  return {
    threads: threads.length,
    messages: threads.reduce((n, t) => n + t.messages.length, 0),
    runs: threads.reduce((n, t) => n + t.runs.length, 0),
    run_steps: threads.reduce((n, t) => n + t.run_steps.length, 0),
    assistants: assistants.length,
    thread_ids: threads.map((t) => t.thread.id),
  }
}

/** New ids for one thread's objects, the same new id for every mention of an old one. */
function renamer(): (id: string) => string {
  const names = new Map<string, string>()
  return (id) => {
    let name = names.get(id)
    if (!name) {
      const prefix = id.slice(0, id.indexOf('_')) as 'thread' | 'msg' | 'run' | 'step'
      name = newId(prefix)
      names.set(id, name)
    }
    return name
  }
}

/** Two assistants set up alike: name, model, instructions, tools and sampling. */
function sameSetup(a: Assistant, b: Assistant): boolean {
  const setup = (x: Assistant) => JSON.stringify([x.name, x.description, x.model, x.instructions, x.tools, x.temperature, x.top_p, x.response_format, x.reasoning_effort])
  return setup(a) === setup(b)
}

function importedThread(
  exported: ExportFile['threads'][number],
  rename: (id: string) => string,
  assistantId: <T extends string | null>(id: T) => T,
  assistantHere: (id: string | null) => boolean,
  nowSeconds: number,
): ImportedThread {
  const { thread } = exported
  const threadId = rename(thread.id)
  // An export from before versions: its messages are one path, each after the one before.
  const legacy = exported.tree === undefined
  const messages = exported.messages.map(
    (message, index): Message => ({
      ...message,
      id: rename(message.id),
      parent_id: legacy || message.parent_id === undefined ? (index > 0 ? rename(exported.messages[index - 1]!.id) : null) : message.parent_id && rename(message.parent_id),
      thread_id: threadId,
      run_id: message.run_id === null ? null : rename(message.run_id),
      assistant_id: assistantId(message.assistant_id),
      remote_ids: {},
      // A reply still being written when exported stays as far as it got.
      ...(message.status === 'in_progress' ? { status: 'incomplete' as const, incomplete_at: nowSeconds, incomplete_details: { reason: 'run_failed' as const } } : {}),
    }),
  )
  const runs = exported.runs.map((run): Run => {
    const imported: Run = {
      ...run,
      id: rename(run.id),
      thread_id: threadId,
      assistant_id: assistantId(run.assistant_id),
      retry_of: run.retry_of !== null && exported.runs.some((r) => r.id === run.retry_of) ? rename(run.retry_of) : run.retry_of,
      ...(run.question_id ? { question_id: exported.messages.some((m) => m.id === run.question_id) ? rename(run.question_id) : null } : {}),
      remote_ids: {},
    }
    if (!(activeRunStatuses as readonly string[]).includes(run.status)) return imported
    return {
      ...imported,
      status: 'failed',
      failed_at: nowSeconds,
      required_action: null,
      waiting_for: null,
      last_error: { code: 'interrupted', message: 'TutorDesk closed while the run was going.', params: {} },
      status_history: [...(run.status_history ?? []), { status: 'failed', at: nowSeconds }],
    }
  })
  const steps = exported.run_steps.map(
    (step): RunStep => ({
      ...step,
      id: rename(step.id),
      thread_id: threadId,
      assistant_id: assistantId(step.assistant_id),
      run_id: rename(step.run_id),
      step_details:
        step.step_details.type === 'message_creation' ? { type: 'message_creation', message_creation: { message_id: rename(step.step_details.message_creation.message_id) } } : step.step_details,
    }),
  )
  return {
    thread: { ...thread, id: threadId, assistant_id: assistantHere(thread.assistant_id) ? assistantId(thread.assistant_id) : null, remote_ids: {} },
    messages,
    runs,
    run_steps: steps,
    tree: legacy
      ? { shown: new Set(messages.map((m) => m.id)), selected: new Set(messages.map((m) => m.id)) }
      : { shown: new Set(exported.tree!.shown.map(rename)), selected: new Set(exported.tree!.selected.map(rename)) },
  }
}
