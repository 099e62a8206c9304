import { describe, expect, it } from 'vitest'
import { fetchInspected, fetchMessage, fetchThreadRuns, totalUsage, type Caller } from '../../src/renderer/src/hooks/inspector-fetch'
import type { Run } from '../../src/shared/domain'
import { everyBackend, openEngineHarness, tutorialThread, withFakeServer, type EngineHarness } from '../support/engine'

/** The renderer's client, over main's real router. */
const callerOf = (harness: EngineHarness): Caller => ({ call: (channel, ...args) => harness.call(channel, (args[0] ?? {}) as never) })

/**
 * The inspector's reads against main's real contract: each object comes back exactly as its
 * channel returns it, a message is found among its thread's through `messages:list` cursors,
 * and a thread's runs are read over every page of `runs:list`.
 */
describe('what the inspector reads', () => {
  const fake = withFakeServer()

  it('finds any message of a thread, first, middle or newest, exactly as messages:list returns it', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const { thread } = await tutorialThread(harness)
    for (let i = 0; i < 7; i++) await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: `message ${i}` })
    const listed = (await harness.call('messages:list', { thread_id: thread.id, order: 'asc', limit: 100 })).data
    for (const message of listed) {
      expect(await fetchMessage(callerOf(harness), thread.id, message.id)).toEqual(message)
      expect(await fetchInspected(callerOf(harness), { object: 'thread.message', id: message.id, thread_id: thread.id })).toEqual(message)
    }
    await expect(fetchMessage(callerOf(harness), thread.id, 'msg_nosuchmessage')).rejects.toMatchObject({ code: 'not_found' })
  })

  it('reads again when a message is added between its two reads', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const { thread } = await tutorialThread(harness)
    const newest = await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'the newest, for a moment' })
    let reads = 0
    const racing: Caller = {
      async call(channel, ...args) {
        const answer = await callerOf(harness).call(channel, ...args)
        // Right after the first read ("nothing after it"), another message arrives.
        if (channel === 'messages:list' && ++reads === 1) await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'just in' })
        return answer
      },
    }
    expect(await fetchMessage(racing, thread.id, newest.id)).toEqual(newest)
    expect(reads).toBe(4)
  })

  it('reads a thread’s runs over every page and adds up their usage', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
    const first = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    expect(first.usage).not.toBeNull()
    // 250 runs in all: three pages of runs:list.
    for (let i = 1; i < 250; i++) {
      const usage = i % 10 === 0 ? null : { prompt_tokens: i, completion_tokens: 2 * i, total_tokens: 3 * i }
      harness.services.conversations.runs.insert({ ...first, id: `run_copy${String(i).padStart(3, '0')}`, usage } satisfies Run)
    }
    const runs = await fetchThreadRuns(callerOf(harness), thread.id)
    expect(runs).toHaveLength(250)
    expect(new Set(runs.map((run) => run.id)).size).toBe(250)
    expect(runs.at(-1)).toEqual(first)
    const expected = { prompt_tokens: first.usage!.prompt_tokens, completion_tokens: first.usage!.completion_tokens, total_tokens: first.usage!.total_tokens }
    for (let i = 1; i < 250; i++) {
      if (i % 10 === 0) continue
      expected.prompt_tokens += i
      expected.completion_tokens += 2 * i
      expected.total_tokens += 3 * i
    }
    expect(totalUsage(runs)).toEqual(expected)
  })

  it('reads a run, its step, its thread and its assistant as their channels return them', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const { tutor, thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
    const run = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    const caller = callerOf(harness)
    expect(await fetchInspected(caller, { object: 'thread.run', id: run.id })).toEqual(await harness.call('runs:get', { run_id: run.id }))
    const [step] = (await harness.call('runs:steps', { run_id: run.id })).data
    expect(await fetchInspected(caller, { object: 'thread.run.step', id: step!.id, run_id: run.id })).toEqual(step)
    await expect(fetchInspected(caller, { object: 'thread.run.step', id: 'step_nosuchstep', run_id: run.id })).rejects.toMatchObject({ code: 'not_found' })
    expect(await fetchInspected(caller, { object: 'thread', id: thread.id })).toEqual(await harness.call('threads:get', { thread_id: thread.id }))
    expect(await fetchInspected(caller, { object: 'assistant', id: tutor.id })).toEqual(await harness.call('assistants:get', { assistant_id: tutor.id }))
  })
})
