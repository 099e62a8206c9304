import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EventHub } from '../../src/main/common/event-hub'
import { systemClock } from '../../src/main/common/clock'
import { RunSession } from '../../src/main/engine/run-session'
import { ConversationStore } from '../../src/main/store/conversation-store'
import type { Run } from '../../src/shared/domain'
import { makeTempDir } from '../support/services'

/**
 * What stands between a response's last event and the run shown finished: each commit there
 * (fsync'd) delays the end the user sees. Token usage, which comes with that last event, is
 * saved with the run's end instead of in a commit of its own.
 */
describe('a run’s end', () => {
  let store: ConversationStore
  let session: RunSession
  let runSaves: Run[]
  let announced: Run[]

  beforeEach(() => {
    store = ConversationStore.open(path.join(makeTempDir(), 'conversations.sqlite'), { singleInstanceLockHeld: true })
    const assistant = store.assistants.create({ name: 'Math Tutor', model: 'gpt-4o-mini' })
    const thread = store.threads.create({ assistant_id: assistant.id })
    store.messages.append({ thread_id: thread.id, role: 'user', content: '3x + 11 = 14' })
    const run: Run = {
      id: 'run_end',
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
    runSaves = []
    const save = store.runs.save.bind(store.runs)
    store.runs.save = (saved) => {
      save(saved)
      runSaves.push(saved)
    }
    const events = new EventHub()
    announced = []
    events.subscribe((name, payload) => {
      if (name === 'run:status') announced.push((payload as { run: Run }).run)
    })
    session = new RunSession(run, store, events, systemClock, 100)
  })

  afterEach(() => store.close())

  it('saves and announces the token usage with the status that follows it, in one commit', () => {
    session.messageStarted()
    session.messageDone({ text: 'x = 1' })
    session.usage({ prompt_tokens: 20, completion_tokens: 3, total_tokens: 23 })
    session.usage({ prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 })
    expect(runSaves).toEqual([])
    session.finish({ status: 'completed' })
    const usage = { prompt_tokens: 25, completion_tokens: 4, total_tokens: 29 }
    expect(runSaves).toHaveLength(1)
    expect(announced).toEqual([expect.objectContaining({ status: 'completed', usage })])
    expect(store.runs.get('run_end')).toMatchObject({ status: 'completed', usage })
  })

  it('carries the usage of a response that asked for tools into the requires_action status', async () => {
    session.usage({ prompt_tokens: 20, completion_tokens: 3, total_tokens: 23 })
    const outputs = session.toolCalls([{ callId: 'call_1', name: 'calculator', arguments: '{"expression":"1+1"}' }])
    expect(announced[0]).toMatchObject({ status: 'requires_action', usage: { total_tokens: 23 } })
    await outputs
    expect(store.runs.get('run_end').usage).toEqual({ prompt_tokens: 20, completion_tokens: 3, total_tokens: 23 })
  })
})
