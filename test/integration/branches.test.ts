import { describe, expect, it } from 'vitest'
import type { Message } from '../../src/shared/domain'
import { isTitleRequest, tutorResponder, type ResponderInput } from '../fake-openai/responder'
import { everyBackend, openEngineHarness, textOf, tutorialThread, withFakeServer, type EngineHarness } from '../support/engine'

/**
 * Message actions on every backend, through the contract against the fake server with the real
 * SDK: edit a question and send it again, write a reply again, show an earlier version, delete a
 * message — and after each, the history the model receives is exactly the thread's visible path
 * (what the fake model was given, from the Conversation's items, the Assistants thread's
 * messages, or the Chat request's messages).
 */
describe.each(everyBackend)('message actions on $label', (backend) => {
  const fake = withFakeServer()

  /** What the model was given at each reply (title requests aside), as "role: text" lines. */
  function recordModelInputs(): string[][] {
    const seen: string[][] = []
    let replies = 0
    fake.server.setResponder((input: ResponderInput) => {
      if (isTitleRequest(input)) return tutorResponder(input)
      seen.push(input.history.filter((turn) => turn.role === 'user' || turn.role === 'assistant').map((turn) => `${turn.role}: ${turn.text}`))
      replies++
      const lastUser = [...input.history].reverse().find((turn) => turn.role === 'user')?.text ?? ''
      return { text: `reply ${replies} to ${lastUser}` }
    })
    return seen
  }

  async function visiblePath(harness: EngineHarness, threadId: string): Promise<Message[]> {
    return (await harness.call('messages:list', { thread_id: threadId, order: 'asc', limit: 100 })).data
  }
  const lines = (messages: Message[]) => messages.map((message) => `${message.role}: ${textOf(message)}`)

  async function ask(harness: EngineHarness, threadId: string, text: string) {
    await harness.call('messages:create', { thread_id: threadId, role: 'user', content: text })
    const run = await harness.call('runs:create', { thread_id: threadId })
    expect((await harness.finished(run.id)).status).toBe('completed')
  }

  /** What the server holds of the thread now: the Conversation's or Assistants thread's messages; Chat holds nothing. */
  function serverCopy(harness: EngineHarness, threadId: string): string[] | undefined {
    const remote = harness.services.conversations.threads.get(threadId).remote_ids['openai']
    if (backend.backend === 'responses') {
      return fake.server
        .conversationItems(remote!)
        .flatMap((item) => (item.type === 'message' ? [`${item.role}: ${item.content.map((part) => ('text' in part ? part.text : '')).join('')}`] : []))
    }
    if (backend.backend === 'assistants') {
      return fake.server
        .remoteThreadMessages(remote!)
        .map((message) => `${message.role}: ${message.content.map((part) => (part.type === 'text' ? part.text.value : '')).join('')}`)
    }
    return undefined
  }

  it('edits a question and sends it again, keeping the earlier branch; the model gets the visible path', async () => {
    const seen = recordModelInputs()
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    const { thread } = await tutorialThread(harness)
    await ask(harness, thread.id, 'Q1')
    await ask(harness, thread.id, 'Q2')
    const [, , q2] = await visiblePath(harness, thread.id)

    const edited = await harness.call('messages:edit', { thread_id: thread.id, message_id: q2!.id, content: 'Q2 edited' })
    expect(edited).toMatchObject({ role: 'user', parent_id: q2!.parent_id, versions: { index: 2, count: 2, previous_id: q2!.id, next_id: null } })
    // The path ends at the edited question until its reply comes.
    expect(lines(await visiblePath(harness, thread.id))).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2 edited'])
    const run = await harness.call('runs:create', { thread_id: thread.id })
    expect((await harness.finished(run.id)).status).toBe('completed')

    expect(seen.at(-1)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2 edited'])
    const path = await visiblePath(harness, thread.id)
    expect(lines(path)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2 edited', 'assistant: reply 3 to Q2 edited'])
    expect(serverCopy(harness, thread.id) ?? lines(path)).toEqual(lines(path))

    // The earlier branch is one switch away, whole; and the next question follows it.
    const shown = await harness.call('messages:select', { thread_id: thread.id, message_id: q2!.id })
    expect(shown.versions).toEqual({ index: 1, count: 2, previous_id: null, next_id: edited.id })
    expect(lines(await visiblePath(harness, thread.id))).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2', 'assistant: reply 2 to Q2'])
    await ask(harness, thread.id, 'Q3')
    expect(seen.at(-1)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2', 'assistant: reply 2 to Q2', 'user: Q3'])
    const after = await visiblePath(harness, thread.id)
    expect(serverCopy(harness, thread.id) ?? lines(after)).toEqual(lines(after))

    // And back to the edited branch, with its reply, as it was left.
    await harness.call('messages:select', { thread_id: thread.id, message_id: edited.id })
    expect(lines(await visiblePath(harness, thread.id))).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2 edited', 'assistant: reply 3 to Q2 edited'])
  })

  it('regenerates a reply, keeping earlier versions to switch between; the model gets the visible path', async () => {
    const seen = recordModelInputs()
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    const { thread } = await tutorialThread(harness)
    await ask(harness, thread.id, 'Q1')
    await ask(harness, thread.id, 'Q2')
    const first = (await visiblePath(harness, thread.id))[3]!

    const run = await harness.call('runs:regenerate', { thread_id: thread.id, message_id: first.id })
    expect((await harness.finished(run.id)).status).toBe('completed')
    expect(seen.at(-1)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2'])
    let path = await visiblePath(harness, thread.id)
    expect(lines(path)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2', 'assistant: reply 3 to Q2'])
    expect(path[3]!.versions).toMatchObject({ index: 2, count: 2, previous_id: first.id })
    expect(serverCopy(harness, thread.id) ?? lines(path)).toEqual(lines(path))

    const again = await harness.call('runs:regenerate', { thread_id: thread.id, message_id: path[3]!.id })
    expect((await harness.finished(again.id)).status).toBe('completed')
    expect(seen.at(-1)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2'])
    path = await visiblePath(harness, thread.id)
    expect(path[3]!.versions).toMatchObject({ index: 3, count: 3 })

    // Back to the first version: the next question is asked after it.
    await harness.call('messages:select', { thread_id: thread.id, message_id: first.id })
    await ask(harness, thread.id, 'Q3')
    expect(seen.at(-1)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2', 'assistant: reply 2 to Q2', 'user: Q3'])
    path = await visiblePath(harness, thread.id)
    expect(path[3]!.versions).toMatchObject({ index: 1, count: 3 })
    expect(serverCopy(harness, thread.id) ?? lines(path)).toEqual(lines(path))
  })

  it('deletes a question with its reply; what came after stays, and the model gets the visible path', async () => {
    const seen = recordModelInputs()
    const harness = (fake.harness = await openEngineHarness(fake.server, backend))
    const { thread } = await tutorialThread(harness)
    await ask(harness, thread.id, 'Q1')
    await ask(harness, thread.id, 'Q2')
    await ask(harness, thread.id, 'Q3')
    const q2 = (await visiblePath(harness, thread.id))[2]!

    const deleted = await harness.call('messages:delete', { thread_id: thread.id, message_id: q2.id })
    expect(deleted).toMatchObject({ id: q2.id, object: 'thread.message.deleted', deleted: true })
    expect(deleted.deleted_ids).toHaveLength(2)
    expect(lines(await visiblePath(harness, thread.id))).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q3', 'assistant: reply 3 to Q3'])
    await ask(harness, thread.id, 'Q4')
    expect(seen.at(-1)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q3', 'assistant: reply 3 to Q3', 'user: Q4'])
    const path = await visiblePath(harness, thread.id)
    expect(serverCopy(harness, thread.id) ?? lines(path)).toEqual(lines(path))
  })
})
