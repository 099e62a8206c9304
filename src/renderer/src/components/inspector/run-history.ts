import type { Run, RunStatus, RunStep } from '../../../../shared/domain'

export interface HistoryEntry {
  status: RunStatus
  /** When the run reached it (unix seconds); null when nothing recorded it. */
  at: number | null
}

export interface RunHistory {
  entries: HistoryEntry[]
  /** Whether it was pieced together from the run's times and steps (a run saved before it kept its history). */
  pieced: boolean
}

/**
 * The statuses a run went through, each with when it began. A run keeps them
 * (`status_history`); for one saved before it did, they are pieced together from its `*_at`
 * times and its tool-call steps (each a requires_action round, from the step's creation to its
 * completion). A status no time was kept for (cancelling, incomplete, expired) has none.
 */
export function runHistory(run: Run, steps: readonly RunStep[]): RunHistory {
  if (run.status_history && run.status_history.length > 0) return { entries: run.status_history, pieced: false }
  const entries: HistoryEntry[] = [{ status: 'queued', at: run.created_at }]
  if (run.started_at !== null) {
    entries.push({ status: 'in_progress', at: run.started_at })
    for (const step of steps) {
      if (step.type !== 'tool_calls') continue
      entries.push({ status: 'requires_action', at: step.created_at })
      if (step.completed_at !== null) entries.push({ status: 'in_progress', at: step.completed_at })
    }
  }
  if (entries.at(-1)!.status !== run.status) entries.push({ status: run.status, at: reachedAt(run) })
  return { entries, pieced: true }
}

function reachedAt(run: Run): number | null {
  switch (run.status) {
    case 'completed':
      return run.completed_at
    case 'failed':
      return run.failed_at
    case 'cancelled':
      return run.cancelled_at
    default:
      return null
  }
}
