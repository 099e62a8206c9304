import { describe, expect, it } from 'vitest'
import { everyBackend, openEngineHarness, textOf, tutorialThread, withFakeServer } from '../support/engine'

/**
 * Streamed text waits in memory before it is saved (run-session.ts); a read of the thread saves
 * it first, so a page that opens the thread mid-reply, or re-reads after missing a piece, finds
 * every piece main already announced. The save window is stretched to an hour here: only the
 * read can have saved the text.
 */
describe('a read of a thread while its reply streams', () => {
  const fake = withFakeServer()
  const streaming = everyBackend.filter((backend) => backend.assistantsMode !== 'poll')

  it.each(streaming.map((backend) => [backend.label, backend] as const))('%s: finds every piece announced so far', async (_label, backend) => {
    fake.server.setResponder(() => ({ text: '양변에서 11을 빼면 3x = 3, 그래서 x = 1이에요.' }))
    fake.harness = await openEngineHarness(fake.server, backend, { replyFlushDelayMs: 3_600_000 })
    const harness = fake.harness
    const { thread } = await tutorialThread(harness)
    await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '3x + 11 = 14' })
    const hold = fake.server.holdReplies({ afterPieces: 4 })
    const run = await harness.call('runs:create', { thread_id: thread.id })
    // Four pieces announced, then the server holds the rest.
    await new Promise<void>((resolve) => {
      const check = () => harness.eventsOf('run:delta').filter((delta) => delta.run_id === run.id).length >= 4
      if (check()) return resolve()
      const stop = harness.services.events.subscribe(() => {
        if (!check()) return
        stop()
        resolve()
      })
    })
    const announced = harness
      .eventsOf('run:delta')
      .filter((delta) => delta.run_id === run.id)
      .map((delta) => delta.delta)
      .join('')
    const reply = (await harness.call('messages:list', { thread_id: thread.id, order: 'asc' })).data.find((message) => message.role === 'assistant')!
    expect(reply.status).toBe('in_progress')
    expect(textOf(reply)).toBe(announced)
    hold.release()
    expect((await harness.finished(run.id)).status).toBe('completed')
  })
})
