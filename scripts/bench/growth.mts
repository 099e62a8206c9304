/**
 * Growth (issue 10): does the store slow down as history grows? Two databases of the same shape
 * (about 200 messages a thread, one thread of 500 that is opened) are seeded in one run, one of
 * 1,000 messages and one of 200,000 (--quick: 20,000), and the same operations are timed on
 * both, taking turns one operation at a time so that a busy machine weighs on both sizes alike
 * (timed in blocks, one size after the other, the ratio swung from 1.0 to 1.5 with the load):
 *
 *   - append a message to a thread (one transaction, committed with fsync), threads in turn;
 *   - open a thread: the newest page of 100 messages of the 500-message thread.
 *
 * Run alone: node --import tsx scripts/bench/growth.mts [--quick]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { seedConversations, sentence, summarize, type Figures, type SeedShape } from './seed.mjs'

export interface GrowthRow {
  label: string
  small: Figures
  large: Figures
  /** Median at the large size over the median at the small one. */
  ratio: number
  target?: string
}

export interface GrowthFigures {
  smallMessages: number
  largeMessages: number
  rows: GrowthRow[]
}

const messagesPerThread = 200
const openedThreadSize = 500
const operations = 300
/** A pause as between a user's bursts of messages, for the store's idle checkpoint to run. */
const pauseEvery = 50
const pauseMs = 1_700

function shapeOf(messages: number): SeedShape {
  return { threads: Math.max(2, Math.round(messages / messagesPerThread)), messages, bigThread: openedThreadSize }
}

interface Sized {
  store: ConversationStore
  threadIds: string[]
  times: { append: number[]; open: number[] }
}

/** Seeding leaves hundreds of megabytes for the kernel to write back; flushed now, it does not land in the timings. */
function flushToDisk(file: string): void {
  const fd = fs.openSync(file, 'r+')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

export async function benchGrowth(options: { quick: boolean }): Promise<GrowthFigures> {
  const smallMessages = 1_000
  const largeMessages = options.quick ? 20_000 : 200_000
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-growth-'))
  const sizes: Sized[] = []
  try {
    for (const messages of [smallMessages, largeMessages]) {
      const seeded = seedConversations(path.join(dir, `${messages}.sqlite`), shapeOf(messages))
      flushToDisk(seeded.file)
      const store = ConversationStore.open(seeded.file, { singleInstanceLockHeld: true })
      sizes.push({ store, threadIds: seeded.threadIds, times: { append: [], open: [] } })
    }
    // Turn about, one operation at a time: whatever else the machine does weighs on both sizes alike.
    for (let i = 0; i < operations; i++) {
      for (const { store, threadIds, times } of sizes) {
        const content = sentence()
        const start = performance.now()
        store.messages.append({ thread_id: threadIds[i % threadIds.length]!, role: 'user', content })
        times.append.push(performance.now() - start)
      }
      for (const { store, threadIds, times } of sizes) {
        const start = performance.now()
        store.messages.list({ thread_id: threadIds[0]!, limit: 100, order: 'desc' })
        times.open.push(performance.now() - start)
      }
      if (i % pauseEvery === pauseEvery - 1) await new Promise((resolve) => setTimeout(resolve, pauseMs))
    }
    const [small, large] = sizes as [Sized, Sized]
    const row = (label: string, key: keyof Sized['times'], target?: string): GrowthRow => {
      const smallFigures = summarize(label, small.times[key])
      const largeFigures = summarize(label, large.times[key])
      return { label, small: smallFigures, large: largeFigures, ratio: largeFigures.median / smallFigures.median, target }
    }
    return {
      smallMessages,
      largeMessages,
      rows: [
        row('append a message (committed with fsync)', 'append', '≤ 1.5'),
        row(`open a thread: newest 100 of ${openedThreadSize}`, 'open'),
      ],
    }
  } finally {
    for (const { store } of sizes) store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export function printGrowth(figures: GrowthFigures): void {
  const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length))
  const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(11)
  const small = figures.smallMessages.toLocaleString()
  const large = figures.largeMessages.toLocaleString()
  console.log(`\nGrowth: the same operations on ${small} and on ${large} messages (same shape, one run), median (p95):`)
  console.log(`${pad('operation', 48)}${`${small}`.padStart(24)}${`${large}`.padStart(24)}${'ratio'.padStart(8)}  target`)
  for (const row of figures.rows) {
    const cell = (f: Figures) => `${ms(f.median)} (${ms(f.p95).trim()})`.padStart(24)
    console.log(`${pad(row.label, 48)}${cell(row.small)}${cell(row.large)}${row.ratio.toFixed(2).padStart(8)}  ${row.target ?? ''}`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printGrowth(await benchGrowth({ quick: process.argv.includes('--quick') }))
}
