import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClock, fullDateTime, relativeTime } from '../../../src/renderer/src/components/message/relative-time'

const now = Date.UTC(2025, 10, 26, 12, 0, 0)
const ago = (ms: number) => now - ms
const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

describe('relativeTime: when a message was written, as the learner reads it', () => {
  it('says "now" for the last few seconds, and for a clock a little ahead', () => {
    expect(relativeTime(ago(5_000), now, 'en')).toBe('now')
    expect(relativeTime(now + 3_000, now, 'en')).toBe('now')
    expect(relativeTime(ago(5_000), now, 'ko')).toBe('지금')
  })

  it('counts minutes, hours and days while recent, in English and Korean', () => {
    expect(relativeTime(ago(2 * minute), now, 'en')).toBe('2 minutes ago')
    expect(relativeTime(ago(2 * minute), now, 'ko')).toBe('2분 전')
    expect(relativeTime(ago(50_000), now, 'en')).toBe('1 minute ago')
    expect(relativeTime(ago(3 * hour), now, 'en')).toBe('3 hours ago')
    expect(relativeTime(ago(3 * hour), now, 'ko')).toBe('3시간 전')
    expect(relativeTime(ago(day), now, 'en')).toBe('yesterday')
    expect(relativeTime(ago(day), now, 'ko')).toBe('어제')
    expect(relativeTime(ago(3 * day), now, 'en')).toBe('3 days ago')
  })

  it('gives the date after a week (with the year when it is another year)', () => {
    expect(relativeTime(Date.UTC(2025, 2, 3, 12), now, 'en')).toBe('Mar 3')
    expect(relativeTime(Date.UTC(2025, 2, 3, 12), now, 'ko')).toBe('3월 3일')
    expect(relativeTime(Date.UTC(2024, 2, 3, 12), now, 'en')).toBe('Mar 3, 2024')
  })

  it('gives the full date and time for the tooltip, in the language', () => {
    expect(fullDateTime(now, 'en')).toMatch(/2025/)
    expect(fullDateTime(now, 'en')).toMatch(/November/)
    expect(fullDateTime(now, 'ko')).toMatch(/2025년 11월 2[56]일/)
  })
})

describe('the shared clock', () => {
  beforeEach(() => vi.useFakeTimers({ now }))
  afterEach(() => vi.useRealTimers())

  it('runs one timer for all its listeners, only while any listens', () => {
    const clock = createClock(15_000)
    expect(vi.getTimerCount()).toBe(0)
    const heard: string[] = []
    const stopA = clock.subscribe(() => heard.push('a'))
    const stopB = clock.subscribe(() => heard.push('b'))
    expect(vi.getTimerCount()).toBe(1)
    expect(clock.running).toBe(true)

    vi.advanceTimersByTime(15_000)
    expect(heard).toEqual(['a', 'b'])
    expect(clock.now()).toBe(now + 15_000)

    stopA()
    vi.advanceTimersByTime(15_000)
    expect(heard).toEqual(['a', 'b', 'b'])
    stopB()
    expect(vi.getTimerCount()).toBe(0)
    expect(clock.running).toBe(false)
  })

  it('reads the time afresh when the first listener comes (it may have stood still meanwhile)', () => {
    const clock = createClock(15_000)
    vi.advanceTimersByTime(10 * minute)
    const stop = clock.subscribe(() => undefined)
    expect(clock.now()).toBe(now + 10 * minute)
    stop()
  })
})
