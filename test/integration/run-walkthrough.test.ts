import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assistantSchema, messageSchema, runSchema, runStepSchema, threadSchema } from '../../src/shared/domain-schemas'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { everyBackend, openEngineHarness, serverSideCopies, textOf, tutorialThread, type EngineHarness } from '../support/engine'

/**
 * The tutorial's walk-through, end to end on every backend, through the IPC contract against
 * the fake server: create Math Tutor; a thread; the equation; run; statuses in order; "x = 1"
 * saved; "설명해 주시겠어요?"; run again; listing after that message returns only the reply.
 */
describe.each(everyBackend)('the tutorial on $label', (backend) => {
  let server: FakeOpenAI
  let harness: EngineHarness
  beforeAll(async () => {
    server = await startFakeOpenAI()
  })
  afterAll(() => server.close())
  afterEach(() => harness?.close())

  it('answers, explains, and lists only the new reply after the question', async () => {
    harness = await openEngineHarness(server, backend)
    const { tutor, thread } = await tutorialThread(harness)

    const question = await harness.call('messages:create', {
      thread_id: thread.id,
      role: 'user',
      content: "방정식 '3x + 11 = 14'를 풀어줘",
    })
    const run = await harness.call('runs:create', { thread_id: thread.id })
    expect(run).toMatchObject({ object: 'thread.run', status: 'queued', assistant_id: tutor.id, thread_id: thread.id })
    expect(run.id).toMatch(/^run_[A-Za-z0-9]{24}$/)

    const finished = await harness.finished(run.id)
    expect(finished).toMatchObject({
      status: 'completed',
      model: 'gpt-4o-mini',
      instructions: '너는 개인 수학 교사야. 질문에 한 문장 이하로 짧게 답해줘',
      last_error: null,
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    })
    expect(finished.started_at).toEqual(expect.any(Number))
    expect(finished.completed_at).toEqual(expect.any(Number))
    expect(harness.statusesOf(run.id)).toEqual(['queued', 'in_progress', 'completed'])

    const afterQuestion = await harness.call('messages:list', { thread_id: thread.id, order: 'asc', after: question.id })
    expect(afterQuestion.data).toHaveLength(1)
    expect(afterQuestion.data[0]).toMatchObject({ role: 'assistant', status: 'completed', run_id: run.id, assistant_id: tutor.id })
    expect(textOf(afterQuestion.data[0]!)).toBe('x = 1')
    // Saved, not only announced: the store has it.
    expect(textOf(harness.services.conversations.messages.get(afterQuestion.data[0]!.id))).toBe('x = 1')

    const followUp = await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '설명해 주시겠어요?' })
    const second = await harness.call('runs:create', { thread_id: thread.id })
    expect((await harness.finished(second.id)).status).toBe('completed')

    const afterFollowUp = await harness.call('messages:list', { thread_id: thread.id, order: 'asc', after: followUp.id })
    expect(afterFollowUp.data).toHaveLength(1)
    expect(afterFollowUp.data[0]!.role).toBe('assistant')
    expect(textOf(afterFollowUp.data[0]!)).toContain('11을 빼면')
    expect(afterFollowUp.has_more).toBe(false)

    // The whole thread, newest first by default, holds each message once…
    const all = await harness.call('messages:list', { thread_id: thread.id })
    expect(all.data.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user'])
    // …and so does the server's copy of it (the first question was not sent again with the second).
    const remoteThreadId = (await harness.call('threads:get', { thread_id: thread.id })).remote_ids['openai']
    if (backend.backend !== 'chat') expect(remoteThreadId).toEqual(expect.any(String))
    expect(serverSideCopies(server, backend.backend, remoteThreadId, "방정식 '3x + 11 = 14'를 풀어줘")).toBe(1)
    expect(serverSideCopies(server, backend.backend, remoteThreadId, '설명해 주시겠어요?')).toBe(1)

    // Every step was recorded and announced.
    const steps = await harness.call('runs:steps', { run_id: run.id })
    expect(steps.data).toEqual([
      expect.objectContaining({
        object: 'thread.run.step',
        type: 'message_creation',
        status: 'completed',
        step_details: { type: 'message_creation', message_creation: { message_id: afterQuestion.data[0]!.id } },
      }),
    ])
    expect(harness.eventsOf('run:step').some(({ step }) => step.run_id === run.id && step.status === 'completed')).toBe(true)
    expect(harness.eventsOf('message:saved').some(({ message }) => message.id === afterQuestion.data[0]!.id && message.status === 'completed')).toBe(true)

    // What main stored is exactly what the one definition of each shape says (strictly: no
    // field the schema does not know, none missing).
    const { conversations } = harness.services
    expect(assistantSchema.strict().parse(conversations.assistants.get(tutor.id))).toEqual(conversations.assistants.get(tutor.id))
    threadSchema.strict().parse(conversations.threads.get(thread.id))
    for (const message of conversations.messages.all(thread.id)) messageSchema.strict().parse(message)
    for (const stored of conversations.runs.list({ thread_id: thread.id, limit: 100, order: 'asc' }).data) {
      runSchema.strict().parse(stored)
      for (const step of conversations.runs.steps(stored.id).data) runStepSchema.strict().parse(step)
    }
  })

  it.skipIf(backend.assistantsMode === 'poll')('streams the reply as text deltas that add up to the saved reply', async () => {
    harness = await openEngineHarness(server, backend)
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '설명해 주세요' })
    const run = await harness.call('runs:create', { thread_id: thread.id })
    await harness.finished(run.id)
    const deltas = harness.eventsOf('run:delta').filter((delta) => delta.run_id === run.id)
    expect(deltas.length).toBeGreaterThan(1)
    const reply = (await harness.call('messages:list', { thread_id: thread.id, limit: 1 })).data[0]!
    expect(deltas.map((delta) => delta.delta).join('')).toBe(textOf(reply))
    expect(new Set(deltas.map((delta) => delta.message_id))).toEqual(new Set([reply.id]))
  })
})
