import type { BackendName } from '../../src/shared/connections'
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from '../../src/shared/contract'
import type { Run, RunStatus } from '../../src/shared/domain'
import { IpcRequestError } from '../../src/shared/errors'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../fake-openai/server'
import { openTestServices, type TestServices } from './services'

export const testApiKey = 'sk-test-engine-0123456789abcdef'
export const tutorInstructions = '너는 개인 수학 교사야. 질문에 한 문장 이하로 짧게 답해줘'

export type BackendUnderTest = { backend: BackendName; assistantsMode?: 'stream' | 'poll'; label: string }

export const everyBackend: BackendUnderTest[] = [
  { backend: 'responses', label: 'responses (Responses + Conversations, streamed)' },
  { backend: 'chat', label: 'chat (Chat Completions, streamed)' },
  { backend: 'assistants', assistantsMode: 'stream', label: 'assistants (beta Assistants API, streamed)' },
  { backend: 'assistants', assistantsMode: 'poll', label: 'assistants (beta Assistants API, created and polled)' },
]

export interface EngineHarness {
  services: TestServices
  /** Calls a channel through the contract's router, as the renderer does; throws the typed error. */
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>
  /** Every event main announced, in order. */
  events: { name: EventName; payload: unknown }[]
  eventsOf<E extends EventName>(name: E): EventPayload<E>[]
  /** Resolves with the first event of `name` (already announced, or still to come) that matches. */
  nextEvent<E extends EventName>(name: E, matches?: (payload: EventPayload<E>) => boolean): Promise<EventPayload<E>>
  /** The statuses a run went through, as announced, without repeats. */
  statusesOf(runId: string): RunStatus[]
  finished(runId: string): Promise<Run>
  close(): void
}

/**
 * Main's real services talking to the fake OpenAI server through the default connection,
 * switched to the backend under test. Everything goes through the contract's router.
 */
export async function openEngineHarness(
  server: FakeOpenAI,
  backend: BackendUnderTest,
  overrides: Parameters<typeof openTestServices>[0] = {},
): Promise<EngineHarness> {
  const services = await openTestServices({
    env: { OPENAI_API_KEY: testApiKey, OPENAI_BASE_URL: server.baseURL },
    // The SDK's own retry logic stays on (429 and 5xx tests rely on it), just quicker.
    clientOptions: { maxRetries: 2, timeout: 10_000 },
    probeDelaysMs: { first: 50, max: 200 },
    ...overrides,
  })
  services.connections.update('openai', { backend: backend.backend, assistantsMode: backend.assistantsMode ?? 'stream' })
  const events: EngineHarness['events'] = []
  services.events.subscribe((name, payload) => events.push({ name, payload }))
  const harness: EngineHarness = {
    services,
    async call(channel, request) {
      const result = await services.router.dispatch(channel, request)
      if (!result.ok) throw new IpcRequestError(channel, result.error)
      return result.value as never
    },
    events,
    eventsOf: (name) => events.filter((event) => event.name === name).map((event) => event.payload as never),
    nextEvent(name, matches = () => true) {
      const seen = harness.eventsOf(name).find(matches)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve) => {
        const stop = services.events.subscribe((eventName: EventName, payload) => {
          if (eventName !== name || !matches(payload as never)) return
          stop()
          resolve(payload as never)
        })
      })
    },
    statusesOf(runId) {
      const statuses = harness
        .eventsOf('run:status')
        .filter(({ run }) => run.id === runId)
        .map(({ run }) => run.status)
      return statuses.filter((status, index) => status !== statuses[index - 1])
    },
    finished: (runId) => services.engine.whenFinished(runId),
    close: () => services.close(),
  }
  return harness
}

/** Creates Math Tutor and a thread for it, as the tutorial does. */
export async function tutorialThread(harness: EngineHarness, assistant: Partial<RequestOf<'assistants:create'>> = {}) {
  const tutor = await harness.call('assistants:create', {
    name: 'Math Tutor',
    instructions: tutorInstructions,
    model: 'gpt-4o-mini',
    ...assistant,
  })
  const thread = await harness.call('threads:create', { assistant_id: tutor.id })
  return { tutor, thread }
}

export function textOf(message: { content: { type: string; text?: { value: string } }[] }): string {
  return message.content.map((part) => part.text?.value ?? '').join('')
}

/**
 * How many times the server holds a text as a message of this thread: in the Responses
 * conversation, the Assistants thread, or (Chat Completions keeps nothing) the latest request
 * that carried it.
 */
export function serverSideCopies(server: FakeOpenAI, backend: BackendName, remoteThreadId: string | undefined, text: string): number {
  const count = (items: unknown[]) => items.filter((item) => JSON.stringify(item).includes(text)).length
  if (backend === 'responses') return count(server.conversationItems(remoteThreadId!))
  if (backend === 'assistants') return count(server.remoteThreadMessages(remoteThreadId!))
  const lastChat = server.requests
    .filter((request) => request.path === '/v1/chat/completions' && JSON.stringify(request.body).includes(text))
    .at(-1)
  return count(((lastChat?.body as { messages?: unknown[] }) ?? {}).messages ?? [])
}

/**
 * The hooks most engine tests share: one fake server for the file, and after each test the
 * harness it opened closed and the server made plain again (faults, holds, responder). A test
 * sets `fake.harness` to what it opens and reads it back.
 */
export function withFakeServer(options: FakeOpenAIOptions = {}): { readonly server: FakeOpenAI; harness: EngineHarness } {
  let server: FakeOpenAI | undefined
  let harness: EngineHarness | undefined
  beforeAll(async () => {
    server = await startFakeOpenAI(options)
  })
  afterAll(() => server?.close())
  afterEach(() => {
    harness?.close()
    harness = undefined
    server?.clearFaults()
    server?.setResponder(undefined)
  })
  return {
    get server() {
      if (!server) throw new Error('the fake server starts in beforeAll')
      return server
    },
    get harness() {
      if (!harness) throw new Error('this test opened no harness')
      return harness
    },
    set harness(opened) {
      harness = opened
    },
  }
}
