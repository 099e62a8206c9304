/**
 * How soon a run's end is shown after the server ends it (issue 10, item 4):
 *
 * - on the streaming backends (Responses, Chat Completions, the Assistants API streamed): from
 *   the fake server writing the run's final event (`response.completed`, `[DONE]`,
 *   `thread.run.completed`) to main announcing the run completed (`run:status`, the event the
 *   renderer receives);
 * - on the Assistants API polled: from the server completing the run to main announcing it,
 *   beside the tutorial's loop (retrieve, sleep a fixed 0.5 s) against the same server;
 * - the first run in a 2,000-message thread whose history was never sent, beside a run in a new
 *   thread: from the final event to the run shown completed (it records 2,001 remote ids).
 *
 * TutorDesk's services and the fake server share this process, so both read one clock
 * (`performance.now()`); the server tells the moment it writes an event or ends a run (`onMark`).
 * A benchmark: it prints figures and asserts nothing.
 *
 *   node --import tsx scripts/bench/run-timing.mts
 */
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import OpenAI from 'openai'
import type { BackendName } from '../../src/shared/connections'
import type { Run } from '../../src/shared/domain'
import { startFakeOpenAI, type FakeOpenAI, type ServerMark } from '../../test/fake-openai/server'
import { openTestServices, type TestServices } from '../../test/support/services'
import { sentence, summarize, type Figures } from './seed.mjs'

const apiKey = 'sk-bench-0123456789abcdef'
const reply = '양변에서 11을 빼면 3x = 3이 되고, 3으로 나누면 x = 1이에요.'

export interface RunTimingFigures {
  /** Final event → run shown completed, per streaming backend. */
  streaming: (Figures & { target: string })[]
  /** Server completes a polled run → noticed: TutorDesk's schedule, and the tutorial's fixed 0.5 s poll. */
  polling: { label: string; mean: number; median: number; p95: number; max: number; polls: number; target: string }[]
  /** Final event → run shown completed: the first run in a 2,000-message thread never sent, and in a new thread. */
  firstRun: { longThread: Figures; newThread: Figures; ratio: number; target: string }
}

/** A fake server in this process that notes when it last wrote each event and when each run ended. */
async function startTimedServer(options: Parameters<typeof startFakeOpenAI>[0] = {}) {
  const lastWritten = new Map<string, number>()
  const runEnded = new Map<string, number>()
  const server = await startFakeOpenAI({
    responder: () => ({ text: reply }),
    ...options,
    onMark: (mark: ServerMark) => {
      const at = performance.now()
      if (mark.kind === 'stream-event') lastWritten.set(mark.name, at)
      else runEnded.set(mark.runId, at)
    },
  })
  return { server, lastWritten, runEnded }
}

async function openServices(server: FakeOpenAI, backend: BackendName, assistantsMode: 'stream' | 'poll' = 'stream'): Promise<TestServices> {
  const services = await openTestServices({ env: { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: server.baseURL }, clientOptions: { maxRetries: 0 } })
  services.connections.update('openai', { backend, assistantsMode })
  return services
}

/** Runs the thread once; resolves with the run and when main announced it completed. */
async function runAndTimeCompletion(services: TestServices, threadId: string): Promise<{ run: Run; completedAt: number }> {
  let completedAt = Number.NaN
  const stop = services.events.subscribe((name, payload) => {
    const { run } = payload as { run: Run }
    if (name === 'run:status' && run.thread_id === threadId && run.status === 'completed') completedAt = performance.now()
  })
  try {
    const run = await services.engine.whenFinished(services.engine.create({ thread_id: threadId }).id)
    if (run.status !== 'completed') throw new Error(`the run ended ${run.status}: ${JSON.stringify(run.last_error)}`)
    return { run, completedAt }
  } finally {
    stop()
  }
}

function newThreadWithQuestion(services: TestServices): string {
  const tutor = services.conversations.assistants.list().data[0]!
  const thread = services.conversations.threads.create({ assistant_id: tutor.id })
  services.conversations.messages.append({ thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
  return thread.id
}

const streamingBackends: { label: string; backend: BackendName; finalEvent: string }[] = [
  { label: 'Responses: response.completed → run shown completed', backend: 'responses', finalEvent: 'response.completed' },
  { label: 'Chat Completions: [DONE] → run shown completed', backend: 'chat', finalEvent: '[DONE]' },
  { label: 'Assistants, streamed: thread.run.completed → run shown completed', backend: 'assistants', finalEvent: 'thread.run.completed' },
]

/** (a) Final event → run shown completed on each streaming backend; the events paced 5 ms apart, as a model streams. */
async function benchStreamingRunEnd(rounds: number): Promise<RunTimingFigures['streaming']> {
  const { server, lastWritten } = await startTimedServer({ streamEventDelayMs: 5 })
  const figures: RunTimingFigures['streaming'] = []
  try {
    for (const { label, backend, finalEvent } of streamingBackends) {
      const services = await openServices(server, backend)
      try {
        const times: number[] = []
        // Two runs first to warm up (the JIT, the connection): not counted.
        for (let round = 0; round < rounds + 2; round++) {
          lastWritten.clear()
          const { completedAt } = await runAndTimeCompletion(services, newThreadWithQuestion(services))
          const writtenAt = lastWritten.get(finalEvent)
          if (writtenAt === undefined) throw new Error(`the server wrote no ${finalEvent}`)
          if (round >= 2) times.push(completedAt - writtenAt)
        }
        figures.push({ ...summarize(label, times), target: '≤ 5 ms' })
      } finally {
        await services.close()
      }
    }
  } finally {
    await server.close()
  }
  return figures
}

/** Deterministic spread of run lengths, so rounds compare from one bench to the next. */
function* runLengthsMs(count: number): Generator<number> {
  let seed = 7
  for (let index = 0; index < count; index++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    yield 300 + Math.round((seed / 2 ** 31) * 1_500)
  }
}

/**
 * (b) The Assistants API polled: the server completes each run at a moment spread over 0.3–1.8 s
 * after it was created (its background run takes three steps of `runStepDelayMs`), and sends no
 * `openai-poll-after-ms`, so each client polls on its own schedule.
 */
async function benchPolledRunEnd(rounds: number): Promise<RunTimingFigures['polling']> {
  const { server, runEnded } = await startTimedServer({ pollAfterMs: null })
  const pollsOf = (remoteRunId: string) => server.requests.filter((request) => request.method === 'GET' && request.path.endsWith(`/runs/${remoteRunId}`)).length
  const ours: number[] = []
  const tutorial: number[] = []
  let ourPolls = 0
  let tutorialPolls = 0
  try {
    const services = await openServices(server, 'assistants', 'poll')
    try {
      for (const length of runLengthsMs(rounds)) {
        server.setRunStepDelay(length / 3)
        const { run, completedAt } = await runAndTimeCompletion(services, newThreadWithQuestion(services))
        const remoteRunId = run.remote_ids['openai']!
        ours.push(completedAt - runEnded.get(remoteRunId)!)
        ourPolls += pollsOf(remoteRunId)
      }
    } finally {
      await services.close()
    }

    // The tutorial's wait_on_run: retrieve, and while the run is queued or in progress, sleep 0.5 s.
    const client = new OpenAI({ apiKey, baseURL: server.baseURL, maxRetries: 0 })
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', name: 'Math Tutor', instructions: '너는 개인 수학 교사야. 질문에 한 문장 이하로 짧게 답해줘' })
    for (const length of runLengthsMs(rounds)) {
      server.setRunStepDelay(length / 3)
      const thread = await client.beta.threads.create()
      await client.beta.threads.messages.create(thread.id, { role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
      let run = await client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id })
      while (run.status === 'queued' || run.status === 'in_progress') {
        run = await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id })
        if (run.status === 'queued' || run.status === 'in_progress') await sleep(500)
      }
      tutorial.push(performance.now() - runEnded.get(run.id)!)
      tutorialPolls += pollsOf(run.id)
    }
  } finally {
    await server.close()
  }
  const describe = (label: string, times: number[], polls: number, target: string) => ({
    ...summarize(label, times),
    mean: times.reduce((sum, time) => sum + time, 0) / times.length,
    polls: polls / times.length,
    target,
  })
  return [
    describe('Assistants, polled (TutorDesk): server completes → run shown completed', ours, ourPolls, 'below the tutorial’s'),
    describe('the tutorial’s loop, a fixed 0.5 s poll: server completes → noticed', tutorial, tutorialPolls, 'expected mean ≈ 250 ms'),
  ]
}

/**
 * (c) The first run in a thread of 2,000 messages never sent (Responses: the whole history goes
 * in one request, and its 2,001 remote ids are recorded when the response completes), beside the
 * first run in a new thread: final event → run shown completed.
 */
async function benchFirstRunInLongThread(rounds: number): Promise<RunTimingFigures['firstRun']> {
  const { server, lastWritten } = await startTimedServer({ streamEventDelayMs: 5 })
  const services = await openServices(server, 'responses')
  const longThread: number[] = []
  const newThread: number[] = []
  try {
    const timeOne = async (threadId: string) => {
      lastWritten.clear()
      const { completedAt } = await runAndTimeCompletion(services, threadId)
      return completedAt - lastWritten.get('response.completed')!
    }
    await timeOne(newThreadWithQuestion(services))
    for (let round = 0; round < rounds; round++) {
      const threadId = newThreadWithQuestion(services)
      const store = services.conversations
      store.db.transaction(() => {
        for (let index = 0; index < 2_000; index++) store.messages.append({ thread_id: threadId, role: index % 2 ? 'assistant' : 'user', content: sentence() })
      })
      // The seeding's own checkpoint must not land in the measured run.
      await sleep(2_000)
      longThread.push(await timeOne(threadId))
      newThread.push(await timeOne(newThreadWithQuestion(services)))
    }
  } finally {
    await services.close()
    await server.close()
  }
  const long = summarize('first run in a 2,000-message thread never sent: response.completed → run shown completed', longThread)
  const fresh = summarize('first run in a new thread: response.completed → run shown completed', newThread)
  return { longThread: long, newThread: fresh, ratio: long.median / fresh.median, target: 'as fast as in a new thread (ratio ≈ 1)' }
}

export async function benchRunTiming(options: { rounds?: number; pollRounds?: number; firstRunRounds?: number } = {}): Promise<RunTimingFigures> {
  return {
    streaming: await benchStreamingRunEnd(options.rounds ?? 20),
    polling: await benchPolledRunEnd(options.pollRounds ?? 16),
    firstRun: await benchFirstRunInLongThread(options.firstRunRounds ?? 5),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchRunTiming(), null, 2))
}
