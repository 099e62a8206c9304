import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'

describe('the fake OpenAI server, through the real openai SDK', () => {
  let server: FakeOpenAI
  beforeAll(async () => {
    server = await startFakeOpenAI({ acceptedKeys: ['sk-test-good-key-0001'] })
  })
  afterAll(() => server.close())
  beforeEach(() => {
    server.clearFaults()
    server.requests.length = 0
  })

  const client = (options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
    new OpenAI({ apiKey: 'sk-test-good-key-0001', baseURL: server.baseURL, maxRetries: 0, ...options })

  it('listens on loopback only, on a random port', () => {
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
  })

  it('lists models in the SDK’s shape and sends the bearer key', async () => {
    const models = []
    for await (const model of client().models.list()) models.push(model)
    expect(models.map((m) => m.id)).toContain('gpt-4o-mini')
    expect(models[0]).toEqual({ id: expect.any(String), object: 'model', created: expect.any(Number), owned_by: expect.any(String) })
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models', authorization: 'Bearer sk-test-good-key-0001' })
  })

  it('serves the tutorial’s model, gpt-4o, by default', async () => {
    expect((await client().models.list()).data.map((m) => m.id)).toContain('gpt-4o')
    expect(await client().models.retrieve('gpt-4o')).toEqual({ id: 'gpt-4o', object: 'model', created: expect.any(Number), owned_by: 'openai' })
    const reply = await client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" }] })
    expect(reply.model).toBe('gpt-4o')
  })

  it('serves the models a test sets, refusing the others, until it restores the ones it started with', async () => {
    server.setModels(['gpt-4o', 'o3-mini'])
    try {
      expect((await client().models.list()).data.map((m) => m.id)).toEqual(['gpt-4o', 'o3-mini'])
      expect(await client().models.retrieve('o3-mini')).toMatchObject({ id: 'o3-mini' })
      const gone = await client()
        .responses.create({ model: 'gpt-4o-mini', input: 'hi' })
        .catch((e: unknown) => e)
      expect(gone).toBeInstanceOf(OpenAI.NotFoundError)
      expect(gone).toMatchObject({ status: 404, code: 'model_not_found' })
      expect(await client().responses.create({ model: 'o3-mini', input: 'hi' })).toMatchObject({ status: 'completed', model: 'o3-mini' })
    } finally {
      server.setModels(undefined)
    }
    const restored = (await client().models.list()).data.map((m) => m.id)
    expect(restored).toEqual(expect.arrayContaining(['gpt-4o', 'gpt-4o-mini']))
    expect(restored).not.toContain('o3-mini')
  })

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await client().models.retrieve('gpt-unknown').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', type: 'invalid_request_error' })
  })

  it('rejects a wrong key with 401 invalid_api_key, masking the key in the message', async () => {
    const error = await client({ apiKey: 'sk-wrong-key-123456789' }).models.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' })
    expect((error as Error).message).not.toContain('sk-wrong-key-123456789')
  })

  it('lets the SDK retry 429s, then reports RateLimitError', async () => {
    server.fault({ status: 429, times: Infinity, headers: { 'retry-after-ms': '5' } })
    const error = await client({ maxRetries: 2 }).models.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.RateLimitError)
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded' })
    expect(server.requests).toHaveLength(3)
  })

  it('recovers when a 500 is followed by success within the SDK’s retries', async () => {
    server.fault({ status: 500, times: 1, headers: { 'retry-after-ms': '5' } })
    const page = await client({ maxRetries: 2 }).models.list()
    expect(page.data.length).toBeGreaterThan(0)
    expect(server.requests).toHaveLength(2)
  })

  it('is slow when told to, so timeouts can be tested', async () => {
    // Far longer than any machine's hiccup; the server stops waiting once the client gives up.
    server.fault({ delayMs: 60_000 })
    const error = await client({ timeout: 200 }).models.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError)
  })
})
