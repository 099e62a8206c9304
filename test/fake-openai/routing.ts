import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError, errors } from './http'
import type { ReplyGate } from './reply-hold'
import type { Responder } from './responder'
import type { SseStream } from './sse'

/** What the server hands each API module's route handlers. */

export interface RequestContext {
  req: IncomingMessage
  res: ServerResponse
  /** The route pattern's capture groups, URL-decoded. */
  params: string[]
  query: URLSearchParams
  /** The parsed JSON body; undefined for body-less requests. */
  body: unknown
  /** Starts the SSE response, with this request's scripted stream fault (if any) applied. */
  startStream(): SseStream
}

export type Handler = (context: RequestContext) => void | Promise<void>

export interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  pattern: RegExp
  handler: Handler
}

/** Server settings a handler reads per request: tests may change them at any moment. */
export interface ServerRuntime {
  responder(): Responder
  hasModel(id: string): boolean
  streamEventDelayMs(): number
  runStepDelayMs(): number
  /** Where replies stop while a test holds them (see reply-hold.ts). */
  replyGate: ReplyGate
  /** Counts work that goes on after a request was answered (a background run) until it ends. */
  track(work: Promise<unknown>): void
  /** Tells the server's owner of a moment a benchmark times (see `FakeOpenAIOptions.onMark`). */
  mark(mark: ServerMark): void
  /** The `openai-poll-after-ms` a background run's answers carry; none when undefined. */
  pollAfterMs(): number | undefined
}

/** A moment on the server: an SSE event written (its name), or a run that reached its end. */
export type ServerMark = { kind: 'stream-event'; name: string } | { kind: 'run-ended'; runId: string; status: 'completed' | 'cancelled' | 'failed' }

/** A request's `model`: 400 when missing, 404 `model_not_found` when not in the server's model list. */
export function requireModel(runtime: ServerRuntime, model: unknown): string {
  if (typeof model !== 'string' || model === '') throw new ApiError(400, errors.missingParameter('model'))
  if (!runtime.hasModel(model)) throw new ApiError(404, errors.modelNotFound(model))
  return model
}
