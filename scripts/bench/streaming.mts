/**
 * Main's busy time while a reply streams at about 100 deltas a second: TutorDesk's services
 * in this process (as in Electron's main), the fake server in another. Busy is Node's event
 * loop utilization from the first delta to the run's end: the share of that time main spent
 * running code (the SDK parsing the stream, saving, announcing) rather than waiting.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { openTestServices } from '../../test/support/services'

export interface StreamingFigures {
  label: string
  deltasPerSecond: number
  busyPercent: number
  replySaves: number
  deltas: number
}

/** The fake server in a process of its own, streaming a `characters`-long reply at one event every `delayMs`. */
export async function startBenchServer(delayMs: number, characters: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, 'fake-server.mts'), String(delayMs), String(characters)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const baseURL = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { baseURL: string }).baseURL))
    child.once('exit', () => reject(new Error('the fake server ended before it was ready')))
  })
  return { baseURL, stop: () => child.kill('SIGTERM') }
}

/** One streamed reply on the Responses backend; `flushDelayMs` 0 saves at (nearly) every delta, as before batching. */
async function streamOnce(baseURL: string, label: string, flushDelayMs: number | undefined): Promise<StreamingFigures> {
  const services = await openTestServices({
    env: { OPENAI_API_KEY: 'sk-bench-0123456789abcdef', OPENAI_BASE_URL: baseURL },
    clientOptions: { maxRetries: 0 },
    replyFlushDelayMs: flushDelayMs,
  })
  try {
    let replySaves = 0
    const messages = services.conversations.messages
    const save = messages.save.bind(messages)
    messages.save = (message, options) => {
      save(message, options)
      if (message.role === 'assistant') replySaves++
    }
    const tutor = services.conversations.assistants.list().data[0]!
    const thread = services.conversations.threads.create({ assistant_id: tutor.id })
    services.conversations.messages.append({ thread_id: thread.id, role: 'user', content: '천천히 길게 설명해 줘' })
    let deltas = 0
    let firstDelta: { at: number; elu: ReturnType<typeof performance.eventLoopUtilization> } | undefined
    const run = services.engine.create({ thread_id: thread.id })
    services.events.subscribe((name) => {
      if (name !== 'run:delta') return
      deltas++
      firstDelta ??= { at: performance.now(), elu: performance.eventLoopUtilization() }
    })
    const finished = await services.engine.whenFinished(run.id)
    if (finished.status !== 'completed' || !firstDelta) throw new Error(`the run ended ${finished.status}`)
    const seconds = (performance.now() - firstDelta.at) / 1000
    const busy = performance.eventLoopUtilization(firstDelta.elu).utilization
    return { label, deltasPerSecond: deltas / seconds, busyPercent: busy * 100, replySaves, deltas }
  } finally {
    await services.close()
  }
}

export async function benchStreaming(rounds = 3): Promise<StreamingFigures[]> {
  const server = await startBenchServer(10, 1_800)
  try {
    const figures: StreamingFigures[] = []
    for (const [label, flushDelayMs] of [
      ['a save per delta (before)', 0],
      ['saved every 100 ms (now)', undefined],
    ] as const) {
      const runs: StreamingFigures[] = []
      for (let round = 0; round < rounds; round++) runs.push(await streamOnce(server.baseURL, label, flushDelayMs))
      runs.sort((a, b) => a.busyPercent - b.busyPercent)
      figures.push(runs[Math.floor(runs.length / 2)]!)
    }
    return figures
  } finally {
    server.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const figure of await benchStreaming()) console.log(figure)
}
