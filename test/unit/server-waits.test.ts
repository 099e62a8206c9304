import { describe, expect, it } from 'vitest'
import type { RunRetryWait } from '../../src/shared/domain'
import { retryDelayMs, serverWaitFetch } from '../../src/main/engine/server-waits'

const headers = (init: Record<string, string>) => new Headers(init)

/** A fetch that answers with `responses` in turn, and records what it was asked. */
function scripted(responses: (() => Response)[]) {
  const calls: { input: unknown; init: RequestInit | undefined }[] = []
  const fetch = (async (input: unknown, init?: RequestInit) => {
    calls.push({ input, init })
    const next = responses.shift()
    if (!next) throw new Error('no more responses')
    return next()
  }) as typeof globalThis.fetch
  return { fetch, calls }
}

const rateLimited = (extra: Record<string, string> = {}, code = 'rate_limit_exceeded') => () =>
  new Response(JSON.stringify({ error: { message: 'slow down', type: 'requests', code } }), { status: 429, headers: { 'content-type': 'application/json', ...extra } })
const ok = () => () => new Response('{"ok":true}', { status: 200 })

describe('how long the server asks to wait', () => {
  it('reads retry-after-ms, then retry-after in seconds or as a date, else backs off 1, 2, 4 s', () => {
    expect(retryDelayMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), 0)).toBe(250)
    expect(retryDelayMs(headers({ 'retry-after': '20' }), 0)).toBe(20_000)
    expect(retryDelayMs(headers({ 'retry-after': 'Thu, 26 Nov 2026 03:00:30 GMT' }), 0, () => Date.parse('2026-11-26T03:00:00Z'))).toBe(30_000)
    expect(retryDelayMs(headers({}), 0)).toBe(1000)
    expect(retryDelayMs(headers({}), 2)).toBe(4000)
  })
})

describe('serverWaitFetch', () => {
  it('waits a 429 out as the server asks, tells when it goes again and when it went, and sends the same request again', async () => {
    const { fetch, calls } = scripted([rateLimited({ 'retry-after-ms': '5' }), ok()])
    const waits: (RunRetryWait | null)[] = []
    const wrapped = serverWaitFetch({ fetch, host: 'example.test', onWait: (wait) => waits.push(wait), now: () => 1_000_000 })
    const response = await wrapped('https://example.test/v1/responses', { method: 'POST', body: '{"a":1}' })
    expect(response.status).toBe(200)
    expect(calls.map((call) => call.init?.body)).toEqual(['{"a":1}', '{"a":1}'])
    expect(waits).toEqual([{ code: 'rate_limit_exceeded', params: {}, retry_at_ms: 1_000_005 }, null])
  })

  it('gives up after three waits and tells the SDK not to retry on its own', async () => {
    const { fetch, calls } = scripted([1, 2, 3, 4].map(() => rateLimited({ 'retry-after-ms': '1' })))
    const response = await serverWaitFetch({ fetch, host: 'h', onWait: () => undefined })('u', { body: 'x' })
    expect(response.status).toBe(429)
    expect(response.headers.get('x-should-retry')).toBe('false')
    expect(calls).toHaveLength(4)
    // The body is still there for the SDK to read the error from.
    expect(await response.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } })
  })

  it('does not wait for quota (insufficient_quota), nor longer than it allows, nor with a body it cannot send twice', async () => {
    for (const [response, body] of [
      [rateLimited({ 'retry-after': '1' }, 'insufficient_quota'), 'x'],
      [rateLimited({ 'retry-after': '600' }), 'x'],
      [rateLimited({ 'retry-after-ms': '1' }), new ReadableStream()],
    ] as const) {
      const { fetch, calls } = scripted([response])
      const waits: unknown[] = []
      const answer = await serverWaitFetch({ fetch, host: 'h', onWait: (wait) => waits.push(wait) })('u', { body: body as RequestInit["body"] })
      expect(answer.headers.get('x-should-retry')).toBe('false')
      expect(calls).toHaveLength(1)
      expect(waits).toEqual([])
    }
  })

  it('waits for a busy server that says when to come back (503 retry-after), naming it; other 5xx are left to the SDK', async () => {
    const busy = () => new Response('{}', { status: 503, headers: { 'retry-after-ms': '1' } })
    const waits: (RunRetryWait | null)[] = []
    const first = scripted([busy, ok()])
    expect((await serverWaitFetch({ fetch: first.fetch, host: 'llm.local:8080', onWait: (wait) => waits.push(wait) })('u')).status).toBe(200)
    expect(waits[0]).toMatchObject({ code: 'server_error', params: { host: 'llm.local:8080' } })

    const plain = scripted([() => new Response('{}', { status: 500 })])
    const answer = await serverWaitFetch({ fetch: plain.fetch, host: 'h', onWait: () => undefined })('u')
    expect(answer.status).toBe(500)
    expect(answer.headers.get('x-should-retry')).toBeNull()
  })

  it('a Stop during the wait ends it at once: the next fetch sees the abort', async () => {
    const controller = new AbortController()
    const { fetch, calls } = scripted([rateLimited({ 'retry-after': '60' })])
    const wrapped = serverWaitFetch({
      fetch: (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
        if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError')
        return fetch(input, init)
      }) as typeof globalThis.fetch,
      host: 'h',
      onWait: (wait) => {
        if (wait) setImmediate(() => controller.abort())
      },
    })
    await expect(wrapped('u', { signal: controller.signal })).rejects.toThrow('aborted')
    expect(calls).toHaveLength(1)
  })
})
