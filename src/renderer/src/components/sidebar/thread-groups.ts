import type { ThreadSummary } from '../../../../shared/domain'
import { isThreadPinned } from '../../../../shared/domain'
import { dayOf, startOfDay } from './times'

/** The sidebar's sections: pinned threads first, then one per day of last activity, newest first. */
export type ThreadGroupKind = 'pinned' | 'today' | 'yesterday' | 'day'

export interface ThreadGroup {
  /** Stable across renders: "pinned", or the day's local date ("2026-03-02"). */
  key: string
  kind: ThreadGroupKind
  /** The day's local midnight (ms); null for the pinned group. */
  day: number | null
  threads: ThreadSummary[]
}

/**
 * The threads of every page read so far, each once: a thread that moved between the reads of
 * two pages (new activity) may be on both, and is shown where it was seen first.
 */
export function uniqueThreads(pages: readonly { data: readonly ThreadSummary[] }[]): ThreadSummary[] {
  const seen = new Set<string>()
  const threads: ThreadSummary[] = []
  for (const page of pages) {
    for (const thread of page.data) {
      if (seen.has(thread.id)) continue
      seen.add(thread.id)
      threads.push(thread)
    }
  }
  return threads
}

/**
 * Threads in their sections, in the order given (main lists them pinned first, then by last
 * activity): pinned, today, yesterday, then each earlier day — days as the user's clock has them.
 */
export function groupThreads(threads: readonly ThreadSummary[], nowMs: number): ThreadGroup[] {
  const today = startOfDay(nowMs)
  const yesterday = startOfDay(today - 1)
  const groups = new Map<string, ThreadGroup>()
  for (const thread of threads) {
    const group = groupOf(thread, today, yesterday)
    const existing = groups.get(group.key)
    if (existing) existing.threads.push(thread)
    else groups.set(group.key, { ...group, threads: [thread] })
  }
  return [...groups.values()]
}

function groupOf(thread: ThreadSummary, today: number, yesterday: number): Omit<ThreadGroup, 'threads'> {
  if (isThreadPinned(thread)) return { key: 'pinned', kind: 'pinned', day: null }
  const day = startOfDay(thread.last_activity_at * 1000)
  const kind = day >= today ? 'today' : day >= yesterday ? 'yesterday' : 'day'
  return { key: dayOf(day), kind, day }
}
