import { describe, expect, it } from 'vitest'
import { builtInTools } from '../../src/main/tools/registry'
import type { Run } from '../../src/shared/domain'
import { runSchema } from '../../src/shared/domain-schemas'
import { everyBackend, openEngineHarness, tutorialThread, withFakeServer } from '../support/engine'

const statuses = (run: Run) => run.status_history?.map((change) => change.status)

/** Times never go back along the history. */
function expectInOrder(run: Run): void {
  const times = run.status_history!.map((change) => change.at)
  expect(times).toEqual([...times].sort((a, b) => a - b))
}

/**
 * A run keeps its status history (local `status_history`): every status it had, in order, with
 * when it began — what the inspector shows, including the times the API's `*_at` fields lack.
 */
describe.each(everyBackend)('a run’s status history on $label', (backend) => {
  const fake = withFakeServer()

  it('records queued → in_progress → completed at the run’s own times, as announced', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
    const queued = await harness.call('runs:create', { thread_id: thread.id })
    expect(queued.status_history).toEqual([{ status: 'queued', at: queued.created_at }])
    await harness.finished(queued.id)
    const run = await harness.call('runs:get', { run_id: queued.id })
    expect(run.status_history).toEqual([
      { status: 'queued', at: run.created_at },
      { status: 'in_progress', at: run.started_at },
      { status: 'completed', at: run.completed_at },
    ])
    expect(statuses(run)).toEqual(harness.statusesOf(run.id))
    // Every run:status event carried the history so far.
    for (const { run: announced } of harness.eventsOf('run:status').filter((event) => event.run.id === run.id)) {
      expect(statuses(announced)?.at(-1)).toBe(announced.status)
    }
    runSchema.strict().parse(run)
  })

  it('records each round of tool calls: requires_action, then in_progress again', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    const { thread } = await tutorialThread(harness, { tools: builtInTools })
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'calc: 1/3 + 1/6' })
    const run = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
    expect(statuses(run)).toEqual(['queued', 'in_progress', 'requires_action', 'in_progress', 'completed'])
    expectInOrder(run)
    const toolStep = (await harness.call('runs:steps', { run_id: run.id })).data.find((step) => step.type === 'tool_calls')!
    const [, , waiting, resumed] = run.status_history!
    // The round lasts from the tool step's creation to its completion (same clock, read just after).
    expect(waiting!.at).toBeGreaterThanOrEqual(toolStep.created_at)
    expect(resumed!.at).toBeGreaterThanOrEqual(toolStep.completed_at!)
  })

  it('records cancelling and cancelled, which the API gives no time for and one time', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    fake.server.setResponder(() => ({ text: '양변에서 11을 빼면 3x = 3이 되고, 양변을 3으로 나누면 x = 1이에요.' }))
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '자세히 풀어줘' })
    const hold = fake.server.holdReplies()
    const created = await harness.call('runs:create', { thread_id: thread.id })
    await hold.reached
    await harness.nextEvent('run:status', (event) => event.run.id === created.id && event.run.status === 'in_progress')
    await harness.call('runs:cancel', { run_id: created.id })
    const run = await harness.finished(created.id)
    hold.release()
    expect(statuses(run)).toEqual(['queued', 'in_progress', 'cancelling', 'cancelled'])
    expect(run.status_history!.at(-1)).toEqual({ status: 'cancelled', at: run.cancelled_at })
    expectInOrder(run)
  })
})

describe('a run recorded before status histories were kept', () => {
  const fake = withFakeServer()

  it('gets no partial history when it ends', async () => {
    const harness = (fake.harness = await openEngineHarness(fake.server, everyBackend[0]!))
    const { thread } = await tutorialThread(harness)
    await fake.server.goOffline()
    try {
      await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'hi' })
      const failed = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
      expect(statuses(failed)).toEqual(['queued', 'failed'])
      // The retry waits for the connection; make it look like a run saved by an older version.
      const waiting = (await harness.call('runs:list', { thread_id: thread.id })).data.find((run) => run.retry_of === failed.id)!
      const { status_history: _dropped, ...old } = waiting
      harness.services.conversations.runs.save(old)
      const cancelled = await harness.call('runs:cancel', { run_id: waiting.id })
      expect(cancelled.status).toBe('cancelled')
      expect(cancelled).not.toHaveProperty('status_history')
      expect(await harness.call('runs:get', { run_id: waiting.id })).not.toHaveProperty('status_history')
    } finally {
      await fake.server.goOnline()
    }
  })
})
