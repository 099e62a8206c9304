import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseFileName } from '../../src/main/app/services'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { checkMarkerOf } from '../../src/main/store/database'
import type { AppNotice } from '../../src/shared/settings'
import { makeTempDir, openTestServices, type TestServices } from '../support/services'

const pageSize = 4096

/** A database with 40 threads of 30 messages, closed cleanly: the user's history. */
function writeHistory(dir: string): { threadIds: string[]; messageIds: string[] } {
  const store = ConversationStore.open(path.join(dir, databaseFileName), { singleInstanceLockHeld: false })
  const threadIds: string[] = []
  const messageIds: string[] = []
  store.db.transaction(() => {
    for (let t = 0; t < 40; t++) {
      const thread = store.threads.create({ title: `방정식 ${t}` })
      threadIds.push(thread.id)
      for (let m = 0; m < 30; m++) {
        messageIds.push(store.messages.append({ thread_id: thread.id, role: m % 2 ? 'assistant' : 'user', content: `thread ${t} message ${m} 풀이 ${'x'.repeat(300)}` }).id)
      }
    }
  })
  store.close()
  return { threadIds, messageIds }
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

describe('a damaged conversation database', () => {
  let services: TestServices | undefined
  afterEach(() => {
    services?.close()
    services = undefined
  })

  async function start(dir: string) {
    services = await openTestServices({ dir })
    const info = await services.router.dispatch('app:info', {})
    const notices = (info.ok ? (info.value as { notices: AppNotice[] }).notices : []) as AppNotice[]
    return notices.find((notice) => notice.code === 'database_recovered') as Extract<AppNotice, { code: 'database_recovered' }> | undefined
  }

  it('with pages damaged inside it (after a crash): starts, keeps what can be read, sets the damaged file aside unchanged, says so', async () => {
    const dir = makeTempDir()
    const { messageIds } = writeHistory(dir)
    const file = path.join(dir, databaseFileName)
    // Ruin a run of pages in the middle of the file, past the header and the schema.
    const fd = fs.openSync(file, 'r+')
    const pages = fs.statSync(file).size / pageSize
    fs.writeSync(fd, crypto.randomBytes(pageSize * 6), 0, pageSize * 6, Math.floor(pages / 2) * pageSize)
    fs.closeSync(fd)
    const damagedHash = sha256(file)
    // It was damaged while running: the marker a failed query leaves asks the next start to look.
    fs.writeFileSync(checkMarkerOf(file), 'damage seen')

    const notice = await start(dir)
    expect(notice).toBeDefined()
    expect(sha256(notice!.backupPath)).toBe(damagedHash)
    expect(notice!.messagesKept + notice!.messagesLost).toBeGreaterThanOrEqual(messageIds.length - 60)
    expect(notice!.messagesKept).toBeGreaterThan(messageIds.length * 0.8)
    expect(fs.existsSync(checkMarkerOf(file))).toBe(false)
    // Everything works again: lists, search, writing.
    const threads = await services!.router.dispatch('threads:list', {})
    expect(threads).toMatchObject({ ok: true })
    const found = await services!.router.dispatch('threads:search', { query: '풀이' })
    expect(found).toMatchObject({ ok: true, value: { data: expect.arrayContaining([expect.objectContaining({ snippet: expect.stringContaining('풀이') })]) } })
    const thread = await services!.router.dispatch('threads:create', {})
    expect(thread).toMatchObject({ ok: true })
    expect(services!.conversations.db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' })
    // And the notice is worded in Korean and English alike (see the translation test); here, its numbers add up.
    expect(notice!.messagesKept).toBe(services!.conversations.db.get('SELECT count(*) AS n FROM messages')!['n'])
  })

  it('of 0 bytes: set aside, and the user is told the history is gone rather than shown an empty app silently', async () => {
    const dir = makeTempDir()
    writeHistory(dir)
    fs.truncateSync(path.join(dir, databaseFileName), 0)
    const notice = await start(dir)
    expect(notice).toMatchObject({ messagesKept: 0, messagesLost: 0 })
    expect(fs.statSync(notice!.backupPath).size).toBe(0)
  })

  it('cut off halfway: keeps the rows in the part that is left', async () => {
    const dir = makeTempDir()
    const { messageIds } = writeHistory(dir)
    const file = path.join(dir, databaseFileName)
    const size = fs.statSync(file).size
    fs.truncateSync(file, Math.floor(size / pageSize / 2) * pageSize)
    const damagedHash = sha256(file)
    const notice = await start(dir)
    expect(notice).toBeDefined()
    expect(sha256(notice!.backupPath)).toBe(damagedHash)
    expect(notice!.messagesKept).toBeGreaterThan(0)
    expect(notice!.messagesKept).toBeLessThan(messageIds.length)
    expect(await services!.router.dispatch('threads:list', {})).toMatchObject({ ok: true })
  })

  it('with a random header: not a database at all; set aside unchanged and a fresh one started', async () => {
    const dir = makeTempDir()
    writeHistory(dir)
    const file = path.join(dir, databaseFileName)
    const fd = fs.openSync(file, 'r+')
    fs.writeSync(fd, crypto.randomBytes(100), 0, 100, 0)
    fs.closeSync(fd)
    const damagedHash = sha256(file)
    const notice = await start(dir)
    expect(notice).toMatchObject({ messagesKept: 0 })
    expect(sha256(notice!.backupPath)).toBe(damagedHash)
  })

  it('is not checked page by page at every start: only after a crash, after damage was met, or a week on', async () => {
    const dir = makeTempDir()
    writeHistory(dir)
    services = await openTestServices({ dir })
    const checkedAt = services.conversations.getState('integrity.checked_ms')
    expect(Number(checkedAt)).toBeGreaterThan(0)
    services.close()
    services = await openTestServices({ dir })
    expect(services.conversations.getState('integrity.checked_ms')).toBe(checkedAt)
  })

  it('met while running: says to restart (not "internal"), and the next start repairs it', async () => {
    const dir = makeTempDir()
    const { threadIds } = writeHistory(dir)
    const file = path.join(dir, databaseFileName)
    // Checked just now: this start does not look at every page.
    services = await openTestServices({ dir })
    services.close()
    services = await openTestServices({ dir })
    // The disk damages pages under the running app (nothing of them is in SQLite's cache yet).
    const fd = fs.openSync(file, 'r+')
    const pages = fs.statSync(file).size / pageSize
    // The same bytes every run: a failing run can be replayed.
    const noise = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256))
    for (let page = 3; page < pages; page += 2) fs.writeSync(fd, noise, 0, 64, page * pageSize + 8)
    fs.closeSync(fd)
    const answers = await Promise.all(threadIds.map((id) => services!.router.dispatch('messages:list', { thread_id: id, limit: 100 })))
    const damaged = answers.filter((answer) => !answer.ok)
    expect(damaged.length).toBeGreaterThan(0)
    for (const answer of damaged) expect(answer).toMatchObject({ ok: false, error: { code: 'database_damaged' } })
    expect(fs.existsSync(checkMarkerOf(file))).toBe(true)
    services.close()
    services = undefined

    const notice = await start(dir)
    expect(notice).toBeDefined()
    expect(await services!.router.dispatch('threads:list', {})).toMatchObject({ ok: true })
    expect(services!.conversations.db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' })
  })
})
