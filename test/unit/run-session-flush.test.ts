import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventHub } from '../../src/main/common/event-hub'
import { systemClock } from '../../src/main/common/clock'
import { RunSession } from '../../src/main/engine/run-session'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { messageText } from '../../src/shared/domain'
import { storeWithRunInProgress } from '../support/in-progress-run'

/**
 * Streamed text is saved in batches: at most `flushDelayMs` after a delta, and always before
 * whatever follows it (a status, a step, the end). Fake timers stand for the window, so the
 * test says which moment it is instead of waiting for it.
 */
describe('streamed text, saved in batches', () => {
  let store: ConversationStore
  let session: RunSession
  let saves: string[]
  let deltas: number

  beforeEach(() => {
    vi.useFakeTimers()
    const started = storeWithRunInProgress('run_flush')
    store = started.store
    const run = started.run
    const events = new EventHub()
    deltas = 0
    events.subscribe((name) => {
      if (name === 'run:delta') deltas++
    })
    saves = []
    const save = store.messages.save.bind(store.messages)
    store.messages.save = (message, options) => {
      save(message, options)
      if (message.role === 'assistant') saves.push(messageText(message.content))
    }
    session = new RunSession(run, store, events, systemClock, 100)
  })

  afterEach(() => {
    vi.useRealTimers()
    store.close()
  })

  const storedReply = () => messageText(store.messages.all(session.run.thread_id).find((message) => message.role === 'assistant')!.content)

  it('announces every delta at once and saves the reply once per window', () => {
    session.messageStarted()
    for (const piece of ['x ', '= ', '1', '.']) session.textDelta(piece)
    expect(deltas).toBe(4)
    expect(storedReply()).toBe('')
    vi.advanceTimersByTime(99)
    expect(saves).toEqual([])
    vi.advanceTimersByTime(1)
    expect(saves).toEqual(['x = 1.'])
    expect(storedReply()).toBe('x = 1.')
    // Nothing new: no timer, no save.
    vi.advanceTimersByTime(1_000)
    expect(saves).toHaveLength(1)
  })

  it('saves what streamed before a status, a step or the end, whatever the timer', () => {
    session.messageStarted()
    session.textDelta('Subtract 11')
    session.usage({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 })
    expect(saves).toEqual(['Subtract 11'])
    session.textDelta(' from both sides.')
    session.finish({ status: 'cancelled' })
    expect(saves.at(-1)).toBe('Subtract 11 from both sides.')
    expect(store.messages.all(session.run.thread_id).find((message) => message.role === 'assistant')).toMatchObject({ status: 'incomplete' })
    vi.advanceTimersByTime(1_000)
    expect(saves.at(-1)).toBe('Subtract 11 from both sides.')
  })

  it('saves on demand, for a read of the thread', () => {
    session.messageStarted()
    session.textDelta('x = 1')
    session.flushReply()
    expect(storedReply()).toBe('x = 1')
  })

  it('fails the run at the next delta when a save in the timer failed, instead of throwing at nobody', () => {
    session.messageStarted()
    session.textDelta('x')
    store.messages.save = () => {
      throw new Error('SQLITE_FULL: database or disk is full')
    }
    vi.advanceTimersByTime(100)
    expect(() => session.textDelta(' = 1')).toThrow(/disk is full/)
  })
})
