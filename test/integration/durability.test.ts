import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matchExpression } from '../../src/main/store/search-terms'
import type { Message, Run } from '../../src/shared/domain'
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server'
import { everyBackend, openEngineHarness, textOf } from '../support/engine'
import { makeTempDir, openTestServices } from '../support/services'

/**
 * The durability promises, by force: TutorDesk's services in a child process, driven through
 * the router as the window drives them, killed with SIGKILL at moments chosen by a seeded
 * random generator (so a failing round can be replayed), then opened again as the next start
 * would. Counts go to docs/reliability.md.
 */
const childScript = path.resolve(__dirname, '../support/services-child.ts')

/** Park–Miller: the same moments on every machine, different ones each round. */
function seededRandom(seed: number): () => number {
  let state = seed
  return () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647
}

interface ChildLine {
  ack?: string
  ready?: string
  delta?: number
  saved?: number
  message?: string
  run?: string
  thread?: string
}

function startChild(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines: ChildLine[] = []
  const waiters = new Set<() => void>()
  createInterface({ input: child.stdout! }).on('line', (text) => {
    lines.push(JSON.parse(text) as ChildLine)
    for (const wake of waiters) wake()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  /** Resolves once `done(lines)`; rejects if the process ends first (e.g. it could not open the database). */
  const until = (done: (seen: ChildLine[]) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done(lines)) return
        waiters.delete(check)
        resolve()
      }
      waiters.add(check)
      check()
      void exited.then(() => {
        if (waiters.has(check)) reject(new Error(`the child process ended early; it printed ${JSON.stringify(lines.slice(-3))}`))
      })
    })
  const kill = async () => {
    child.kill('SIGKILL')
    await exited
  }
  return { child: child as ChildProcess, lines, until, kill }
}

describe('durability: SIGKILL at random moments', () => {
  it('×50 while writing through the router: every acknowledged message is there, and the database opens every time', async () => {
    const dir = makeTempDir()
    const random = seededRandom(20_261_125)
    const acknowledged: string[] = []
    for (let round = 0; round < 50; round++) {
      const target = 1 + Math.floor(random() * 80)
      const { lines, until, kill } = startChild([dir, 'write'])
      // Opening again after the previous kill is part of every round: a child that cannot open ends early and fails here.
      await until((seen) => seen.filter((line) => line.ack).length >= target)
      await kill()
      acknowledged.push(...lines.flatMap((line) => (line.ack ? [line.ack] : [])))
    }

    const services = await openTestServices({ dir, singleInstanceLockHeld: true })
    try {
      expect(services.conversations.db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' })
      const stored = new Set(services.conversations.db.all('SELECT id FROM messages').map((row) => String(row['id'])))
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([])
      expect(acknowledged.length).toBeGreaterThanOrEqual(50)
      // Every stored message is in the search index too: it committed with the message.
      const indexed = services.conversations.db.get('SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH ?', [matchExpression('방정식')!])
      expect(indexed).toEqual({ n: stored.size })
    } finally {
      services.close()
    }
    // A limit for a slow, busy machine (50 processes started one after another), not a performance check.
  }, 600_000)

  describe('while a reply streams in', () => {
    let server: FakeOpenAI
    const reply = Array.from({ length: 40 }, (_, i) => `${i + 1}번째 줄: 양변에서 11을 빼고 3으로 나눕니다.`).join(' ')
    beforeAll(async () => {
      server = await startFakeOpenAI()
      server.setResponder(() => ({ text: reply }))
    })
    afterAll(() => server.close())

    it('×20: the reply keeps what was saved before the kill (streamed text waits at most one flush), its run is marked interrupted, and a retry completes it', async () => {
      const random = seededRandom(42)
      const backends = [everyBackend[0]!, everyBackend[1]!]
      for (let round = 0; round < 20; round++) {
        const backend = backends[round % backends.length]!
        const dir = makeTempDir()
        // The server stops after a random number of pieces, so the process dies mid-reply for sure.
        const pieces = 1 + Math.floor(random() * 150)
        const hold = server.holdReplies({ afterPieces: pieces })
        const { lines, until, kill } = startChild([dir, 'stream', server.baseURL, backend.backend])
        await until((seen) => seen.filter((line) => line.delta !== undefined).length >= pieces)
        const announcedOf = (seen: ChildLine[]) => Math.max(...seen.flatMap((line) => (line.delta !== undefined ? [line.delta] : [])))
        const savedOf = (seen: ChildLine[]) => Math.max(0, ...seen.flatMap((line) => (line.saved !== undefined ? [line.saved] : [])))
        // Half the rounds die once the held reply's text has been flushed, half at once (mid-window).
        const afterFlush = round % 4 < 2
        if (afterFlush) await until((seen) => savedOf(seen) >= announcedOf(seen))
        await kill()
        hold.release()
        const announced = announcedOf(lines)
        const saved = savedOf(lines)
        const { run: runId, thread: threadId } = lines.find((line) => line.run)!

        const harness = await openEngineHarness(server, backend, { dir, singleInstanceLockHeld: true })
        try {
          const run: Run = await harness.finished(runId!)
          expect(run, `round ${round} (${backend.backend}, ${pieces} pieces)`).toMatchObject({ status: 'failed', last_error: { code: 'interrupted' } })
          const partial = (await harness.call('messages:list', { thread_id: threadId!, order: 'asc' })).data.find((m: Message) => m.role === 'assistant')!
          expect(partial).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'run_failed' } })
          // Everything saved before the kill is there (after a flush: everything announced);
          // at most the text announced since the last flush is lost; nothing else crept in.
          expect(textOf(partial).length).toBeGreaterThanOrEqual(afterFlush ? announced : saved)
          expect(textOf(partial).length).toBeLessThanOrEqual(announced)
          expect(reply.startsWith(textOf(partial))).toBe(true)
          const retry = await harness.finished((await harness.call('runs:retry', { run_id: runId! })).id)
          expect(retry.status).toBe('completed')
        } finally {
          harness.close()
        }
      }
    }, 600_000)
  })
})
