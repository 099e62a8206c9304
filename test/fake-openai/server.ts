import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Model } from 'openai/resources/models'
import { errors, readJsonBody, sendError, sendJson } from './http'

/**
 * A fake OpenAI server on 127.0.0.1 for tests and demos. It speaks the real wire format
 * (shapes from the `openai` SDK's own types and OpenAI's OpenAPI spec), so the real SDK is the
 * client. Tests script faults: status codes, delays.
 *
 * Implemented now: GET /v1/models, GET /v1/models/{id}. Runs, responses, chat completions and
 * the Assistants endpoints arrive with the run engine.
 */

export interface Fault {
  /** Which requests it applies to; all when omitted. */
  path?: RegExp
  method?: string
  /** Answer with this HTTP status and OpenAI's error body for it. */
  status?: 401 | 404 | 429 | 500 | 502 | 503
  /** Wait this long before answering (or before the fault's status). */
  delayMs?: number
  /** How many matching requests it affects; 1 when omitted, Infinity for every one. */
  times?: number
  /** Extra response headers, e.g. `retry-after-ms`. */
  headers?: Record<string, string>
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
  models?: string[]
}

export interface FakeOpenAI {
  /** The base URL to give the SDK (`…/v1`). */
  readonly baseURL: string
  readonly requests: RecordedRequest[]
  /** Schedules a fault for the next matching request(s). */
  fault(fault: Fault): void
  clearFaults(): void
  close(): Promise<void>
}

type Handler = (context: { req: IncomingMessage; res: ServerResponse; params: string[]; body: unknown }) => void | Promise<void>

interface Route {
  method: string
  pattern: RegExp
  handler: Handler
}

const defaultModels = ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-5-mini', 'llama3.2']

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = []
  const faults: (Fault & { remaining: number })[] = []
  const created = 1_730_000_000
  const models: Model[] = (options.models ?? defaultModels).map((id) => ({
    id,
    object: 'model',
    created,
    owned_by: id.startsWith('gpt') ? 'openai' : 'library',
  }))

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
        const id = decodeURIComponent(params[0]!)
        const model = models.find((m) => m.id === id)
        if (model) sendJson(res, 200, model)
        else sendError(res, 404, errors.modelNotFound(id))
      },
    },
  ]

  const takeFault = (method: string, path: string) => {
    const index = faults.findIndex(
      (f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)),
    )
    if (index < 0) return undefined
    const fault = faults[index]!
    if (--fault.remaining <= 0) faults.splice(index, 1)
    return fault
  }

  const server = http.createServer(async (req, res) => {
    const method = req.method ?? 'GET'
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    let body: unknown
    try {
      body = await readJsonBody(req)
    } catch (error) {
      sendError(res, 400, errors.invalidBody((error as Error).message))
      return
    }
    requests.push({ method, path, authorization: req.headers.authorization, body })

    const fault = takeFault(method, path)
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    // The client gave up while we waited (a timeout test): nothing to answer. (`req` itself is
    // always destroyed by now: Node destroys a request once its body has been read.)
    if (res.destroyed || req.socket.destroyed) return
    if (fault?.status) {
      sendError(res, fault.status, faultError(fault.status), fault.headers)
      return
    }

    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (!key) return sendError(res, 401, errors.missingKey())
    if (options.acceptedKeys && !options.acceptedKeys.includes(key)) return sendError(res, 401, errors.invalidKey(key))

    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(path) : null
      if (match) {
        try {
          await route.handler({ req, res, params: match.slice(1), body })
        } catch {
          if (!res.headersSent) sendError(res, 500, errors.serverError())
        }
        return
      }
    }
    sendError(res, 404, errors.unknownUrl(method, path))
  })

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    fault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 })
    },
    clearFaults() {
      faults.length = 0
    },
    close() {
      server.closeAllConnections()
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    },
  }
}

function faultError(status: NonNullable<Fault['status']>) {
  switch (status) {
    case 401:
      return errors.invalidKey('sk-revoked-key-0000')
    case 404:
      return errors.modelNotFound('gpt-unknown')
    case 429:
      return errors.rateLimited()
    default:
      return errors.serverError()
  }
}
