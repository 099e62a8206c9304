import { messageText, type Message, type Run, type RunRetryWait, type RunStatus, type RunStep, type Usage } from '../../shared/domain'
import type { EventHub } from '../common/event-hub'
import type { Clock } from '../common/clock'
import type { ConversationStore } from '../store/conversation-store'
import { newId, unixSeconds } from '../common/ids'
import { executeToolCall } from '../tools/registry'
import type { MessageRemoteId, RunOutcome, RunSink, ToolCallRequest } from './backend'
import { holdRemoteIds, releaseRemoteIds, type HeldRemoteIds } from './held-remote-ids'

/** The field that says when a run reached a status, for the statuses the API gives one. */
const statusTimeField: Partial<Record<RunStatus, 'started_at' | 'completed_at' | 'failed_at' | 'cancelled_at'>> = {
  in_progress: 'started_at',
  completed: 'completed_at',
  failed: 'failed_at',
  cancelled: 'cancelled_at',
}

/**
 * How long streamed text may wait in memory before it is saved. Saving the growing reply at
 * every delta (50–100 a second) kept main's thread busy with fsync'd transactions; a crash now
 * loses at most this much of a reply's streamed text — never a user's message, and the run is
 * still marked interrupted at the next start.
 */
export const replyFlushDelayMs = 100

/**
 * One run as it happens: every status change, reply message and run step is saved first and
 * then announced to the renderer; streamed text is announced at once and saved at most
 * `replyFlushDelayMs` later, and always before the next status, step, finish, failure or cancel.
 * Backends talk to it through the RunSink methods; the engine calls `finish` once with how it
 * ended.
 */
export class RunSession implements RunSink {
  private reply: Message | undefined
  private replyStep: RunStep | undefined
  private openSteps = new Set<RunStep>()
  /** The reply has streamed text not yet saved; `flushTimer` will save it. */
  private replyUnsaved = false
  private flushTimer: ReturnType<typeof setTimeout> | undefined
  /** A save that failed in the timer, thrown at the backend's next call so the run fails as it would have. */
  private flushError: unknown
  /** Histories a request carried, recorded as sent once the run's end is shown (`historySent`). */
  private readonly heldHistories: { messages: readonly Message[]; remoteId: string }[] = []
  /** Their marker, saved with the run's next update. */
  private unsavedMarker: HeldRemoteIds | undefined

  constructor(
    public run: Run,
    private readonly store: ConversationStore,
    private readonly events: EventHub,
    private readonly clock: Clock,
    private readonly flushDelayMs = replyFlushDelayMs,
  ) {}

  /**
   * A session for a run this session did not start (after a restart, or one waiting for the
   * connection): picks up its unfinished reply and steps so finishing it closes them too.
   */
  static adopt(run: Run, store: ConversationStore, events: EventHub, clock: Clock, flushDelayMs?: number): RunSession {
    const session = new RunSession(run, store, events, clock, flushDelayMs)
    const messages = store.messages.list({ thread_id: run.thread_id, run_id: run.id, limit: 100, order: 'asc' }).data
    session.reply = messages.find((message) => message.role === 'assistant' && message.status === 'in_progress')
    for (const step of store.runs.steps(run.id).data) {
      if (step.status !== 'in_progress') continue
      session.openSteps.add(step)
      if (step.step_details.type === 'message_creation' && step.step_details.message_creation.message_id === session.reply?.id) {
        session.replyStep = step
      }
    }
    return session
  }

  private now(): number {
    return unixSeconds(this.clock.nowMs())
  }

  /** Saves the reply's streamed text now, if some is unsaved. */
  flushReply(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    if (!this.replyUnsaved || !this.reply) return
    this.replyUnsaved = false
    // Not indexed for search until complete.
    this.store.messages.save(this.reply, { reindex: false })
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined
      try {
        this.flushReply()
      } catch (error) {
        // Nobody to throw at in a timer: the backend's next call throws it (a full disk fails the run).
        this.flushError ??= error
      }
    }, this.flushDelayMs)
  }

  private throwFlushError(): void {
    if (this.flushError === undefined) return
    const error = this.flushError
    this.flushError = undefined
    throw error
  }

  /** Saves the run with `patch` applied and tells the renderer, if anything changed. */
  update(patch: Partial<Run>): void {
    this.throwFlushError()
    // Streamed text is saved before anything that follows it: a status, usage, a step.
    this.flushReply()
    let next: Run = { ...this.run, ...patch, revision: (this.run.revision ?? 0) + 1 }
    const statusChanged = next.status !== this.run.status
    if (statusChanged) next = this.recordStatus(next, patch)
    this.run = next
    const marker = this.unsavedMarker
    this.unsavedMarker = undefined
    // The marker of remote ids held back goes in the run's own commit: no commit of its own.
    if (marker) {
      this.store.db.transaction(() => {
        holdRemoteIds(this.store, marker)
        this.store.runs.save(next)
      })
    } else {
      this.store.runs.save(next)
    }
    if (statusChanged || patch.usage !== undefined || patch.remote_ids !== undefined || patch.retry_wait !== undefined) this.events.emit('run:status', { run: next })
  }

  /**
   * Adds the run's new status to its history, at the time the patch gives it (`completed_at`…)
   * or now. A run recorded before histories were kept gets none: a partial one would mislead.
   */
  private recordStatus(next: Run, patch: Partial<Run>): Run {
    if (!next.status_history) return next
    const field = statusTimeField[next.status]
    const at = (field ? patch[field] : undefined) ?? this.now()
    return { ...next, status_history: [...next.status_history, { status: next.status, at }] }
  }

  /** The server asked to wait before the request goes again (`wait`), or the wait is over (`null`). */
  waitingToRetry(wait: RunRetryWait | null): void {
    if (!wait && !this.run.retry_wait) return
    this.update({ retry_wait: wait })
  }

  setStatus(status: RunStatus, patch: Partial<Run> = {}): void {
    this.update({ ...patch, status })
  }

  inProgress(remote?: { runId?: string }): void {
    if (remote?.runId) this.rememberRunRemoteId(remote.runId)
    if (this.run.status === 'queued') this.setStatus('in_progress', { started_at: this.now(), waiting_for: null })
  }

  rememberRunRemoteId(remoteId: string): void {
    if (this.run.remote_ids[this.run.connection_id] === remoteId) return
    this.update({ remote_ids: { ...this.run.remote_ids, [this.run.connection_id]: remoteId } })
  }

  rememberThreadRemoteId(remoteId: string): void {
    const thread = this.store.threads.setRemoteId(this.run.thread_id, this.run.connection_id, remoteId)
    this.events.emit('thread:saved', { thread })
  }

  rememberAssistantRemoteId(remoteId: string): void {
    this.store.assistants.setRemoteId(this.run.assistant_id, this.run.connection_id, remoteId)
  }

  imagesNotSent(messageId: string): void {
    const message = this.store.messages.markImagesNotSent(messageId)
    this.events.emit('message:saved', { message })
  }

  /** Records remote ids as the backend learns them, at once (one statement). */
  messagesSynced(synced: readonly MessageRemoteId[]): void {
    this.store.messages.setRemoteIds(this.run.connection_id, synced)
  }

  /**
   * Holds the messages a completed request carried, and writes them as sent once the run's end
   * is shown: a whole history never sent (2,000 messages rewritten, tens of milliseconds) must
   * not hold up that end, and a run in a new thread takes the same path, so the first run in a
   * long thread ends as soon. Nothing is built per message here. Their small marker
   * (held-remote-ids.ts) is saved with the run's next update, which follows before any wait
   * (the run pauses for tools, or ends): if TutorDesk dies before the write, the next start
   * records them from the thread.
   */
  historySent(messages: readonly Message[], { remoteId, conversationId }: { remoteId: string; conversationId: string }): void {
    const newest = messages.at(-1)
    if (!newest) return
    if (this.unsavedMarker) holdRemoteIds(this.store, this.unsavedMarker)
    this.unsavedMarker = { runId: this.run.id, threadId: this.run.thread_id, connectionId: this.run.connection_id, conversationId, remoteId, throughMessageId: newest.id }
    this.heldHistories.push({ messages, remoteId })
  }

  /** Writes the histories held by `historySent` as sent, and lets their marker go: one commit. */
  private recordHeldHistories(): void {
    if (this.heldHistories.length === 0) return
    const synced = this.heldHistories.splice(0).flatMap(({ messages, remoteId }) => messages.map((message) => ({ messageId: message.id, remoteId })))
    this.store.db.transaction(() => {
      this.store.messages.setRemoteIds(this.run.connection_id, synced)
      releaseRemoteIds(this.store, this.run.id)
    })
  }

  messageStarted(remoteId?: string): void {
    if (this.reply) this.messageDone()
    const message = this.store.messages.append({
      thread_id: this.run.thread_id,
      role: 'assistant',
      content: [{ type: 'text', text: { value: '', annotations: [] } }],
      status: 'in_progress',
      assistant_id: this.run.assistant_id,
      run_id: this.run.id,
      remote_ids: remoteId ? { [this.run.connection_id]: remoteId } : {},
    })
    this.reply = message
    this.events.emit('message:saved', { message })
    this.replyStep = this.startStep({ type: 'message_creation', message_creation: { message_id: message.id } })
  }

  textDelta(text: string): void {
    if (!text) return
    if (!this.reply) this.messageStarted()
    const reply = this.reply!
    this.throwFlushError()
    const before = messageText(reply.content)
    this.reply = { ...reply, content: [{ type: 'text', text: { value: before + text, annotations: [] } }] }
    this.replyUnsaved = true
    this.scheduleFlush()
    this.events.emit('run:delta', { run_id: this.run.id, thread_id: this.run.thread_id, message_id: reply.id, offset: before.length, delta: text })
  }

  messageDone(options: { text?: string; status?: 'completed' | 'incomplete'; reason?: 'max_tokens' | 'content_filter' } = {}): void {
    if (!this.reply && options.text) this.messageStarted()
    const reply = this.reply
    if (!reply) return
    const status = options.status ?? 'completed'
    const text = options.text ?? messageText(reply.content)
    this.closeReply({
      ...reply,
      content: [{ type: 'text', text: { value: text, annotations: [] } }],
      status,
      completed_at: status === 'completed' ? this.now() : null,
      incomplete_at: status === 'incomplete' ? this.now() : null,
      incomplete_details: status === 'incomplete' ? { reason: options.reason ?? 'max_tokens' } : null,
    })
  }

  async toolCalls(calls: ToolCallRequest[]): Promise<{ callId: string; output: string }[]> {
    if (this.reply) this.messageDone()
    const toolCalls = calls.map((call) => ({
      id: call.callId,
      type: 'function' as const,
      function: { name: call.name, arguments: call.arguments, output: null },
    }))
    const step = this.startStep({ type: 'tool_calls', tool_calls: toolCalls })
    this.setStatus('requires_action', {
      required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: toolCalls } },
    })
    // Tools run here, in main; a bad call becomes an error output for the model, never a crash.
    const outputs = await Promise.all(calls.map(async (call) => ({ callId: call.callId, output: await executeToolCall(call.name, call.arguments) })))
    this.completeStep(step, {
      step_details: {
        type: 'tool_calls',
        tool_calls: toolCalls.map((call, index) => ({ ...call, function: { ...call.function, output: outputs[index]!.output } })),
      },
    })
    this.setStatus('in_progress', { required_action: null })
    return outputs
  }

  /**
   * Token usage comes with a response's last event, just before the run pauses or ends: it is
   * saved and announced with that status (the next `update`), not in a commit of its own that
   * would hold up the run's end. An app that quits in between loses it with the run, which the
   * next start marks interrupted.
   */
  usage(usage: Usage): void {
    this.throwFlushError()
    // Streamed text is still saved before the usage that follows it, as before any update.
    this.flushReply()
    const previous = this.run.usage
    this.run = {
      ...this.run,
      usage: previous
        ? {
            prompt_tokens: previous.prompt_tokens + usage.prompt_tokens,
            completion_tokens: previous.completion_tokens + usage.completion_tokens,
            total_tokens: previous.total_tokens + usage.total_tokens,
          }
        : usage,
    }
  }

  /** Ends the run. A reply cut short stays in the thread, marked incomplete. */
  finish(outcome: RunOutcome): void {
    const now = this.now()
    const stepStatus = outcome.status === 'completed' ? 'completed' : outcome.status === 'cancelled' ? 'cancelled' : outcome.status === 'expired' ? 'expired' : 'failed'
    if (this.reply) {
      if (outcome.status === 'completed') this.messageDone()
      else {
        const reason = outcome.status === 'cancelled' ? 'run_cancelled' : outcome.status === 'expired' ? 'run_expired' : 'run_failed'
        this.closeReply({ ...this.reply, status: 'incomplete', incomplete_at: now, incomplete_details: { reason } })
      }
    }
    for (const step of [...this.openSteps]) this.endStep(step, stepStatus)
    this.setStatus(outcome.status, this.endPatch(outcome, now))
    // The end is shown; now the histories held back for it, before anything else runs on main.
    this.recordHeldHistories()
  }

  private endPatch(outcome: RunOutcome, now: number): Partial<Run> {
    const common = { required_action: null, expires_at: null, waiting_for: null, retry_wait: null } satisfies Partial<Run>
    switch (outcome.status) {
      case 'completed':
        return { ...common, completed_at: now }
      case 'incomplete':
        return { ...common, incomplete_details: { reason: outcome.reason } }
      case 'cancelled':
        return { ...common, cancelled_at: now }
      case 'expired':
        return { ...common }
      case 'failed':
        return { ...common, failed_at: now, last_error: outcome.error }
    }
  }

  private closeReply(message: Message): void {
    // The whole message is saved here: any pending flush of its text is moot.
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    this.replyUnsaved = false
    this.store.messages.save(message)
    this.events.emit('message:saved', { message })
    if (this.replyStep) this.endStep(this.replyStep, message.status === 'completed' ? 'completed' : 'failed')
    this.reply = undefined
    this.replyStep = undefined
  }

  private startStep(details: RunStep['step_details']): RunStep {
    this.flushReply()
    const step: RunStep = {
      id: newId('step'),
      object: 'thread.run.step',
      created_at: this.now(),
      assistant_id: this.run.assistant_id,
      thread_id: this.run.thread_id,
      run_id: this.run.id,
      type: details.type,
      status: 'in_progress',
      step_details: details,
      last_error: null,
      expired_at: null,
      cancelled_at: null,
      failed_at: null,
      completed_at: null,
      metadata: {},
      usage: null,
    }
    this.store.runs.insertStep(step)
    this.openSteps.add(step)
    this.events.emit('run:step', { step })
    return step
  }

  private completeStep(step: RunStep, patch: Partial<RunStep>): void {
    this.openSteps.delete(step)
    const done: RunStep = { ...step, ...patch, status: 'completed', completed_at: this.now() }
    this.store.runs.saveStep(done)
    this.events.emit('run:step', { step: done })
  }

  private endStep(step: RunStep, status: RunStep['status']): void {
    if (status === 'completed') return this.completeStep(step, {})
    this.openSteps.delete(step)
    const now = this.now()
    const ended: RunStep = {
      ...step,
      status,
      cancelled_at: status === 'cancelled' ? now : null,
      failed_at: status === 'failed' ? now : null,
      expired_at: status === 'expired' ? now : null,
    }
    this.store.runs.saveStep(ended)
    this.events.emit('run:step', { step: ended })
  }
}
