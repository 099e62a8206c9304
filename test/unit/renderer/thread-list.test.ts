import { describe, expect, it } from 'vitest'
import type { ThreadSummary } from '../../../src/shared/domain'
import { highlightParts } from '../../../src/renderer/src/components/sidebar/Highlighted'
import { groupThreads, uniqueThreads } from '../../../src/renderer/src/components/sidebar/thread-groups'
import { dayHeading, fullTime, rowTime } from '../../../src/renderer/src/components/sidebar/times'

// Local times (the user's clock), whatever the machine's time zone.
const now = new Date(2026, 2, 4, 15, 30).getTime()
const at = (...parts: [number, number, number, number, number]) => Math.floor(new Date(...parts).getTime() / 1000)

function thread(id: string, lastActivity: number, pinned = false): ThreadSummary {
  return {
    id,
    object: 'thread',
    created_at: lastActivity,
    metadata: pinned ? { pinned: 'true' } : {},
    tool_resources: null,
    assistant_id: null,
    last_activity_at: lastActivity,
    remote_ids: {},
    preview: null,
  }
}

describe('the thread list’s sections', () => {
  it('puts pinned threads first, then today, yesterday and each earlier day, keeping the order given', () => {
    const threads = [
      thread('thread_p', at(2025, 11, 1, 9, 0), true),
      thread('thread_a', at(2026, 2, 4, 15, 0)),
      thread('thread_b', at(2026, 2, 4, 0, 1)),
      thread('thread_c', at(2026, 2, 3, 23, 59)),
      thread('thread_d', at(2026, 2, 3, 0, 0)),
      thread('thread_e', at(2026, 2, 2, 23, 59)),
      thread('thread_f', at(2026, 1, 20, 12, 0)),
    ]
    const groups = groupThreads(threads, now)
    expect(groups.map((group) => [group.kind, group.key, group.threads.map((t) => t.id)])).toEqual([
      ['pinned', 'pinned', ['thread_p']],
      ['today', '2026-03-04', ['thread_a', 'thread_b']],
      ['yesterday', '2026-03-03', ['thread_c', 'thread_d']],
      ['day', '2026-03-02', ['thread_e']],
      ['day', '2026-02-20', ['thread_f']],
    ])
  })

  it('shows each thread once when pages overlap (a thread moved between two reads)', () => {
    const a = thread('thread_a', 3)
    const b = thread('thread_b', 2)
    const c = thread('thread_c', 1)
    expect(uniqueThreads([{ data: [a, b] }, { data: [b, c] }]).map((t) => t.id)).toEqual(['thread_a', 'thread_b', 'thread_c'])
  })
})

describe('times in the thread list', () => {
  it('says how long ago within the hour, in the user’s language', () => {
    expect(rowTime(now - 20_000, now, 'en', false)).toBe('now')
    expect(rowTime(now - 20_000, now, 'ko', false)).toBe('지금')
    expect(rowTime(now - 12 * 60_000, now, 'en', false)).toBe('12 min. ago')
    expect(rowTime(now - 12 * 60_000, now, 'ko', false)).toBe('12분 전')
  })

  it('gives the time of day, or the date when the section spans days', () => {
    const yesterdayMorning = new Date(2026, 2, 3, 9, 5).getTime()
    expect(rowTime(yesterdayMorning, now, 'en', false)).toBe('9:05 AM')
    // (Whether Korean says 오전 or AM depends on the ICU data of the runtime.)
    expect(rowTime(yesterdayMorning, now, 'ko', false)).toMatch(/^(오전|AM) 9:05$/)
    expect(rowTime(yesterdayMorning, now, 'en', true)).toBe('Mar 3')
    expect(rowTime(yesterdayMorning, now, 'ko', true)).toBe('3월 3일')
    expect(rowTime(new Date(2025, 11, 24, 9, 5).getTime(), now, 'en', true)).toBe('Dec 24, 2025')
  })

  it('names a day in full for its heading and the hover text', () => {
    expect(dayHeading(new Date(2026, 2, 2).getTime(), now, 'en')).toBe('Mon, March 2')
    expect(dayHeading(new Date(2026, 2, 2).getTime(), now, 'ko')).toBe('3월 2일 (월)')
    expect(dayHeading(new Date(2025, 11, 24).getTime(), now, 'en')).toBe('Wed, December 24, 2025')
    expect(fullTime(new Date(2026, 2, 2, 14, 5).getTime(), 'en')).toBe('Monday, March 2, 2026 at 2:05 PM')
    expect(fullTime(new Date(2026, 2, 2, 14, 5).getTime(), 'ko')).toMatch(/^2026년 3월 2일 월요일 (오후|PM) 2:05$/)
  })
})

describe('marking a snippet', () => {
  it('cuts the text at its highlights', () => {
    expect(highlightParts('solve the equation now', [{ start: 10, end: 18 }])).toEqual([
      { text: 'solve the ', marked: false },
      { text: 'equation', marked: true },
      { text: ' now', marked: false },
    ])
  })

  it('skips ranges that overlap, run past the end or are empty', () => {
    expect(highlightParts('abcdef', [{ start: 0, end: 2 }, { start: 1, end: 3 }, { start: 4, end: 4 }, { start: 5, end: 9 }])).toEqual([
      { text: 'ab', marked: true },
      { text: 'cdef', marked: false },
    ])
  })
})
