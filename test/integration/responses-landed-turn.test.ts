import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { everyBackend, openEngineHarness, serverSideCopies, textOf, tutorialThread, type EngineHarness } from '../support/engine'

const responses = everyBackend[0]!
const question = "방정식 '3x + 11 = 14'를 풀어줘"

/**
 * A response that completes on the server while its final event never reaches us (here: the
 * `response.completed` event arrives unreadable). The conversation holds the turn; the thread
 * here does not know it. A retry must not ask the question twice.
 */
describe('Responses: a turn that landed on the server although we never saw it complete', () => {
  let server: FakeOpenAI
  let harness: EngineHarness
  beforeAll(async () => {
    server = await startFakeOpenAI()
  })
  afterAll(() => server.close())
  afterEach(() => {
    harness?.close()
    server.clearFaults()
  })

  async function failAtTheLastEvent() {
    harness = await openEngineHarness(server, responses)
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: question })
    // "x = 1": created, in_progress, item added, part added, 2 deltas, text done, part done, item done, completed (10th).
    server.fault({ path: /^\/v1\/responses$/, malformedEventAt: 10 })
    const failed = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    expect(failed).toMatchObject({ status: 'failed', last_error: { code: 'bad_response' } })
    const conversationId = (await harness.call('threads:get', { thread_id: thread.id })).remote_ids['openai']!
    // The server did complete it: the conversation holds the question and the answer.
    expect(server.conversationItems(conversationId)).toHaveLength(2)
    return { thread, failed, conversationId }
  }

  it('a retry takes the turn as sent instead of asking again', async () => {
    const { thread, failed, conversationId } = await failAtTheLastEvent()
    const posts = server.requests.filter((request) => request.path === '/v1/responses').length
    const retry = await harness.finished((await harness.call('runs:retry', { run_id: failed.id })).id)
    expect(retry.status).toBe('completed')
    expect(server.requests.filter((request) => request.path === '/v1/responses')).toHaveLength(posts)
    expect(serverSideCopies(server, 'responses', conversationId, question)).toBe(1)
    const messages = (await harness.call('messages:list', { thread_id: thread.id, order: 'asc' })).data
    expect(messages.map((message) => [message.role, textOf(message)])).toEqual([
      ['user', question],
      ['assistant', 'x = 1'],
    ])
    expect(messages.every((message) => message.remote_ids['openai'])).toBe(true)
  })

  it('a new question after it sends only the new question', async () => {
    const { thread, conversationId } = await failAtTheLastEvent()
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '설명해 주시겠어요?' })
    const next = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    expect(next.status).toBe('completed')
    expect(serverSideCopies(server, 'responses', conversationId, question)).toBe(1)
    expect(serverSideCopies(server, 'responses', conversationId, '설명해 주시겠어요?')).toBe(1)
    const roles = (await harness.call('messages:list', { thread_id: thread.id, order: 'asc' })).data.map((message) => message.role)
    expect(roles).toEqual(['user', 'assistant', 'user', 'assistant'])
  })

  it('a question that never landed (the stream was cut before the end) is sent once more', async () => {
    harness = await openEngineHarness(server, responses)
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: question })
    server.fault({ path: /^\/v1\/responses$/, dropStreamAfterEvents: 6 })
    const failed = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    const conversationId = (await harness.call('threads:get', { thread_id: thread.id })).remote_ids['openai']!
    expect(server.conversationItems(conversationId)).toEqual([])
    expect((await harness.finished((await harness.call('runs:retry', { run_id: failed.id })).id)).status).toBe('completed')
    expect(serverSideCopies(server, 'responses', conversationId, question)).toBe(1)
  })
})
