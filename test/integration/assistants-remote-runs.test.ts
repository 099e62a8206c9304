import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { everyBackend, openEngineHarness, testApiKey, tutorialThread, withFakeServer } from '../support/engine'

const [, , streamed, polled] = everyBackend as [unknown, unknown, (typeof everyBackend)[number], (typeof everyBackend)[number]]
const longAnswer = '양변에서 11을 빼면 3x = 3이 됩니다. 그다음 양변을 3으로 나누면 x = 1이에요.'

/**
 * The Assistants API keeps runs on the server: a run TutorDesk stops following must be stopped
 * there too, or the next run on the thread is refused ("already has an active run").
 */
describe('the fake.server’s runs on the Assistants API', () => {
  const fake = withFakeServer()

  async function startRun(backend: typeof streamed) {
    fake.harness = await openEngineHarness(fake.server, backend)
    fake.server.setResponder(() => ({ text: longAnswer }))
    const { thread } = await tutorialThread(fake.harness)
    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '자세히 풀어줘' })
    const hold = fake.server.holdReplies()
    const run = await fake.harness.call('runs:create', { thread_id: thread.id })
    await hold.reached
    await fake.harness.nextEvent('run:status', (event) => event.run.id === run.id && event.run.status === 'in_progress')
    const remoteThreadId = (await fake.harness.call('threads:get', { thread_id: thread.id })).remote_ids['openai']!
    return { thread, run, hold, remoteThreadId }
  }

  const remoteStatuses = (threadId: string) => fake.server.remoteThreadRuns(threadId).map((run) => run.status)

  it('cancels the fake.server’s run when the user stops a polled run while a request is in flight', async () => {
    const { thread, run, hold, remoteThreadId } = await startRun(polled)
    // The poller's next look at the run hangs until the client gives up on it.
    const before = fake.server.requests.length
    fake.server.fault({ method: 'GET', path: /\/runs\/run_[^/]+$/, delayMs: 60_000 })
    await expect.poll(() => fake.server.requests.slice(before).some((request) => request.method === 'GET' && /\/runs\/run_/.test(request.path))).toBe(true)
    await fake.harness.call('runs:cancel', { run_id: run.id })
    expect((await fake.harness.finished(run.id)).status).toBe('cancelled')
    expect(remoteStatuses(remoteThreadId)).toEqual(['cancelled'])
    hold.release()
    // And the thread takes a new run.
    const retry = await fake.harness.finished((await fake.harness.call('runs:retry', { run_id: run.id })).id)
    expect(retry.status).toBe('completed')
    expect((await fake.harness.call('messages:list', { thread_id: thread.id, limit: 1 })).data[0]!.role).toBe('assistant')
  })

  it('cancels the fake.server’s run when the user stops a streamed run mid-reply', async () => {
    const { run, hold, remoteThreadId } = await startRun(streamed)
    await fake.harness.call('runs:cancel', { run_id: run.id })
    expect((await fake.harness.finished(run.id)).status).toBe('cancelled')
    expect(remoteStatuses(remoteThreadId)).toEqual(['cancelled'])
    hold.release()
    expect((await fake.harness.finished((await fake.harness.call('runs:retry', { run_id: run.id })).id)).status).toBe('completed')
  })

  it('cancels the fake.server’s run when its stream turns unreadable, so a retry is not refused', async () => {
    fake.harness = await openEngineHarness(fake.server, streamed)
    const { thread } = await tutorialThread(fake.harness)
    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
    // The fake.server's run would go on (held mid-reply here) after the client stops reading its stream.
    const hold = fake.server.holdReplies()
    fake.server.fault({ method: 'POST', path: /\/runs$/, malformedEventAt: 4 })
    const failed = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)
    expect(failed).toMatchObject({ status: 'failed', last_error: { code: 'bad_response' } })
    const remoteThreadId = (await fake.harness.call('threads:get', { thread_id: thread.id })).remote_ids['openai']!
    expect(remoteStatuses(remoteThreadId)).toEqual(['cancelled'])
    hold.release()
    expect((await fake.harness.finished((await fake.harness.call('runs:retry', { run_id: failed.id })).id)).status).toBe('completed')
  })

  it('frees a thread the fake.server says is busy with a run TutorDesk does not follow, then runs', async () => {
    fake.harness = await openEngineHarness(fake.server, polled)
    const { tutor, thread } = await tutorialThread(fake.harness)
    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
    expect((await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)).status).toBe('completed')
    const remoteThreadId = (await fake.harness.call('threads:get', { thread_id: thread.id })).remote_ids['openai']!
    const remoteAssistantId = (await fake.harness.call('assistants:get', { assistant_id: tutor.id })).remote_ids['openai']!
    // A run on the fake.server that TutorDesk lost track of (say, a crash right after creating it).
    const hold = fake.server.holdReplies()
    const sdk = new OpenAI({ apiKey: testApiKey, baseURL: fake.server.baseURL })
    const stray = await sdk.beta.threads.runs.create(remoteThreadId, { assistant_id: remoteAssistantId })
    await hold.reached

    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '설명해 주시겠어요?' })
    const next = await fake.harness.call('runs:create', { thread_id: thread.id })
    await expect.poll(() => fake.server.remoteThreadRuns(remoteThreadId).find((run) => run.id === stray.id)?.status).toBe('cancelled')
    // The stray run is gone; let the new one's reply through.
    hold.release()
    expect((await fake.harness.finished(next.id)).status).toBe('completed')
  })

  it('leaves the fake.server’s run going when TutorDesk quits mid-run, to pick it up at the next start', async () => {
    const { run, hold, remoteThreadId } = await startRun(polled)
    fake.harness.close()
    expect(remoteStatuses(remoteThreadId)).toEqual(['in_progress'])
    fake.harness = await openEngineHarness(fake.server, polled, { dir: fake.harness.services.dir })
    hold.release()
    expect(await fake.harness.finished(run.id)).toMatchObject({ status: 'completed' })
  })
})
