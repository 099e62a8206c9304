import type OpenAI from 'openai'
import { messageText, threadTitleSource, type Message, type Run } from '../../shared/domain'
import type { Logger } from '../app/logger'
import type { EventHub } from '../common/event-hub'
import type { ConversationStore } from '../store/conversation-store'
import { oneLine, shorten } from '../store/thread-previews'
import type { ConnectionRegistry } from './connections'
import { classifyRunError } from './run-errors'

/**
 * What the model is asked, once per thread, after the thread's first reply: a short title in
 * the conversation's language. The fake OpenAI server (test/fake-openai/responder.ts) knows a
 * title request by its asking for a title.
 */
export const titleInstructions =
  'Write a short title for the conversation below: at most six words, in the language the user writes in. ' +
  'Answer with the title alone, without quotes and without a full stop at the end.'

/** How much of the question and of the reply the title request carries. */
const exchangeChars = 1_500
/** The longest title kept from the model, and from a question's first line. */
const modelTitleChars = 80
const questionTitleChars = 60

export interface ThreadTitlesOptions {
  store: ConversationStore
  events: EventHub
  connections: ConnectionRegistry
  logger: Logger
}

/**
 * Gives threads titles the user can tell apart, in main, beside the runs:
 * - when a thread's first reply is done, the model is asked once for a short title, on the
 *   thread's own connection, in a request of its own that never enters the thread's history
 *   (no conversation, no thread, nothing stored on the server, no remote ids kept);
 * - when that request fails, or while a run waits for its server or ends without a reply, the
 *   first line of the thread's first question is the title (`title_source: "question"`), which
 *   the model's title replaces once there is one;
 * - a title the user gave (`title_source: "user"`, or a title with no source) is never replaced,
 *   even by a title request that was already on its way when they renamed the thread.
 * Each new title is announced with `thread:saved`. Nothing here can fail or hold up a run.
 */
export class ThreadTitles {
  private readonly asking = new Map<string, Promise<void>>()
  /** One per title request on its way, aborted at quit. */
  private readonly requests = new Set<AbortController>()
  private closed = false

  constructor(private readonly options: ThreadTitlesOptions) {}

  private get store() {
    return this.options.store
  }

  /** A run ended (however it ended). */
  runEnded(run: Run): void {
    this.guard(() => {
      const thread = this.store.threads.find(run.thread_id)
      if (!thread) return
      const source = threadTitleSource(thread)
      if (source === 'user' || source === 'model') return
      if (run.status === 'completed' && !this.store.runs.completedOnThreadBesides(thread.id, run.id)) {
        this.askModel(run)
      } else if (source === null) {
        this.titleFromQuestion(run.thread_id)
      }
    })
  }

  /** A run waits for its server to be reachable: meanwhile the question's first line names the thread. */
  runWaiting(run: Run): void {
    this.guard(() => {
      const thread = this.store.threads.find(run.thread_id)
      if (thread && threadTitleSource(thread) === null) this.titleFromQuestion(run.thread_id)
    })
  }

  /** Resolves once no title request is on its way (tests wait for it instead of a timer). */
  async settled(): Promise<void> {
    while (this.asking.size > 0) await Promise.allSettled([...this.asking.values()])
  }

  /** At quit: requests on their way are dropped, and nothing more is saved. */
  close(): void {
    this.closed = true
    for (const request of this.requests) request.abort()
  }

  private askModel(run: Run): void {
    if (this.asking.has(run.thread_id)) return
    const work = this.titleFromModel(run)
      .catch((error: unknown) => {
        if (!this.closed) this.options.logger.error(`thread ${run.thread_id}: its title could not be saved`, error)
      })
      .finally(() => this.asking.delete(run.thread_id))
    this.asking.set(run.thread_id, work)
  }

  private async titleFromModel(run: Run): Promise<void> {
    const exchange = this.firstExchange(run)
    if (!exchange.question && !exchange.reply) return
    let title: string | undefined
    const connection = this.options.connections.find(run.connection_id)
    const request = new AbortController()
    this.requests.add(request)
    try {
      if (!connection) throw new Error(`connection ${run.connection_id} no longer exists`)
      // Its own short-lived client: a title is not worth the run's patience.
      const client = await this.options.connections.client(connection, { maxRetries: 1, timeout: 30_000 })
      const answer =
        connection.backend === 'responses'
          ? await askResponses(client, run, exchange, request.signal)
          : // Chat Completions: what every OpenAI-compatible server offers, Assistants API servers included.
            await askChat(client, run, exchange, request.signal)
      title = cleanModelTitle(answer)
    } catch (error) {
      if (this.closed) return
      const host = connection ? this.options.connections.host(connection) : 'the server'
      // The code only: an error's own words may quote the request (and a careless server, the key).
      const { code } = classifyRunError(error, { host, model: run.model })
      this.options.logger.warn(`thread ${run.thread_id}: no title from the model (${code}); the question's first line is its title`)
    } finally {
      this.requests.delete(request)
    }
    if (this.closed) return
    if (title) this.save(run.thread_id, title, 'model')
    else this.titleFromQuestion(run.thread_id)
  }

  private titleFromQuestion(threadId: string): void {
    const question = this.firstQuestion(threadId)
    const title = question ? questionTitle(question) : ''
    if (title) this.save(threadId, title, 'question')
  }

  private save(threadId: string, title: string, source: 'model' | 'question'): void {
    const thread = this.store.threads.setMadeUpTitle(threadId, title, source)
    if (thread) this.options.events.emit('thread:saved', { thread })
  }

  /** The thread's first question (what the user wrote before the first reply) and the run's reply. */
  private firstExchange(run: Run): { question: string; reply: string } {
    const opening = this.store.messages.list({ thread_id: run.thread_id, order: 'asc', limit: 20 }).data
    const firstReply = opening.findIndex((message) => message.role === 'assistant')
    const asked = (firstReply < 0 ? opening : opening.slice(0, firstReply)).filter((message) => message.role === 'user')
    const replies = this.store.messages
      .list({ thread_id: run.thread_id, run_id: run.id, order: 'asc', limit: 20 })
      .data.filter((message) => message.role === 'assistant' && message.status === 'completed')
    return { question: clip(textOf(asked)), reply: clip(textOf(replies)) }
  }

  private firstQuestion(threadId: string): string {
    const opening = this.store.messages.list({ thread_id: threadId, order: 'asc', limit: 20 }).data
    const first = opening.find((message) => message.role === 'user' && messageText(message.content).trim() !== '')
    return first ? messageText(first.content) : ''
  }

  /** Titles are a nicety: whatever goes wrong here is logged, and the run goes on untouched. */
  private guard(work: () => void): void {
    if (this.closed) return
    try {
      work()
    } catch (error) {
      this.options.logger.error('could not give a thread its title', error)
    }
  }
}

function textOf(messages: Message[]): string {
  return messages
    .map((message) => messageText(message.content).trim())
    .filter(Boolean)
    .join('\n\n')
}

function clip(text: string): string {
  return text.length > exchangeChars ? `${text.slice(0, exchangeChars)}…` : text
}

function exchangeText({ question, reply }: { question: string; reply: string }): string {
  return `Question:\n${question}\n\nAnswer:\n${reply}`
}

/** Responses API, stored nowhere (`store: false`), in no conversation. */
async function askResponses(client: OpenAI, run: Run, exchange: { question: string; reply: string }, signal: AbortSignal): Promise<string> {
  const response = await client.responses.create(
    {
      model: run.model,
      instructions: titleInstructions,
      input: [{ role: 'user', content: exchangeText(exchange) }],
      store: false,
      ...(run.reasoning_effort ? { reasoning: { effort: run.reasoning_effort } } : {}),
    },
    { signal },
  )
  return response.output_text
}

async function askChat(client: OpenAI, run: Run, exchange: { question: string; reply: string }, signal: AbortSignal): Promise<string> {
  const completion = await client.chat.completions.create(
    {
      model: run.model,
      messages: [
        { role: 'system', content: titleInstructions },
        { role: 'user', content: exchangeText(exchange) },
      ],
      ...(run.reasoning_effort ? { reasoning_effort: run.reasoning_effort } : {}),
    },
    { signal },
  )
  return completion.choices[0]?.message.content ?? ''
}

const wrappingQuotes = /^["'“”‘’«»「」『』]+|["'“”‘’«»「」『』]+$/g

/**
 * The model's answer as a title: its first line, without a "Title:" label, Markdown marks,
 * wrapping quotes or a closing full stop; undefined when nothing is left.
 */
export function cleanModelTitle(answer: string): string | undefined {
  const line = answer.split('\n').find((candidate) => candidate.trim() !== '') ?? ''
  const title = oneLine(line, Number.MAX_SAFE_INTEGER)
    .replace(/^(?:title|제목)\s*[:：]\s*/i, '')
    .replace(wrappingQuotes, '')
    .replace(/[.。]+$/, '')
    .trim()
  return title ? shorten(title, modelTitleChars) : undefined
}

/** A question's first line (with words in it) as a title. */
export function questionTitle(question: string): string {
  const line = question.split('\n').find((candidate) => /[\p{L}\p{N}]/u.test(candidate)) ?? ''
  return oneLine(line, questionTitleChars)
}
