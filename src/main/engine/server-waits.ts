import type { RunRetryWait } from '../../shared/domain'
import { pause } from '../common/pause'

/**
 * Waits the server asks for, said out loud. The `openai` SDK retries a 429 (and a 5xx) by
 * itself, sleeping as long as `retry-after` says, twice by default: a run showed "Queued…" for
 * 40 s with nothing saying why, and a Stop during that sleep had to wait it out. So a run's
 * client fetches through this wrapper, which takes those waits over: it reports each one (why,
 * and when the request goes again) before it starts and when it ends, sleeps on the request's
 * own abort signal (a Stop ends it at once), and sends the same request again. What it gives up
 * on goes back to the SDK marked `x-should-retry: false`, so the SDK adds no silent waits of its
 * own; the run then fails with the error the status says (rate_limit_exceeded…).
 */
export interface ServerWaitOptions {
  /** Told about a wait as it starts, and with `null` as it ends (the request goes again). */
  onWait(wait: RunRetryWait | null): void
  /** The server's host, as a busy server's wait names it. */
  host: string
  /** The fetch to wrap; the global one when omitted. */
  fetch?: typeof fetch
  /** Waits per request before giving up; 3 when omitted. */
  maxWaits?: number
  /** A server asking for a longer wait than this gets none: the run fails, to be retried by hand. 120 s when omitted. */
  maxWaitMs?: number
  /** The clock the resume time is given by. */
  now?: () => number
}

const defaultMaxWaits = 3
const defaultMaxWaitMs = 120_000

export function serverWaitFetch(options: ServerWaitOptions): typeof fetch {
  const base = options.fetch ?? globalThis.fetch
  const now = options.now ?? Date.now
  const maxWaits = options.maxWaits ?? defaultMaxWaits
  const maxWaitMs = options.maxWaitMs ?? defaultMaxWaitMs

  return async (input, init) => {
    for (let waits = 0; ; waits++) {
      const response = await base(input, init)
      const reason = await waitReason(response)
      if (!reason) return response
      if (reason === 'final') return finalAnswer(response)
      const delay = retryDelayMs(response.headers, waits, now)
      // A body that was a stream is gone once sent: such a request cannot go again.
      if (waits >= maxWaits || delay > maxWaitMs || !replayable(init?.body)) return finalAnswer(response)
      await response.body?.cancel().catch(() => undefined)
      const signal = init?.signal ?? undefined
      const wait: RunRetryWait = { code: reason, params: reason === 'server_error' ? { host: options.host } : {}, retry_at_ms: Math.round(now() + delay) }
      options.onWait(wait)
      try {
        await pause(delay, signal)
      } finally {
        options.onWait(null)
      }
      // Stopped during the wait: fetch fails at once with the abort, as the SDK expects.
    }
  }
}

/** Why a response means "wait, then ask again", if it does. */
async function waitReason(response: Response): Promise<RunRetryWait['code'] | 'final' | undefined> {
  if (response.headers.get('x-should-retry') === 'false') return undefined
  if (response.status === 429) {
    // No quota left is a 429 too, but waiting does not bring quota back.
    const code = await response
      .clone()
      .json()
      .then((body) => {
        const error = (body as { error?: { code?: unknown; type?: unknown } } | null)?.error
        return error?.code ?? error?.type
      })
      .catch(() => undefined)
    return code === 'insufficient_quota' ? 'final' : 'rate_limit_exceeded'
  }
  // A busy server that says when to come back (503 with retry-after); other 5xx are the SDK's.
  if (response.status >= 500 && (response.headers.has('retry-after') || response.headers.has('retry-after-ms'))) return 'server_error'
  return undefined
}

/**
 * How long the server asked to wait, as the SDK reads it (`retry-after-ms`, then `retry-after` in
 * seconds or as an HTTP date); else a backoff of 1, 2, 4 s.
 */
export function retryDelayMs(headers: Headers, waitsSoFar: number, now: () => number = Date.now): number {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '')
  if (Number.isFinite(ms) && ms >= 0) return ms
  const after = headers.get('retry-after')
  if (after) {
    const seconds = Number.parseFloat(after)
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
    const date = Date.parse(after)
    if (Number.isFinite(date)) return Math.max(0, date - now())
  }
  return 1000 * 2 ** waitsSoFar
}

function replayable(body: RequestInit['body'] | undefined): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams || body instanceof FormData || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof Blob
}

/** The response as it came, told not to be retried by the SDK: the waits were ours to take. */
function finalAnswer(response: Response): Response {
  const headers = new Headers(response.headers)
  headers.set('x-should-retry', 'false')
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}
