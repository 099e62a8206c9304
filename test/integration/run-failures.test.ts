import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { everyBackend, openEngineHarness, serverSideCopies, testApiKey, textOf, tutorialThread, type EngineHarness } from '../support/engine'

/**
 * Each failure a learner can meet ends the run with a code and a sentence that says what to
 * do, keeps every message, and can be retried. On every backend.
 */
describe.each(everyBackend)('failures on $label', (backend) => {
  let server: FakeOpenAI
  let harness: EngineHarness
  beforeAll(async () => {
    server = await startFakeOpenAI({ acceptedKeys: ['sk-test-engine-0123456789abcdef'] })
  })
  afterAll(() => server.close())
  beforeEach(() => {
    server.clearFaults()
    server.requests.length = 0
  })
  afterEach(() => harness?.close())

  async function ask(text = "방정식 '3x + 11 = 14'를 풀어줘", assistant = {}) {
    const { thread } = await tutorialThread(harness, assistant)
    const message = await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: text })
    const run = await harness.call('runs:create', { thread_id: thread.id })
    return { thread, message, run: await harness.finished(run.id) }
  }

  it('a rejected key (401) fails the run as invalid_api_key and keeps the message', async () => {
    harness = await openEngineHarness(server, backend, {
      env: { OPENAI_API_KEY: 'sk-wrong-key-00000000000000', OPENAI_BASE_URL: server.baseURL },
    })
    const { thread, message, run } = await ask()
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'invalid_api_key', message: expect.stringContaining('Settings') } })
    expect(run.failed_at).toEqual(expect.any(Number))
    expect((await harness.call('messages:list', { thread_id: thread.id })).data.map((m) => m.id)).toEqual([message.id])
  })

  it('an unknown model (404) fails as model_not_found, naming the model', async () => {
    harness = await openEngineHarness(server, backend)
    const { run } = await ask(undefined, { model: 'gpt-unknown' })
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'model_not_found', message: expect.stringContaining('gpt-unknown') } })
  })

  it('429s are retried by the SDK, then reported as rate_limit_exceeded', async () => {
    harness = await openEngineHarness(server, backend)
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'hello' })
    server.requests.length = 0
    server.fault({ status: 429, times: Infinity, headers: { 'retry-after-ms': '10' } })
    const run = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'rate_limit_exceeded' } })
    // One try and the SDK's two retries of the first request.
    expect(server.requests).toHaveLength(3)
  })

  it('a 500 that clears up within the SDK’s retries is invisible: the run completes', async () => {
    harness = await openEngineHarness(server, backend)
    server.fault({ status: 500, times: 1, headers: { 'retry-after-ms': '10' } })
    const { run, thread } = await ask()
    expect(run.status).toBe('completed')
    expect(textOf((await harness.call('messages:list', { thread_id: thread.id, limit: 1 })).data[0]!)).toBe('x = 1')
  })

  it('5xx that persist fail as server_error, and a retry then succeeds', async () => {
    harness = await openEngineHarness(server, backend)
    server.fault({ status: 503, times: 3, headers: { 'retry-after-ms': '10' } })
    const { run, thread } = await ask()
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'server_error' } })
    const retry = await harness.finished((await harness.call('runs:retry', { run_id: run.id })).id)
    expect(retry).toMatchObject({ status: 'completed', retry_of: run.id })
    const messages = (await harness.call('messages:list', { thread_id: thread.id, order: 'asc' })).data
    expect(messages.map((m) => [m.role, textOf(m)])).toEqual([
      ['user', "방정식 '3x + 11 = 14'를 풀어줘"],
      ['assistant', 'x = 1'],
    ])
  })

  it.skipIf(backend.assistantsMode === 'poll')(
    'a stream cut mid-reply keeps the partial text, fails the run, and a retry completes without duplicating anything',
    async () => {
      harness = await openEngineHarness(server, backend)
      server.setResponder(() => ({ text: '양변에서 11을 빼면 3x = 3이 되고, 양변을 3으로 나누면 x = 1이 됩니다. 검산하면 3·1 + 11 = 14.' }))
      try {
        const { thread } = await tutorialThread(harness)
        const question = await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '풀이를 보여줘' })
        // Cut after the reply has started streaming.
        server.fault({ dropStreamAfterEvents: 8, path: /\/(responses|chat\/completions|runs)$/ })
        const run = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
        expect(run).toMatchObject({ status: 'failed', last_error: { code: 'stream_interrupted' } })

        const afterCut = (await harness.call('messages:list', { thread_id: thread.id, order: 'asc' })).data
        const partial = afterCut.find((m) => m.role === 'assistant')
        expect(partial).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'run_failed' }, run_id: run.id })
        expect(textOf(partial!).length).toBeGreaterThan(0)

        const retry = await harness.finished((await harness.call('runs:retry', { run_id: run.id })).id)
        expect(retry.status).toBe('completed')
        const final = (await harness.call('messages:list', { thread_id: thread.id, order: 'asc' })).data
        // The question once; the cut reply kept (marked incomplete); the full reply once.
        expect(final.filter((m) => m.role === 'user').map((m) => m.id)).toEqual([question.id])
        expect(final.filter((m) => m.role === 'assistant' && m.status === 'completed').map(textOf)).toEqual([
          '양변에서 11을 빼면 3x = 3이 되고, 양변을 3으로 나누면 x = 1이 됩니다. 검산하면 3·1 + 11 = 14.',
        ])
        // And the server holds the question once: no duplicate on its side either.
        const current = await harness.call('threads:get', { thread_id: thread.id })
        expect(serverSideCopies(server, backend.backend, current.remote_ids['openai'], '풀이를 보여줘')).toBe(1)
      } finally {
        server.setResponder(undefined)
      }
    },
  )

  it.skipIf(backend.assistantsMode === 'poll')('a malformed event fails the run as bad_response', async () => {
    harness = await openEngineHarness(server, backend)
    server.fault({ malformedEventAt: 3, path: /\/(responses|chat\/completions|runs)$/ })
    // The SDK prints an unparseable Assistants event with console.error itself: catch it here,
    // and make sure what it prints is the server's data, never the key.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const { run } = await ask()
      expect(run).toMatchObject({ status: 'failed', last_error: { code: 'bad_response' } })
      expect(JSON.stringify(printed.mock.calls)).not.toContain(testApiKey)
    } finally {
      printed.mockRestore()
    }
  })

  it('with no key at all for OpenAI, fails as missing_api_key before any request', async () => {
    harness = await openEngineHarness(server, backend, { env: {} })
    const { run } = await ask()
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'missing_api_key' } })
    expect(server.requests).toHaveLength(0)
  })
})
