import { describe, expect, it, vi } from 'vitest'
import type OpenAI from 'openai'
import { assistantsBackend } from '../../src/main/engine/backends/assistants'
import type { RunContext, RunSink } from '../../src/main/engine/backend'

/**
 * Runs started together on threads of one assistant the server does not know yet share one
 * creation of it there (the load test found twenty copies made by twenty runs). A run that stops
 * waiting (cancelled) leaves the creation to the others; the last one to stop aborts it.
 * The server is a stub here: each creation is a promise the test settles, so nothing races.
 */

const stopAfterAssistant = new Error('stop here: the remote thread is another test’s business')

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

function stubServer() {
  const creations: { signal: AbortSignal; answer: ReturnType<typeof deferred<{ id: string }>> }[] = []
  const client = {
    beta: {
      assistants: {
        create: vi.fn((_params: unknown, options: { signal: AbortSignal }) => {
          const answer = deferred<{ id: string }>()
          creations.push({ signal: options.signal, answer })
          const aborted = new Promise<never>((_resolve, reject) =>
            options.signal.addEventListener('abort', () => reject(new Error('request aborted')), { once: true }),
          )
          return Promise.race([answer.promise, aborted])
        }),
      },
      threads: {
        create: vi.fn(() => Promise.reject(stopAfterAssistant)),
      },
    },
  }
  return { client: client as unknown as OpenAI, creations }
}

function runOn(client: OpenAI, assistantId = 'asst_local') {
  const controller = new AbortController()
  const sink = { rememberAssistantRemoteId: vi.fn(), rememberThreadRemoteId: vi.fn() } as unknown as RunSink & {
    rememberAssistantRemoteId: ReturnType<typeof vi.fn>
  }
  const context = {
    run: { id: `run_${Math.random()}`, connection_id: 'openai', model: 'gpt-4o-mini', remote_ids: {} },
    thread: { id: `thread_${Math.random()}`, remote_ids: {} },
    assistant: { id: assistantId, name: 'Math Tutor', description: null, instructions: '', tools: [], remote_ids: {} },
    connection: { id: 'openai', assistantsMode: 'stream' },
    host: '127.0.0.1',
    client,
    history: [],
    signal: controller.signal,
  } as unknown as RunContext
  const outcome = assistantsBackend.execute(context, sink).then(
    () => 'finished',
    (error: unknown) => error,
  )
  return { controller, sink, outcome }
}

describe('the Assistants backend creates a new assistant on the server once', () => {
  it('for runs started together, whichever of them is cancelled meanwhile', async () => {
    const { client, creations } = stubServer()
    const first = runOn(client)
    const second = runOn(client)
    const third = runOn(client)
    expect(creations).toHaveLength(1)

    // The first run is cancelled: it stops waiting at once, the request goes on for the others.
    first.controller.abort()
    expect(((await first.outcome) as Error).name).toBe('AbortError')
    expect(creations[0]!.signal.aborted).toBe(false)

    creations[0]!.answer.resolve({ id: 'asst_remote_1' })
    expect(await second.outcome).toBe(stopAfterAssistant)
    expect(await third.outcome).toBe(stopAfterAssistant)
    expect(client.beta.assistants.create).toHaveBeenCalledTimes(1)
    expect(second.sink.rememberAssistantRemoteId).toHaveBeenCalledWith('asst_remote_1')
    expect(third.sink.rememberAssistantRemoteId).toHaveBeenCalledWith('asst_remote_1')
    expect(first.sink.rememberAssistantRemoteId).not.toHaveBeenCalled()
  })

  it('stops the request when every run waiting for it is cancelled; a later run creates it afresh', async () => {
    const { client, creations } = stubServer()
    const only = runOn(client, 'asst_other')
    expect(creations).toHaveLength(1)
    only.controller.abort()
    expect(await only.outcome).toBeInstanceOf(Error)
    expect(await only.outcome).not.toBe(stopAfterAssistant)
    expect(creations[0]!.signal.aborted).toBe(true)

    const later = runOn(client, 'asst_other')
    expect(creations).toHaveLength(2)
    creations[1]!.answer.resolve({ id: 'asst_remote_2' })
    expect(await later.outcome).toBe(stopAfterAssistant)
    expect(later.sink.rememberAssistantRemoteId).toHaveBeenCalledWith('asst_remote_2')
  })
})
