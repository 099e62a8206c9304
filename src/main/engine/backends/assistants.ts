import OpenAI, { toFile } from 'openai'
import type { MessageContentPartParam } from 'openai/resources/beta/threads/messages'
import type { AssistantStreamEvent, AssistantTool } from 'openai/resources/beta/assistants'
import type { Message as RemoteMessage } from 'openai/resources/beta/threads/messages'
import type { Run as RemoteRun, RunCreateParamsBase } from 'openai/resources/beta/threads/runs/runs'
import { messageText, type Message, type Run } from '../../../shared/domain'
import type { Backend, MessageRemoteId, RunContext, RunOutcome, RunSink, ToolCallRequest } from '../backend'
import { appQuitting, contextMessages, imageUrls, isImageRefusal } from '../backend'
import { AppError } from '../../../shared/errors'
import { pause } from '../../common/pause'
import { PollSchedule } from '../poll-schedule'
import { remoteRunError, streamInterrupted } from '../run-errors'

/**
 * The beta Assistants API, driven as the tutorial drives it: the assistant and thread live on
 * the server too (created once, their ids kept beside the local ones), each message is added
 * once, and a run is either streamed or created and polled (poll-schedule.ts says how often).
 * The server keeps runs, so one left going by a closed app is picked up again (resume).
 */
export const assistantsBackend: Backend = {
  async execute(runContext, sink) {
    const assistantId = await ensureRemoteAssistant(runContext, sink)
    const threadId = await ensureRemoteThread(runContext, sink)
    // From here on the history knows the remote ids of what was just sent.
    const context = { ...runContext, history: await sendUnsentMessages(runContext, threadId, sink) }
    const params: RunCreateParamsBase = { assistant_id: assistantId, ...runOverrides(context.run) }
    const remote: RemoteRunRef = { threadId }
    return stopRemoteRunOnFailure(context, remote, async () => {
      if (context.connection.assistantsMode === 'poll') {
        const created = await onFreeThread(context, threadId, () => context.client.beta.threads.runs.create(threadId, { ...params, stream: false }, { signal: context.signal }))
        remote.runId = created.id
        sink.rememberRunRemoteId(created.id)
        return pollUntilDone(context, sink, threadId, created.id)
      }
      const stream = await onFreeThread(context, threadId, () => context.client.beta.threads.runs.create(threadId, { ...params, stream: true }, { signal: context.signal }))
      return followStream(context, sink, remote, stream)
    })
  },

  async resume(context, sink) {
    const threadId = context.thread.remote_ids[context.run.connection_id]
    const runId = context.run.remote_ids[context.run.connection_id]
    if (!threadId || !runId) throw new AppError('interrupted', {}, 'This run cannot be picked up again on the server.')
    return stopRemoteRunOnFailure(context, { threadId, runId }, () => pollUntilDone(context, sink, threadId, runId))
  },
}

/** The server's run this run follows; its id is known once the server has said it. */
interface RemoteRunRef {
  threadId: string
  runId?: string
}

/**
 * Runs `follow`; if it ends in an error (the user cancelled while a request was in flight, a
 * stream was cut or unreadable, a request failed), the server's run is cancelled before the
 * error goes on: a run we no longer follow must not keep going there, or the next run on the
 * thread is refused ("already has an active run").
 */
async function stopRemoteRunOnFailure(context: RunContext, remote: RemoteRunRef, follow: () => Promise<RunOutcome>): Promise<RunOutcome> {
  try {
    return await follow()
  } catch (error) {
    // Quitting is no cancel: the server's run goes on, and the next start picks it up again.
    if (context.signal.reason === appQuitting) throw error
    const runId = remote.runId ?? (await activeRemoteRunId(context, remote.threadId))
    if (runId) await cancelRemote(context, remote.threadId, runId)
    throw error
  }
}

/**
 * Adds to the server's thread (a message, a run). A thread the server says is busy with an
 * earlier run (left going by a crash, or by a cancel the server never heard) is freed first:
 * that run is cancelled, and the request made once more.
 */
async function onFreeThread<T>(context: RunContext, threadId: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request()
  } catch (error) {
    const busyWith = error instanceof OpenAI.BadRequestError ? /(?:while a run|already has an active run) (run_[A-Za-z0-9_-]+)/.exec(error.message)?.[1] : undefined
    if (!busyWith) throw error
    await cancelRemote(context, threadId, busyWith)
    return request()
  }
}

/** The thread's newest run on the server, if it is still going (the abort may have landed after the server created it). */
async function activeRemoteRunId({ client }: RunContext, threadId: string): Promise<string | undefined> {
  try {
    const newest = (await client.beta.threads.runs.list(threadId, { limit: 1, order: 'desc' })).data[0]
    return newest && ['queued', 'in_progress', 'requires_action'].includes(newest.status) ? newest.id : undefined
  } catch {
    return undefined
  }
}

/** The server's copy of an assistant being created, shared by every run that needs it meanwhile. */
interface RemoteAssistantCreation {
  id: Promise<string>
  /** Aborted once no run waits for it any more. */
  controller: AbortController
  waiting: number
}

/**
 * Creations under way, by connection and local assistant. Runs started together on threads of
 * an assistant the server does not know yet (twenty at once, say) each saw no remote id and each
 * created the assistant: the server was left with twenty copies of it (found by the load test,
 * test/integration/load-streams.test.ts). Now the first run creates it and the others wait for
 * that one creation. A thread cannot race like this: it has one active run at a time.
 */
const remoteAssistantCreations = new Map<string, RemoteAssistantCreation>()

async function ensureRemoteAssistant({ client, assistant, run, signal }: RunContext, sink: RunSink): Promise<string> {
  const existing = assistant.remote_ids[run.connection_id]
  if (existing) return existing
  const key = JSON.stringify([run.connection_id, assistant.id])
  let creation = remoteAssistantCreations.get(key)
  if (!creation) {
    const controller = new AbortController()
    const id = client.beta.assistants
      .create(
        {
          model: run.model,
          name: assistant.name,
          description: assistant.description,
          instructions: assistant.instructions,
          tools: toAssistantTools(assistant.tools),
          metadata: { tutordesk_assistant_id: assistant.id },
        },
        { signal: controller.signal },
      )
      .then((created) => created.id)
    const started: RemoteAssistantCreation = { id, controller, waiting: 0 }
    creation = started
    remoteAssistantCreations.set(key, started)
    const forget = () => {
      if (remoteAssistantCreations.get(key) === started) remoteAssistantCreations.delete(key)
    }
    id.then(forget, forget)
    // Every run that waited has stopped (cancelled, or TutorDesk quits): the request stops too, as
    // it did when it was one run's; a run that comes later starts a creation of its own.
    controller.signal.addEventListener('abort', forget, { once: true })
  }
  const remoteId = await waitForCreation(creation, signal)
  // Each run remembers it in its own store (the same value each time).
  sink.rememberAssistantRemoteId(remoteId)
  return remoteId
}

/** The creation's remote id; the run's abort stops its wait at once, and the creation when it was the last waiting. */
function waitForCreation(creation: RemoteAssistantCreation, signal: AbortSignal): Promise<string> {
  signal.throwIfAborted()
  creation.waiting++
  return new Promise((resolve, reject) => {
    let waiting = true
    const stopWaiting = () => {
      if (!waiting) return false
      waiting = false
      signal.removeEventListener('abort', onAbort)
      creation.waiting--
      return true
    }
    const onAbort = () => {
      if (!stopWaiting()) return
      if (creation.waiting === 0) creation.controller.abort(signal.reason)
      reject(signal.reason as Error)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    creation.id.then(
      (id) => stopWaiting() && resolve(id),
      (error: unknown) => stopWaiting() && reject(error as Error),
    )
  })
}

async function ensureRemoteThread({ client, thread, run, signal }: RunContext, sink: RunSink): Promise<string> {
  const existing = thread.remote_ids[run.connection_id]
  if (existing) return existing
  const created = await client.beta.threads.create({ metadata: { tutordesk_thread_id: thread.id } }, { signal })
  sink.rememberThreadRemoteId(created.id)
  return created.id
}

/**
 * How long the remote ids of messages just added may wait to be recorded together. A history
 * never sent (a long thread moved to this connection) goes one message per request; against a
 * server that answers in a millisecond (a local one), a commit for each kept main busy with
 * fsyncs as long as the history took to send.
 */
const remoteIdRecordWindowMs = 100

/**
 * Adds each message the server does not have yet, in order, recording the remote ids it gets
 * at most `remoteIdRecordWindowMs` later (in one commit per window), and always before this
 * returns or throws. If the app dies meanwhile, what was recorded is still true; the messages of
 * the last window are sent again by the next run. Returns the history with the remote ids.
 */
async function sendUnsentMessages(context: RunContext, threadId: string, sink: RunSink): Promise<Message[]> {
  const { history, run } = context
  const sent = new Map<string, string>()
  const unrecorded: MessageRemoteId[] = []
  let recordedAt = performance.now()
  const record = () => {
    sink.messagesSynced(unrecorded.splice(0))
    recordedAt = performance.now()
  }
  try {
    for (const message of contextMessages(history)) {
      if (message.remote_ids[run.connection_id]) continue
      const remoteId = await sendMessage(context, threadId, message, sink)
      sent.set(message.id, remoteId)
      unrecorded.push({ messageId: message.id, remoteId })
      if (performance.now() - recordedAt >= remoteIdRecordWindowMs) record()
    }
  } finally {
    record()
  }
  return history.map((message) => {
    const remoteId = sent.get(message.id)
    return remoteId ? { ...message, remote_ids: { ...message.remote_ids, [run.connection_id]: remoteId } } : message
  })
}

/** Adds one message to the server's thread, with its images where the server takes them; returns its remote id. */
async function sendMessage(context: RunContext, threadId: string, message: Message, sink: RunSink): Promise<string> {
  const { client, signal } = context
  const text = messageText(message.content) || ' '
  const send = (content: string | MessageContentPartParam[]) =>
    onFreeThread(context, threadId, () => client.beta.threads.messages.create(threadId, { role: message.role, content }, { signal }))
  const images = message.role === 'user' ? await uploadImages(context, message) : undefined
  let created: RemoteMessage
  if (images === 'not_sent') {
    sink.imagesNotSent(message.id)
    created = await send(text)
  } else if (images && images.length > 0) {
    try {
      created = await send([{ type: 'text', text }, ...images.map((image) => ({ type: 'image_file' as const, image_file: image }))])
    } catch (error) {
      if (!isImageRefusal(error)) throw error
      sink.imagesNotSent(message.id)
      created = await send(text)
    }
  } else {
    created = await send(text)
  }
  return created.id
}

/**
 * The Assistants API takes a message's images as files: each is uploaded (purpose "vision") and
 * the message refers to it by `image_file`. A server without a files API, or that refuses the
 * upload, cannot take them: 'not_sent'. A network failure goes on as the run's failure.
 */
async function uploadImages({ client, signal }: RunContext, message: Message): Promise<{ file_id: string; detail: 'auto' | 'low' | 'high' }[] | 'not_sent'> {
  const images = imageUrls(message)
  const uploaded: { file_id: string; detail: 'auto' | 'low' | 'high' }[] = []
  for (const [index, image] of images.entries()) {
    const parsed = /^data:(image\/(png|jpeg|gif|webp));base64,(.*)$/s.exec(image.url)
    if (!parsed) return 'not_sent'
    const [, type, extension, base64] = parsed as unknown as [string, string, string, string]
    const file = await toFile(Buffer.from(base64, 'base64'), `${message.id}-${index + 1}.${extension === 'jpeg' ? 'jpg' : extension}`, { type })
    try {
      const created = await client.files.create({ file, purpose: 'vision' }, { signal })
      uploaded.push({ file_id: created.id, detail: image.detail })
    } catch (error) {
      if (error instanceof OpenAI.APIError && typeof error.status === 'number' && [400, 404, 405, 415, 422, 501].includes(error.status)) return 'not_sent'
      throw error
    }
  }
  return uploaded
}

// The run carries the assistant's current settings, so the remote assistant never goes stale.
function runOverrides(run: Run): Omit<RunCreateParamsBase, 'assistant_id'> {
  return {
    model: run.model,
    instructions: run.instructions,
    tools: toAssistantTools(run.tools),
    temperature: run.temperature,
    top_p: run.top_p,
    ...(run.response_format ? { response_format: run.response_format } : {}),
    ...(run.reasoning_effort ? { reasoning_effort: run.reasoning_effort } : {}),
  }
}

function toAssistantTools(tools: Run['tools']): AssistantTool[] {
  return tools.map((tool) =>
    tool.type === 'function'
      ? { type: 'function', function: { name: tool.function.name, description: tool.function.description, parameters: tool.function.parameters, strict: tool.function.strict ?? null } }
      : tool,
  )
}

/** The tutorial's loop, without its fixed sleep: retrieve, act on the status, wait as poll-schedule.ts says. */
async function pollUntilDone(context: RunContext, sink: RunSink, threadId: string, runId: string): Promise<RunOutcome> {
  const { client, signal } = context
  const schedule = new PollSchedule()
  for (;;) {
    if (signal.aborted) return cancelRemote(context, threadId, runId)
    const { data: remote, response } = await client.beta.threads.runs.retrieve(runId, { thread_id: threadId }, { signal }).withResponse()
    switch (remote.status) {
      case 'queued':
      case 'cancelling':
        break
      case 'in_progress':
        sink.inProgress({ runId })
        break
      case 'requires_action': {
        sink.inProgress({ runId })
        const outputs = await sink.toolCalls(toolCallsOf(remote))
        await client.beta.threads.runs.submitToolOutputs(
          runId,
          { thread_id: threadId, tool_outputs: toToolOutputs(outputs) },
          { signal },
        )
        schedule.restart()
        continue
      }
      default:
        sink.inProgress({ runId })
        await bringRepliesHome(context, sink, threadId, remote)
        return outcomeOf(remote, sink, context.host)
    }
    await pause(schedule.next(response.headers.get('openai-poll-after-ms')), signal)
  }
}

/**
 * The reply messages of a finished run: the run's steps say which messages it created, and
 * `messages.list(order: asc, after: <last message we sent>)` fetches them, as in the tutorial.
 */
async function bringRepliesHome({ client, history, run, signal }: RunContext, sink: RunSink, threadId: string, remote: RemoteRun): Promise<void> {
  const created: string[] = []
  for await (const step of client.beta.threads.runs.steps.list(remote.id, { thread_id: threadId, order: 'asc' }, { signal })) {
    if (step.step_details.type === 'message_creation') created.push(step.step_details.message_creation.message_id)
  }
  if (created.length === 0) return
  const alreadyHome = new Set(history.map((message) => message.remote_ids[run.connection_id]).filter(Boolean))
  const lastSent = [...history].reverse().find((message) => message.remote_ids[run.connection_id])?.remote_ids[run.connection_id]
  const replies: RemoteMessage[] = []
  for await (const message of client.beta.threads.messages.list(threadId, { order: 'asc', ...(lastSent ? { after: lastSent } : {}) }, { signal })) {
    if (created.includes(message.id) && !alreadyHome.has(message.id)) replies.push(message)
  }
  for (const message of replies) {
    sink.messageStarted(message.id)
    sink.messageDone({ text: remoteText(message), status: message.status === 'incomplete' ? 'incomplete' : 'completed' })
  }
}

async function followStream(
  context: RunContext,
  sink: RunSink,
  remote: RemoteRunRef,
  firstStream: AsyncIterable<AssistantStreamEvent>,
): Promise<RunOutcome> {
  const { client, signal } = context
  const { threadId } = remote
  let stream = firstStream
  let runId = ''
  for (;;) {
    let pausedFor: RemoteRun | undefined
    let finished: RemoteRun | undefined
    // Left as soon as the run pauses or ends: what follows is only the stream's `done`, and
    // waiting for it would show the run's end later than the server gave it.
    events: for await (const event of stream) {
      switch (event.event) {
        case 'thread.run.created':
        case 'thread.run.queued':
          runId = remote.runId = event.data.id
          sink.rememberRunRemoteId(runId)
          break
        case 'thread.run.in_progress':
          runId = remote.runId = event.data.id
          sink.inProgress({ runId })
          break
        case 'thread.message.created':
          sink.messageStarted(event.data.id)
          break
        case 'thread.message.delta':
          for (const part of event.data.delta.content ?? []) {
            if (part.type === 'text' && part.text?.value) sink.textDelta(part.text.value)
          }
          break
        case 'thread.message.completed':
        case 'thread.message.incomplete':
          sink.messageDone({ text: remoteText(event.data), status: event.event === 'thread.message.incomplete' ? 'incomplete' : 'completed' })
          break
        case 'thread.run.requires_action':
          pausedFor = event.data
          break events
        case 'thread.run.completed':
        case 'thread.run.incomplete':
        case 'thread.run.failed':
        case 'thread.run.cancelled':
        case 'thread.run.expired':
          finished = event.data
          break events
        default:
          break
      }
    }
    if (signal.aborted) return runId ? cancelRemote(context, threadId, runId) : { status: 'cancelled' }
    if (finished) return outcomeOf(finished, sink, context.host)
    if (!pausedFor) {
      throw streamInterrupted()
    }
    const outputs = await sink.toolCalls(toolCallsOf(pausedFor))
    stream = await client.beta.threads.runs.submitToolOutputs(
      pausedFor.id,
      { thread_id: threadId, tool_outputs: toToolOutputs(outputs), stream: true },
      { signal },
    )
  }
}

/** Asks the server to stop the run and waits (briefly) until it says it has — unless TutorDesk is quitting. */
async function cancelRemote({ client, signal }: RunContext, threadId: string, runId: string): Promise<RunOutcome> {
  if (signal.reason === appQuitting) return { status: 'cancelled' }
  try {
    let remote = await client.beta.threads.runs.cancel(runId, { thread_id: threadId })
    for (let attempt = 0; remote.status === 'cancelling' && attempt < 20; attempt++) {
      await pause(100)
      remote = await client.beta.threads.runs.retrieve(runId, { thread_id: threadId })
    }
  } catch {
    // The local run is cancelled whatever the server says; it may already have finished.
  }
  return { status: 'cancelled' }
}

function outcomeOf(remote: RemoteRun, sink: RunSink, host: string): RunOutcome {
  if (remote.usage) sink.usage(remote.usage)
  switch (remote.status) {
    case 'completed':
      return { status: 'completed' }
    case 'incomplete':
      return { status: 'incomplete', reason: remote.incomplete_details?.reason ?? 'max_completion_tokens' }
    case 'cancelled':
      return { status: 'cancelled' }
    case 'expired':
      return { status: 'expired' }
    default:
      return { status: 'failed', error: remoteRunError(remote.last_error?.code, remote.last_error?.message, host).toData() }
  }
}

function toolCallsOf(remote: RemoteRun): ToolCallRequest[] {
  return (remote.required_action?.submit_tool_outputs.tool_calls ?? []).map((call) => ({
    callId: call.id,
    name: call.function.name,
    arguments: call.function.arguments,
  }))
}

function toToolOutputs(outputs: { callId: string; output: string }[]): { tool_call_id: string; output: string }[] {
  return outputs.map((output) => ({ tool_call_id: output.callId, output: output.output }))
}

function remoteText(message: Pick<RemoteMessage, 'content'>): string {
  return message.content.map((part) => (part.type === 'text' ? part.text.value : part.type === 'refusal' ? part.refusal : '')).join('')
}
