import path from 'node:path'
import sqlite from 'node-sqlite3-wasm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Clock } from '../../src/main/common/clock'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { migrations } from '../../src/main/store/migrations'
import { salvageInto } from '../../src/main/store/database-salvage'
import type { Message } from '../../src/shared/domain'
import { makeTempDir } from '../support/services'
import { textOf } from '../support/engine'

function steppingClock(): Clock {
  let now = Date.UTC(2026, 10, 25, 9, 0, 0)
  return { nowMs: () => (now += 1000) }
}

/**
 * Branches in the store: a thread is a tree of messages (each with its parent); it shows one
 * path through its versions, and `messages:list` pages that path with the API's cursors.
 */
describe('message branches in the store', () => {
  let file: string
  let store: ConversationStore
  beforeEach(() => {
    file = path.join(makeTempDir(), 'conversations.sqlite')
    store = ConversationStore.open(file, { singleInstanceLockHeld: false, clock: steppingClock() })
  })
  afterEach(() => store.close())

  const texts = (messages: Message[]) => messages.map(textOf)
  const path_ = (threadId: string) => texts(store.messages.all(threadId))

  it('turns a thread saved before branches into one path, each message after the one added before it', () => {
    store.close()
    // A database as the previous version left it: migration 1 only, two threads interleaved.
    const legacy = path.join(makeTempDir(), 'legacy.sqlite')
    const db = new sqlite.Database(legacy)
    db.exec(migrations[0]!)
    db.exec('PRAGMA user_version = 1')
    const insertThread = (id: string) =>
      db.run("INSERT INTO threads (id, created_at, last_activity_ms, metadata) VALUES (?, 1, 1, '{}')", [id])
    insertThread('thread_a')
    insertThread('thread_b')
    const messageJson = (id: string, thread: string, text: string) =>
      JSON.stringify({ id, object: 'thread.message', created_at: 1, thread_id: thread, status: 'completed', incomplete_details: null, completed_at: 1, incomplete_at: null, role: 'user', content: [{ type: 'text', text: { value: text, annotations: [] } }], assistant_id: null, run_id: null, attachments: [], metadata: {}, remote_ids: {} })
    const rows: [string, string, string][] = [
      ['msg_a1', 'thread_a', 'a1'],
      ['msg_b1', 'thread_b', 'b1'],
      ['msg_a2', 'thread_a', 'a2'],
      ['msg_a3', 'thread_a', 'a3'],
      ['msg_b2', 'thread_b', 'b2'],
    ]
    for (const [id, thread, text] of rows) {
      db.run('INSERT INTO messages (id, thread_id, created_at, data) VALUES (?, ?, 1, ?)', [id, thread, messageJson(id, thread, text)])
    }
    db.close()

    store = ConversationStore.open(legacy, { singleInstanceLockHeld: false, clock: steppingClock() })
    expect(store.messages.all('thread_a').map((message) => [message.id, message.parent_id])).toEqual([
      ['msg_a1', null],
      ['msg_a2', 'msg_a1'],
      ['msg_a3', 'msg_a2'],
    ])
    expect(store.messages.all('thread_b').map((message) => message.parent_id)).toEqual([null, 'msg_b1'])
    // The stored JSON is untouched; nothing has versions; a new message follows the last one.
    expect(store.messages.get('msg_a3').versions).toBeUndefined()
    expect(store.messages.append({ thread_id: 'thread_a', role: 'assistant', content: 'a4' }).parent_id).toBe('msg_a3')
  })

  it('edits, switches and deletes on the visible path; previews and search follow what is shown', () => {
    const thread = store.threads.create({ title: 't' })
    const q1 = store.messages.append({ thread_id: thread.id, role: 'user', content: 'first question' })
    const r1 = store.messages.append({ thread_id: thread.id, role: 'assistant', content: 'first reply' })
    const q2 = store.messages.append({ thread_id: thread.id, role: 'user', content: 'second question alpha' })
    store.messages.append({ thread_id: thread.id, role: 'assistant', content: 'second reply' })
    expect(r1.parent_id).toBe(q1.id)

    const edited = store.messages.edit(thread.id, q2.id, 'second question beta')
    expect(path_(thread.id)).toEqual(['first question', 'first reply', 'second question beta'])
    expect(store.threads.summaries({ limit: 10 }).data[0]!.preview!.text).toBe('second question beta')
    // Search finds what the thread shows, not the hidden version.
    expect(store.search('alpha', 10)).toEqual([])
    expect(store.search('beta', 10)[0]!.message_id).toBe(edited.id)

    store.messages.select(thread.id, q2.id)
    expect(path_(thread.id)).toEqual(['first question', 'first reply', 'second question alpha', 'second reply'])
    expect(store.search('alpha', 10)[0]!.message_id).toBe(q2.id)

    // Deleting the shown version shows its neighbour; the thread's remote copies are forgotten.
    store.threads.setRemoteId(thread.id, 'openai', 'conv_1')
    const deleted = store.messages.delete(thread.id, q2.id)
    expect(deleted.deleted_ids).toHaveLength(2)
    expect(path_(thread.id)).toEqual(['first question', 'first reply', 'second question beta'])
    expect(store.messages.get(edited.id).versions).toBeUndefined()
    expect(store.threads.get(thread.id).remote_ids).toEqual({})
  })

  it('keeps every version and the path shown when a damaged file is salvaged', () => {
    const thread = store.threads.create({})
    store.messages.append({ thread_id: thread.id, role: 'user', content: 'q1' })
    store.messages.append({ thread_id: thread.id, role: 'assistant', content: 'r1' })
    const q2 = store.messages.append({ thread_id: thread.id, role: 'user', content: 'q2' })
    store.messages.append({ thread_id: thread.id, role: 'assistant', content: 'r2' })
    const edited = store.messages.edit(thread.id, q2.id, 'q2 edited')
    store.close()
    // Salvage copies row by row into a fresh database (as after damage was found).
    const freshFile = path.join(makeTempDir(), 'fresh.sqlite')
    ConversationStore.open(freshFile, { singleInstanceLockHeld: false }).close()
    const fresh = new sqlite.Database(freshFile)
    // WAL, which this VFS reads only in exclusive locking mode (as database.ts opens it).
    fresh.exec('PRAGMA locking_mode = EXCLUSIVE')
    salvageInto(fresh, file)
    fresh.close()
    store = ConversationStore.open(freshFile, { singleInstanceLockHeld: false, clock: steppingClock() })
    expect(path_(thread.id)).toEqual(['q1', 'r1', 'q2 edited'])
    expect(store.messages.get(edited.id).versions).toMatchObject({ index: 2, count: 2 })
  })

  it('deletes a reply alone; the question after it follows the question before', () => {
    const thread = store.threads.create({})
    const q1 = store.messages.append({ thread_id: thread.id, role: 'user', content: 'q1' })
    const r1 = store.messages.append({ thread_id: thread.id, role: 'assistant', content: 'r1' })
    const q2 = store.messages.append({ thread_id: thread.id, role: 'user', content: 'q2' })
    store.messages.delete(thread.id, r1.id)
    expect(path_(thread.id)).toEqual(['q1', 'q2'])
    expect(store.messages.get(q2.id).parent_id).toBe(q1.id)
  })

  it('pages a 10,000-message path with before/after cursors while a branch hides part of it', () => {
    const thread = store.threads.create({})
    const ids: string[] = []
    store.db.transaction(() => {
      for (let n = 0; n < 10_000; n++) ids.push(store.messages.append({ thread_id: thread.id, role: n % 2 ? 'assistant' : 'user', content: `m${n}` }).id)
    })
    // An edit at message 9,000: the path is 0..8,999 then the edited one.
    const edited = store.messages.edit(thread.id, ids[9_000]!, 'm9000 edited')
    const seen: string[] = []
    let before: string | undefined
    for (;;) {
      const page = store.messages.list({ thread_id: thread.id, order: 'asc', limit: 100, ...(before ? { before } : {}) })
      if (!before) {
        const latest = store.messages.list({ thread_id: thread.id, order: 'desc', limit: 100 })
        expect(latest.data[0]!.id).toBe(edited.id)
        seen.unshift(...[...latest.data].reverse().map((message) => message.id))
        before = latest.data.at(-1)!.id
        continue
      }
      seen.unshift(...page.data.map((message) => message.id))
      if (!page.has_more) break
      before = page.data[0]!.id
    }
    expect(seen).toEqual([...ids.slice(0, 9_000), edited.id])
    const after = store.messages.list({ thread_id: thread.id, order: 'asc', after: ids[8_998]!, limit: 100 })
    expect(after.data.map((message) => message.id)).toEqual([ids[8_999], edited.id])
    expect(after.has_more).toBe(false)
    // The page query walks the path's index, never the whole thread.
    const plan = store.db
      .all('EXPLAIN QUERY PLAN SELECT data, parent_id FROM messages WHERE thread_id = ? AND seq < ? AND on_path = 1 ORDER BY seq DESC LIMIT ?', [thread.id, 5000, 101])
      .map((row) => String(row['detail']))
      .join('\n')
    expect(plan).toMatch(/USING INDEX messages_visible/)
  })
})
