import OpenAI from 'openai'
import type { AssistantStreamEvent, FunctionTool } from 'openai/resources/beta/assistants'
import type { Message } from 'openai/resources/beta/threads/messages'
import type { Run } from 'openai/resources/beta/threads/runs/runs'
import type { FunctionToolCall, ToolCallsStepDetails } from 'openai/resources/beta/threads/runs/steps'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { tutorResponder, type ResponderInput } from '../fake-openai/responder'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { collectStream } from '../support/streams'

const model = 'gpt-4o-mini'
const tutorInstructions = '너는 개인 수학 교사야. 질문에 한 문장 이하로 짧게 답해줘'
const equation = "방정식 '3x + 11 = 14'를 풀어줘"
const explanation = '양변에서 11을 빼면 3x = 3이고, 양변을 3으로 나누면 x = 1이에요.'
const calculator: FunctionTool = {
  type: 'function',
  function: { name: 'calculator', parameters: { type: 'object', properties: { expression: { type: 'string' } } } },
}
const terminal: Run['status'][] = ['requires_action', 'completed', 'cancelled', 'failed', 'incomplete', 'expired']

const textOf = (message: Pick<Message, 'content'>) => message.content.map((block) => (block.type === 'text' ? block.text.value : '')).join('')

describe('the fake Assistants API (beta), through the real openai SDK', () => {
  let server: FakeOpenAI
  let client: OpenAI
  let seen: ResponderInput[]
  beforeAll(async () => {
    server = await startFakeOpenAI({ runStepDelayMs: 30 })
    client = new OpenAI({ apiKey: 'sk-test-assistants-0001', baseURL: server.baseURL, maxRetries: 0 })
  })
  afterAll(() => server.close())
  beforeEach(() => {
    server.clearFaults()
    server.setStreamEventDelay(0)
    seen = []
    server.setResponder((input) => {
      seen.push(input)
      return tutorResponder(input)
    })
  })

  const runs = () => client.beta.threads.runs
  const poll = { pollIntervalMs: 5 }

  /** Polls like a caller would, recording each status the run shows. */
  async function watch(run: Run): Promise<{ run: Run; statuses: Run['status'][] }> {
    const statuses = [run.status]
    while (!terminal.includes(run.status)) {
      await new Promise((resolve) => setTimeout(resolve, 5))
      run = await runs().retrieve(run.id, { thread_id: run.thread_id })
      if (statuses.at(-1) !== run.status) statuses.push(run.status)
    }
    return { run, statuses }
  }

  async function tutorAndThread(options: { tools?: FunctionTool[]; question?: string } = {}) {
    const assistant = await client.beta.assistants.create({ name: 'Math Tutor', instructions: tutorInstructions, model, tools: options.tools })
    const thread = await client.beta.threads.create()
    const question = await client.beta.threads.messages.create(thread.id, { role: 'user', content: options.question ?? equation })
    return { assistant, thread, question }
  }

  it('walks through the tutorial: assistant, thread, message, a polled run, a follow-up, and only the new reply after it', async () => {
    const { assistant, thread, question } = await tutorAndThread()
    expect(assistant).toMatchObject({ id: expect.stringMatching(/^asst_/), object: 'assistant', name: 'Math Tutor', model, tools: [] })
    expect(thread.id).toMatch(/^thread_/)
    expect(question).toMatchObject({ object: 'thread.message', role: 'user', status: null, run_id: null, thread_id: thread.id })

    const created = await runs().create(thread.id, { assistant_id: assistant.id })
    expect(created).toMatchObject({ status: 'queued', started_at: null, usage: null, instructions: tutorInstructions, model })
    const { run, statuses } = await watch(created)
    expect(statuses).toEqual(['queued', 'in_progress', 'completed'])
    expect(run).toMatchObject({ completed_at: expect.any(Number), started_at: expect.any(Number), expires_at: null, required_action: null, last_error: null })
    expect(run.usage!.total_tokens).toBe(run.usage!.prompt_tokens + run.usage!.completion_tokens)

    const newestFirst = await client.beta.threads.messages.list(thread.id)
    expect(newestFirst.data.map((message) => message.role)).toEqual(['assistant', 'user'])
    const reply = newestFirst.data[0]!
    expect(textOf(reply)).toBe('x = 1')
    expect(reply).toMatchObject({ status: 'completed', run_id: run.id, assistant_id: assistant.id, id: expect.stringMatching(/^msg_/) })
    expect(seen).toEqual([{ api: 'assistants', model, instructions: tutorInstructions, history: [{ role: 'user', text: equation }], tools: [] }])

    const followUp = await client.beta.threads.messages.create(thread.id, { role: 'user', content: '설명해 주시겠어요?' })
    const second = await runs().createAndPoll(thread.id, { assistant_id: assistant.id }, poll)
    expect(second.status).toBe('completed')
    const newReplies = await client.beta.threads.messages.list(thread.id, { order: 'asc', after: followUp.id })
    expect(newReplies.data.map(textOf)).toEqual([explanation])
    expect(newReplies.data[0]!.run_id).toBe(second.id)
    expect(seen.at(-1)!.history).toEqual([
      { role: 'user', text: equation },
      { role: 'assistant', text: 'x = 1' },
      { role: 'user', text: '설명해 주시겠어요?' },
    ])
    expect(server.remoteThreadMessages(thread.id).map(textOf)).toEqual([equation, 'x = 1', '설명해 주시겠어요?', explanation])
  })

  it('streams a run’s events in the real order, ending with the completed run', async () => {
    const { assistant, thread } = await tutorAndThread()
    const { events, error } = await collectStream(await runs().create(thread.id, { assistant_id: assistant.id, stream: true }))
    expect(error).toBeUndefined()

    const deltas = events.filter((event) => event.event === 'thread.message.delta')
    expect(deltas.length).toBeGreaterThan(1)
    expect(events.map((event) => event.event)).toEqual([
      'thread.run.created',
      'thread.run.queued',
      'thread.run.in_progress',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.message.created',
      'thread.message.in_progress',
      ...deltas.map(() => 'thread.message.delta'),
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.completed',
    ])
    const pieces = deltas.map((event) => (event.data.delta.content![0] as { text: { value: string } }).text.value)
    expect(pieces.join('')).toBe('x = 1')

    const byName = <E extends AssistantStreamEvent['event']>(name: E) =>
      events.find((event) => event.event === name) as Extract<AssistantStreamEvent, { event: E }>
    const message = byName('thread.message.created').data
    expect(message).toMatchObject({ status: 'in_progress', content: [], role: 'assistant' })
    expect(byName('thread.run.step.created').data.step_details).toEqual({ type: 'message_creation', message_creation: { message_id: message.id } })
    expect(textOf(byName('thread.message.completed').data)).toBe('x = 1')
    const step = byName('thread.run.step.completed').data
    const run = byName('thread.run.completed').data
    expect(run.usage).toEqual(step.usage)
    expect(run.status).toBe('completed')
    expect(await runs().retrieve(run.id, { thread_id: thread.id })).toEqual(run)
  })

  it('streams well enough for the SDK’s run stream helper', async () => {
    const { assistant, thread } = await tutorAndThread()
    const stream = runs().stream(thread.id, { assistant_id: assistant.id })
    const run = await stream.finalRun()
    expect(run.status).toBe('completed')
    expect((await stream.finalMessages()).map(textOf)).toEqual(['x = 1'])
  })

  it('asks for tool outputs (requires_action), takes them, and completes with the answer built from them', async () => {
    const { assistant, thread } = await tutorAndThread({ tools: [calculator], question: 'calc: 6*7' })
    const waiting = await runs().createAndPoll(thread.id, { assistant_id: assistant.id }, poll)
    expect(waiting.status).toBe('requires_action')
    expect(waiting.required_action).toEqual({
      type: 'submit_tool_outputs',
      submit_tool_outputs: {
        tool_calls: [{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'calculator', arguments: '{"expression":"6*7"}' } }],
      },
    })
    const call = waiting.required_action!.submit_tool_outputs.tool_calls[0]!
    const pendingSteps = await runs().steps.list(waiting.id, { thread_id: thread.id })
    expect(pendingSteps.data).toMatchObject([
      {
        type: 'tool_calls',
        status: 'in_progress',
        usage: null,
        step_details: { type: 'tool_calls', tool_calls: [{ id: call.id, type: 'function', function: { output: null } }] },
      },
    ])

    const wrong = await runs()
      .submitToolOutputs(waiting.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: 'call_wrong', output: '1' }] })
      .catch((e: unknown) => e)
    expect(wrong).toBeInstanceOf(OpenAI.BadRequestError)

    const done = await runs().submitToolOutputsAndPoll(
      waiting.id,
      { thread_id: thread.id, tool_outputs: [{ tool_call_id: call.id, output: '42' }] },
      poll,
    )
    expect(done).toMatchObject({ status: 'completed', required_action: null })
    expect(seen.at(-1)!.history.at(-1)).toEqual({ role: 'tool', text: '42', toolCallId: call.id })

    const fromRun = await client.beta.threads.messages.list(thread.id, { run_id: done.id })
    expect(fromRun.data.map(textOf)).toEqual(['계산 결과: 42'])

    const steps = await runs().steps.list(done.id, { thread_id: thread.id })
    expect(steps.data.map((step) => [step.type, step.status])).toEqual([
      ['message_creation', 'completed'],
      ['tool_calls', 'completed'],
    ])
    const toolStep = steps.data[1]!
    expect(((toolStep.step_details as ToolCallsStepDetails).tool_calls[0] as FunctionToolCall).function).toEqual({
      name: 'calculator',
      arguments: '{"expression":"6*7"}',
      output: '42',
    })
    expect(await runs().steps.retrieve(toolStep.id, { thread_id: thread.id, run_id: done.id })).toEqual(toolStep)
    const stepTokens = steps.data.reduce((sum, step) => sum + step.usage!.total_tokens, 0)
    expect(done.usage!.total_tokens).toBe(stepTokens)

    const late = await runs()
      .submitToolOutputs(done.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: call.id, output: '42' }] })
      .catch((e: unknown) => e)
    expect(late).toBeInstanceOf(OpenAI.BadRequestError)
  })

  it('streams the tool calls as step deltas, ends at requires_action, and streams the rest after submitToolOutputs', async () => {
    const { assistant, thread } = await tutorAndThread({ tools: [calculator], question: 'calc: 9-2' })
    const first = await collectStream(await runs().create(thread.id, { assistant_id: assistant.id, stream: true }))
    const stepDeltas = first.events.filter((event) => event.event === 'thread.run.step.delta')
    expect(stepDeltas.length).toBeGreaterThan(1)
    expect(first.events.map((event) => event.event)).toEqual([
      'thread.run.created',
      'thread.run.queued',
      'thread.run.in_progress',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      ...stepDeltas.map(() => 'thread.run.step.delta'),
      'thread.run.requires_action',
    ])
    const argumentsStreamed = stepDeltas
      .map((event) => {
        const details = event.data.delta.step_details as { tool_calls: { function?: { arguments?: string } }[] }
        return details.tool_calls[0]!.function?.arguments ?? ''
      })
      .join('')
    expect(argumentsStreamed).toBe('{"expression":"9-2"}')
    const run = (first.events.at(-1) as Extract<AssistantStreamEvent, { event: 'thread.run.requires_action' }>).data
    const call = run.required_action!.submit_tool_outputs.tool_calls[0]!

    const rest = await collectStream(
      await runs().submitToolOutputs(run.id, { thread_id: thread.id, stream: true, tool_outputs: [{ tool_call_id: call.id, output: '7' }] }),
    )
    const messageDeltas = rest.events.filter((event) => event.event === 'thread.message.delta')
    expect(rest.events.map((event) => event.event)).toEqual([
      'thread.run.step.completed',
      'thread.run.queued',
      'thread.run.in_progress',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.message.created',
      'thread.message.in_progress',
      ...messageDeltas.map(() => 'thread.message.delta'),
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.completed',
    ])
    expect(rest.events[0]!.data).toMatchObject({ type: 'tool_calls', status: 'completed' })
    expect(textOf(server.remoteThreadMessages(thread.id).at(-1)!)).toBe('계산 결과: 7')
  })

  it('cancels a queued run: cancelling at once, then cancelled, and no reply is written', async () => {
    const { assistant, thread } = await tutorAndThread()
    const run = await runs().create(thread.id, { assistant_id: assistant.id })
    const cancelling = await runs().cancel(run.id, { thread_id: thread.id })
    expect(cancelling.status).toBe('cancelling')
    const cancelled = await runs().poll(run.id, { thread_id: thread.id }, poll)
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled_at: expect.any(Number), completed_at: null })
    expect(server.remoteThreadMessages(thread.id).map((message) => message.role)).toEqual(['user'])

    const again = await runs().cancel(run.id, { thread_id: thread.id }).catch((e: unknown) => e)
    expect(again).toBeInstanceOf(OpenAI.BadRequestError)
  })

  it('cancels a run waiting for tool outputs: its tool step is cancelled too', async () => {
    const { assistant, thread } = await tutorAndThread({ tools: [calculator], question: 'calc: 1+1' })
    const waiting = await runs().createAndPoll(thread.id, { assistant_id: assistant.id }, poll)
    expect(waiting.status).toBe('requires_action')
    const cancelling = await runs().cancel(waiting.id, { thread_id: thread.id })
    expect(cancelling).toMatchObject({ status: 'cancelling', required_action: null })
    const { run, statuses } = await watch(cancelling)
    expect(statuses).toEqual(['cancelling', 'cancelled'])
    expect(run.status).toBe('cancelled')
    const steps = await runs().steps.list(waiting.id, { thread_id: thread.id })
    expect(steps.data.map((step) => step.status)).toEqual(['cancelled'])
  })

  it('cancels a streamed run mid-message: the stream reports it and the message is left incomplete', async () => {
    server.setResponder(() => ({ text: '양변에서 11을 빼고 3으로 나누면 x = 1이 됩니다. 천천히 다시 볼까요?' }))
    // Held after the first delta until the cancel arrives: no more text can slip out before it.
    server.holdReplies()
    const { assistant, thread } = await tutorAndThread()
    const stream = await runs().create(thread.id, { assistant_id: assistant.id, stream: true })
    const names: string[] = []
    let runId = ''
    for await (const event of stream) {
      names.push(event.event)
      if (event.event === 'thread.run.created') runId = event.data.id
      if (event.event === 'thread.message.delta' && names.filter((name) => name === 'thread.message.delta').length === 1) {
        await runs().cancel(runId, { thread_id: thread.id })
      }
    }
    expect(names.slice(-4)).toEqual(['thread.run.cancelling', 'thread.message.incomplete', 'thread.run.step.cancelled', 'thread.run.cancelled'])
    expect(names).not.toContain('thread.message.completed')
    const message = server.remoteThreadMessages(thread.id).at(-1)!
    expect(message).toMatchObject({ role: 'assistant', status: 'incomplete', incomplete_details: { reason: 'run_cancelled' } })
    expect(textOf(message)).toBe('양변에')
  })

  it('goes on with a streamed run whose client left, through its statuses at the background pace', async () => {
    const stepMs = 30 // the server's runStepDelayMs
    const { assistant, thread } = await tutorAndThread()
    // The stream waits far longer than any test between events, until its client leaves: so the
    // client leaves while the run is still queued, and the run must go on without it.
    server.setStreamEventDelay(60_000)
    const hold = server.holdReplies()
    const stream = await runs().create(thread.id, { assistant_id: assistant.id, stream: true })
    let created: Run | undefined
    for await (const event of stream) {
      if (event.event === 'thread.run.created') created = event.data
      break // closes the stream
    }
    const left = performance.now()
    expect(created).toMatchObject({ status: 'queued', started_at: null })

    // It started without its client, and is writing its reply: in progress, as a poller sees it.
    await hold.reached
    expect(await runs().retrieve(created!.id, { thread_id: thread.id })).toMatchObject({
      status: 'in_progress',
      started_at: expect.any(Number),
      completed_at: null,
    })
    hold.release()
    await server.idle()
    const elapsed = performance.now() - left

    const run = await runs().retrieve(created!.id, { thread_id: thread.id })
    expect(run).toMatchObject({ status: 'completed', completed_at: expect.any(Number) })
    expect(server.remoteThreadMessages(thread.id).map((message) => [message.role, message.status, textOf(message)])).toEqual([
      ['user', null, equation],
      ['assistant', 'completed', 'x = 1'],
    ])
    // Three background pauses after the client left (queued → in_progress → writing → completed),
    // each at least runStepDelayMs; a run that rushed to the end would take a few milliseconds.
    // Two of them as the bound leaves room for timer rounding: a lower bound, never a race.
    expect(elapsed).toBeGreaterThanOrEqual(2 * stepMs)
  })

  it('gives a message a caller adds no status, as the real API does; a run’s message has one', async () => {
    const manual = { status: null, completed_at: null, incomplete_at: null, incomplete_details: null, run_id: null, assistant_id: null }
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: equation }] })
    const added = await client.beta.threads.messages.create(thread.id, { role: 'user', content: '설명해 주시겠어요?' })
    expect(added).toMatchObject({ role: 'user', ...manual })
    expect(await client.beta.threads.messages.retrieve(added.id, { thread_id: thread.id })).toEqual(added)
    expect((await client.beta.threads.messages.list(thread.id, { order: 'asc' })).data).toMatchObject([manual, manual])

    const assistant = await client.beta.assistants.create({ model })
    const run = await runs().create(thread.id, { assistant_id: assistant.id, additional_messages: [{ role: 'user', content: equation }] })
    await server.idle()
    const messages = (await client.beta.threads.messages.list(thread.id, { order: 'asc' })).data
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['user', null],
      ['user', null],
      ['user', null],
      ['assistant', 'completed'],
    ])
    expect(messages[2]).toMatchObject(manual)
    expect(messages[3]).toMatchObject({ run_id: run.id, assistant_id: assistant.id, completed_at: expect.any(Number), incomplete_at: null })
  })

  it('gives empty pages string first_id and last_id, as the spec’s list objects require, and the SDK asks for no next page', async () => {
    const emptyPage = { object: 'list', data: [], first_id: '', last_id: '', has_more: false }
    const rawBody = async (page: { asResponse(): Promise<Response> }) => (await page.asResponse()).json()

    const thread = await client.beta.threads.create()
    expect(await rawBody(client.beta.threads.messages.list(thread.id))).toEqual(emptyPage)
    expect(await rawBody(runs().list(thread.id))).toEqual(emptyPage)
    expect((await client.beta.threads.messages.list(thread.id)).hasNextPage()).toBe(false)

    // Past the last item of a non-empty list: the assistant created last, a run's last step.
    const assistant = await client.beta.assistants.create({ model })
    expect(await rawBody(client.beta.assistants.list({ order: 'asc', after: assistant.id }))).toEqual(emptyPage)
    await client.beta.threads.messages.create(thread.id, { role: 'user', content: equation })
    const run = await runs().create(thread.id, { assistant_id: assistant.id })
    await server.idle()
    const steps = await runs().steps.list(run.id, { thread_id: thread.id, order: 'asc' })
    expect(steps.data).toHaveLength(1)
    expect(await rawBody(runs().steps.list(run.id, { thread_id: thread.id, order: 'asc', after: steps.data[0]!.id }))).toEqual(emptyPage)
  })

  it('refuses new messages and a second run while a run is active', async () => {
    const { assistant, thread } = await tutorAndThread()
    const run = await runs().create(thread.id, { assistant_id: assistant.id })
    const message = await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'too soon' }).catch((e: unknown) => e)
    expect(message).toBeInstanceOf(OpenAI.BadRequestError)
    expect((message as Error).message).toContain(run.id)
    const second = await runs().create(thread.id, { assistant_id: assistant.id }).catch((e: unknown) => e)
    expect(second).toBeInstanceOf(OpenAI.BadRequestError)
    expect((await runs().poll(run.id, { thread_id: thread.id }, poll)).status).toBe('completed')
    expect(await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'now' })).toMatchObject({ role: 'user' })
  })

  it('fails the run when the model fails (the responder throws)', async () => {
    server.setResponder(() => {
      throw new Error('model exploded')
    })
    const { assistant, thread } = await tutorAndThread()
    const run = await runs().createAndPoll(thread.id, { assistant_id: assistant.id }, poll)
    expect(run).toMatchObject({ status: 'failed', failed_at: expect.any(Number), last_error: { code: 'server_error', message: 'model exploded' } })
  })

  it('uses run instructions over the assistant’s, plus additional_instructions and additional_messages', async () => {
    const { assistant, thread } = await tutorAndThread()
    const run = await runs().createAndPoll(
      thread.id,
      {
        assistant_id: assistant.id,
        instructions: '영어로 답해',
        additional_instructions: '존댓말로',
        additional_messages: [{ role: 'user', content: '설명해 주시겠어요?' }],
      },
      poll,
    )
    expect(run.instructions).toBe('영어로 답해\n\n존댓말로')
    expect(seen.at(-1)).toMatchObject({ instructions: '영어로 답해\n\n존댓말로', history: [{ role: 'user', text: equation }, { role: 'user', text: '설명해 주시겠어요?' }] })
  })

  it('pages messages with order, limit, after and before, and lists runs newest first', async () => {
    const thread = await client.beta.threads.create({
      messages: ['m1', 'm2', 'm3', 'm4', 'm5'].map((content) => ({ role: 'user' as const, content })),
    })
    const page = await client.beta.threads.messages.list(thread.id, { limit: 2 })
    expect(page.data.map(textOf)).toEqual(['m5', 'm4'])
    expect(page.has_more).toBe(true)
    const after = await client.beta.threads.messages.list(thread.id, { limit: 2, after: page.data[1]!.id })
    expect(after.data.map(textOf)).toEqual(['m3', 'm2'])
    const before = await client.beta.threads.messages.list(thread.id, { order: 'asc', before: page.data[1]!.id, limit: 2 })
    expect(before.data.map(textOf)).toEqual(['m2', 'm3'])
    expect(before.has_more).toBe(true)
    const everything: string[] = []
    for await (const message of client.beta.threads.messages.list(thread.id, { limit: 2, order: 'asc' })) everything.push(textOf(message))
    expect(everything).toEqual(['m1', 'm2', 'm3', 'm4', 'm5'])
    expect(await client.beta.threads.messages.retrieve(page.data[0]!.id, { thread_id: thread.id })).toEqual(page.data[0])

    const assistant = await client.beta.assistants.create({ model })
    const first = await runs().createAndPoll(thread.id, { assistant_id: assistant.id }, poll)
    const second = await runs().createAndPoll(thread.id, { assistant_id: assistant.id }, poll)
    expect((await runs().list(thread.id)).data.map((run) => run.id)).toEqual([second.id, first.id])
  })

  it('manages assistants and threads, answering unknown ids and models with 404', async () => {
    const assistant = await client.beta.assistants.create({ model, name: 'Draft' })
    const updated = await client.beta.assistants.update(assistant.id, { name: 'Math Tutor', instructions: tutorInstructions })
    expect(updated).toMatchObject({ id: assistant.id, name: 'Math Tutor', instructions: tutorInstructions })
    expect(await client.beta.assistants.retrieve(assistant.id)).toEqual(updated)
    const listed = []
    for await (const item of client.beta.assistants.list()) listed.push(item.id)
    expect(listed[0]).toBe(assistant.id)
    expect(await client.beta.assistants.delete(assistant.id)).toEqual({ id: assistant.id, object: 'assistant.deleted', deleted: true })

    const thread = await client.beta.threads.create({ metadata: { user: 'kim' } })
    expect(await client.beta.threads.retrieve(thread.id)).toMatchObject({ object: 'thread', metadata: { user: 'kim' } })
    const orphanRun = await runs().create(thread.id, { assistant_id: assistant.id }).catch((e: unknown) => e)
    expect(orphanRun).toBeInstanceOf(OpenAI.NotFoundError)
    expect(await client.beta.threads.delete(thread.id)).toEqual({ id: thread.id, object: 'thread.deleted', deleted: true })
    expect(await client.beta.threads.retrieve(thread.id).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError)

    const badModel = await client.beta.assistants.create({ model: 'gpt-imaginary' }).catch((e: unknown) => e)
    expect(badModel).toBeInstanceOf(OpenAI.NotFoundError)
    expect(badModel).toMatchObject({ code: 'model_not_found' })
    const { assistant: tutor, thread: other } = await tutorAndThread()
    const badRunModel = await runs().create(other.id, { assistant_id: tutor.id, model: 'gpt-imaginary' }).catch((e: unknown) => e)
    expect(badRunModel).toMatchObject({ status: 404, code: 'model_not_found' })
  })

  it('requires the OpenAI-Beta: assistants=v2 header the SDK sends', async () => {
    const error = await client.beta.assistants.list({}, { headers: { 'OpenAI-Beta': null } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect((error as Error).message).toContain('assistants=v2')
  })
})
