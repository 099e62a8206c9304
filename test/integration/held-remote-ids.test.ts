import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { holdRemoteIds, recordHeldRemoteIds, type HeldRemoteIds } from '../../src/main/engine/held-remote-ids'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { makeTempDir } from '../support/services'

/**
 * After a crash between a run's end being shown and its held-back remote ids being written,
 * the next start records them from the thread (see held-remote-ids.ts): exactly what the run
 * sent, or nothing when the thread's conversation has changed since.
 */
describe('remote ids held back by a run that did not write them', () => {
  let store: ConversationStore
  beforeEach(() => {
    store = ConversationStore.open(path.join(makeTempDir(), 'conversations.sqlite'), { singleInstanceLockHeld: false })
  })
  afterEach(() => store.close())

  /** A thread on conversation conv_1: an answered question sent earlier, then a turn the run sent, then one after it. */
  function threadWithSentTurn() {
    const assistant = store.assistants.create({ name: 'Math Tutor', model: 'gpt-4o-mini' })
    const thread = store.threads.create({ assistant_id: assistant.id })
    store.threads.setRemoteId(thread.id, 'openai', 'conv_1')
    const append = (role: 'user' | 'assistant', content: string, extra: { status?: 'incomplete'; remote_ids?: Record<string, string> } = {}) =>
      store.messages.append({ thread_id: thread.id, role, content, ...extra })
    const earlier = [append('user', '3x + 11 = 14', { remote_ids: { openai: 'resp_0' } }), append('assistant', 'x = 1', { remote_ids: { openai: 'msg_0' } })]
    const sent = [append('user', '설명해 주시겠어요?'), append('assistant', '양변에서 11을 빼요.')]
    const partial = append('assistant', '그리고', { status: 'incomplete' })
    const question = append('user', '다음 문제')
    sent.push(question)
    const after = append('user', '하나 더')
    const marker: HeldRemoteIds = { runId: 'run_1', threadId: thread.id, connectionId: 'openai', conversationId: 'conv_1', remoteId: 'resp_1', throughMessageId: question.id }
    return { thread, earlier, sent, partial, after, marker }
  }

  const remoteIdOf = (id: string) => store.messages.get(id).remote_ids['openai']

  it('records the context messages up to the newest one sent that had none, and lets the marker go', () => {
    const { earlier, sent, partial, after, marker } = threadWithSentTurn()
    holdRemoteIds(store, marker)
    recordHeldRemoteIds(store)
    expect(sent.map((message) => remoteIdOf(message.id))).toEqual(['resp_1', 'resp_1', 'resp_1'])
    // Sent before, under their own ids; a partial reply is never sent; a later message was not.
    expect(earlier.map((message) => remoteIdOf(message.id))).toEqual(['resp_0', 'msg_0'])
    expect(remoteIdOf(partial.id)).toBeUndefined()
    expect(remoteIdOf(after.id)).toBeUndefined()
    // Gone: a second pass finds nothing to do.
    store.messages.setRemoteIds('openai', [{ messageId: sent[0]!.id, remoteId: 'resp_9' }])
    recordHeldRemoteIds(store)
    expect(remoteIdOf(sent[0]!.id)).toBe('resp_9')
  })

  it('records nothing when the thread’s conversation changed since (its path did), and lets the marker go', () => {
    const { thread, sent, marker } = threadWithSentTurn()
    holdRemoteIds(store, marker)
    store.threads.forgetRemoteIds(thread.id)
    recordHeldRemoteIds(store)
    expect(sent.map((message) => remoteIdOf(message.id))).toEqual([undefined, undefined, undefined])
    store.threads.setRemoteId(thread.id, 'openai', 'conv_1')
    recordHeldRemoteIds(store)
    expect(remoteIdOf(sent[0]!.id)).toBeUndefined()
  })

  it('leaves the marker of a run still going to that run', () => {
    const { sent, marker } = threadWithSentTurn()
    holdRemoteIds(store, marker)
    recordHeldRemoteIds(store, (held) => held.runId !== 'run_1')
    expect(remoteIdOf(sent[0]!.id)).toBeUndefined()
    recordHeldRemoteIds(store)
    expect(remoteIdOf(sent[0]!.id)).toBe('resp_1')
  })
})
