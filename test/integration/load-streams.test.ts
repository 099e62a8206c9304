import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../src/shared/contract'
import type { Message, Thread } from '../../src/shared/domain'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { everyBackend, openEngineHarness, serverSideCopies, textOf, tutorInstructions, type EngineHarness } from '../support/engine'
import { loadQuestion, loadReply, loadResponder } from '../support/long-replies'

/**
 * Load: twenty threads, each asked its own question, twenty runs started at once, each answered
 * with a long reply of its own (numbered sentences that name the thread) — through main's real
 * services and the contract's router, on every backend. While the replies stream, the threads
 * are read the way the page reads them when the user switches between them.
 *
 * No timers: every reply is held on the server after its first piece until all twenty runs
 * are going at once; the test then waits for events and for the runs to finish.
 */
const threadCount = 20
// Twenty replies of 2,800 characters in 2–4 character pieces, each piece saved before it is
// announced: generous, not a performance limit (a busy two-core machine takes 10–40 s a backend).
const loadTimeoutMs = 300_000

describe.each(everyBackend)('20 long replies streaming at once on $label', (backend) => {
  let server: FakeOpenAI
  let harness: EngineHarness | undefined
  beforeAll(async () => {
    server = await startFakeOpenAI({ responder: loadResponder })
  })
  afterAll(() => server.close())
  afterEach(() => {
    server.clearFaults()
    harness?.close()
    harness = undefined
  })

  it('completes every reply, whole, once, in order and in its own thread', async () => {
    const h = (harness = await openEngineHarness(server, backend))
    const streamed = backend.assistantsMode !== 'poll'
    const tutor = await h.call('assistants:create', { name: 'Math Tutor', instructions: tutorInstructions, model: 'gpt-4o-mini' })

    const threads: { thread: Thread; question: string; expected: string }[] = []
    for (let n = 1; n <= threadCount; n++) {
      const thread = await h.call('threads:create', { assistant_id: tutor.id, title: `Load ${n}` })
      const question = loadQuestion(n, backend.label)
      await h.call('messages:create', { thread_id: thread.id, role: 'user', content: question })
      threads.push({ thread, question, expected: loadReply(n) })
    }
    for (const { expected } of threads) expect(expected.length).toBeGreaterThan(2_000)

    // Every reply stops after its first piece until all twenty runs are going at once.
    const hold = server.holdReplies()
    const runs = await Promise.all(threads.map(({ thread }) => h.call('runs:create', { thread_id: thread.id })))
    expect(new Set(runs.map((run) => run.id)).size).toBe(threadCount)
    await Promise.all(
      runs.map((run) =>
        streamed
          ? h.nextEvent('run:delta', (delta) => delta.run_id === run.id)
          : // A polled run's reply arrives whole at the end: it is going once the server says so.
            h.nextEvent('run:status', ({ run: seen }) => seen.id === run.id && seen.status === 'in_progress'),
      ),
    )
    expect(h.eventsOf('run:status').filter(({ run }) => run.status === 'completed')).toEqual([])

    // The user switches threads while the replies stream: each read (through the router, as the
    // page reads a thread it opens) shows the thread's question and, if any, a prefix of its own
    // reply at least as long as what was already announced for it.
    const announced = new Map<string, number>()
    const reads: Promise<void>[] = []
    const readProblems: string[] = []
    let deltasSeen = 0
    let nextRead = 0
    const stopReading = h.services.events.subscribe((name, payload) => {
      if (name === 'run:delta') {
        const delta = payload as EventPayload<'run:delta'>
        announced.set(delta.thread_id, Math.max(announced.get(delta.thread_id) ?? 0, delta.offset + delta.delta.length))
        if (++deltasSeen % 20 !== 0) return
      }
      const { thread, question, expected } = threads[nextRead++ % threadCount]!
      const atLeast = announced.get(thread.id) ?? 0
      reads.push(
        h.call('messages:list', { thread_id: thread.id, order: 'asc' }).then(({ data }) => {
          const [asked, reply] = data
          const replyText = reply ? textOf(reply) : ''
          if (data.length > 2) readProblems.push(`${thread.id}: ${data.length} messages`)
          if (asked?.role !== 'user' || textOf(asked) !== question) readProblems.push(`${thread.id}: first message is not its question`)
          if (reply && (reply.role !== 'assistant' || !expected.startsWith(replyText))) readProblems.push(`${thread.id}: reply is not a prefix of its own: ${replyText.slice(-80)}`)
          if (replyText.length < atLeast) readProblems.push(`${thread.id}: read ${replyText.length} characters after ${atLeast} were announced`)
          if (reply?.status === 'completed' && replyText !== expected) readProblems.push(`${thread.id}: completed but not whole`)
        }),
      )
    })

    hold.release()
    const finished = await Promise.all(runs.map((run) => h.finished(run.id)))
    stopReading()
    await Promise.all(reads)
    expect(readProblems).toEqual([])
    expect(reads.length).toBeGreaterThan(0)
    expect(finished.map((run) => run.status)).toEqual(runs.map(() => 'completed'))

    const deltas = h.eventsOf('run:delta')
    for (const [index, { thread, question, expected }] of threads.entries()) {
      const run = runs[index]!
      expect(run.thread_id).toBe(thread.id)

      // The thread holds exactly its question and one reply: its own text, whole, in order.
      const { data } = await h.call('messages:list', { thread_id: thread.id, order: 'asc' })
      expect(data.map((message) => message.role)).toEqual(['user', 'assistant'])
      const [asked, reply] = data as [Message, Message]
      expect(textOf(asked)).toBe(question)
      expect(reply).toMatchObject({ status: 'completed', run_id: run.id, thread_id: thread.id })
      expect(textOf(reply)).toBe(expected)

      // Its deltas, in arrival order, add up to that text, each at its offset, each naming this
      // thread and this reply; no delta of another run names this thread.
      const ofRun = deltas.filter((delta) => delta.run_id === run.id)
      expect(deltas.filter((delta) => delta.thread_id === thread.id)).toEqual(ofRun)
      let text = ''
      for (const delta of ofRun) {
        expect(delta).toMatchObject({ thread_id: thread.id, message_id: reply.id, offset: text.length })
        text += delta.delta
      }
      // A polled run is not streamed: its reply arrives whole, in one save.
      if (streamed) {
        expect(ofRun.length).toBeGreaterThan(100)
        expect(text).toBe(expected)
      } else {
        expect(ofRun).toEqual([])
      }
      const completedSaves = h.eventsOf('message:saved').filter(({ message }) => message.id === reply.id && message.status === 'completed')
      expect(completedSaves.map(({ message }) => textOf(message))).toEqual([expected])
      expect(h.statusesOf(run.id)).toEqual(['queued', 'in_progress', 'completed'])

      // The server was asked the question once, and (where it keeps the thread) holds exactly
      // the question and this thread's reply.
      const remoteThreadId = (await h.call('threads:get', { thread_id: thread.id })).remote_ids['openai']
      const carrying = server.requests.filter((request) => request.method === 'POST' && JSON.stringify(request.body).includes(question))
      expect(carrying).toHaveLength(1)
      expect(serverSideCopies(server, backend.backend, remoteThreadId, question)).toBe(1)
      if (backend.backend === 'responses') {
        expect(server.conversationItems(remoteThreadId!)).toHaveLength(2)
        expect(serverSideCopies(server, backend.backend, remoteThreadId, expected)).toBe(1)
      } else if (backend.backend === 'assistants') {
        expect(server.remoteThreadMessages(remoteThreadId!)).toHaveLength(2)
        expect(serverSideCopies(server, backend.backend, remoteThreadId, expected)).toBe(1)
        const remoteAssistantId = h.services.conversations.assistants.get(tutor.id).remote_ids['openai']
        expect(server.remoteThreadRuns(remoteThreadId!).map((remote) => remote.assistant_id)).toEqual([remoteAssistantId])
      }
    }
    // Twenty threads, twenty server-side threads (none shared); nothing else failed or was logged.
    const remoteIds = threads.map(({ thread }) => h.services.conversations.threads.get(thread.id).remote_ids['openai'])
    if (backend.backend !== 'chat') expect(new Set(remoteIds).size).toBe(threadCount)
    // One assistant for all twenty threads: the server got one copy of it, not one per run.
    const assistantCreations = server.requests.filter((request) => request.method === 'POST' && request.path === '/v1/assistants')
    expect(assistantCreations).toHaveLength(backend.backend === 'assistants' ? 1 : 0)
    expect(h.services.logLines.filter(({ level }) => level === 'error')).toEqual([])
  }, loadTimeoutMs)
})
