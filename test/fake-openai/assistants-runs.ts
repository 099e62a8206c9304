import type { AssistantStreamEvent } from 'openai/resources/beta/assistants'
import type { Message, MessageDeltaEvent, TextContentBlock } from 'openai/resources/beta/threads/messages'
import type { RequiredActionFunctionToolCall, Run, RunSubmitToolOutputsParamsBase } from 'openai/resources/beta/threads/runs/runs'
import type { FunctionToolCall, RunStep, RunStepDeltaEvent, ToolCallsStepDetails } from 'openai/resources/beta/threads/runs/steps'
import { ApiError, errors } from './http'
import { newId, unixSeconds } from './ids'
import type { Reply } from './responder'
import type { ServerRuntime } from './routing'
import { functionToolNames, newAssistantMessage, newStep, runContext, type StoredRun, type StoredThread } from './assistants-state'
import { deltaChunks, estimateTokens } from './tokens'

/**
 * The run engine: moves a run through its statuses as the real API does, creating the run steps
 * and the assistant message on the way. A streamed run reports every change as an event; a
 * background run (not streamed) pauses `runStepDelayMs` between changes so a poller sees them.
 * The engine keeps going when a stream is cut, as the real API's runs do: from then on the run is
 * a background run like any other, paced the same way.
 */

export type Emit = (event: AssistantStreamEvent) => Promise<void>

type RunEvent = Extract<AssistantStreamEvent, { data: Run }>['event']
type StepEvent = Extract<AssistantStreamEvent, { data: RunStep }>['event']
type MessageEvent = Extract<AssistantStreamEvent, { data: Message }>['event']

/** Events carry copies: the objects go on changing while an event waits for its turn on the stream. */
const runEvent = (event: RunEvent, run: Run): AssistantStreamEvent => ({ event, data: structuredClone(run) })
const stepEvent = (event: StepEvent, step: RunStep): AssistantStreamEvent => ({ event, data: structuredClone(step) })
const messageEvent = (event: MessageEvent, message: Message): AssistantStreamEvent => ({ event, data: structuredClone(message) })

function whenAborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}

/** A function, not an inline comparison: the status changes behind the engine's back (a cancel request). */
function cancelRequested(run: Run): boolean {
  return run.status === 'cancelling'
}

/** One stretch of a run's progress: where it is, how to report it, how long to wait between changes. */
interface Drive {
  runtime: ServerRuntime
  thread: StoredThread
  stored: StoredRun
  emit: Emit
  pause(): Promise<void>
  /** Where the reply waits while a test holds replies (after its Nth piece); a cancel request ends the wait. */
  holdPoint(piecesSent: number): Promise<void>
}

/** A streamed run's stream: where events go, and the ones the endpoint opens it with. */
export interface RunStream {
  emit: Emit
  opening: AssistantStreamEvent[]
  /** False once the client has gone (it closed the stream, or the stream was cut). */
  connected(): boolean
}

/** Drives a `queued` run until it needs tool outputs or ends; streamed when given a stream. */
export async function driveRun(runtime: ServerRuntime, thread: StoredThread, stored: StoredRun, stream?: RunStream): Promise<void> {
  // A connected stream sets its own pace (one event after another); without one, a change waits
  // `runStepDelayMs` — also for a streamed run whose client left, or it would rush from queued to
  // completed at once and a poller taking over from the stream would never see it in progress.
  const pause = () =>
    stream?.connected() ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, runtime.runStepDelayMs()))
  const holdPoint = (piecesSent: number) => runtime.replyGate.pass(piecesSent, () => whenAborted(stored.cancel.signal))
  const drive: Drive = { runtime, thread, stored, emit: stream?.emit ?? (async () => {}), pause, holdPoint }
  const { run } = stored
  // Set before the first await: from here on a cancel request is the engine's to finish.
  stored.engineActive = true
  try {
    for (const event of stream?.opening ?? []) await drive.emit(event)
    await pause()
    if (cancelRequested(run)) return await finishCancelling(drive)
    run.status = 'in_progress'
    run.started_at = unixSeconds()
    await drive.emit(runEvent('thread.run.in_progress', run))
    await pause()
    if (cancelRequested(run)) return await finishCancelling(drive)

    const { history, promptTokens } = runContext(thread, stored)
    let reply: Reply
    try {
      reply = runtime.responder()({ api: 'assistants', model: run.model, instructions: run.instructions || null, history, tools: functionToolNames(run.tools) })
    } catch (error) {
      return await fail(drive, error)
    }
    if ('toolCalls' in reply) await requestToolCalls(drive, reply.toolCalls)
    else await writeMessage(drive, reply.text, promptTokens)
  } finally {
    stored.engineActive = false
  }
}

/** message_creation step + assistant message, the text streamed in pieces, then the run completes. */
async function writeMessage(drive: Drive, text: string, promptTokens: number): Promise<void> {
  const { thread, stored, emit } = drive
  const { run } = stored
  const message = newAssistantMessage(run)
  const step = newStep(run, { type: 'message_creation', message_creation: { message_id: message.id } })
  stored.steps.push(step)
  thread.messages.push(message)
  await emit(stepEvent('thread.run.step.created', step))
  await emit(stepEvent('thread.run.step.in_progress', step))
  await emit(messageEvent('thread.message.created', message))
  await emit(messageEvent('thread.message.in_progress', message))

  const block: TextContentBlock = { type: 'text', text: { value: '', annotations: [] } }
  message.content.push(block)
  for (const [index, piece] of deltaChunks(text).entries()) {
    if (cancelRequested(run)) return finishCancelling(drive)
    block.text.value += piece
    const delta = {
      id: message.id,
      object: 'thread.message.delta',
      delta: { content: [{ index: 0, type: 'text', text: { value: piece, ...(index === 0 ? { annotations: [] } : {}) } }] },
    } satisfies MessageDeltaEvent
    await emit({ event: 'thread.message.delta', data: delta })
    await drive.holdPoint(index + 1)
  }
  await drive.pause()
  if (cancelRequested(run)) return finishCancelling(drive)

  const now = unixSeconds()
  message.status = 'completed'
  message.completed_at = now
  completeStep(step, promptTokens, estimateTokens(text))
  endRun(drive, 'completed')
  await emit(messageEvent('thread.message.completed', message))
  await emit(stepEvent('thread.run.step.completed', step))
  await emit(runEvent('thread.run.completed', run))
}

/** tool_calls step (its calls streamed in as step deltas), then the run waits in `requires_action`. */
async function requestToolCalls(drive: Drive, calls: Extract<Reply, { toolCalls: unknown }>['toolCalls']): Promise<void> {
  const { stored, emit } = drive
  const { run } = stored
  const details: ToolCallsStepDetails = { type: 'tool_calls', tool_calls: [] }
  const step = newStep(run, details)
  stored.steps.push(step)
  await emit(stepEvent('thread.run.step.created', step))
  await emit(stepEvent('thread.run.step.in_progress', step))

  const required: RequiredActionFunctionToolCall[] = []
  for (const [index, { name, arguments: args }] of calls.entries()) {
    const call: FunctionToolCall = { id: newId('call_'), type: 'function', function: { name, arguments: '', output: null } }
    details.tool_calls.push(call)
    required.push({ id: call.id, type: 'function', function: { name, arguments: args } })
    await emit(stepDelta(step, { index, id: call.id, type: 'function', function: { name, arguments: '', output: null } }))
    for (const piece of deltaChunks(args)) {
      if (cancelRequested(run)) return finishCancelling(drive)
      call.function.arguments += piece
      await emit(stepDelta(step, { index, type: 'function', function: { arguments: piece } }))
    }
  }
  await drive.pause()
  if (cancelRequested(run)) return finishCancelling(drive)

  run.status = 'requires_action'
  run.required_action = { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: required } }
  await emit(runEvent('thread.run.requires_action', run))
}

type FunctionCallDelta = Extract<NonNullable<Extract<RunStepDeltaEvent['delta']['step_details'], { type: 'tool_calls' }>['tool_calls']>[number], { type: 'function' }>

function stepDelta(step: RunStep, toolCall: FunctionCallDelta): AssistantStreamEvent {
  const data = {
    id: step.id,
    object: 'thread.run.step.delta',
    delta: { step_details: { type: 'tool_calls', tool_calls: [toolCall] } },
  } satisfies RunStepDeltaEvent
  return { event: 'thread.run.step.delta', data }
}

/**
 * Takes a `requires_action` run's tool outputs: they complete the tool_calls step and the run goes
 * back to `queued` (the caller then drives it on). Answers the real API's 400s otherwise.
 */
export function acceptToolOutputs(thread: StoredThread, stored: StoredRun, toolOutputs: RunSubmitToolOutputsParamsBase['tool_outputs']): RunStep {
  const { run } = stored
  if (run.status !== 'requires_action' || !run.required_action) {
    throw new ApiError(400, errors.invalidRequest(`Runs in status "${run.status}" do not accept tool outputs.`))
  }
  const expected = run.required_action.submit_tool_outputs.tool_calls.map((call) => call.id)
  const given = (toolOutputs ?? []).map((output) => output.tool_call_id)
  if (expected.length !== given.length || !expected.every((id) => given.includes(id))) {
    throw new ApiError(
      400,
      errors.invalidRequest(`Expected tool outputs for call_ids ${JSON.stringify(expected)}, got ${JSON.stringify(given)}`, 'tool_outputs'),
    )
  }
  // The prompt of the step that asked for the tools: the context before these outputs.
  const { promptTokens } = runContext(thread, stored)
  const step = stored.steps.find((candidate) => candidate.type === 'tool_calls' && candidate.status === 'in_progress')!
  const details = step.step_details as ToolCallsStepDetails
  for (const output of toolOutputs) {
    const call = details.tool_calls.find((candidate) => candidate.id === output.tool_call_id) as FunctionToolCall
    call.function.output = output.output ?? ''
    stored.toolOutputs.push({ role: 'tool', text: output.output ?? '', toolCallId: call.id })
  }
  const argumentsText = details.tool_calls.map((call) => (call as FunctionToolCall).function.arguments).join('')
  completeStep(step, promptTokens, estimateTokens(argumentsText))
  run.status = 'queued'
  run.required_action = null
  return step
}

/**
 * The cancel endpoint's part: the run turns `cancelling` at once and `cancelled` a moment later.
 * A run the engine is driving is finished off by the engine at its next check; a run waiting for
 * tool outputs has no engine, so a timer does it.
 */
export function requestCancel(runtime: ServerRuntime, thread: StoredThread, stored: StoredRun): void {
  const { run } = stored
  if (run.status !== 'queued' && run.status !== 'in_progress' && run.status !== 'requires_action') {
    throw new ApiError(400, errors.invalidRequest(`Cannot cancel run with status '${run.status}'.`))
  }
  run.status = 'cancelling'
  run.required_action = null
  stored.cancel.abort()
  if (!stored.engineActive) {
    const idle = async () => {}
    setTimeout(() => void finishCancelling({ runtime, thread, stored, emit: idle, pause: idle, holdPoint: idle }), runtime.runStepDelayMs())
  }
}

async function finishCancelling(drive: Drive): Promise<void> {
  const { thread, stored, emit } = drive
  await emit(runEvent('thread.run.cancelling', stored.run))
  await drive.pause()
  const now = unixSeconds()
  const cancelledSteps = stored.steps.filter((step) => step.status === 'in_progress')
  for (const step of cancelledSteps) {
    step.status = 'cancelled'
    step.cancelled_at = now
  }
  // A message with a status (never null here: the run wrote it) is a `Message` the events can carry.
  const cutMessages = thread.messages.filter(
    (message): message is Message => message.run_id === stored.run.id && message.status === 'in_progress',
  )
  for (const message of cutMessages) {
    message.status = 'incomplete'
    message.incomplete_at = now
    message.incomplete_details = { reason: 'run_cancelled' }
  }
  endRun(drive, 'cancelled')
  for (const message of cutMessages) await emit(messageEvent('thread.message.incomplete', message))
  for (const step of cancelledSteps) await emit(stepEvent('thread.run.step.cancelled', step))
  await emit(runEvent('thread.run.cancelled', stored.run))
}

/** A responder that throws is a model failure: the run fails with `server_error`. */
async function fail(drive: Drive, error: unknown): Promise<void> {
  const { stored, emit } = drive
  stored.run.last_error = { code: 'server_error', message: error instanceof Error ? error.message : String(error) }
  endRun(drive, 'failed')
  await emit(runEvent('thread.run.failed', stored.run))
}

function completeStep(step: RunStep, promptTokens: number, completionTokens: number): void {
  step.status = 'completed'
  step.completed_at = unixSeconds()
  step.usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens }
}

/** Terminal status: its timestamp, no expiry any more, and the usage of all its steps. */
function endRun({ runtime, stored }: Drive, status: 'completed' | 'cancelled' | 'failed'): void {
  const { run } = stored
  const now = unixSeconds()
  run.status = status
  if (status === 'completed') run.completed_at = now
  if (status === 'cancelled') run.cancelled_at = now
  if (status === 'failed') run.failed_at = now
  run.expires_at = null
  run.required_action = null
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }
  for (const step of stored.steps) {
    usage.prompt_tokens += step.usage?.prompt_tokens ?? 0
    usage.completion_tokens += step.usage?.completion_tokens ?? 0
    usage.total_tokens += step.usage?.total_tokens ?? 0
  }
  run.usage = usage
  runtime.mark({ kind: 'run-ended', runId: run.id, status })
}
