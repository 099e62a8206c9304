import { describe, expect, it } from 'vitest'
import type { ConversationDatabase } from '../../src/main/store/database'
import type { Run } from '../../src/shared/domain'
import { everyBackend, openEngineHarness, textOf, tutorialThread, withFakeServer, type EngineHarness } from '../support/engine'

/**
 * The first run in a long thread whose history the server never received (a thread moved to
 * another connection, say): every message goes, and each must be recorded as sent so it never
 * goes twice. Recording them a commit each held up the run's end by about a second; now a
 * backend records what it learns together. These tests watch the commits themselves.
 */

const historyLength = 2_000
const connectionId = 'openai'

/** A thread of `historyLength` tutoring messages written here, never sent, plus a new question. */
async function longUnsentThread(harness: EngineHarness) {
  const { thread } = await tutorialThread(harness)
  const store = harness.services.conversations
  store.db.transaction(() => {
    for (let index = 0; index < historyLength; index++) {
      store.messages.append({ thread_id: thread.id, role: index % 2 ? 'assistant' : 'user', content: `message ${index + 1}: 3x + ${index} = ${3 + index}` })
    }
  })
  await harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '이제 마지막 문제를 풀어줘' })
  const history = store.messages.all(thread.id)
  expect(history).toHaveLength(historyLength + 1)
  return { thread, history }
}

/**
 * After every commit (a transaction, or a write outside one), how many of `messageIds` have a
 * remote id on the connection: the sequence shows in how many commits they were recorded.
 */
function watchRecordedAtEachCommit(db: ConversationDatabase, messageIds: string[]): number[] {
  const counts: number[] = []
  const ids = JSON.stringify(messageIds)
  const recorded = () =>
    Number(db.get('SELECT count(*) AS n FROM messages WHERE id IN (SELECT value FROM json_each(?)) AND json_extract(data, ?) IS NOT NULL', [ids, `$.remote_ids.${connectionId}`])?.['n'])
  let depth = 0
  const { transaction, run } = db
  db.transaction = (work) => {
    depth++
    try {
      return transaction(work)
    } finally {
      depth--
      if (depth === 0) counts.push(recorded())
    }
  }
  db.run = (sql, values) => {
    const result = run(sql, values)
    if (depth === 0) counts.push(recorded())
    return result
  }
  return counts
}

/** The commits that changed how many were recorded. */
function recordingCommits(counts: number[]): number {
  return counts.filter((count, index) => count !== (counts[index - 1] ?? 0)).length
}

describe('the first run in a 2,000-message thread never sent', () => {
  const fake = withFakeServer()

  it('on Responses: every message of the history is recorded as sent, all in one commit', async () => {
    fake.harness = await openEngineHarness(fake.server, everyBackend[0]!)
    const { thread, history } = await longUnsentThread(fake.harness)
    const counts = watchRecordedAtEachCommit(fake.harness.services.conversations.db, history.map((message) => message.id))

    // What was recorded when the run's end was announced: the ids wait until it is shown.
    let recordedWhenShown: number | undefined
    fake.harness.services.events.subscribe((name, payload) => {
      if (name === 'run:status' && (payload as { run: Run }).run.status === 'completed') recordedWhenShown = counts.at(-1)
    })
    const run = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)
    expect(run.status).toBe('completed')
    expect(recordedWhenShown).toBe(0)
    // The request carried the whole history; the conversation holds it.
    const conversationId = (await fake.harness.call('threads:get', { thread_id: thread.id })).remote_ids[connectionId]!
    expect(fake.server.conversationItems(conversationId)).toHaveLength(historyLength + 2)

    const messages = fake.harness.services.conversations.messages.all(thread.id)
    expect(messages).toHaveLength(historyLength + 2)
    expect(messages.every((message) => message.remote_ids[connectionId])).toBe(true)
    // From none recorded to all of them in one commit: never a commit per message.
    expect(counts.at(-1)).toBe(historyLength + 1)
    expect(recordingCommits(counts)).toBe(1)

    // Recorded for good: the next question sends itself alone.
    const posts = fake.server.requests.filter((request) => request.path === '/v1/responses')
    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '설명해 주시겠어요?' })
    const next = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)
    expect(next.status).toBe('completed')
    const nextPost = fake.server.requests.filter((request) => request.path === '/v1/responses')[posts.length]!
    expect((nextPost.body as { input: unknown[] }).input).toHaveLength(1)
  }, 60_000)

  it('on Responses: ids held back when TutorDesk dies before writing them are recorded at the next start, from the thread', async () => {
    fake.harness = await openEngineHarness(fake.server, everyBackend[0]!)
    const { thread } = await longUnsentThread(fake.harness)
    // The write after the run's end was shown fails as if the process had died there.
    const messages = fake.harness.services.conversations.messages
    const setRemoteIds = messages.setRemoteIds.bind(messages)
    messages.setRemoteIds = (connection, synced) => {
      if (synced.length > 100) throw new Error('killed')
      setRemoteIds(connection, synced)
    }
    const run = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)
    expect(run.status).toBe('completed')
    const dir = fake.harness.services.dir
    fake.harness.close()

    fake.harness = await openEngineHarness(fake.server, everyBackend[0]!, { dir })
    const path = fake.harness.services.conversations.messages.all(thread.id)
    expect(path).toHaveLength(historyLength + 2)
    expect(path.every((message) => message.remote_ids[connectionId])).toBe(true)
    // So the next question goes alone: nothing of the history twice.
    const posts = fake.server.requests.filter((request) => request.path === '/v1/responses').length
    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: '설명해 주시겠어요?' })
    expect((await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)).status).toBe('completed')
    const nextPost = fake.server.requests.filter((request) => request.path === '/v1/responses')[posts]!
    expect((nextPost.body as { input: unknown[] }).input).toHaveLength(1)
  }, 60_000)

  it('on the Assistants API: each message is added once, in order, and their ids recorded in far fewer commits than messages', async () => {
    fake.harness = await openEngineHarness(fake.server, everyBackend[2]!)
    const { thread, history } = await longUnsentThread(fake.harness)
    const counts = watchRecordedAtEachCommit(fake.harness.services.conversations.db, history.map((message) => message.id))

    const run = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)
    expect(run.status).toBe('completed')

    const remoteThreadId = (await fake.harness.call('threads:get', { thread_id: thread.id })).remote_ids[connectionId]!
    const remote = fake.server.remoteThreadMessages(remoteThreadId)
    // The history, each message once and in order, then the reply.
    expect(remote).toHaveLength(historyLength + 2)
    const messages = fake.harness.services.conversations.messages.all(thread.id)
    expect(messages.map((message) => message.remote_ids[connectionId])).toEqual(remote.map((message) => message.id))
    expect(messages.map(textOf)).toEqual(remote.map((message) => textOf(message as Parameters<typeof textOf>[0])))
    expect(counts.at(-1)).toBe(historyLength + 1)
    // A message is added per request, so ids are recorded as they come, but many to a commit.
    expect(recordingCommits(counts)).toBeLessThan(historyLength / 4)
  }, 120_000)
})
