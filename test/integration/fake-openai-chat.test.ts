import OpenAI from 'openai'
import type { ChatCompletionChunk, ChatCompletionFunctionTool } from 'openai/resources/chat/completions'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ResponderInput } from '../fake-openai/responder'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { collectStream } from '../support/streams'

const model = 'gpt-4.1-mini'
const calculator: ChatCompletionFunctionTool = {
  type: 'function',
  function: { name: 'calculator', parameters: { type: 'object', properties: { expression: { type: 'string' } } } },
}

describe('the fake Chat Completions API, through the real openai SDK', () => {
  let server: FakeOpenAI
  let client: OpenAI
  beforeAll(async () => {
    server = await startFakeOpenAI()
    // logLevel off: the SDK would log the malformed chunk the fault test sends on purpose.
    client = new OpenAI({ apiKey: 'sk-test-chat-0001', baseURL: server.baseURL, maxRetries: 0, logLevel: 'off' })
  })
  afterAll(() => server.close())
  beforeEach(() => {
    server.clearFaults()
    server.setResponder(undefined)
  })

  it('answers a non-streamed completion with the message, finish_reason and usage', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [
        { role: 'system', content: '너는 개인 수학 교사야' },
        { role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" },
      ],
    })
    expect(completion).toMatchObject({ object: 'chat.completion', model, id: expect.stringMatching(/^chatcmpl-/) })
    expect(completion.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'x = 1', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' },
    ])
    const usage = completion.usage!
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens)
    expect(usage.prompt_tokens).toBeGreaterThan(0)
  })

  it('gives the responder system, user and tool turns (a tool-calls-only assistant message has no text turn)', async () => {
    const seen: ResponderInput[] = []
    server.setResponder((input) => {
      seen.push(input)
      return { text: 'ok' }
    })
    await client.chat.completions.create({
      model,
      tools: [calculator],
      messages: [
        { role: 'developer', content: '짧게' },
        { role: 'user', content: [{ type: 'text', text: 'calc: 1+1' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'calculator', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_a', content: '2' },
      ],
    })
    expect(seen).toEqual([
      {
        api: 'chat',
        model,
        instructions: null,
        history: [
          { role: 'system', text: '짧게' },
          { role: 'user', text: 'calc: 1+1' },
          { role: 'tool', text: '2', toolCallId: 'call_a' },
        ],
        tools: ['calculator'],
      },
    ])
  })

  it('streams text: a role chunk, several content deltas, a finish chunk, and no usage unless asked', async () => {
    const { events: chunks, error } = await collectStream(
      await client.chat.completions.create({ model, messages: [{ role: 'user', content: '설명해 주시겠어요?' }], stream: true }),
    )
    expect(error).toBeUndefined()
    expect(chunks[0]!.choices[0]).toEqual({ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null })
    const contentChunks = chunks.slice(1, -1)
    expect(contentChunks.length).toBeGreaterThan(1)
    expect(contentChunks.map((chunk) => chunk.choices[0]!.delta.content).join('')).toBe(
      '양변에서 11을 빼면 3x = 3이고, 양변을 3으로 나누면 x = 1이에요.',
    )
    expect(chunks.at(-1)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' })
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1)
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && !('usage' in chunk))).toBe(true)
  })

  it('streams tool calls with their arguments split over chunks, then a usage chunk when include_usage is set', async () => {
    const { events: chunks } = await collectStream(
      await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'calc: (3+4)*6' }],
        tools: [calculator],
        stream: true,
        stream_options: { include_usage: true },
      }),
    )
    const [first] = chunks
    expect(first!.choices[0]!.delta).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [{ index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'calculator', arguments: '' } }],
    })
    const argumentPieces = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls?.map((call) => call.function?.arguments ?? '') ?? [])
    expect(argumentPieces.filter((piece) => piece !== '').length).toBeGreaterThan(1)
    expect(argumentPieces.join('')).toBe('{"expression":"(3+4)*6"}')

    const finish = chunks.at(-2)!
    expect(finish.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }])
    const usageChunk = chunks.at(-1)!
    expect(usageChunk.choices).toEqual([])
    expect(usageChunk.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) })
    expect(chunks.slice(0, -1).every((chunk: ChatCompletionChunk) => chunk.usage === null)).toBe(true)
  })

  it('streams well enough for the SDK’s stream helper to assemble tool calls', async () => {
    const stream = client.chat.completions.stream({ model, messages: [{ role: 'user', content: 'calc: 2^10' }], tools: [calculator] })
    const final = await stream.finalChatCompletion()
    expect(final.choices[0]!.finish_reason).toBe('tool_calls')
    expect(final.choices[0]!.message.tool_calls).toEqual([
      { id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'calculator', arguments: '{"expression":"2^10"}' } },
    ])
  })

  it('runs a tool round trip: the call, then the answer built from the tool output', async () => {
    const first = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'calc: 6*7' }], tools: [calculator] })
    const message = first.choices[0]!.message
    expect(first.choices[0]!.finish_reason).toBe('tool_calls')
    expect(message.content).toBeNull()
    const call = message.tool_calls![0]!

    const second = await client.chat.completions.create({
      model,
      tools: [calculator],
      messages: [{ role: 'user', content: 'calc: 6*7' }, message, { role: 'tool', tool_call_id: call.id, content: '42' }],
    })
    expect(second.choices[0]!.message.content).toBe('계산 결과: 42')
  })

  it('stops at max_completion_tokens with finish_reason length', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: '설명해 주시겠어요?' }],
      max_completion_tokens: 2,
    })
    expect(completion.choices[0]!.finish_reason).toBe('length')
    const content = completion.choices[0]!.message.content!
    expect(content.length).toBeGreaterThan(0)
    expect('양변에서 11을 빼면 3x = 3이고, 양변을 3으로 나누면 x = 1이에요.'.startsWith(content)).toBe(true)
    expect(completion.usage!.completion_tokens).toBeLessThanOrEqual(2)
  })

  it('rejects tool messages that do not pair up with tool calls, as the real API does', async () => {
    const orphan = await client.chat.completions
      .create({ model, messages: [{ role: 'user', content: 'hi' }, { role: 'tool', tool_call_id: 'call_x', content: '1' }] })
      .catch((e: unknown) => e)
    expect(orphan).toBeInstanceOf(OpenAI.BadRequestError)
    expect(orphan).toMatchObject({ status: 400, param: 'messages.[1].role' })

    const unanswered = await client.chat.completions
      .create({
        model,
        messages: [
          { role: 'assistant', tool_calls: [{ id: 'call_y', type: 'function', function: { name: 'calculator', arguments: '{}' } }] },
          { role: 'user', content: 'and?' },
        ],
      })
      .catch((e: unknown) => e)
    expect(unanswered).toBeInstanceOf(OpenAI.BadRequestError)
    expect((unanswered as Error).message).toContain('call_y')
  })

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
    expect(error).toMatchObject({ code: 'model_not_found' })
  })

  it('surfaces a cut stream and a malformed chunk as errors after the chunks before them', async () => {
    const request = { model, messages: [{ role: 'user' as const, content: '설명해 주시겠어요?' }], stream: true as const }

    server.fault({ path: /\/chat\/completions$/, dropStreamAfterEvents: 3 })
    const cut = await collectStream(await client.chat.completions.create(request))
    expect(cut.events).toHaveLength(3)
    expect(cut.error).toBeInstanceOf(TypeError)

    server.fault({ path: /\/chat\/completions$/, malformedEventAt: 2 })
    const malformed = await collectStream(await client.chat.completions.create(request))
    expect(malformed.events).toHaveLength(1)
    expect(malformed.error).toBeInstanceOf(SyntaxError)

    // The faults were used up: the next stream is whole.
    const whole = await collectStream(await client.chat.completions.create(request))
    expect(whole.error).toBeUndefined()
    expect(whole.events.at(-1)!.choices[0]!.finish_reason).toBe('stop')
  })
})
