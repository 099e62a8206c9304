import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Clock } from '../../src/main/common/clock'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { lastMessagesSql, previewChars } from '../../src/main/store/thread-previews'
import type { Message } from '../../src/shared/domain'
import { makeTempDir, openTestServices, type TestServices } from '../support/services'

function steppingClock(): Clock {
  let now = Date.UTC(2026, 2, 4, 9, 0, 0)
  return { nowMs: () => (now += 1000) }
}

const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

describe('the thread list in the store: previews, paging, titles', () => {
  let store: ConversationStore
  beforeEach(() => {
    store = ConversationStore.open(path.join(makeTempDir(), 'conversations.sqlite'), { singleInstanceLockHeld: false, clock: steppingClock() })
  })
  afterEach(() => store.close())

  it('gives each thread a one-line preview of its last message, or none', () => {
    const empty = store.threads.create({})
    const asked = store.threads.create({})
    store.messages.append({ thread_id: asked.id, role: 'user', content: "방정식 '3x + 11 = 14'를\n\n   풀어줘" })
    const answered = store.threads.create({})
    store.messages.append({ thread_id: answered.id, role: 'user', content: 'Solve it' })
    store.messages.append({ thread_id: answered.id, role: 'assistant', content: '## Step 1\n**Subtract** `11`: $3x = 3$' })
    const pictured = store.threads.create({})
    store.messages.append({ thread_id: pictured.id, role: 'user', content: [{ type: 'image_url', image_url: { url: pixel } }] })

    const byId = new Map(store.threads.summaries({ limit: 10 }).data.map((thread) => [thread.id, thread]))
    expect(byId.get(empty.id)!.preview).toBeNull()
    expect(byId.get(asked.id)!.preview).toEqual({ role: 'user', text: "방정식 '3x + 11 = 14'를 풀어줘", images: 0 })
    expect(byId.get(answered.id)!.preview).toEqual({ role: 'assistant', text: 'Step 1 Subtract 11: $3x = 3$', images: 0 })
    expect(byId.get(pictured.id)!.preview).toEqual({ role: 'user', text: '', images: 1 })
    // The summary is the thread, with the preview beside it.
    expect(byId.get(asked.id)).toMatchObject(store.threads.get(asked.id))
  })

  it('shortens a long last message, and follows a reply as it streams', () => {
    const thread = store.threads.create({})
    store.messages.append({ thread_id: thread.id, role: 'user', content: 'word '.repeat(10_000) })
    const long = store.threads.summaries({ limit: 1 }).data[0]!.preview!
    expect(Array.from(long.text).length).toBeLessThanOrEqual(previewChars)
    expect(long.text.endsWith('…')).toBe(true)

    const reply = store.messages.append({ thread_id: thread.id, role: 'assistant', content: [{ type: 'text', text: { value: '', annotations: [] } }], status: 'in_progress' })
    expect(store.threads.summaries({ limit: 1 }).data[0]!.preview).toEqual({ role: 'assistant', text: '', images: 0 })
    const partial: Message = { ...reply, content: [{ type: 'text', text: { value: 'x = ', annotations: [] } }] }
    store.messages.save(partial, { reindex: false })
    expect(store.threads.summaries({ limit: 1 }).data[0]!.preview!.text).toBe('x =')
  })

  it('finds each last message through the messages_visible index, never by scanning messages', () => {
    const plan = store.db
      .all(`EXPLAIN QUERY PLAN ${lastMessagesSql}`, [400, '["thread_a"]'])
      .map((row) => String(row['detail']))
      .join('\n')
    // messages_visible: (thread_id, seq) over the messages of each thread's visible path.
    expect(plan).toMatch(/SEARCH messages USING (COVERING )?INDEX messages_visible \(thread_id=\?\)/)
    expect(plan).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(plan).not.toMatch(/SCAN (messages|m)\b/)
  })

  it('pages through 120 threads 50 at a time, pinned first, newest first, each once', () => {
    const ids: string[] = []
    for (let n = 0; n < 120; n++) ids.push(store.threads.create({ title: `t${n}` }).id)
    store.threads.pin(ids[5]!, true)
    const seen: string[] = []
    let after: string | undefined
    const sizes: number[] = []
    for (;;) {
      const page = store.threads.summaries({ limit: 50, ...(after ? { after } : {}) })
      sizes.push(page.data.length)
      seen.push(...page.data.map((thread) => thread.id))
      if (!page.has_more) break
      after = page.last_id!
    }
    expect(sizes).toEqual([50, 50, 20])
    expect(seen).toEqual([ids[5], ...ids.filter((id) => id !== ids[5]).reverse()])
  })

  it('keeps where a title came from: the user’s always wins over one made up', () => {
    const thread = store.threads.create({})
    expect(store.threads.setMadeUpTitle(thread.id, 'First line', 'question')!.metadata).toEqual({ title: 'First line', title_source: 'question' })
    expect(store.threads.setMadeUpTitle(thread.id, 'Model title', 'model')!.metadata).toEqual({ title: 'Model title', title_source: 'model' })
    // The first line never replaces the model's title.
    expect(store.threads.setMadeUpTitle(thread.id, 'First line', 'question')).toBeUndefined()
    expect(store.threads.rename(thread.id, 'Mine').metadata).toEqual({ title: 'Mine', title_source: 'user' })
    expect(store.threads.setMadeUpTitle(thread.id, 'Model title', 'model')).toBeUndefined()
    expect(store.threads.get(thread.id).metadata).toEqual({ title: 'Mine', title_source: 'user' })
    // A title given at creation has no source: it is the user's too.
    const named = store.threads.create({ title: 'Named' })
    expect(store.threads.setMadeUpTitle(named.id, 'Model title', 'model')).toBeUndefined()
  })
})

describe('threads:list and threads:search through the contract', () => {
  let services: TestServices
  beforeEach(async () => {
    services = await openTestServices()
  })
  afterEach(() => services.close())

  const call = async (channel: 'threads:list' | 'threads:search', request: object) => {
    const result = await services.router.dispatch(channel, request)
    if (!result.ok) throw new Error(JSON.stringify(result.error))
    return result.value
  }

  it('lists threads with their previews', async () => {
    const thread = services.conversations.threads.create({})
    services.conversations.messages.append({ thread_id: thread.id, role: 'assistant', content: 'x = 1' })
    expect(await call('threads:list', { limit: 50 })).toMatchObject({
      data: [{ id: thread.id, preview: { role: 'assistant', text: 'x = 1', images: 0 } }],
      has_more: false,
    })
  })

  it('finds Korean and English with the words marked in the snippet', async () => {
    const conversations = services.conversations
    const korean = conversations.threads.create({})
    const long = `${'오늘은 날씨가 맑아요. '.repeat(30)}이 방정식을 풀려면 양변에서 11을 빼요.`
    conversations.messages.append({ thread_id: korean.id, role: 'user', content: long })
    const english = conversations.threads.create({})
    conversations.messages.append({ thread_id: english.id, role: 'assistant', content: `${'Some words before. '.repeat(20)}The Quadratic Equation has two roots.` })

    const found = (await call('threads:search', { query: '방정식' })) as { data: { snippet: string; highlights: { start: number; end: number }[] }[] }
    expect(found.data).toHaveLength(1)
    const [hit] = found.data
    expect(hit!.highlights.map(({ start, end }) => hit!.snippet.slice(start, end))).toEqual(['방정식'])

    const english2 = (await call('threads:search', { query: 'quadratic equ' })) as typeof found
    const [englishHit] = english2.data
    expect(englishHit!.highlights.map(({ start, end }) => englishHit!.snippet.slice(start, end))).toEqual(['Quadratic', 'Equation'])
  })
})
