import path from 'node:path'
import { ConversationStore } from '../../src/main/store/conversation-store'
import type { Run } from '../../src/shared/domain'
import { makeTempDir } from './services'

/**
 * A fresh store holding a thread with one question and a run on it, in progress on the default
 * connection: what a RunSession is given when a run starts.
 */
export function storeWithRunInProgress(runId: string): { store: ConversationStore; run: Run } {
  const store = ConversationStore.open(path.join(makeTempDir(), 'conversations.sqlite'), { singleInstanceLockHeld: true })
  const assistant = store.assistants.create({ name: 'Math Tutor', model: 'gpt-4o-mini' })
  const thread = store.threads.create({ assistant_id: assistant.id })
  store.messages.append({ thread_id: thread.id, role: 'user', content: '3x + 11 = 14' })
  const run: Run = {
    id: runId,
    object: 'thread.run',
    created_at: 1,
    thread_id: thread.id,
    assistant_id: assistant.id,
    status: 'in_progress',
    required_action: null,
    last_error: null,
    expires_at: null,
    started_at: 1,
    cancelled_at: null,
    failed_at: null,
    completed_at: null,
    incomplete_details: null,
    model: 'gpt-4o-mini',
    instructions: null,
    tools: [],
    metadata: {},
    usage: null,
    temperature: null,
    top_p: null,
    response_format: 'auto',
    reasoning_effort: null,
    connection_id: 'openai',
    retry_of: null,
    waiting_for: null,
    status_history: [{ status: 'in_progress', at: 1 }],
    remote_ids: {},
  }
  store.runs.insert(run)
  return { store, run }
}
