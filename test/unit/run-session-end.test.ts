import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EventHub } from '../../src/main/common/event-hub'
import { systemClock } from '../../src/main/common/clock'
import { RunSession } from '../../src/main/engine/run-session'
import { ConversationStore } from '../../src/main/store/conversation-store'
import type { Run } from '../../src/shared/domain'
import { storeWithRunInProgress } from '../support/in-progress-run'

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
    const started = storeWithRunInProgress('run_end')
    store = started.store
    const run = started.run
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
