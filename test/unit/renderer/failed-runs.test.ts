import { QueryObserver } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/domain'
import { AppQueryClient } from '../../../src/renderer/src/api/query-client'
import { applyRunToThreadRuns, standingFailures, threadRunsKey } from '../../../src/renderer/src/hooks/failed-runs'
import { comboLabel } from '../../../src/renderer/src/hooks/useShortcuts'
import { heldReads } from './held-reads'

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

describe('a thread’s runs while its first read is on its way', () => {
  it('reads again when a run event comes before the answer, so a run that failed at once is not missed', async () => {
    const queries = new AppQueryClient()
    const stored: Run[] = []
    // Each read answers with what was stored when it left, once the test lets it.
    const reads = heldReads(() => stored.slice())
    const marker = new QueryObserver<Run[]>(queries, { queryKey: threadRunsKey('thread_1'), queryFn: reads.read })
    const settled = new Promise<Run[]>((resolve) =>
      marker.subscribe((result) => {
        if (result.isSuccess && !result.isFetching) resolve(result.data)
      }),
    )
    // The first read has left; the run is stored and fails, and its event arrives before the answer.
    const failed = { ...run('run_1', 'failed'), thread_id: 'thread_1' }
    stored.push(failed)
    applyRunToThreadRuns(queries, failed)
    // Every read gets its answer, the first one last.
    await reads.answerUntil(settled)
    expect((await settled).map((r) => r.id)).toEqual(['run_1'])
  })
})

describe('shortcut labels', () => {
  it('writes Ctrl+N elsewhere and ⌘N on macOS', () => {
    expect(comboLabel(['Mod', 'N'], false)).toBe('Ctrl+N')
    expect(comboLabel(['Mod', 'N'], true)).toBe('⌘N')
    expect(comboLabel(['Shift', 'Enter'], true)).toBe('⇧Enter')
  })
})
