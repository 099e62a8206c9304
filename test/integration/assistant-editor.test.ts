import { describe, expect, it } from 'vitest'
import { mathTutor, socraticTutor } from '../../src/shared/assistant-presets'
import { builtInTools as registryTools } from '../../src/main/tools/registry'
import { everyBackend, openEngineHarness, testApiKey, tutorialThread, withFakeServer } from '../support/engine'

/** What the assistant editor and the connections screen rely on in main (issue 9, points 1 and 6). */
describe('the assistant editor’s channels', () => {
  const fake = withFakeServer()

  for (const backend of everyBackend) {
    it(`run a thread on its own model, not its assistant’s — ${backend.label}`, async () => {
      const harness = (fake.harness = await openEngineHarness(fake.server, backend))
      const { thread } = await tutorialThread(harness, { model: 'gpt-4o-mini' })
      const saved = await harness.call('threads:setModel', { thread_id: thread.id, model: 'gpt-4.1-mini' })
      expect(saved.metadata).toMatchObject({ model: 'gpt-4.1-mini' })
      expect(harness.eventsOf('thread:saved').at(-1)?.thread.metadata).toMatchObject({ model: 'gpt-4.1-mini' })

      await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'hello' })
      fake.server.requests.length = 0
      const run = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
      expect(run).toMatchObject({ status: 'completed', model: 'gpt-4.1-mini' })
      // The request that ran it named the thread's model (Assistants: the run's override).
      const runRequest = fake.server.requests.find((r) => /\/(responses|chat\/completions|runs)$/.test(r.path) && r.method === 'POST')
      expect(runRequest?.body).toMatchObject({ model: 'gpt-4.1-mini' })

      // Back to the assistant's model.
      const cleared = await harness.call('threads:setModel', { thread_id: thread.id, model: null })
      expect(cleared.metadata).not.toHaveProperty('model')
      await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'again' })
      const second = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
      expect(second.model).toBe('gpt-4o-mini')
    })
  }

  it('refuse a thread model that is blank or too long', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const { thread } = await tutorialThread(harness)
    await expect(harness.call('threads:setModel', { thread_id: thread.id, model: '  ' })).rejects.toMatchObject({ code: 'invalid_request' })
    await expect(harness.call('threads:setModel', { thread_id: thread.id, model: 'x'.repeat(257) })).rejects.toMatchObject({ code: 'invalid_request' })
  })

  it('delete an assistant and keep its threads, moved to another assistant in the same step', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const { tutor, thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '방정식을 풀어줘' })
    const other = await harness.call('assistants:create', { ...socraticTutor, tools: [...socraticTutor.tools] })

    // A target that does not exist: nothing happens.
    await expect(harness.call('assistants:delete', { assistant_id: tutor.id, move_threads_to: 'asst_nothere' })).rejects.toMatchObject({ code: 'not_found' })
    expect((await harness.call('assistants:get', { assistant_id: tutor.id })).id).toBe(tutor.id)

    expect(await harness.call('assistants:delete', { assistant_id: tutor.id, move_threads_to: other.id })).toEqual({ id: tutor.id, object: 'assistant.deleted', deleted: true })
    const moved = await harness.call('threads:get', { thread_id: thread.id })
    expect(moved.assistant_id).toBe(other.id)
    expect((await harness.call('messages:list', { thread_id: thread.id })).data).toHaveLength(1)
    expect((await harness.call('threads:list', { assistant_id: other.id })).data.map((t) => t.id)).toEqual([thread.id])
  })

  it('delete an assistant without a target: its threads stay, with their messages, without an assistant', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const { tutor, thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'kept' })
    await harness.call('assistants:delete', { assistant_id: tutor.id })
    expect((await harness.call('threads:get', { thread_id: thread.id })).assistant_id).toBeNull()
    expect((await harness.call('messages:list', { thread_id: thread.id })).data).toHaveLength(1)
  })

  it('presets: Math Tutor is the one first launch creates; both offer TutorDesk’s own tools', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const seeded = (await harness.call('assistants:list', {})).data.find((a) => a.name === 'Math Tutor')
    expect(seeded).toMatchObject({ name: mathTutor.name, instructions: mathTutor.instructions, model: mathTutor.model, tools: registryTools })
    expect(socraticTutor.tools).toEqual(registryTools)
    expect(socraticTutor.instructions).toMatch(/never state the final answer/i)
    expect(socraticTutor.instructions).toMatch(/language the learner writes in/i)
  })

  it('say where each connection’s requests go: its own URL, OPENAI_BASE_URL, or OpenAI — never the key', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const [fromEnvironment] = await harness.call('connections:list', {})
    expect(fromEnvironment).toMatchObject({ id: 'openai', baseURL: null, server: { url: fake.server.baseURL, source: 'environment' } })
    const own = await harness.call('connections:create', { name: 'Local', backend: 'chat', baseURL: 'http://127.0.0.1:11434/v1' })
    expect(own.server).toEqual({ url: 'http://127.0.0.1:11434/v1', source: 'connection' })
    const keyed = await harness.call('connections:create', { name: 'Elsewhere', backend: 'responses' })
    await harness.call('connections:setApiKey', { connection_id: keyed.id, apiKey: 'sk-elsewhere-0123456789' })
    const listed = await harness.call('connections:list', {})
    // Only the default connection reads OPENAI_BASE_URL; another without a URL goes to OpenAI.
    expect(listed.find((c) => c.id === keyed.id)).toMatchObject({ server: { url: 'https://api.openai.com/v1', source: 'openai' }, apiKey: { configured: true, source: 'saved' } })
    expect(JSON.stringify(listed)).not.toContain('sk-elsewhere-0123456789')
    expect(JSON.stringify(listed)).not.toContain(testApiKey)
  })
})
