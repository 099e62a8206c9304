/**
 * Start-up (issue 10): how long main takes from loading its built bundle (out/main/index.mjs)
 * until it would create the window, on the seeded database. Each sample is a fresh Node process
 * running the real bundle; only `electron` is a stand-in (test/support/built-main.ts), which
 * notes when main asks `app.whenReady()` (its module and every import evaluated) and when it
 * constructs the BrowserWindow (services open, IPC registered), then quits.
 *
 * Run alone (after `npm run build`): node --import tsx scripts/bench/startup.mts [--quick]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { prepareBuiltMain, startBuiltMain, type MainStart } from '../../test/support/built-main'
import { checkMarkerOf } from '../../src/main/store/database'
import { seedConversations, summarize, type Figures } from './seed.mjs'

export interface StartupFigures {
  threads: number
  messages: number
  samples: number
  importModules: Figures
  openServices: Figures
  total: Figures
  /** The first start on the freshly seeded database, which checks every page (done once a week, and after a crash). */
  withIntegrityCheckMs: number
  bundleKb: number
  /** Chunks main loads on first use (the tools' mathjs). */
  laterChunksKb: number
  target: string
}

/** `database`: a seeded conversation database of that size to start on (copied); else one is seeded. */
export async function benchStartup(options: { quick: boolean; samples?: number; database?: string; builtMain?: string }): Promise<StartupFigures> {
  const threads = options.quick ? 100 : 1_000
  const messages = options.quick ? 20_000 : 200_000
  const samples = options.samples ?? 10
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-startup-'))
  try {
    const mainFile = prepareBuiltMain(path.join(dir, 'app'), options.builtMain)
    const userDataDir = path.join(dir, 'user-data')
    fs.mkdirSync(userDataDir)
    const databaseFile = path.join(userDataDir, 'conversations.sqlite')
    if (options.database) fs.copyFileSync(options.database, databaseFile)
    else seedConversations(databaseFile, { threads, messages, bigThread: 2_000 })
    // A start after a crash, after damage was met, or a week after the last checks every page
    // first: one such start (the marker a damaged read leaves asks for it), reported on its own.
    fs.writeFileSync(checkMarkerOf(databaseFile), 'bench')
    const first = await startBuiltMain(mainFile, userDataDir)
    const runs: MainStart[] = []
    for (let i = 0; i < samples; i++) runs.push(await startBuiltMain(mainFile, userDataDir))
    const chunkDir = path.join(path.dirname(mainFile), 'chunks')
    const chunkBytes = fs.existsSync(chunkDir) ? fs.readdirSync(chunkDir).reduce((sum, file) => sum + fs.statSync(path.join(chunkDir, file)).size, 0) : 0
    return {
      threads,
      messages,
      samples,
      importModules: summarize("import main's bundle and its packages", runs.map((run) => run.importMs)),
      openServices: summarize('open the services (settings, database, keys, engine)', runs.map((run) => run.servicesMs)),
      total: summarize('main ready to create the window', runs.map((run) => run.totalMs)),
      withIntegrityCheckMs: first.totalMs,
      bundleKb: fs.statSync(mainFile).size / 1024,
      laterChunksKb: chunkBytes / 1024,
      target: '≤ 300 ms',
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export function printStartup(figures: StartupFigures): void {
  const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length))
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10)
  console.log(
    `\nStart-up: main's built bundle (${figures.bundleKb.toFixed(0)} KB; ${figures.laterChunksKb.toFixed(0)} KB more load on first use) in a fresh ` +
      `Node process until it would create the window, ${figures.threads.toLocaleString()} threads / ${figures.messages.toLocaleString()} messages, ` +
      `median of ${figures.samples} starts:`,
  )
  console.log(`${pad('phase', 56)}${'median'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}  target`)
  for (const row of [figures.importModules, figures.openServices, figures.total]) {
    console.log(`${pad(row.label, 56)}${ms(row.median)}${ms(row.p95)}${ms(row.max)}  ${row === figures.total ? figures.target : ''}`)
  }
  console.log(`${pad('a start that checks every page (weekly, after a crash)', 56)}${ms(figures.withIntegrityCheckMs)}`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printStartup(await benchStartup({ quick: process.argv.includes('--quick') }))
}
