import { describe, expect, it } from 'vitest'
import type { Run, RunStep } from '../../../src/shared/domain'
import { jsonTokens } from '../../../src/renderer/src/components/inspector/json-tokens'
import { runHistory } from '../../../src/renderer/src/components/inspector/run-history'
import { targetOf } from '../../../src/renderer/src/components/inspector/target'
import { totalUsage } from '../../../src/renderer/src/hooks/inspector-fetch'

const run = (fields: Partial<Run>): Run =>
  ({
    id: 'run_a',
    status: 'completed',
    created_at: 100,
    started_at: 101,
    completed_at: 109,
    failed_at: null,
    cancelled_at: null,
    usage: null,
    ...fields,
  }) as Run

const toolStep = (created_at: number, completed_at: number | null): RunStep =>
  ({ id: `step_${created_at}`, type: 'tool_calls', created_at, completed_at, status: completed_at ? 'completed' : 'in_progress' }) as RunStep
const messageStep = { id: 'step_m', type: 'message_creation', created_at: 108, completed_at: 109 } as RunStep

describe('a run’s status history in the inspector', () => {
  it('is the history the run kept, when it has one', () => {
    const kept = [
      { status: 'queued', at: 100 },
      { status: 'in_progress', at: 101 },
      { status: 'cancelling', at: 104 },
      { status: 'cancelled', at: 105 },
    ] as const
    expect(runHistory(run({ status: 'cancelled', status_history: [...kept] }), [])).toEqual({ entries: kept, pieced: false })
  })

  it('is pieced together from the times and the tool-call steps for a run saved before it kept one', () => {
    const history = runHistory(run({}), [toolStep(102, 104), messageStep, toolStep(105, 106)])
    expect(history.pieced).toBe(true)
    expect(history.entries).toEqual([
      { status: 'queued', at: 100 },
      { status: 'in_progress', at: 101 },
      { status: 'requires_action', at: 102 },
      { status: 'in_progress', at: 104 },
      { status: 'requires_action', at: 105 },
      { status: 'in_progress', at: 106 },
      { status: 'completed', at: 109 },
    ])
  })

  it('ends waiting for a tool while the tool runs, and says when no time was kept', () => {
    expect(runHistory(run({ status: 'requires_action', completed_at: null }), [toolStep(102, null)]).entries.at(-1)).toEqual({ status: 'requires_action', at: 102 })
    expect(runHistory(run({ status: 'expired', completed_at: null }), []).entries.at(-1)).toEqual({ status: 'expired', at: null })
    expect(runHistory(run({ status: 'failed', started_at: null, completed_at: null, failed_at: 103 }), []).entries).toEqual([
      { status: 'queued', at: 100 },
      { status: 'failed', at: 103 },
    ])
  })
})

describe('JSON colouring', () => {
  it('never changes the text: the tokens put together are the JSON', () => {
    const value = { id: 'run_a', n: -1.5e3, ok: true, none: null, text: 'a "quoted": true, 12 \\ ✓ 한글', list: [1, 'two', false], nested: { 'key:with colon': {} } }
    const json = JSON.stringify(value, null, 2)
    expect(jsonTokens(json).map((token) => token.text).join('')).toBe(json)
  })

  it('tells keys from strings, numbers and literals', () => {
    const kinds = jsonTokens('{"a": "true", "b": 12, "c": [null, false]}').filter((token) => token.kind !== 'plain')
    expect(kinds.map((token) => [token.kind, token.text])).toEqual([
      ['key', '"a"'],
      ['string', '"true"'],
      ['key', '"b"'],
      ['number', '12'],
      ['key', '"c"'],
      ['literal', 'null'],
      ['literal', 'false'],
    ])
  })
})

describe('what the inspector is asked to open', () => {
  it('keeps only what names the object, not a copy of it', () => {
    const message = { id: 'msg_a', object: 'thread.message', thread_id: 'thread_a', run_id: 'run_a', content: [] } as const
    expect(targetOf(message as never)).toEqual({ object: 'thread.message', id: 'msg_a', thread_id: 'thread_a' })
    expect(targetOf({ ...run({}), object: 'thread.run' } as never)).toEqual({ object: 'thread.run', id: 'run_a' })
  })

  it('adds up usage, counting a run that reported none as nothing', () => {
    expect(
      totalUsage([
        { usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } },
        { usage: null },
        { usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } },
      ]),
    ).toEqual({ prompt_tokens: 15, completion_tokens: 5, total_tokens: 20 })
  })
})
