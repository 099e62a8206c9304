import { setMaxListeners } from 'node:events'
import type { BackendName, ConnectivityState } from '../../shared/connections'
import { defaultConnectionId } from '../../shared/connections'
import { isRunActive, retryableRunStatuses, threadModel, type Message, type Run, type RunCreate, type Thread } from '../../shared/domain'
import { AppError, mapErrorText } from '../../shared/errors'
import type { EventHub } from '../common/event-hub'
import type { Logger } from '../app/logger'
import { systemClock, type Clock } from '../common/clock'
import type { ConversationStore } from '../store/conversation-store'
import { newId, unixSeconds } from '../common/ids'
import { appQuitting, type Backend, type RunOutcome } from './backend'
import { assistantsBackend } from './backends/assistants'
import { chatBackend } from './backends/chat'
import { responsesBackend } from './backends/responses'
import type { ConnectionRegistry } from './connections'
import { ConnectivityMonitor } from './connectivity'
import { recordHeldRemoteIds } from './held-remote-ids'
import { classifyRunError } from './run-errors'
import { RunSession } from './run-session'
import { ThreadTitles } from './thread-titles'

export interface RunEngineOptions {
  store: ConversationStore
  events: EventHub
  connections: ConnectionRegistry
  logger: Logger
  /** Applied to a failed run's error before it is saved or announced: a server may echo the API key. */
  redact(text: string): string
  clock?: Clock
  backends?: Partial<Record<BackendName, Backend>>
  /** First and longest pause between probes of an unreachable server. */
  probeDelaysMs?: { first: number; max: number }
  /** How long streamed text may wait in memory before it is saved (run-session.ts). */
  replyFlushDelayMs?: number
}

// The API gives a run ten minutes before it expires.
const runLifetimeSeconds = 600

/**
 * Runs every run, in main: creates the Run record, executes it on its connection's backend,
 * saves and announces each step, cancels, retries, holds runs for a server that cannot be
 * reached until it can, and reconciles runs a previous session left unfinished.
 */
export class RunEngine {
  private readonly backends: Record<BackendName, Backend>
  private readonly executing = new Map<string, { controller: AbortController; session: RunSession }>()
  /** Runs waiting for their server to be reachable, in the order they were asked for. */
  private readonly waiting: string[] = []
  private draining = false
  private closed = false
  private readonly monitor: ConnectivityMonitor
  private readonly clock: Clock
  /** Titles for threads, from their first exchange (see thread-titles.ts). */
  private readonly titles: ThreadTitles

  constructor(private readonly options: RunEngineOptions) {
    this.clock = options.clock ?? systemClock
    this.backends = { responses: responsesBackend, chat: chatBackend, assistants: assistantsBackend, ...options.backends }
    this.titles = new ThreadTitles({ store: options.store, events: options.events, connections: options.connections, logger: options.logger })
    this.monitor = new ConnectivityMonitor({
      probe: (connectionId) => this.probe(connectionId),
      onChange: (_connectionId, reachable) => {
        this.announceConnectivity()
        if (reachable) this.drainWaiting().catch((error: unknown) => this.options.logger.error('could not send waiting runs', error))
      },
      firstDelayMs: options.probeDelaysMs?.first,
      maxDelayMs: options.probeDelaysMs?.max,
    })
  }

  private get store() {
    return this.options.store
  }

  /**
   * Starts a run and answers at once with it `queued`; progress follows as events. While the
   * thread's server is unreachable the run waits (queued, `waiting_for: "connection"`), and a
   * second request for that thread joins the waiting run: it will send every new message.
   */
  create(params: RunCreate, template: { retryOf?: string; from?: Run } = {}): Run {
    const thread = this.store.threads.get(params.thread_id)
    const assistantId = params.assistant_id ?? template.from?.assistant_id ?? thread.assistant_id
    if (!assistantId) throw new AppError('thread_has_no_assistant', {}, 'This thread has no assistant. Choose one, then run.')
    const assistant = this.store.assistants.get(assistantId)
    const active = this.store.runs.activeOnThread(thread.id)
    if (active?.waiting_for === 'connection') return active
    if (active) throw new AppError('run_active', { run_id: active.id }, `Thread ${thread.id} already has an active run (${active.id}).`)

    const connectionId = assistant.connection_id ?? defaultConnectionId
    this.options.connections.get(connectionId)
    const from = template.from
    const createdAt = unixSeconds(this.clock.nowMs())
    const baseInstructions = params.instructions !== undefined ? params.instructions : (from?.instructions ?? assistant.instructions)
    const instructions = params.additional_instructions
      ? [baseInstructions, params.additional_instructions].filter(Boolean).join('\n\n')
      : baseInstructions
    const waiting = !this.monitor.isReachable(connectionId)
    const run: Run = {
      id: newId('run'),
      object: 'thread.run',
      created_at: createdAt,
      thread_id: thread.id,
      assistant_id: assistant.id,
      status: 'queued',
      required_action: null,
      last_error: null,
      expires_at: createdAt + runLifetimeSeconds,
      started_at: null,
      cancelled_at: null,
      failed_at: null,
      completed_at: null,
      incomplete_details: null,
      // The thread's own model, if it has one, on every backend (a retry too: the user may have
      // picked another model because the first one failed).
      model: params.model ?? threadModel(thread) ?? from?.model ?? assistant.model,
      instructions,
      tools: params.tools ?? from?.tools ?? assistant.tools,
      metadata: {},
      usage: null,
      temperature: params.temperature !== undefined ? params.temperature : (from?.temperature ?? assistant.temperature),
      top_p: params.top_p !== undefined ? params.top_p : (from?.top_p ?? assistant.top_p),
      response_format: from?.response_format ?? assistant.response_format,
      reasoning_effort: from?.reasoning_effort ?? assistant.reasoning_effort,
      connection_id: connectionId,
      retry_of: template.retryOf ?? null,
      waiting_for: waiting ? 'connection' : null,
      status_history: [{ status: 'queued', at: createdAt }],
      revision: 0,
      remote_ids: {},
      question_id: from ? (from.question_id ?? null) : this.newestQuestion(thread.id),
      retry_wait: null,
    }
    this.store.runs.insert(run)
    this.options.events.emit('run:status', { run })
    if (waiting) {
      this.waiting.push(run.id)
      this.announceConnectivity()
      this.titles.runWaiting(run)
    } else {
      // Answer the request first; the run starts on the next turn of the event loop.
      setImmediate(() => this.start(run.id))
    }
    return run
  }

  /** Runs that failed, ended incomplete, were cancelled or expired can be run again. */
  retry(runId: string): Run {
    const run = this.store.runs.get(runId)
    if (!retryableRunStatuses.includes(run.status)) {
      throw new AppError('run_not_retryable', { status: run.status }, `Only a failed, incomplete, cancelled or expired run can be retried; this one is ${run.status}.`)
    }
    return this.create({ thread_id: run.thread_id }, { retryOf: run.id, from: run })
  }

  /**
   * Writes a reply again: the thread's path ends where the reply began (its question), and a new
   * run answers from there, its reply a new version beside the earlier ones (which are kept).
   * If the run cannot start, the reply is shown again as it was.
   */
  regenerate(threadId: string, messageId: string): Run {
    const reply = this.store.messages.get(messageId)
    if (reply.thread_id !== threadId) throw new AppError('not_found', { kind: 'message', id: messageId }, `No message with id ${messageId} in thread ${threadId}.`)
    if (reply.role !== 'assistant') throw new AppError('message_not_regenerable', {}, 'Only a reply can be written again.')
    const active = this.store.runs.activeOnThread(threadId)
    if (active) throw new AppError('run_active', { run_id: active.id }, `Thread ${threadId} already has an active run (${active.id}).`)
    const previous = reply.run_id ? this.store.runs.find(reply.run_id) : undefined
    this.store.messages.cutBeforeReply(threadId, messageId)
    try {
      return this.create({ thread_id: threadId, ...(previous ? { assistant_id: previous.assistant_id } : {}) })
    } catch (error) {
      this.store.messages.select(threadId, messageId)
      throw error
    }
  }

  cancel(runId: string): Run {
    const run = this.store.runs.get(runId)
    if (!isRunActive(run)) throw new AppError('run_not_cancellable', { status: run.status }, `Cannot cancel run with status '${run.status}'.`)
    const executing = this.executing.get(runId)
    if (executing) {
      if (run.status !== 'cancelling') executing.session.setStatus('cancelling')
      executing.controller.abort()
      return executing.session.run
    }
    // Not executing here: waiting for the connection, or left by an earlier session.
    this.removeWaiting(runId)
    const session = RunSession.adopt(run, this.store, this.options.events, this.clock, this.options.replyFlushDelayMs)
    session.finish({ status: 'cancelled' })
    return session.run
  }

  connectivity(): ConnectivityState {
    return { online: !this.monitor.anyUnreachable, waiting_runs: this.waiting.length }
  }

  async checkConnectivity(): Promise<ConnectivityState> {
    await this.monitor.checkNow()
    return this.connectivity()
  }

  /**
   * At start-up: runs a previous session left unfinished. Waiting runs wait again; a run the
   * backend can pick up again (the Assistants API keeps runs on the server) is resumed; any
   * other is marked interrupted, its partial reply kept, ready to retry.
   */
  async reconcile(): Promise<void> {
    // Remote ids a run held back when TutorDesk stopped (held-remote-ids.ts): recorded first.
    recordHeldRemoteIds(this.store)
    for (const run of this.store.runs.allActive()) {
      if (run.status === 'queued' && run.waiting_for === 'connection') {
        this.waiting.push(run.id)
        continue
      }
      const connection = this.options.connections.find(run.connection_id)
      const backend = connection ? this.backends[connection.backend] : undefined
      if (backend?.resume && run.remote_ids[run.connection_id]) {
        this.start(run.id, 'resume')
        continue
      }
      RunSession.adopt(run, this.store, this.options.events, this.clock, this.options.replyFlushDelayMs).finish({
        status: 'failed',
        error: new AppError('interrupted', {}, 'TutorDesk closed while this run was going. What arrived is kept; retry for the rest.').toData(),
      })
    }
    if (this.waiting.length > 0) {
      this.announceConnectivity()
      // Unknown after a restart: find out before sending, so an offline start fails nothing.
      const connectionIds = new Set(this.waiting.map((id) => this.store.runs.get(id).connection_id))
      for (const connectionId of connectionIds) {
        if (!(await this.probe(connectionId))) this.monitor.markUnreachable(connectionId)
      }
      await this.drainWaiting()
    }
  }

  /** Resolves when the run has finished (completed, failed, cancelled, incomplete, expired). */
  whenFinished(runId: string): Promise<Run> {
    return new Promise((resolve) => {
      const check = (run: Run) => {
        if (run.id !== runId || isRunActive(run)) return false
        stop()
        resolve(run)
        return true
      }
      const stop = this.options.events.subscribe((name, payload) => {
        if (name === 'run:status') check((payload as { run: Run }).run)
      })
      check(this.store.runs.get(runId))
    })
  }

  /** Resolves once no thread title is being asked for (tests wait for this, not for a timer). */
  titlesSettled(): Promise<void> {
    return this.titles.settled()
  }

  /**
   * Stops everything at quit. Runs still going are left as they are in the database: the next
   * start reconciles them (interrupted, or resumed on the server) — exactly as after a crash.
   */
  close(): void {
    this.closed = true
    this.titles.close()
    this.monitor.close()
    for (const { controller, session } of this.executing.values()) {
      // What streamed so far is kept; the run itself is marked interrupted at the next start.
      this.flushQuietly(session)
      controller.abort(appQuitting)
    }
  }

  /**
   * Saves the streamed text of the thread's running replies now, so a read of the thread sees
   * every piece already announced (a page that missed deltas re-reads and must find them).
   */
  flushStreamedText(threadId: string): void {
    for (const { session } of this.executing.values()) {
      if (session.run.thread_id === threadId) session.flushReply()
    }
  }

  private flushQuietly(session: RunSession): void {
    try {
      session.flushReply()
    } catch (error) {
      this.options.logger.error(`run ${session.run.id}: streamed text could not be saved on close`, error)
    }
  }

  /** Executes in the background; a failure here is a bug in TutorDesk, logged, never thrown at nobody. */
  private start(runId: string, mode: 'start' | 'resume' = 'start'): void {
    this.execute(runId, mode).catch((error: unknown) => {
      if (!this.closed) this.options.logger.error(`run ${runId} could not be recorded`, error)
    })
  }

  private async execute(runId: string, mode: 'start' | 'resume' = 'start'): Promise<void> {
    if (this.closed) return
    const run = this.store.runs.get(runId)
    if (mode === 'start' && run.status !== 'queued') return
    const controller = new AbortController()
    // The openai SDK adds an abort listener to this signal for every request and leaves it there
    // until the signal goes; a long polled run makes hundreds. They go with the run: no leak,
    // so no warning (Node's default warns at 11).
    setMaxListeners(0, controller.signal)
    const session = mode === 'resume' ? RunSession.adopt(run, this.store, this.options.events, this.clock, this.options.replyFlushDelayMs) : new RunSession(run, this.store, this.options.events, this.clock, this.options.replyFlushDelayMs)
    this.executing.set(runId, { controller, session })
    const connection = this.options.connections.find(run.connection_id)
    let outcome: RunOutcome
    try {
      // Deleted since the run was asked for (the assistant, or its connection): say so.
      if (!connection) throw new AppError('connection_missing', {}, 'This run’s connection no longer exists. Pick a connection for the assistant, then retry.')
      // Ids a run held back and could not write (its write failed): recorded before a history is read.
      recordHeldRemoteIds(this.store, (marker) => !this.executing.has(marker.runId))
      const thread = this.store.threads.get(run.thread_id)
      const context = {
        run,
        thread,
        assistant: this.store.assistants.get(run.assistant_id),
        connection,
        host: this.options.connections.host(connection),
        // Waits the server asks for (a rate limit) are the run's to show: see server-waits.ts.
        client: await this.options.connections.client(connection, {}, (wait) => session.waitingToRetry(wait)),
        history: historyFor(this.store.messages.all(run.thread_id), thread, run.connection_id),
        signal: controller.signal,
      }
      const backend = this.backends[connection.backend]
      const result: RunOutcome = mode === 'resume' && backend.resume ? await backend.resume(context, session) : await backend.execute(context, session)
      outcome = controller.signal.aborted ? { status: 'cancelled' } : result
      this.monitor.markReachable(connection.id)
    } catch (error) {
      if (controller.signal.aborted) {
        outcome = { status: 'cancelled' }
      } else {
        const host = connection ? this.options.connections.host(connection) : 'the server'
        const failure = classifyRunError(error, { host, model: run.model })
        if (failure.code === 'unknown' || failure.code === 'bad_response') this.options.logger.error(`run ${runId} failed`, error)
        outcome = { status: 'failed', error: failure.toData() }
        if (failure.code === 'offline' && connection) this.monitor.markUnreachable(connection.id)
      }
    } finally {
      this.executing.delete(runId)
    }
    if (this.closed) return
    if (outcome.status === 'failed') outcome = { ...outcome, error: mapErrorText(outcome.error, this.options.redact) }
    session.finish(outcome)
    // The thread's title, from its first reply (or its question): in the background, never in the run's way.
    this.titles.runEnded(session.run)
    // Nothing the user wrote is left behind: the thread's messages go out when the server is back.
    if (outcome.status === 'failed' && outcome.error.code === 'offline') {
      const retry = this.create({ thread_id: run.thread_id }, { retryOf: run.id, from: run })
      // Keep its place in line ahead of runs asked for later.
      if (this.removeWaiting(retry.id)) this.waiting.unshift(retry.id)
    }
  }

  /** The user message a new run answers: the thread's newest one. */
  private newestQuestion(threadId: string): string | null {
    const newest = this.store.messages.list({ thread_id: threadId, limit: 20, order: 'desc' }).data
    return newest.find((message) => message.role === 'user')?.id ?? null
  }

  /** Sends waiting runs, one at a time and in order, while their servers are reachable. */
  private async drainWaiting(): Promise<void> {
    if (this.draining) return
    this.draining = true
    try {
      for (;;) {
        const next = this.waiting.find((id) => this.monitor.isReachable(this.store.runs.get(id).connection_id))
        if (!next || this.closed) break
        this.removeWaiting(next)
        this.announceConnectivity()
        await this.execute(next)
      }
    } finally {
      this.draining = false
    }
  }

  private removeWaiting(runId: string): boolean {
    const index = this.waiting.indexOf(runId)
    if (index >= 0) this.waiting.splice(index, 1)
    return index >= 0
  }

  private announceConnectivity(): void {
    this.options.events.emit('connectivity:changed', this.connectivity())
  }

  /** Reachable means the server answered at all; an HTTP error (even 401) proves the network. */
  private async probe(connectionId: string): Promise<boolean> {
    try {
      const client = await this.options.connections.client(this.options.connections.get(connectionId), { maxRetries: 0, timeout: 5_000 })
      await client.models.list()
      return true
    } catch (error) {
      const { code } = classifyRunError(error, { host: '', model: '' })
      return code !== 'offline' && code !== 'timeout'
    }
  }
}

/**
 * The visible path of a thread, as a run on `connectionId` sends it. Without a server-side
 * conversation for that connection (never made, or forgotten when the visible path changed:
 * an edit, a regenerated reply, another version shown, a deletion), nothing counts as sent:
 * remote ids from an earlier conversation are dropped, so the new one receives the whole path.
 */
export function historyFor(path: Message[], thread: Thread, connectionId: string): Message[] {
  if (thread.remote_ids[connectionId]) return path
  return path.map((message) => {
    if (!(connectionId in message.remote_ids)) return message
    const { [connectionId]: _stale, ...remoteIds } = message.remote_ids
    return { ...message, remote_ids: remoteIds }
  })
}
