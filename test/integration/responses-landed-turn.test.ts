import { describe, expect, it } from 'vitest'
import { everyBackend, openEngineHarness, serverSideCopies, textOf, tutorialThread, withFakeServer } from '../support/engine'

const responses = everyBackend[0]!
const question = "방정식 '3x + 11 = 14'를 풀어줘"

/**
 * A response that completes on the fake.server while its final event never reaches us (here: the
 * `response.completed` event arrives unreadable). The conversation holds the turn; the thread
 * here does not know it. A retry must not ask the question twice.
 */
describe('Responses: a turn that landed on the fake.server although we never saw it complete', () => {
  const fake = withFakeServer()

  async function failAtTheLastEvent() {
    fake.harness = await openEngineHarness(fake.server, responses)
    const { thread } = await tutorialThread(fake.harness)
    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: question })
    // "x = 1": created, in_progress, item added, part added, 2 deltas, text done, part done, item done, completed (10th).
    fake.server.fault({ path: /^\/v1\/responses$/, malformedEventAt: 10 })
    const failed = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)
    expect(failed).toMatchObject({ status: 'failed', last_error: { code: 'bad_response' } })
    const conversationId = (await fake.harness.call('threads:get', { thread_id: thread.id })).remote_ids['openai']!
    // The fake.server did complete it: the conversation holds the question and the answer.
    expect(fake.server.conversationItems(conversationId)).toHaveLength(2)
    return { thread, failed, conversationId }
  }

  it('a retry takes the turn as sent instead of asking again', async () => {
    const { thread, failed, conversationId } = await failAtTheLastEvent()
    const posts = fake.server.requests.filter((request) => request.path === '/v1/responses').length
    const retry = await fake.harness.finished((await fake.harness.call('runs:retry', { run_id: failed.id })).id)
    expect(retry.status).toBe('completed')
    expect(fake.server.requests.filter((request) => request.path === '/v1/responses')).toHaveLength(posts)
    expect(serverSideCopies(fake.server, 'responses', conversationId, question)).toBe(1)
    const messages = (await fake.harness.call('messages:list', { thread_id: thread.id, order: 'asc' })).data
    expect(messages.map((message) => [message.role, textOf(message)])).toEqual([
      ['user', question],
      ['assistant', 'x = 1'],
    ])
    expect(messages.every((message) => message.remote_ids['openai'])).toBe(true)
  })

  it('a new question after it sends only the new question', async () => {
    const { thread, conversationId } = await failAtTheLastEvent()
    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '설명해 주시겠어요?' })
    const next = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)
    expect(next.status).toBe('completed')
    expect(serverSideCopies(fake.server, 'responses', conversationId, question)).toBe(1)
    expect(serverSideCopies(fake.server, 'responses', conversationId, '설명해 주시겠어요?')).toBe(1)
    const roles = (await fake.harness.call('messages:list', { thread_id: thread.id, order: 'asc' })).data.map((message) => message.role)
    expect(roles).toEqual(['user', 'assistant', 'user', 'assistant'])
  })

  it('a question that never landed (the stream was cut before the end) is sent once more', async () => {
    fake.harness = await openEngineHarness(fake.server, responses)
    const { thread } = await tutorialThread(fake.harness)
    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: question })
    fake.server.fault({ path: /^\/v1\/responses$/, dropStreamAfterEvents: 6 })
    const failed = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)
    const conversationId = (await fake.harness.call('threads:get', { thread_id: thread.id })).remote_ids['openai']!
    expect(fake.server.conversationItems(conversationId)).toEqual([])
    expect((await fake.harness.finished((await fake.harness.call('runs:retry', { run_id: failed.id })).id)).status).toBe('completed')
    expect(serverSideCopies(fake.server, 'responses', conversationId, question)).toBe(1)
  })
})
