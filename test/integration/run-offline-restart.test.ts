import { spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Run } from '../../src/shared/domain'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { everyBackend, openEngineHarness, serverSideCopies, textOf, tutorialThread, type EngineHarness } from '../support/engine'
import { makeTempDir } from '../support/services'

describe.each(everyBackend)('offline on $label', (backend) => {
  let server: FakeOpenAI
  let harness: EngineHarness
  beforeAll(async () => {
    server = await startFakeOpenAI()
  })
  afterAll(() => server.close())
  afterEach(async () => {
    harness?.close()
    await server.goOnline()
  })

  it('fails the first run as offline, keeps every message, and sends them in order when the server is back', async () => {
    harness = await openEngineHarness(server, backend)
    const { thread: first } = await tutorialThread(harness)
    const { thread: second } = await tutorialThread(harness)
    await server.goOffline()

    const m1 = await harness.call('messages:create', { thread_id: first.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
    const failed = await harness.finished((await harness.call('runs:create', { thread_id: first.id })).id)
    expect(failed).toMatchObject({ status: 'failed', last_error: { code: 'offline', message: expect.stringContaining('kept') } })
    expect(await harness.call('app:connectivity', {})).toEqual({ online: false, waiting_runs: 1 })

    // Written while offline: kept as pending, waiting for the connection.
    await harness.call('messages:create', { thread_id: second.id, role: 'user', content: 'second thread, written offline' })
    const pendingSecond = await harness.call('runs:create', { thread_id: second.id })
    expect(pendingSecond).toMatchObject({ status: 'queued', waiting_for: 'connection' })
    const m3 = await harness.call('messages:create', { thread_id: first.id, role: 'user', content: '설명해 주시겠어요?' })
    const joined = await harness.call('runs:create', { thread_id: first.id })
    expect(joined).toMatchObject({ status: 'queued', waiting_for: 'connection', retry_of: failed.id })
    expect(harness.eventsOf('connectivity:changed').at(-1)).toEqual({ online: false, waiting_runs: 2 })

    server.requests.length = 0
    await server.goOnline()
    const [firstDone, secondDone] = await Promise.all([harness.finished(joined.id), harness.finished(pendingSecond.id)])
    expect(firstDone.status).toBe('completed')
    expect(secondDone.status).toBe('completed')
    expect(harness.eventsOf('connectivity:changed').at(-1)).toEqual({ online: true, waiting_runs: 0 })

    // In order: the first thread's waiting run went out before the second's.
    expect(firstDone.started_at! <= secondDone.started_at!).toBe(true)
    const firstRunRequest = server.requests.findIndex((r) => JSON.stringify(r.body ?? '').includes('3x + 11 = 14'))
    const secondRunRequest = server.requests.findIndex((r) => JSON.stringify(r.body ?? '').includes('second thread, written offline'))
    expect(firstRunRequest).toBeGreaterThanOrEqual(0)
    expect(firstRunRequest).toBeLessThan(secondRunRequest)

    // Both messages of the first thread reached the server once each, in order.
    const current = await harness.call('threads:get', { thread_id: first.id })
    expect(serverSideCopies(server, backend.backend, current.remote_ids['openai'], '3x + 11 = 14')).toBe(1)
    expect(serverSideCopies(server, backend.backend, current.remote_ids['openai'], '설명해 주시겠어요?')).toBe(1)
    const messages = (await harness.call('messages:list', { thread_id: first.id, order: 'asc' })).data
    expect(messages.filter((m) => m.role === 'user').map((m) => m.id)).toEqual([m1.id, m3.id])
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', status: 'completed' })
  })
})

describe('a run waiting for the connection', () => {
  it('can be cancelled before it is ever sent', async () => {
    const server = await startFakeOpenAI()
    const harness = await openEngineHarness(server, everyBackend[0]!)
    try {
      const { thread } = await tutorialThread(harness)
      await server.goOffline()
      await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'never mind' })
      const failed = await harness.finished((await harness.call('runs:create', { thread_id: thread.id })).id)
      const waiting = (await harness.call('runs:list', { thread_id: thread.id })).data.find((run) => run.retry_of === failed.id)!
      expect(waiting).toMatchObject({ status: 'queued', waiting_for: 'connection' })
      expect(await harness.call('runs:cancel', { run_id: waiting.id })).toMatchObject({ status: 'cancelled', waiting_for: null })
      expect(await harness.call('app:connectivity', {})).toEqual({ online: false, waiting_runs: 0 })
      server.requests.length = 0
      await server.goOnline()
      expect(await harness.call('app:connectivity', { check: true })).toEqual({ online: true, waiting_runs: 0 })
      expect(server.requests.filter((request) => request.method === 'POST')).toEqual([])
    } finally {
      harness.close()
      await server.close()
    }
  })
})

describe('restarting with a run in progress', () => {
  let server: FakeOpenAI
  beforeAll(async () => {
    server = await startFakeOpenAI()
  })
  afterAll(() => server.close())
  beforeEach(() => {
    server.setResponder(() => ({ text: '양변에서 11을 빼고, 3으로 나누면 x = 1이에요. 천천히 한 줄씩 보여줄게요.' }))
  })

  /**
   * Starts a run in a child process and SIGKILLs it once `ready` says so. The server holds the
   * reply after its first piece meanwhile, so the run is surely unfinished when the process dies.
   */
  async function killMidRun(dir: string, backend: string, mode: string, ready: (line: { event: string; status?: string }) => boolean) {
    const hold = server.holdReplies()
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../support/engine-child.ts'), dir, server.baseURL, backend, mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let started: { runId: string; threadId: string } | undefined
    await new Promise<void>((resolve) => {
      createInterface({ input: child.stdout! }).on('line', (text) => {
        const line = JSON.parse(text) as { event: string; runId: string; threadId: string; status?: string }
        if (line.event === 'started') started = line
        if (started && ready(line)) resolve()
      })
    })
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    hold.release()
    return started!
  }

  it.each([
    ['responses', 'stream'],
    ['chat', 'stream'],
  ])('%s: marks it interrupted, keeps the partial reply, and a retry completes', async (backend, mode) => {
    const dir = makeTempDir()
    // Killed once the first piece of the reply is saved (streamed text is saved in batches).
    const { runId, threadId } = await killMidRun(dir, backend, mode, (line) => line.event === 'saved')
    const harness = await openEngineHarness(server, { backend: backend as 'responses', label: backend }, { dir })
    try {
      const run: Run = await harness.finished(runId)
      expect(run).toMatchObject({ status: 'failed', last_error: { code: 'interrupted' } })
      const partial = (await harness.call('messages:list', { thread_id: threadId })).data.find((m) => m.role === 'assistant')
      expect(partial).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'run_failed' } })
      expect(textOf(partial!).length).toBeGreaterThan(0)
      const retry = await harness.finished((await harness.call('runs:retry', { run_id: runId })).id)
      expect(retry.status).toBe('completed')
    } finally {
      harness.close()
    }
  })

  it('assistants (polled): picks the run up again on the server and brings the reply home', async () => {
    const dir = makeTempDir()
    const { runId, threadId } = await killMidRun(dir, 'assistants', 'poll', (line) => line.event === 'status' && line.status === 'in_progress')
    const harness = await openEngineHarness(server, { backend: 'assistants', assistantsMode: 'poll', label: 'assistants' }, { dir })
    try {
      const run = await harness.finished(runId)
      expect(run.status).toBe('completed')
      const reply = (await harness.call('messages:list', { thread_id: threadId, limit: 1 })).data[0]!
      expect(reply).toMatchObject({ role: 'assistant', status: 'completed', run_id: runId })
      expect(textOf(reply)).toContain('x = 1')
    } finally {
      harness.close()
    }
  })
})
