import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Run } from 'openai/resources/beta/threads/runs/runs'
import type { ConversationItem } from 'openai/resources/conversations/items'
import type { Model } from 'openai/resources/models'
import { assistantsRoutes } from './assistants-api'
import { AssistantsStore, type WireMessage } from './assistants-state'
import { chatRoutes } from './chat-api'
import { ConversationStore, conversationRoutes } from './conversations-api'
import { ApiError, delayUnlessClosed, errors, readJsonBody, readRawBody, sendError, sendJson } from './http'
import { describeMultipart, FileStore, filesRoutes, parseMultipart, type MultipartBody } from './files-api'
import { ReplyGate, type ReplyHold } from './reply-hold'
import { tutorResponder, type Responder } from './responder'
import { ResponseStore, responsesRoutes } from './responses-api'
import type { Route, ServerMark, ServerRuntime } from './routing'
import { runsRoutes } from './runs-api'
import { SseStream, type StreamFault } from './sse'

export type { ServerMark }

/**
 * A fake OpenAI server on 127.0.0.1 for tests and demos. It speaks the real wire format
 * (shapes from the `openai` SDK's own types and OpenAI's OpenAPI spec), so the real SDK is the
 * client. Tests script faults (status codes, delays, cut or corrupted streams), swap the model
 * (the Responder), and take the network away.
 *
 * Endpoints: models, Responses (create, and retrieve a stored one), Conversations, Chat
 * Completions, and the beta Assistants API (assistants, threads, messages, runs, run steps).
 */

export interface Fault extends StreamFault {
  /** Which requests it applies to; all when omitted. */
  path?: RegExp
  method?: string
  /** Answer with this HTTP status and OpenAI's error body for it. */
  status?: 400 | 401 | 404 | 429 | 500 | 502 | 503
  /**
   * With status 400: the error's message quotes the request's Authorization header, as some
   * proxies and servers do — a test that a key echoed back never reaches the user.
   */
  echoAuthorization?: boolean
  /** Wait this long before answering (or before the fault's status); less if the client leaves. */
  delayMs?: number
  /** How many matching requests it affects; 1 when omitted, Infinity for every one. */
  times?: number
  /** Extra response headers, e.g. `retry-after-ms`. */
  headers?: Record<string, string>
  /** With a status: the error body's message, in the server's own words, instead of the usual one. */
  message?: string
  /** With status 429: no quota left (`insufficient_quota`), not a rate limit. */
  insufficientQuota?: boolean
}

export interface RecordedRequest {
  method: string
  path: string
  authorization: string | undefined
  body: unknown
}

export interface FakeOpenAIOptions {
  port?: number
  /** Keys the server accepts; any non-empty bearer token when omitted. */
  acceptedKeys?: string[]
  /** The model ids it serves (`GET /v1/models`, and every request's `model`); `defaultModels` when omitted. */
  models?: string[]
  /** The fake model; `tutorResponder` when omitted. */
  responder?: Responder
  /** Pause between SSE events, so a test can act mid-stream; 0 when omitted. */
  streamEventDelayMs?: number
  /** Pause between a background (not streamed) run's status changes; 20 when omitted. */
  runStepDelayMs?: number
  /**
   * The `openai-poll-after-ms` hint a background run's answers carry: `runStepDelayMs` when
   * omitted, no hint when null (a benchmark of the client's own polling).
   */
  pollAfterMs?: number | null
  /**
   * Told the moment an SSE event is written or a run ends, synchronously: a benchmark in the same
   * process times what follows on the same clock.
   */
  onMark?: (mark: ServerMark) => void
}

export interface FakeOpenAI {
  /** The base URL to give the SDK (`…/v1`). */
  readonly baseURL: string
  readonly requests: RecordedRequest[]
  /**
   * Schedules a fault for the next matching request(s). A fault with a stream field
   * (`dropStreamAfterEvents`, `malformedEventAt`) only matches requests with `stream: true`.
   */
  fault(fault: Fault): void
  /** Drops scheduled faults and releases a reply hold: a clean start for the next test. */
  clearFaults(): void
  /** Swaps the fake model; `undefined` restores the one the server started with. */
  setResponder(responder: Responder | undefined): void
  setStreamEventDelay(ms: number): void
  /** Changes the pause between a background run's status changes, from the next one on. */
  setRunStepDelay(ms: number): void
  /**
   * Replaces the models the server serves, from its next request on: a test of what the app does
   * when a model goes away (404 `model_not_found`) or a new one appears. `undefined` restores the
   * ones it started with.
   */
  setModels(ids: string[] | undefined): void
  /**
   * Stops every reply after its first piece of text (or its `afterPieces`th) until the hold is released (or the client
   * closes the stream, or cancels the run): a test acts mid-reply without racing the stream.
   */
  holdReplies(options?: { afterPieces?: number }): ReplyHold
  /** Resolves once no request is being answered (streams and background runs included). */
  idle(): Promise<void>
  /** Stops listening and drops every connection: clients get ECONNREFUSED. State is kept. */
  goOffline(): Promise<void>
  /** Listens again, on the same port. */
  goOnline(): Promise<void>
  /** A copy of a conversation's items, oldest first; empty for an unknown id. */
  conversationItems(conversationId: string): ConversationItem[]
  /** The files uploaded (files API): each file object and its bytes. */
  uploadedFiles(): { file: import('openai/resources/files').FileObject; data: Buffer }[]
  /** A copy of an Assistants thread's messages, oldest first; empty for an unknown id. */
  remoteThreadMessages(threadId: string): WireMessage[]
  /** A copy of an Assistants thread's runs, oldest first; empty for an unknown id. */
  remoteThreadRuns(threadId: string): Run[]
  close(): Promise<void>
}

/** `gpt-4o` is the model OpenAI's Assistants tutorial uses; the rest are what TutorDesk's tests ask for. */
const defaultModels: readonly string[] = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-5-mini', 'llama3.2']
const defaultRunStepDelayMs = 20
const modelsCreatedAt = 1_730_000_000

function modelObjects(ids: readonly string[]): Model[] {
  return ids.map((id) => ({ id, object: 'model', created: modelsCreatedAt, owned_by: id.startsWith('gpt') ? 'openai' : 'library' }))
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = []
  const inFlight = new Set<Promise<unknown>>()
  const faults: (Fault & { remaining: number })[] = []
  const defaultResponder = options.responder ?? tutorResponder
  let responder = defaultResponder
  let streamEventDelayMs = options.streamEventDelayMs ?? 0
  let runStepDelayMs = options.runStepDelayMs ?? defaultRunStepDelayMs
  const mark = options.onMark ?? (() => {})
  const startModels = options.models ?? defaultModels
  // Replaced as a whole by `setModels`; every handler reads it per request.
  let models = modelObjects(startModels)

  const runtime: ServerRuntime = {
    responder: () => responder,
    hasModel: (id) => models.some((model) => model.id === id),
    streamEventDelayMs: () => streamEventDelayMs,
    runStepDelayMs: () => runStepDelayMs,
    replyGate: new ReplyGate(),
    track: (work) => {
      inFlight.add(work)
      void work.finally(() => inFlight.delete(work))
    },
    mark,
    pollAfterMs: () => (options.pollAfterMs === null ? undefined : (options.pollAfterMs ?? runStepDelayMs)),
  }
  const conversations = new ConversationStore()
  const responses = new ResponseStore()
  const assistants = new AssistantsStore()
  const files = new FileStore()

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/v1\/models$/,
      handler: ({ res }) => sendJson(res, 200, { object: 'list', data: models }),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/models\/([^/]+)$/,
      handler: ({ res, params }) => {
        const model = models.find((m) => m.id === params[0])
        if (model) sendJson(res, 200, model)
        else sendError(res, 404, errors.modelNotFound(params[0]!))
      },
    },
    ...responsesRoutes(runtime, conversations, responses),
    ...conversationRoutes(conversations),
    ...chatRoutes(runtime),
    ...filesRoutes(files),
    ...assistantsRoutes(runtime, assistants, files),
    ...runsRoutes(runtime, assistants),
  ]

  const takeFault = (method: string, path: string, streamed: boolean) => {
    const index = faults.findIndex(
      (f) =>
        (!f.method || f.method === method) &&
        (!f.path || f.path.test(path)) &&
        (streamed || (f.dropStreamAfterEvents === undefined && f.malformedEventAt === undefined)),
    )
    if (index < 0) return undefined
    const fault = faults[index]!
    if (--fault.remaining <= 0) faults.splice(index, 1)
    return fault
  }

  const server = http.createServer((req, res) => runtime.track(answer(req, res)))

  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname
    let body: unknown
    const contentType = req.headers['content-type'] ?? ''
    try {
      // Uploads (the files API) come as multipart/form-data; everything else is JSON.
      body = contentType.startsWith('multipart/form-data') ? parseMultipart(contentType, await readRawBody(req)) : await readJsonBody(req)
    } catch (error) {
      sendError(res, 400, errors.invalidBody((error as Error).message))
      return
    }
    // An upload is logged by its fields and each file's name, type and size, not its bytes.
    const logged = body && typeof body === 'object' && 'multipart' in body ? describeMultipart(body as MultipartBody) : body
    requests.push({ method, path, authorization: req.headers.authorization, body: logged })

    const streamed = (body as { stream?: unknown } | undefined)?.stream === true
    const fault = takeFault(method, path, streamed)
    if (fault?.delayMs) await delayUnlessClosed(res, fault.delayMs)
    // The client gave up while we waited (a timeout test): nothing to answer. (`req` itself is
    // always destroyed by now: Node destroys a request once its body has been read.)
    if (res.destroyed || req.socket.destroyed) return
    if (fault?.status) {
      const error = fault.echoAuthorization
        ? errors.invalidRequest(`Malformed header: Authorization: ${req.headers.authorization ?? '(none)'}`)
        : fault.status === 429 && fault.insufficientQuota
          ? errors.insufficientQuota()
          : faultError(fault.status)
      sendError(res, fault.status, fault.message ? { ...error, message: fault.message } : error, fault.headers)
      return
    }

    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (!key) return sendError(res, 401, errors.missingKey())
    if (options.acceptedKeys && !options.acceptedKeys.includes(key)) return sendError(res, 401, errors.invalidKey(key))

    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(path) : null
      if (!match) continue
      try {
        await route.handler({
          req,
          res,
          params: match.slice(1).map((param) => decodeURIComponent(param)),
          query: url.searchParams,
          body,
          startStream: () => new SseStream(res, fault, runtime.streamEventDelayMs, (name) => mark({ kind: 'stream-event', name })),
        })
      } catch (error) {
        // Mid-stream there is no status left to send: cut the stream, as a crashed server would.
        if (res.headersSent) res.destroy()
        else if (error instanceof ApiError) sendError(res, error.status, error.body)
        else sendError(res, 500, errors.serverError())
      }
      return
    }
    sendError(res, 404, errors.unknownUrl(method, path))
  }

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  const stopListening = async () => {
    if (!server.listening) return
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()))
      // Active requests and open streams included: a network gone is gone mid-response too.
      server.closeAllConnections()
    })
    // A client notices its kept-alive connection was dropped only on a later turn of its event
    // loop. Give it that turn, so its next request dials anew and is refused (ECONNREFUSED)
    // instead of racing the dying socket ("other side closed").
    await new Promise((resolve) => setTimeout(resolve, 20))
  }

  await listen(options.port ?? 0)
  const { port } = server.address() as AddressInfo

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    fault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 })
    },
    clearFaults() {
      faults.length = 0
      runtime.replyGate.releaseAll()
    },
    setResponder(next) {
      responder = next ?? defaultResponder
    },
    setStreamEventDelay(ms) {
      streamEventDelayMs = ms
    },
    setRunStepDelay(ms) {
      runStepDelayMs = ms
    },
    setModels(ids) {
      models = modelObjects(ids ?? startModels)
    },
    holdReplies: (options) => runtime.replyGate.hold(options),
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
    goOffline: stopListening,
    async goOnline() {
      if (!server.listening) await listen(port)
    },
    conversationItems(conversationId) {
      return structuredClone(conversations.find(conversationId)?.items ?? [])
    },
    uploadedFiles() {
      return [...files.files.values()].map((stored) => ({ file: structuredClone(stored.file), data: Buffer.from(stored.data) }))
    },
    remoteThreadMessages(threadId) {
      return structuredClone(assistants.threads.get(threadId)?.messages ?? [])
    },
    remoteThreadRuns(threadId) {
      return structuredClone((assistants.threads.get(threadId)?.runs ?? []).map((stored) => stored.run))
    },
    close: stopListening,
  }
}

function faultError(status: NonNullable<Fault['status']>) {
  switch (status) {
    case 401:
      return errors.invalidKey('sk-revoked-key-0000')
    case 404:
      return errors.modelNotFound('gpt-unknown')
    case 400:
      return errors.invalidRequest('The request was not valid.')
    case 429:
      return errors.rateLimited()
    default:
      return errors.serverError()
  }
}
