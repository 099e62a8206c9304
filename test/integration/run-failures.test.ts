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

  it('429s are waited out as the server asks, said on the run, then reported as rate_limit_exceeded', async () => {
    harness = await openEngineHarness(server, backend)
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'hello' })
    server.requests.length = 0
    server.fault({ status: 429, times: Infinity, headers: { 'retry-after-ms': '10' } })
    const run = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'rate_limit_exceeded' }, retry_wait: null })
    // One try and TutorDesk's three waits of the first request; none of the SDK's own on top.
    expect(server.requests).toHaveLength(4)
    const waits = harness.eventsOf('run:status').filter((event) => event.run.id === run.id && event.run.retry_wait)
    expect(waits).toHaveLength(3)
  })

  it('a 429 with retry-after tells the renderer when the run goes again, then the reply arrives', async () => {
    harness = await openEngineHarness(server, backend)
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
    server.fault({ status: 429, times: 1, headers: { 'retry-after': '1' } })
    const before = Date.now()
    const created = await harness.call('runs:create', { thread_id: thread.id })
    const waiting = await harness.nextEvent('run:status', ({ run }) => run.id === created.id && !!run.retry_wait)
    expect(waiting.run.retry_wait).toEqual({ code: 'rate_limit_exceeded', params: {}, retry_at_ms: expect.any(Number) })
    expect(waiting.run.retry_wait!.retry_at_ms).toBeGreaterThanOrEqual(before + 1000)
    expect(waiting.run.retry_wait!.retry_at_ms).toBeLessThanOrEqual(Date.now() + 1000)
    // Saved too: a window opened during the wait shows it.
    expect((await harness.call('runs:get', { run_id: created.id })).retry_wait).toEqual(waiting.run.retry_wait)
    const run = await harness.finished(created.id)
    expect(run).toMatchObject({ status: 'completed', retry_wait: null })
    expect(textOf((await harness.call('messages:list', { thread_id: thread.id, limit: 1 })).data[0]!)).toBe('x = 1')
  })

  it('Stop during a rate-limit wait stops at once, not when the wait is over', async () => {
    harness = await openEngineHarness(server, backend)
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'hello' })
    // A minute: the test's own timeout fails it long before, should Stop wait it out.
    server.fault({ status: 429, times: Infinity, headers: { 'retry-after': '60' } })
    const created = await harness.call('runs:create', { thread_id: thread.id })
    await harness.nextEvent('run:status', ({ run }) => run.id === created.id && !!run.retry_wait)
    await harness.call('runs:cancel', { run_id: created.id })
    expect(await harness.finished(created.id)).toMatchObject({ status: 'cancelled', retry_wait: null })
  })

  it('no quota left (429 insufficient_quota) is not waited for: it fails at once', async () => {
    harness = await openEngineHarness(server, backend)
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'hello' })
    server.requests.length = 0
    server.fault({ status: 429, times: Infinity, insufficientQuota: true, headers: { 'retry-after': '60' } })
    const run = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'insufficient_quota' } })
    expect(server.requests).toHaveLength(1)
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
    // A busy server's retry-after is waited out three times (server-waits.ts): the fourth 503 fails the run.
    server.fault({ status: 503, times: 4, headers: { 'retry-after-ms': '10' } })
    const { run, thread, message } = await ask()
    // The run names the question it failed to answer; its retry, the same one.
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'server_error' }, question_id: message.id })
    const retry = await harness.finished((await harness.call('runs:retry', { run_id: run.id })).id)
    expect(retry).toMatchObject({ status: 'completed', retry_of: run.id, question_id: message.id })
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
