import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { makeTempDir } from '../support/services'

describe('recording the remote ids of many messages at once', () => {
  let file: string
  let store: ConversationStore
  beforeEach(() => {
    file = path.join(makeTempDir(), 'conversations.sqlite')
    store = ConversationStore.open(file, { singleInstanceLockHeld: false })
  })
  afterEach(() => store.close())

  it('adds each id beside the others the message has, leaves the rest of it as it was, and keeps it across reopen', () => {
    const assistant = store.assistants.create({ name: 'Math Tutor', model: 'gpt-4o-mini' })
    const thread = store.threads.create({ assistant_id: assistant.id })
    const question = store.messages.append({ thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘", remote_ids: { local: 'msg_local_1' } })
    const answer = store.messages.append({ thread_id: thread.id, role: 'assistant', content: 'x = 1', metadata: { note: '"quoted"' } })
    const untouched = store.messages.append({ thread_id: thread.id, role: 'user', content: '설명해 주시겠어요?' })

    store.messages.setRemoteIds('openai', [
      { messageId: question.id, remoteId: 'resp_1' },
      { messageId: answer.id, remoteId: 'resp_1' },
      // Deleted meanwhile: nothing to record it on, and no reason to fail the others.
      { messageId: 'msg_gone', remoteId: 'resp_1' },
    ])
    // A connection id is a key, whatever its characters.
    store.messages.setRemoteIds('conn "two".$x', [{ messageId: answer.id, remoteId: 'msg_2' }])
    store.close()
    store = ConversationStore.open(file, { singleInstanceLockHeld: false })

    expect(store.messages.get(question.id)).toEqual({ ...question, remote_ids: { local: 'msg_local_1', openai: 'resp_1' } })
    expect(store.messages.get(answer.id)).toEqual({ ...answer, remote_ids: { openai: 'resp_1', 'conn "two".$x': 'msg_2' } })
    expect(store.messages.get(untouched.id)).toEqual(untouched)
    // Still found by search: the index is untouched.
    expect(store.search('방정식', 10).map((hit) => hit.thread.id)).toEqual([thread.id])
  })
})
