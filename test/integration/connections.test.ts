import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { builtInTools } from '../../src/main/tools/registry'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { openEngineHarness, textOf, tutorialThread, type EngineHarness } from '../support/engine'

describe('connections', () => {
  let openai: FakeOpenAI
  let local: FakeOpenAI
  let harness: EngineHarness
  beforeAll(async () => {
    openai = await startFakeOpenAI()
    // A "local server" that takes only its own key, and knows its own models.
    local = await startFakeOpenAI({ acceptedKeys: ['ollama-local-key'], models: ['llama3.2', 'qwen2.5'] })
  })
  afterAll(async () => {
    await openai.close()
    await local.close()
  })
  afterEach(() => harness?.close())

  it('are tested by listing the server’s models, with a clear error when the key is wrong', async () => {
    harness = await openEngineHarness(openai, { backend: 'responses', label: 'responses' })
    const created = await harness.call('connections:create', { name: 'Ollama at home', backend: 'chat', baseURL: local.baseURL })
    expect(created).toMatchObject({ id: 'ollama-at-home', backend: 'chat', apiKey: { configured: false } })
    await expect(harness.call('connections:test', { connection_id: created.id })).rejects.toMatchObject({
      code: 'invalid_api_key',
      params: { host: new URL(local.baseURL).host },
      message: expect.stringContaining('rejected the API key'),
    })
    const status = await harness.call('connections:setApiKey', { connection_id: created.id, apiKey: 'ollama-local-key' })
    expect(status).toMatchObject({ configured: true, source: 'saved' })
    expect(await harness.call('connections:test', { connection_id: created.id })).toEqual({ models: ['llama3.2', 'qwen2.5'] })
    // Its key is its own, never returned.
    expect(JSON.stringify(await harness.call('connections:list', {}))).not.toContain('ollama-local-key')
  })

  it('run an assistant on its own connection, backend and key', async () => {
    harness = await openEngineHarness(openai, { backend: 'responses', label: 'responses' })
    const connection = await harness.call('connections:create', { name: 'Local', backend: 'chat', baseURL: local.baseURL })
    await harness.call('connections:setApiKey', { connection_id: connection.id, apiKey: 'ollama-local-key' })
    const { thread } = await tutorialThread(harness, { model: 'llama3.2', connection_id: connection.id })
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
    local.requests.length = 0
    openai.requests.length = 0
    const run = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    expect(run).toMatchObject({ status: 'completed', connection_id: connection.id, model: 'llama3.2' })
    expect(textOf((await harness.call('messages:list', { thread_id: thread.id, limit: 1 })).data[0]!)).toBe('x = 1')
    expect(local.requests.map((r) => r.path)).toEqual(['/v1/chat/completions'])
    expect(local.requests[0]!.authorization).toBe('Bearer ollama-local-key')
    expect(openai.requests).toHaveLength(0)
    // An assistant on a connection keeps it from being deleted.
    await expect(harness.call('connections:delete', { connection_id: connection.id })).rejects.toMatchObject({
      code: 'connection_in_use',
      params: { assistants: ['Math Tutor'] },
    })
  })

  it('pass code_interpreter and file_search through to the backends that support them', async () => {
    harness = await openEngineHarness(openai, { backend: 'assistants', assistantsMode: 'stream', label: 'assistants' })
    const tools = [...builtInTools, { type: 'code_interpreter' as const }, { type: 'file_search' as const }]
    const { thread } = await tutorialThread(harness, { tools })
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'hello' })
    openai.requests.length = 0
    await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    const runRequest = openai.requests.find((r) => r.path.endsWith('/runs'))!
    expect((runRequest.body as { tools: { type: string }[] }).tools.map((t) => t.type)).toEqual([
      'function',
      'function',
      'code_interpreter',
      'file_search',
    ])

    harness.services.connections.update('openai', { backend: 'responses' })
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'again' })
    openai.requests.length = 0
    await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    const response = openai.requests.find((r) => r.path === '/v1/responses')!
    // The Responses API runs code in a container; file_search would need vector stores (see note).
    expect((response.body as { tools: { type: string }[] }).tools.map((t) => t.type)).toEqual(['function', 'function', 'code_interpreter'])
  })
})
