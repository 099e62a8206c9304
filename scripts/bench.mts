/**
 * `npm run bench`: seeds a conversation database the size of a long-lived user's (1,000
 * threads, 200,000 messages, one thread of 2,000) and prints how fast the operations users
 * feel are, each with its target where issue 10 set one: opening a thread, adding a message
 * (with fsync), full-text search, listing threads, opening the database; evaluating the built
 * preload; main's busy time while a reply streams (scripts/bench/streaming.mts); main's
 * start-up until it would create its window (startup.mts); append and open-thread at 1,000
 * and at 200,000 messages (growth.mts); when a run's end is noticed (run-timing.mts); and the
 * built renderer in Chromium (renderer.mts). A benchmark, not a test: it prints figures and
 * asserts nothing. docs/performance.md has the latest figures and what changed to get them.
 *
 *   npm run bench                 (full size)
 *   npm run bench -- --quick      (a tenth of the size, for a fast look)
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import vm from 'node:vm'
import { ConversationStore } from '../src/main/store/conversation-store'
import { seedConversations, sentence, summarize, type Figures } from './bench/seed.mjs'
import { benchStreaming } from './bench/streaming.mjs'
import { benchRunTiming } from './bench/run-timing.mjs'

const quick = process.argv.includes('--quick')
const threadCount = quick ? 100 : 1_000
const messageCount = quick ? 20_000 : 200_000
const bigThreadSize = 2_000

function measure(label: string, runs: number, work: (i: number) => void): Figures {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    work(i)
    times.push(performance.now() - start)
  }
  return summarize(label, times)
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-bench-'))
const file = path.join(dir, 'conversations.sqlite')

console.log(`Seeding ${threadCount.toLocaleString()} threads and ${messageCount.toLocaleString()} messages in ${dir} …`)
const { threadIds, seconds: seedSeconds } = seedConversations(file, { threads: threadCount, messages: messageCount, bigThread: bigThreadSize })
const sizeMb = fs.statSync(file).size / 1024 / 1024

let store: ConversationStore
const reopen = measure('open the database (start-up)', 5, () => {
  store = ConversationStore.open(file, { singleInstanceLockHeld: true })
  store.close()
})
store = ConversationStore.open(file, { singleInstanceLockHeld: true })
const bigThread = threadIds[0]!

const results = [
  reopen,
  measure('open the 2,000-message thread: newest page of 100', 200, () => {
    store.messages.list({ thread_id: bigThread, limit: 100, order: 'desc' })
  }),
  measure('read all 2,000 messages of it (20 pages by cursor)', 50, () => {
    let after: string | undefined
    let pages = 0
    for (;;) {
      const page = store.messages.list({ thread_id: bigThread, limit: 100, order: 'asc', after })
      pages++
      if (!page.has_more) break
      after = page.last_id ?? undefined
    }
    if (pages !== 20) throw new Error(`expected 20 pages, got ${pages}`)
  }),
  measure('append a message (committed with fsync)', 300, (i) => {
    store.messages.append({ thread_id: threadIds[i % threadCount]!, role: 'user', content: sentence() })
  }),
  measure('list threads: first 100 by last activity', 200, () => {
    store.threads.list({ limit: 100 })
  }),
  // What the sidebar asks for as it scrolls: a page of 50, each with its last message's preview.
  measure('list threads: a sidebar page of 50 with previews', 200, () => {
    store.threads.summaries({ limit: 50 })
  }),
]

const queries = ['방정식', '기울기를', '수열', 'derivative', 'integ', '확률 probability', '없는단어', 'zzzz']
for (const query of queries) {
  const hits = store.search(query, 30).length
  results.push(measure(`search "${query}" (${hits} threads)`, 50, () => store.search(query, 30)))
}
store.close()

// The preload runs before every page load, in a sandbox of its own: what evaluating it costs.
const preloadFile = path.resolve(import.meta.dirname, '../out/preload/index.js')
if (fs.existsSync(preloadFile)) {
  const preload = fs.readFileSync(preloadFile, 'utf8')
  const electron = { contextBridge: { exposeInMainWorld() {} }, ipcRenderer: { invoke() {}, on() {}, removeListener() {}, send() {} } }
  results.push(
    measure(`evaluate the built preload (${(Buffer.byteLength(preload) / 1024).toFixed(1)} KB, fresh context)`, 50, () => {
      vm.runInNewContext(preload, { require: () => electron, module: { exports: {} }, exports: {} })
    }),
  )
} else {
  console.log('(no out/preload/index.js: run `npm run build` first to measure the preload)')
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length))
const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(10)
console.log(`\nSeeded in ${seedSeconds.toFixed(1)} s; database file ${sizeMb.toFixed(0)} MB (node-sqlite3-wasm, WAL, synchronous=FULL)\n`)
console.log(`${pad('operation', 56)}${'median'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}`)
for (const result of results) console.log(`${pad(result.label, 56)}${ms(result.median)}${ms(result.p95)}${ms(result.max)}`)

// Main's busy time while a reply streams at about 100 deltas a second (issue 10's target: ≤ 5 %).
console.log('\nStreaming a 1,800-character reply (600 deltas, one every 10 ms from the server), Responses backend, median of 3:')
console.log(`${pad('how streamed text is saved', 56)}${'deltas/s'.padStart(10)}${'saves'.padStart(10)}${'main busy'.padStart(10)}  target`)
const streaming = await benchStreaming()
for (const figure of streaming) {
  // The last row is how TutorDesk saves now; the others are what it is measured against.
  const target = figure === streaming.at(-1) ? '≤ 5 %' : ''
  console.log(`${pad(figure.label, 56)}${figure.deltasPerSecond.toFixed(0).padStart(10)}${String(figure.replySaves).padStart(10)}${`${figure.busyPercent.toFixed(1)} %`.padStart(10)}  ${target}`)
}
// Start-up and growth (issue 10): main's built bundle until it would create its window, on this
// database (scripts/bench/startup.mts); append and open-thread at 1,000 messages and at the full
// size, seeded alike, as a ratio (scripts/bench/growth.mts).
{
  const { benchStartup, printStartup } = await import('./bench/startup.mjs')
  printStartup(await benchStartup({ quick, database: file }))
  const { benchGrowth, printGrowth } = await import('./bench/growth.mjs')
  printGrowth(await benchGrowth({ quick }))
}


// Run end noticed, and the first run in a long thread never sent (scripts/bench/run-timing.mts).
console.log('\nRun end noticed: TutorDesk\'s services and the fake server in this process, one clock (streamed: 20 runs each; polled: 16 runs of 0.3–1.8 s):')
const runTiming = await benchRunTiming()
console.log(`${pad('measure', 80)}${'median'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}  target`)
for (const figure of runTiming.streaming) console.log(`${pad(figure.label, 80)}${ms(figure.median)}${ms(figure.p95)}${ms(figure.max)}  ${figure.target}`)
for (const figure of runTiming.polling) {
  console.log(`${pad(figure.label, 80)}${ms(figure.median)}${ms(figure.p95)}${ms(figure.max)}  mean ${figure.mean.toFixed(0)} ms, ${figure.polls.toFixed(1)} polls a run; ${figure.target}`)
}
const { firstRun } = runTiming
for (const figure of [firstRun.longThread, firstRun.newThread]) console.log(`${pad(figure.label, 80)}${ms(figure.median)}${ms(figure.p95)}${ms(figure.max)}`)
console.log(`${pad('  ratio of the medians, 2,000-message thread / new thread', 80)}${`${firstRun.ratio.toFixed(1)}×`.padStart(10)}${''.padStart(20)}  ${firstRun.target}`)

// The renderer, in Chromium over the loopback transport, with the real services.
console.log(`\nThe renderer in Chromium over the loopback (${quick ? '100 threads, 20,000 messages' : '1,000 threads, 200,000 messages'}; threads of 2,000 and 10,000 messages):`)
// A process of its own (its code runs partly in the page, typed with the DOM): it prints its figures as JSON.
const rendererRun = spawnSync(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, 'bench/renderer.mts'), '--json', ...(quick ? ['--quick'] : [])], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 16 * 1024 * 1024,
})
if (rendererRun.status !== 0) throw new Error(`the renderer benchmark failed (exit ${rendererRun.status})`)
const renderer = JSON.parse(rendererRun.stdout.trim().split('\n').at(-1)!) as {
  timings: (Figures & { target?: string })[]
  facts: { label: string; value: string; target?: string }[]
}
console.log(`${pad('operation', 72)}${'median'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}  target`)
for (const timing of renderer.timings) console.log(`${pad(timing.label, 72)}${ms(timing.median)}${ms(timing.p95)}${ms(timing.max)}  ${timing.target ?? ''}`)
for (const fact of renderer.facts) console.log(`${pad(fact.label, 72)}${fact.value.padStart(30)}  ${fact.target ?? ''}`)

console.log(`\nNode ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`)
fs.rmSync(dir, { recursive: true, force: true })
