import { describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/domain'
import { standingFailures } from '../../../src/renderer/src/hooks/failed-runs'
import { comboLabel } from '../../../src/renderer/src/hooks/useShortcuts'

const run = (id: string, status: Run['status'], extra: Partial<Run> = {}) => ({ id, status, retry_of: null, question_id: 'msg_q1', ...extra }) as Run

describe('failures still standing on their questions', () => {
  it('keeps a failure after later runs, settles it once retried, and shows a failed retry instead', () => {
    expect(standingFailures([run('run_1', 'failed'), run('run_2', 'completed', { question_id: 'msg_q2' })]).map((r) => r.id)).toEqual(['run_1'])
    expect(standingFailures([run('run_1', 'failed'), run('run_2', 'completed', { retry_of: 'run_1' })])).toEqual([])
    expect(standingFailures([run('run_1', 'failed'), run('run_2', 'failed', { retry_of: 'run_1' })]).map((r) => r.id)).toEqual(['run_2'])
    // A retry on its way settles it too: the run status line shows that one.
    expect(standingFailures([run('run_1', 'failed'), run('run_2', 'in_progress', { retry_of: 'run_1' })])).toEqual([])
  })

  it('leaves stopped runs, and runs recorded before they named their question, to the run status line', () => {
    expect(standingFailures([run('run_1', 'cancelled'), run('run_2', 'failed', { question_id: undefined })])).toEqual([])
  })
})

describe('shortcut labels', () => {
  it('writes Ctrl+N elsewhere and ⌘N on macOS', () => {
    expect(comboLabel(['Mod', 'N'], false)).toBe('Ctrl+N')
    expect(comboLabel(['Mod', 'N'], true)).toBe('⌘N')
    expect(comboLabel(['Shift', 'Enter'], true)).toBe('⇧Enter')
  })
})
