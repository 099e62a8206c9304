import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConversationStore } from '../../src/main/store/conversation-store'
import type { Clock } from '../../src/main/common/clock'
import { makeTempDir } from '../support/services'

// Advances one second per call, so created_at and activity differ between objects.
function steppingClock(): Clock {
  let now = Date.UTC(2026, 10, 25, 9, 0, 0)
  return { nowMs: () => (now += 1000) }
}

describe('the conversation store', () => {
  let file: string
  let store: ConversationStore
  beforeEach(() => {
    file = path.join(makeTempDir(), 'conversations.sqlite')
    store = ConversationStore.open(file, { singleInstanceLockHeld: false, clock: steppingClock() })
  })
  afterEach(() => store.close())

  const reopen = () => {
    store.close()
    store = ConversationStore.open(file, { singleInstanceLockHeld: false, clock: steppingClock() })
  }

  it('keeps assistants, threads and messages, in the API’s shapes, across close and reopen', () => {
    const assistant = store.assistants.create({ name: 'Math Tutor', model: 'gpt-4o-mini', instructions: '짧게 답해줘' })
    const thread = store.threads.create({ assistant_id: assistant.id, title: '방정식' })
    const message = store.messages.append({ thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })

    reopen()

    expect(store.assistants.get(assistant.id)).toEqual(assistant)
    expect(assistant).toMatchObject({ id: expect.stringMatching(/^asst_[A-Za-z0-9]{24}$/), object: 'assistant' })
    expect(store.threads.get(thread.id)).toMatchObject({
      id: expect.stringMatching(/^thread_[A-Za-z0-9]{24}$/),
      object: 'thread',
      metadata: { title: '방정식' },
      assistant_id: assistant.id,
    })
    expect(store.messages.get(message.id)).toEqual(message)
    expect(message).toMatchObject({
      id: expect.stringMatching(/^msg_[A-Za-z0-9]{24}$/),
      object: 'thread.message',
      thread_id: thread.id,
      role: 'user',
      status: 'completed',
      content: [{ type: 'text', text: { value: "방정식 '3x + 11 = 14'를 풀어줘", annotations: [] } }],
      run_id: null,
      assistant_id: null,
      attachments: [],
      metadata: {},
    })
    expect(Number.isInteger(message.created_at) && message.created_at < 10_000_000_000).toBe(true)
  })

  describe('listing messages like the Assistants API', () => {
    let threadId: string
    let ids: string[]
    beforeEach(() => {
      threadId = store.threads.create({}).id
      ids = Array.from({ length: 5 }, (_, i) => store.messages.append({ thread_id: threadId, role: 'user', content: `m${i}` }).id)
    })
    const list = (query: Partial<Parameters<ConversationStore['messages']['list']>[0]>) =>
      store.messages.list({ thread_id: threadId, limit: 20, order: 'desc', ...query })
    const texts = (page: ReturnType<typeof list>) => page.data.map((m) => (m.content[0] as { text: { value: string } }).text.value)

    it('lists newest first by default, with first_id, last_id and has_more', () => {
      const page = list({ limit: 2 })
      expect(page).toMatchObject({ object: 'list', first_id: ids[4], last_id: ids[3], has_more: true })
      expect(texts(page)).toEqual(['m4', 'm3'])
    })

    it('pages with after in either order', () => {
      expect(texts(list({ order: 'asc', after: ids[1] }))).toEqual(['m2', 'm3', 'm4'])
      expect(texts(list({ after: ids[3] }))).toEqual(['m2', 'm1', 'm0'])
      const tail = list({ order: 'asc', after: ids[4] })
      expect(tail).toMatchObject({ data: [], first_id: null, last_id: null, has_more: false })
    })

    it('pages with before: the items just before the cursor, in the requested order', () => {
      expect(texts(list({ order: 'asc', before: ids[3], limit: 2 }))).toEqual(['m1', 'm2'])
      expect(list({ order: 'asc', before: ids[3], limit: 2 }).has_more).toBe(true)
      expect(texts(list({ before: ids[1], limit: 2 }))).toEqual(['m3', 'm2'])
      expect(texts(list({ order: 'asc', after: ids[0], before: ids[4] }))).toEqual(['m1', 'm2', 'm3'])
    })

    it('says not_found for a cursor from another thread', () => {
      const other = store.threads.create({})
      const foreign = store.messages.append({ thread_id: other.id, role: 'user', content: 'elsewhere' })
      expect(() => list({ after: foreign.id })).toThrow(expect.objectContaining({ code: 'not_found' }))
    })
  })

  it('sorts threads by last activity, pinned first, and pages through them', () => {
    const a = store.threads.create({ title: 'a' })
    const b = store.threads.create({ title: 'b' })
    const c = store.threads.create({ title: 'c' })
    store.messages.append({ thread_id: a.id, role: 'user', content: 'bump a' })
    expect(store.threads.list({ limit: 10 }).data.map((t) => t.metadata['title'])).toEqual(['a', 'c', 'b'])
    store.threads.pin(b.id, true)
    const first = store.threads.list({ limit: 2 })
    expect(first.data.map((t) => t.metadata['title'])).toEqual(['b', 'a'])
    expect(first.has_more).toBe(true)
    expect(store.threads.list({ limit: 2, after: first.last_id! }).data.map((t) => t.metadata['title'])).toEqual(['c'])
    expect(c.last_activity_at).toBeGreaterThan(0)
  })

  it('renames and deletes threads; a deleted thread’s messages leave the search index too', () => {
    const thread = store.threads.create({})
    store.messages.append({ thread_id: thread.id, role: 'user', content: 'quadratic formula' })
    expect(store.threads.rename(thread.id, 'Algebra').metadata['title']).toBe('Algebra')
    expect(store.search('quadratic', 10)).toHaveLength(1)
    store.threads.delete(thread.id)
    expect(store.threads.find(thread.id)).toBeUndefined()
    expect(store.search('quadratic', 10)).toEqual([])
    expect(() => store.threads.delete(thread.id)).toThrow(expect.objectContaining({ code: 'not_found' }))
  })

  describe('full-text search', () => {
    it('finds a Korean word inside longer words, with particles attached', () => {
      const thread = store.threads.create({ title: '수학 숙제' })
      const message = store.messages.append({ thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
      store.messages.append({ thread_id: store.threads.create({}).id, role: 'user', content: '오늘 날씨 어때?' })

      for (const query of ['방정식', '풀어', '방정식 풀어줘', '3x']) {
        const hits = store.search(query, 10)
        expect(hits.map((hit) => hit.message_id), query).toEqual([message.id])
      }
      expect(store.search('방정식', 10)[0]?.snippet).toContain('방정식')
      expect(store.search('수학', 10)).toMatchObject([{ thread: { id: thread.id }, message_id: null }])
      expect(store.search('미적분', 10)).toEqual([])
    })

    it('finds English by word prefix, case-insensitively, and treats FTS syntax as text', () => {
      const thread = store.threads.create({})
      store.messages.append({ thread_id: thread.id, role: 'assistant', content: 'The Quadratic Equation has two roots.' })
      expect(store.search('quadr equa', 10)).toHaveLength(1)
      expect(store.search('"unbalanced', 10)).toEqual([])
      expect(store.search('roots NOT', 10)).toEqual([])
    })
  })
})

describe('the database connection', () => {
  it('leaves no statement holding the tables after reads, so a checkpoint can always run', () => {
    const file = path.join(makeTempDir(), 'conversations.sqlite')
    const store = ConversationStore.open(file, { singleInstanceLockHeld: false })
    const thread = store.threads.create({ title: 'x' })
    store.messages.append({ thread_id: thread.id, role: 'user', content: 'hello' })
    // Single-row reads through the statement cache…
    store.threads.get(thread.id)
    store.messages.count(thread.id)
    // …must not leave a statement mid-step: SQLite then refuses a checkpoint ("table is locked").
    expect(store.db.get('PRAGMA wal_checkpoint(PASSIVE)')).toMatchObject({ busy: 0 })
    store.close()
  })

  describe('one failed statement', () => {
    let file: string
    let store: ConversationStore
    beforeEach(() => {
      file = path.join(makeTempDir(), 'conversations.sqlite')
      store = ConversationStore.open(file, { singleInstanceLockHeld: false })
    })
    afterEach(() => store.close())

    it('does not poison the statements after it: a NUL in a search, then normal searches', () => {
      const thread = store.threads.create({ title: 'nul' })
      store.messages.append({ thread_id: thread.id, role: 'user', content: 'derivative of x squared' })
      expect(store.search('x\u0000y', 10)).toEqual([])
      expect(store.search('derivative', 10).map((hit) => hit.thread.id)).toEqual([thread.id])
      expect(store.search('x\u0000y', 10)).toEqual([])
      expect(store.search('deriv', 10)).toHaveLength(1)
    })

    it('is dropped from the statement cache, so the same SQL works again with good values', () => {
      const sql = 'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?'
      expect(() => store.db.all(sql, ['"unterminated'])).toThrow(/unterminated string/)
      expect(() => store.db.all(sql, ['"fine"'])).not.toThrow()
    })

    it('still lets the database close cleanly, leaving no lock or owner file behind', () => {
      expect(() => store.db.all('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?', ['"broken'])).toThrow()
      expect(() => store.close()).not.toThrow()
      const left = fs.readdirSync(path.dirname(file)).filter((name) => name !== path.basename(file))
      expect(left).toEqual([])
      store = ConversationStore.open(file, { singleInstanceLockHeld: false })
    })

    it('leaves the text after a NUL in a message searchable (SQLite binds strings only up to a NUL)', () => {
      const thread = store.threads.create({})
      const message = store.messages.append({ thread_id: thread.id, role: 'user', content: 'hello\u0000world 방정식' })
      expect(store.search('world', 10).map((hit) => hit.message_id)).toEqual([message.id])
      expect(store.search('방정식', 10).map((hit) => hit.message_id)).toEqual([message.id])
      expect(store.messages.get(message.id).content).toEqual([{ type: 'text', text: { value: 'hello\u0000world 방정식', annotations: [] } }])
    })
  })
})
