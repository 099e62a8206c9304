import OpenAI from 'openai'
import type { FunctionTool, ResponseStreamEvent } from 'openai/resources/responses/responses'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { tutorResponder, type ResponderInput } from '../fake-openai/responder'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { collectStream } from '../support/streams'

const model = 'gpt-4o-mini'
const equation = "방정식 '3x + 11 = 14'를 풀어줘"
const calculator: FunctionTool = {
  type: 'function',
  name: 'calculator',
  description: 'Evaluates an arithmetic expression',
  parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'], additionalProperties: false },
  strict: true,
}

describe('the fake Responses and Conversations APIs, through the real openai SDK', () => {
  let server: FakeOpenAI
  let client: OpenAI
  beforeAll(async () => {
    server = await startFakeOpenAI()
    // logLevel off: the SDK would log the malformed event the fault test sends on purpose.
    client = new OpenAI({ apiKey: 'sk-test-responses-0001', baseURL: server.baseURL, maxRetries: 0, logLevel: 'off' })
  })
  afterAll(() => server.close())
  beforeEach(() => {
    server.clearFaults()
    server.setResponder(undefined)
    server.setStreamEventDelay(0)
  })

  it('answers a non-streamed response: one completed message, output_text and usage', async () => {
    const response = await client.responses.create({ model, instructions: '짧게 답해줘', input: equation })

    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model,
      instructions: '짧게 답해줘',
      error: null,
      incomplete_details: null,
      conversation: null,
    })
    expect(response.id).toMatch(/^resp_/)
    expect(response.output_text).toBe('x = 1')
    expect(response.output).toEqual([
      {
        id: expect.stringMatching(/^msg_/),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'x = 1', annotations: [], logprobs: [] }],
      },
    ])
    const usage = response.usage!
    expect(usage).toEqual({
      input_tokens: expect.any(Number),
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: expect.any(Number),
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.input_tokens + usage.output_tokens,
    })
    expect(usage.input_tokens).toBeGreaterThan(0)
    expect(usage.output_tokens).toBeGreaterThan(0)
  })

  it('gives the responder the instructions, every input turn and the function tool names; echoes the settings', async () => {
    const seen: ResponderInput[] = []
    server.setResponder((input) => {
      seen.push(input)
      return { text: '좋아요' }
    })
    const response = await client.responses.create({
      model: 'gpt-5-mini',
      instructions: '너는 수학 교사야',
      input: [
        { role: 'developer', content: '한 문장으로' },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: '이 그림의 식을 풀어줘' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' },
          ],
        },
        { role: 'assistant', content: '어떤 식인가요?' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: '2x = 4' }] },
      ],
      tools: [calculator, { type: 'function', name: 'plot', parameters: null, strict: false }],
      temperature: 0.2,
      top_p: 0.9,
      text: { format: { type: 'json_object' } },
      reasoning: { effort: 'low' },
    })

    expect(seen).toEqual([
      {
        api: 'responses',
        model: 'gpt-5-mini',
        instructions: '너는 수학 교사야',
        history: [
          { role: 'system', text: '한 문장으로' },
          { role: 'user', text: '이 그림의 식을 풀어줘' },
          { role: 'assistant', text: '어떤 식인가요?' },
          { role: 'user', text: '2x = 4' },
        ],
        tools: ['calculator', 'plot'],
      },
    ])
    expect(response).toMatchObject({
      temperature: 0.2,
      top_p: 0.9,
      text: { format: { type: 'json_object' } },
      reasoning: { effort: 'low' },
      tools: [
        { type: 'function', name: 'calculator', strict: true, description: 'Evaluates an arithmetic expression' },
        { type: 'function', name: 'plot', strict: false, description: null, parameters: null },
      ],
    })
  })

  it('streams the real event sequence, with sequence numbers counting up from 0', async () => {
    const { events, error } = await collectStream(await client.responses.create({ model, input: equation, stream: true }))
    expect(error).toBeUndefined()

    const deltas = events.filter((event) => event.type === 'response.output_text.delta')
    expect(deltas.length).toBeGreaterThan(1)
    expect(deltas.map((event) => event.delta).join('')).toBe('x = 1')
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...deltas.map(() => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ])
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index))

    const [created, , added, partAdded] = events as [
      Extract<ResponseStreamEvent, { type: 'response.created' }>,
      unknown,
      Extract<ResponseStreamEvent, { type: 'response.output_item.added' }>,
      Extract<ResponseStreamEvent, { type: 'response.content_part.added' }>,
    ]
    expect(created.response).toMatchObject({ status: 'in_progress', output: [] })
    expect(added.item).toMatchObject({ type: 'message', status: 'in_progress', content: [] })
    expect(partAdded).toMatchObject({ item_id: added.item.id, output_index: 0, content_index: 0, part: { type: 'output_text', text: '' } })
    const completed = events.at(-1) as Extract<ResponseStreamEvent, { type: 'response.completed' }>
    expect(completed.response).toMatchObject({ id: created.response.id, status: 'completed', usage: { total_tokens: expect.any(Number) } })
    expect(completed.response.output).toEqual([
      expect.objectContaining({ id: added.item.id, status: 'completed', content: [expect.objectContaining({ text: 'x = 1' })] }),
    ])
  })

  it('streams well enough for the SDK’s own stream helper to assemble the final response', async () => {
    const stream = client.responses.stream({ model, input: equation })
    const final = await stream.finalResponse()
    expect(final.output_text).toBe('x = 1')
    expect(final.status).toBe('completed')
  })

  it('stores a response (store defaults to true) and serves the same object again by id', async () => {
    const created = await client.responses.create({ model, instructions: '짧게 답해줘', input: equation, metadata: { lesson: '1' } })
    expect(await client.responses.retrieve(created.id)).toEqual(created)
    const stored = await client.responses.create({ model, input: equation, store: true })
    expect(await client.responses.retrieve(stored.id)).toEqual(stored)
  })

  it('stores a streamed response once it has completed, as its response.completed event carried it', async () => {
    const { events, error } = await collectStream(await client.responses.create({ model, input: equation, stream: true }))
    expect(error).toBeUndefined()
    const completed = events.at(-1) as Extract<ResponseStreamEvent, { type: 'response.completed' }>
    expect(completed.type).toBe('response.completed')
    // The SDK adds `output_text` to a retrieved response; a stream event's response goes as sent.
    expect(await client.responses.retrieve(completed.response.id)).toEqual({ ...completed.response, output_text: 'x = 1' })
  })

  it('does not keep a response created with store: false; that id and an unknown one are 404s with OpenAI’s error body', async () => {
    const unstored = await client.responses.create({ model, input: equation, store: false })
    expect(unstored.output_text).toBe('x = 1')
    for (const id of [unstored.id, 'resp_0000000000000000000000000000000000000000000000000']) {
      const error = await client.responses.retrieve(id).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(OpenAI.NotFoundError)
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
        message: `Response with id '${id}' not found.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      })
    }
  })

  it('answers an unknown model with 404 model_not_found, streamed or not', async () => {
    for (const stream of [false, true]) {
      const error = await client.responses.create({ model: 'gpt-unknown', input: 'hi', stream }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(OpenAI.NotFoundError)
      expect(error).toMatchObject({ status: 404, code: 'model_not_found' })
    }
  })

  it('runs a function-call round trip inside a conversation', async () => {
    const conversation = await client.conversations.create({ metadata: { topic: 'calc' } })
    expect(conversation).toMatchObject({ id: expect.stringMatching(/^conv_/), object: 'conversation', metadata: { topic: 'calc' } })

    const first = await client.responses.create({ model, conversation: conversation.id, input: 'calc: 6*7', tools: [calculator] })
    expect(first.conversation).toEqual({ id: conversation.id })
    expect(first.output).toEqual([
      {
        id: expect.stringMatching(/^fc_/),
        type: 'function_call',
        status: 'completed',
        call_id: expect.stringMatching(/^call_/),
        name: 'calculator',
        arguments: '{"expression":"6*7"}',
      },
    ])
    const call = first.output[0] as Extract<(typeof first.output)[number], { type: 'function_call' }>

    // Only the new item goes in: the conversation supplies the question and the call.
    const second = await client.responses.create({
      model,
      conversation: conversation.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '42' }],
      tools: [calculator],
    })
    expect(second.output_text).toBe('계산 결과: 42')

    const items = []
    for await (const item of client.conversations.items.list(conversation.id, { order: 'asc' })) items.push(item)
    expect(items.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call_output', 'message'])
    expect(items[0]).toMatchObject({ role: 'user', content: [{ type: 'input_text', text: 'calc: 6*7' }] })
    expect(items[1]).toMatchObject({ id: call.id, call_id: call.call_id })
    expect(items[2]).toMatchObject({ call_id: call.call_id, output: '42', id: expect.any(String) })
    expect(items[3]).toMatchObject({ role: 'assistant', content: [{ type: 'output_text', text: '계산 결과: 42' }] })
  })

  it('streams a function call as argument deltas', async () => {
    const { events } = await collectStream(await client.responses.create({ model, input: 'calc: 12/4', tools: [calculator], stream: true }))
    const argumentDeltas = events.filter((event) => event.type === 'response.function_call_arguments.delta')
    expect(argumentDeltas.length).toBeGreaterThan(1)
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      ...argumentDeltas.map(() => 'response.function_call_arguments.delta'),
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ])
    const added = events[2] as Extract<ResponseStreamEvent, { type: 'response.output_item.added' }>
    expect(added.item).toMatchObject({ type: 'function_call', name: 'calculator', arguments: '', status: 'in_progress' })
    expect(argumentDeltas.map((event) => event.delta).join('')).toBe('{"expression":"12/4"}')
    expect(events.at(-3)).toMatchObject({ name: 'calculator', arguments: '{"expression":"12/4"}', item_id: (added.item as { id: string }).id })
  })

  it('rejects a function_call_output that answers no call, as the real API does', async () => {
    const error = await client.responses
      .create({ model, input: [{ type: 'function_call_output', call_id: 'call_nobody', output: '1' }] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect((error as Error).message).toContain('call_nobody')
  })

  it('adds a streamed turn to its conversation only once the response has completed', async () => {
    const conversation = await client.conversations.create({})
    const hold = server.holdReplies()
    const stream = await client.responses.create({ model, conversation: conversation.id, input: equation, stream: true })
    let itemsMidStream: unknown[] | undefined
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta' && itemsMidStream === undefined) {
        itemsMidStream = (await client.conversations.items.list(conversation.id)).data
        hold.release()
      }
    }
    expect(itemsMidStream).toEqual([])
    const items = (await client.conversations.items.list(conversation.id, { order: 'asc' })).data
    expect(items.map((item) => (item.type === 'message' ? item.role : item.type))).toEqual(['user', 'assistant'])
  })

  it('adds nothing to the conversation when the stream is cut, and the caller sees the stream fail', async () => {
    const conversation = await client.conversations.create({})
    server.fault({ path: /^\/v1\/responses$/, dropStreamAfterEvents: 5 })
    const { events, error } = await collectStream(
      await client.responses.create({ model, conversation: conversation.id, input: equation, stream: true }),
    )
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
    ])
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toBe('terminated')
    expect(server.conversationItems(conversation.id)).toEqual([])
    expect((await client.conversations.items.list(conversation.id)).data).toEqual([])

    // Sending the turn again works, and the conversation then holds it once.
    await client.responses.create({ model, conversation: conversation.id, input: equation })
    expect(server.conversationItems(conversation.id).map((item) => item.type)).toEqual(['message', 'message'])
  })

  it('adds nothing when the client aborts the stream mid-way', async () => {
    const conversation = await client.conversations.create({})
    // Held after the first delta, the response can only go on once the server notices the abort.
    server.holdReplies()
    const stream = await client.responses.create({ model, conversation: conversation.id, input: equation, stream: true })
    const seen: string[] = []
    for await (const event of stream) {
      seen.push(event.type)
      if (event.type === 'response.output_text.delta') stream.controller.abort()
    }
    expect(seen.at(-1)).toBe('response.output_text.delta')
    await server.idle()
    expect(server.conversationItems(conversation.id)).toEqual([])
  })

  it('surfaces a malformed event as a SyntaxError after the events before it', async () => {
    server.fault({ path: /^\/v1\/responses$/, malformedEventAt: 3 })
    const { events, error } = await collectStream(await client.responses.create({ model, input: equation, stream: true }))
    expect(events.map((event) => event.type)).toEqual(['response.created', 'response.in_progress'])
    expect(error).toBeInstanceOf(SyntaxError)
  })

  it('keeps conversations: create with items, retrieve, update, page through items, add items, delete', async () => {
    const conversation = await client.conversations.create({
      items: [
        { type: 'message', role: 'user', content: 'one' },
        { type: 'message', role: 'assistant', content: 'two' },
        { type: 'message', role: 'user', content: 'three' },
      ],
    })
    expect(await client.conversations.retrieve(conversation.id)).toEqual(conversation)
    expect(await client.conversations.update(conversation.id, { metadata: { tag: 'x' } })).toMatchObject({ metadata: { tag: 'x' } })

    const text = (item: unknown) => (item as { content: { text: string }[] }).content[0]!.text
    const newestFirst = await client.conversations.items.list(conversation.id, { limit: 2 })
    expect(newestFirst.data.map(text)).toEqual(['three', 'two'])
    expect(newestFirst.has_more).toBe(true)
    const all = []
    for await (const item of client.conversations.items.list(conversation.id, { order: 'asc', limit: 1 })) all.push(text(item))
    expect(all).toEqual(['one', 'two', 'three'])

    const added = await client.conversations.items.create(conversation.id, { items: [{ role: 'user', content: 'four' }] })
    expect(added).toMatchObject({ object: 'list', has_more: false, data: [{ type: 'message', role: 'user', status: 'completed' }] })
    expect(added.first_id).toBe(added.data[0]!.id)
    expect(await client.conversations.items.retrieve(added.first_id, { conversation_id: conversation.id })).toEqual(added.data[0])
    expect(server.conversationItems(conversation.id).map(text)).toEqual(['one', 'two', 'three', 'four'])

    expect(await client.conversations.delete(conversation.id)).toEqual({ id: conversation.id, object: 'conversation.deleted', deleted: true })
    const gone = await client.conversations.retrieve(conversation.id).catch((e: unknown) => e)
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError)
    const responseInGone = await client.responses.create({ model, conversation: conversation.id, input: 'hi' }).catch((e: unknown) => e)
    expect(responseInGone).toBeInstanceOf(OpenAI.NotFoundError)
  })

  it('gives an empty item page string first_id and last_id (ConversationItemList requires strings), and the SDK asks for no next page', async () => {
    const conversation = await client.conversations.create({})
    const emptyPage = { object: 'list', data: [], first_id: '', last_id: '', has_more: false }
    expect(await (await client.conversations.items.list(conversation.id).asResponse()).json()).toEqual(emptyPage)
    expect((await client.conversations.items.list(conversation.id)).hasNextPage()).toBe(false)
    expect(await client.conversations.items.create(conversation.id, { items: [] })).toEqual(emptyPage)
  })

  it('uses the default tutor again after setResponder(undefined)', async () => {
    server.setResponder(() => ({ text: 'scripted' }))
    expect((await client.responses.create({ model, input: equation })).output_text).toBe('scripted')
    server.setResponder(undefined)
    expect((await client.responses.create({ model, input: equation })).output_text).toBe(
      (tutorResponder({ api: 'responses', model, instructions: null, history: [{ role: 'user', text: equation }], tools: [] }) as { text: string }).text,
    )
  })
})
