import { beforeEach, describe, expect, it } from 'vitest'
import { titleInstructions } from '../../src/main/engine/thread-titles'
import type { Thread } from '../../src/shared/domain'
import { isTitleRequest, tutorResponder } from '../fake-openai/responder'
import type { RecordedRequest } from '../fake-openai/server'
import { everyBackend, openEngineHarness, testApiKey, tutorialThread, withFakeServer, type EngineHarness } from '../support/engine'

const question = "방정식 '3x + 11 = 14'를 풀어줘"

/** The requests that asked for a title (they carry TutorDesk's title instructions). */
function titleRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => JSON.stringify(request.body ?? '').includes(titleInstructions))
}

/** Resolves with the thread once it was announced with a title from `source`. */
function titled(harness: EngineHarness, threadId: string, source: 'model' | 'question'): Promise<Thread> {
  return harness
    .nextEvent('thread:saved', ({ thread }) => thread.id === threadId && thread.metadata['title_source'] === source)
    .then(({ thread }) => thread)
}

async function ask(harness: EngineHarness, threadId: string, content: string) {
  await harness.call('messages:create', { thread_id: threadId, role: 'user', content })
  const run = await harness.call('runs:create', { thread_id: threadId })
  return harness.finished(run.id)
}

describe.each(everyBackend)('thread titles on $label', (backend) => {
  const fake = withFakeServer()
  beforeEach(() => {
    fake.server.requests.length = 0
  })

  it('asks the model once, after the first reply, in a request of its own, and keeps its answer', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    const { thread } = await tutorialThread(harness)
    fake.server.requests.length = 0

    const announced = titled(harness, thread.id, 'model')
    expect((await ask(harness, thread.id, question)).status).toBe('completed')
    expect((await announced).metadata).toMatchObject({ title: '일차방정식 풀이', title_source: 'model' })
    const saved = await harness.call('threads:get', { thread_id: thread.id })
    expect(saved.metadata).toMatchObject({ title: '일차방정식 풀이', title_source: 'model' })

    // One request, outside the conversation: no conversation, thread or response of the thread's,
    // nothing stored on the server, and the thread's own history untouched by it.
    const [request, ...more] = titleRequests(fake.server.requests)
    expect(more).toEqual([])
    expect(request!.path).toBe(backend.backend === 'responses' ? '/v1/responses' : '/v1/chat/completions')
    const body = request!.body as Record<string, unknown>
    expect(body).not.toHaveProperty('conversation')
    expect(body).not.toHaveProperty('previous_response_id')
    expect(body).not.toHaveProperty('stream')
    if (backend.backend === 'responses') expect(body['store']).toBe(false)
    // Chat Completions keeps nothing on the server: its threads have no remote id.
    const remoteThreadId = saved.remote_ids['openai']
    if (backend.backend === 'chat') expect(saved.remote_ids).toEqual({})
    else expect(JSON.stringify(body)).not.toContain(remoteThreadId)
    expect(JSON.stringify(body)).toContain(question)
    expect(JSON.stringify(body)).toContain('x = 1')
    // The thread's remote ids and messages are what the run left: nothing of the title's.
    expect(saved.remote_ids).toEqual(remoteThreadId ? { openai: remoteThreadId } : {})
    const messages = (await harness.call('messages:list', { thread_id: thread.id, order: 'asc' })).data
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    if (backend.backend === 'responses') {
      expect(fake.server.conversationItems(remoteThreadId!).some((item) => JSON.stringify(item).includes(titleInstructions))).toBe(false)
    }
    if (backend.backend === 'assistants') {
      expect(fake.server.remoteThreadMessages(remoteThreadId!).some((message) => JSON.stringify(message).includes('일차방정식 풀이'))).toBe(false)
    }

    // The second reply asks for nothing more.
    expect((await ask(harness, thread.id, '설명해 주시겠어요?')).status).toBe('completed')
    await harness.services.engine.titlesSettled()
    expect(titleRequests(fake.server.requests)).toHaveLength(1)
    expect((await harness.call('threads:get', { thread_id: thread.id })).metadata['title']).toBe('일차방정식 풀이')
  })

  it('falls back to the first line of the question when the title request fails, and the run is not touched', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    const { thread } = await tutorialThread(harness)
    fake.server.setResponder((input) => {
      if (isTitleRequest(input)) throw new Error('the model is down for titles')
      return tutorResponder(input)
    })

    const announced = titled(harness, thread.id, 'question')
    const run = await ask(harness, thread.id, `  \n${question}\n둘째 줄은 제목이 아니에요`)
    expect(run).toMatchObject({ status: 'completed', last_error: null })
    expect((await announced).metadata).toMatchObject({ title: question, title_source: 'question' })
    // Asked, and asked again once by the SDK's own retry (a 500): then no more.
    await harness.services.engine.titlesSettled()
    expect(titleRequests(fake.server.requests).length).toBeGreaterThanOrEqual(1)
    const logged = harness.services.logLines.map((entry) => entry.line).join('\n')
    expect(logged).toContain('no title from the model (server_error)')
    expect(logged).not.toContain(testApiKey)
  })

  it('falls back to the first line when the server goes away as the title is asked for', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    const { thread } = await tutorialThread(harness)
    fake.server.setResponder((input) => {
      // The network goes as the request arrives: the answer never leaves, and a retry is refused.
      if (isTitleRequest(input)) void fake.server.goOffline()
      return tutorResponder(input)
    })
    try {
      const announced = titled(harness, thread.id, 'question')
      expect((await ask(harness, thread.id, question)).status).toBe('completed')
      expect((await announced).metadata['title']).toBe(question)
      await harness.services.engine.titlesSettled()
      const logged = harness.services.logLines.map((entry) => entry.line).join('\n')
      expect(logged).toMatch(/no title from the model \((offline|stream_interrupted|unknown)\)/)
    } finally {
      await fake.server.goOnline()
    }
  })

  it('names a thread whose run waits for the server by its question, then by the model once the reply is done', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    const { thread } = await tutorialThread(harness)
    await fake.server.goOffline()
    try {
      await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: question })
      const first = await harness.call('runs:create', { thread_id: thread.id })
      const meanwhile = await titled(harness, thread.id, 'question')
      expect(meanwhile.metadata['title']).toBe(question)
      expect(titleRequests(fake.server.requests)).toEqual([])

      const modelTitle = titled(harness, thread.id, 'model')
      await fake.server.goOnline()
      // The first run failed offline (or waited); what the user wrote goes out with the run that follows.
      await harness.finished(first.id)
      expect((await modelTitle).metadata['title']).toBe('일차방정식 풀이')
    } finally {
      await fake.server.goOnline()
    }
  })

  it('never replaces a title the user gave, even while the request was on its way', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    const { thread } = await tutorialThread(harness)
    const conversations = harness.services.conversations
    fake.server.setResponder((input) => {
      // The user renames the thread while the title request is being answered.
      if (isTitleRequest(input)) conversations.threads.rename(thread.id, '내 제목')
      return tutorResponder(input)
    })

    expect((await ask(harness, thread.id, question)).status).toBe('completed')
    await harness.services.engine.titlesSettled()
    expect(titleRequests(fake.server.requests)).toHaveLength(1)
    expect((await harness.call('threads:get', { thread_id: thread.id })).metadata).toMatchObject({ title: '내 제목', title_source: 'user' })
    expect(harness.eventsOf('thread:saved').some(({ thread: saved }) => saved.metadata['title_source'] === 'model')).toBe(false)
  })
})

describe('thread titles, wherever the backend', () => {
  const fake = withFakeServer()
  beforeEach(() => {
    fake.server.requests.length = 0
  })

  it('asks nothing for a thread the user named before its first reply', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const { thread } = await tutorialThread(harness)
    await harness.call('threads:rename', { thread_id: thread.id, title: 'Algebra homework' })
    fake.server.requests.length = 0
    expect((await ask(harness, thread.id, question)).status).toBe('completed')
    await harness.services.engine.titlesSettled()
    expect(titleRequests(fake.server.requests)).toEqual([])
    expect((await harness.call('threads:get', { thread_id: thread.id })).metadata).toMatchObject({ title: 'Algebra homework', title_source: 'user' })
  })

  it('keeps a title a thread was created with (a title with no source is the user’s)', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[1]!))
    const { tutor } = await tutorialThread(harness)
    const thread = await harness.call('threads:create', { assistant_id: tutor.id, title: 'Imported' })
    fake.server.requests.length = 0
    expect((await ask(harness, thread.id, question)).status).toBe('completed')
    await harness.services.engine.titlesSettled()
    expect(titleRequests(fake.server.requests)).toEqual([])
    expect((await harness.call('threads:get', { thread_id: thread.id })).metadata['title']).toBe('Imported')
  })

  it('gives a thread whose first run failed its question’s first line, shortened', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[1]!))
    const { thread } = await tutorialThread(harness)
    fake.server.fault({ path: /chat\/completions/, status: 401 })
    const long = 'Why does the quadratic formula have a plus-or-minus sign in front of the square root?\nThanks'
    const run = await ask(harness, thread.id, long)
    expect(run.status).toBe('failed')
    const saved = await harness.call('threads:get', { thread_id: thread.id })
    expect(saved.metadata).toMatchObject({ title: 'Why does the quadratic formula have a plus-or-minus sign…', title_source: 'question' })
    expect(titleRequests(fake.server.requests)).toEqual([])
  })

  it('asks no more once the app closes: a request on its way is dropped, nothing is saved, nothing logged as an error', async () => {
    // Closed by the test itself, as the app quits.
    const harness = await openEngineHarness(fake.server, everyBackend[0]!)
    const { thread } = await tutorialThread(harness)
    fake.server.setResponder((input) => {
      // TutorDesk quits while the title request is being answered.
      if (isTitleRequest(input)) harness.close()
      return tutorResponder(input)
    })
    expect((await ask(harness, thread.id, question)).status).toBe('completed')
    await expect.poll(() => titleRequests(fake.server.requests).length).toBe(1)
    await harness.services.engine.titlesSettled()
    expect(harness.eventsOf('thread:saved').some(({ thread: saved }) => saved.metadata['title_source'] !== undefined)).toBe(false)
    expect(harness.services.logLines.filter((entry) => entry.level !== 'info')).toEqual([])
  })
})
