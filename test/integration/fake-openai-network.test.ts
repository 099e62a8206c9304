import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { collectStream } from '../support/streams'

const model = 'gpt-4o-mini'
const equation = "방정식 '3x + 11 = 14'를 풀어줘"

describe('network loss and stream faults on the fake server, through the real openai SDK', () => {
  let server: FakeOpenAI
  let client: OpenAI
  beforeAll(async () => {
    server = await startFakeOpenAI({ runStepDelayMs: 10 })
    // logLevel off: the SDK would log the malformed events these tests send on purpose.
    client = new OpenAI({ apiKey: 'sk-test-network-0001', baseURL: server.baseURL, maxRetries: 0, logLevel: 'off' })
  })
  afterAll(() => server.close())
  beforeEach(() => {
    server.clearFaults()
    server.setStreamEventDelay(0)
  })
  afterEach(() => server.goOnline())

  it('goes offline (connection refused, APIConnectionError) and comes back on the same URL with its state', async () => {
    const conversation = await client.conversations.create({ items: [{ role: 'user', content: 'kept' }] })
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'kept too' }] })

    await server.goOffline()
    const error = await client.responses.create({ model, conversation: conversation.id, input: equation }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError)
    // The SDK wraps fetch's TypeError('fetch failed'), whose own cause is the socket error.
    expect(((error as Error).cause as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED')
    // Going offline twice is harmless.
    await server.goOffline()

    await server.goOnline()
    const response = await client.responses.create({ model, conversation: conversation.id, input: equation })
    expect(response.output_text).toBe('x = 1')
    expect(server.conversationItems(conversation.id)).toHaveLength(3)
    expect(server.remoteThreadMessages(thread.id)).toHaveLength(1)
  })

  it('cuts open streams when it goes offline', async () => {
    const hold = server.holdReplies()
    const stream = await client.responses.create({ model, input: equation, stream: true })
    const events: string[] = []
    const error = await (async () => {
      for await (const event of stream) {
        events.push(event.type)
        if (event.type === 'response.output_text.delta') await server.goOffline()
      }
    })().catch((e: unknown) => e)
    hold.release()
    expect(events.at(-1)).toBe('response.output_text.delta')
    expect(error).toBeInstanceOf(TypeError)
  })

  it('lets the SDK retry a scripted 429 on the new endpoints, then succeed', async () => {
    server.fault({ path: /^\/v1\/chat\/completions$/, status: 429, times: 1, headers: { 'retry-after-ms': '5' } })
    const retrying = new OpenAI({ apiKey: 'sk-test-network-0001', baseURL: server.baseURL, maxRetries: 1 })
    const completion = await retrying.chat.completions.create({ model, messages: [{ role: 'user', content: equation }] })
    expect(completion.choices[0]!.message.content).toBe('x = 1')
  })

  it('applies a stream fault to the next streamed request only, not to plain ones before it', async () => {
    server.fault({ path: /^\/v1\/responses$/, dropStreamAfterEvents: 2 })
    const plain = await client.responses.create({ model, input: equation })
    expect(plain.output_text).toBe('x = 1')
    const cut = await collectStream(await client.responses.create({ model, input: equation, stream: true }))
    expect(cut.events).toHaveLength(2)
    expect(cut.error).toBeInstanceOf(TypeError)
  })

  it('delays a stream’s start when the fault also has delayMs', async () => {
    server.fault({ path: /^\/v1\/responses$/, delayMs: 150, malformedEventAt: 1 })
    const started = Date.now()
    const malformed = await collectStream(await client.responses.create({ model, input: equation, stream: true }))
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(malformed.events).toEqual([])
    expect(malformed.error).toBeInstanceOf(SyntaxError)
  })

  it('cuts an Assistants run stream; the run itself goes on to complete on the server, as real runs do', async () => {
    const assistant = await client.beta.assistants.create({ model })
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: equation }] })
    server.fault({ path: /\/runs$/, dropStreamAfterEvents: 8 })
    const cut = await collectStream(await client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id, stream: true }))
    expect(cut.events.map((event) => event.event).slice(-2)).toEqual(['thread.message.in_progress', 'thread.message.delta'])
    expect(cut.error).toBeInstanceOf(TypeError)

    const runId = (cut.events[0]!.data as { id: string }).id
    const run = await client.beta.threads.runs.poll(runId, { thread_id: thread.id }, { pollIntervalMs: 5 })
    expect(run.status).toBe('completed')
    // The question was added by the caller: it has no status (see WireMessage); the reply completed.
    expect(server.remoteThreadMessages(thread.id).map((message) => message.status)).toEqual([null, 'completed'])
  })

  it('surfaces a malformed Assistants event as a SyntaxError', async () => {
    const assistant = await client.beta.assistants.create({ model })
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: equation }] })
    server.fault({ path: /\/runs$/, malformedEventAt: 2 })
    // The SDK also prints the unparseable chunk with console.error, as the real one would.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const malformed = await collectStream(await client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id, stream: true }))
      expect(malformed.events.map((event) => event.event)).toEqual(['thread.run.created'])
      expect(malformed.error).toBeInstanceOf(SyntaxError)
      expect(String(printed.mock.calls[0]?.[0])).toMatch(/Could not parse message into JSON/)
    } finally {
      printed.mockRestore()
    }
  })
})
