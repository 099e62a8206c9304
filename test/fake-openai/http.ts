import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ErrorObject } from 'openai/resources/shared'

/** Helpers that write responses the way api.openai.com does: JSON bodies, headers, error envelopes. */

export function requestId(): string {
  return `req_${randomBytes(16).toString('hex')}`
}

export function commonHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'x-request-id': requestId(),
    'openai-processing-ms': '12',
    'openai-version': '2020-10-01',
    ...extra,
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text).toString(),
    ...commonHeaders(headers),
  })
  res.end(text)
}

/** OpenAI's error envelope: `{ "error": { message, type, param, code } }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: ErrorObject,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error }, headers)
}

/**
 * Thrown by a route handler to answer with an OpenAI error; the server turns it into the error
 * envelope, so handlers can validate deep inside helpers without passing `res` around.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorObject,
  ) {
    super(body.message)
  }
}

export const errors = {
  missingKey: (): ErrorObject => ({
    message:
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    type: 'invalid_request_error',
    param: null,
    code: null,
  }),
  invalidKey: (key: string): ErrorObject => ({
    message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  }),
  rateLimited: (): ErrorObject => ({
    message: 'Rate limit reached for requests. Please try again in 20ms.',
    type: 'requests',
    param: null,
    code: 'rate_limit_exceeded',
  }),
  insufficientQuota: (): ErrorObject => ({
    message: 'You exceeded your current quota, please check your plan and billing details.',
    type: 'insufficient_quota',
    param: null,
    code: 'insufficient_quota',
  }),
  serverError: (): ErrorObject => ({
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    param: null,
    code: null,
  }),
  modelNotFound: (model: string): ErrorObject => ({
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    type: 'invalid_request_error',
    param: null,
    code: 'model_not_found',
  }),
  /** The wording the real API uses for an unknown object id (thread, run, assistant, …). */
  noSuchObject: (kind: string, id: string): ErrorObject => ({
    message: `No ${kind} found with id '${id}'.`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  }),
  /** The Responses API's wording for an unknown (or never stored) response id. */
  responseNotFound: (id: string): ErrorObject => ({
    message: `Response with id '${id}' not found.`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  }),
  missingParameter: (param: string): ErrorObject => ({
    message: `Missing required parameter: '${param}'.`,
    type: 'invalid_request_error',
    param,
    code: 'missing_required_parameter',
  }),
  invalidRequest: (message: string, param: string | null = null): ErrorObject => ({
    message,
    type: 'invalid_request_error',
    param,
    code: null,
  }),
  betaHeaderMissing: (): ErrorObject => ({
    message:
      "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.",
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_beta',
  }),
  unknownUrl: (method: string, url: string): ErrorObject => ({
    message: `Invalid URL (${method} ${url})`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  }),
  invalidBody: (detail: string): ErrorObject => ({
    message: `We could not parse the JSON body of your request. (${detail})`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  }),
}

/** As the real API does: show the start and end of a wrong key, never all of it. */
export function maskKey(key: string): string {
  return key.length <= 8 ? '****' : `${key.slice(0, 3)}*********${key.slice(-4)}`
}

/** Waits `ms`, or less when the client goes away first (e.g. its timeout fired, it closed a stream). */
export function delayUnlessClosed(res: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    res.once('close', done)
    function done() {
      clearTimeout(timer)
      res.off('close', done)
      resolve()
    }
  })
}

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  if (chunks.length === 0) return undefined
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}
