import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { DatabaseInUseError, lockDirOf } from '../../src/main/store/database-lock'
import { makeTempDir } from '../support/services'

const childScript = path.resolve(__dirname, '../support/store-child.ts')

function startChild(file: string, mode: 'write' | 'hold') {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, file, mode], { stdio: ['pipe', 'pipe', 'inherit'] })
  const acknowledged: string[] = []
  let onLine: ((line: string) => void) | undefined
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('ack ')) acknowledged.push(line.slice(4))
    onLine?.(line)
  })
  const waitFor = (predicate: (line: string) => boolean) =>
    new Promise<void>((resolve) => {
      onLine = (line) => {
        if (predicate(line)) resolve()
      }
    })
  return { child, acknowledged, waitFor }
}

function exited(child: ChildProcess) {
  return new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))
}

describe('a process killed while writing', () => {
  it.each([
    ['with Electron’s single-instance lock held', true],
    ['without it, judging by the recorded owner pid', false],
  ])('loses nothing acknowledged and opens again at the next start (%s)', async (_label, singleInstanceLockHeld) => {
    const file = path.join(makeTempDir(), 'conversations.sqlite')
    let expectedTotal = 0
    for (let round = 0; round < 4; round++) {
      const { child, acknowledged, waitFor } = startChild(file, 'write')
      const target = 40 + Math.floor(Math.random() * 400)
      await waitFor(() => acknowledged.length >= target)
      child.kill('SIGKILL')
      await exited(child)
      expectedTotal += acknowledged.length

      // What the kill leaves behind: the lock directory of node-sqlite3-wasm.
      expect(fs.existsSync(lockDirOf(file))).toBe(true)

      const store = ConversationStore.open(file, { singleInstanceLockHeld })
      try {
        expect(store.db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' })
        const present = new Set(
          store.db.all('SELECT id FROM messages').map((row) => String(row['id'])),
        )
        const missing = acknowledged.filter((id) => !present.has(id))
        expect(missing).toEqual([])
        // An acknowledged message is also findable: the index committed with it.
        expect(store.search('방정식', 5).length).toBe(1)
        expect(present.size).toBeGreaterThanOrEqual(expectedTotal)
        expectedTotal = present.size
      } finally {
        store.close()
      }
      expect(fs.existsSync(lockDirOf(file))).toBe(false)
    }
  })
})

describe('a database another live process holds', () => {
  it('is not taken over: the second opener gets a clear error, and can open once the first has closed', async () => {
    const file = path.join(makeTempDir(), 'conversations.sqlite')
    const { child, waitFor } = startChild(file, 'hold')
    await waitFor((line) => line.startsWith('ready'))

    expect(() => ConversationStore.open(file, { singleInstanceLockHeld: false })).toThrow(DatabaseInUseError)

    child.stdin!.write('close\n')
    await exited(child)
    const store = ConversationStore.open(file, { singleInstanceLockHeld: false })
    expect(store.threads.list({ limit: 5 }).data).toHaveLength(1)
    store.close()
  })
})
