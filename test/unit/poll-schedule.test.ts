import { describe, expect, it } from 'vitest'
import { PollSchedule } from '../../src/main/engine/poll-schedule'

/** The moments (ms after the run was created) at which a schedule polls, up to `untilMs`. */
function pollTimes(nextDelay: () => number, untilMs: number): number[] {
  const times = [0]
  while (times.at(-1)! < untilMs) times.push(times.at(-1)! + nextDelay())
  return times
}

/** How late, on average, a run ending at a moment spread evenly over [fromMs, toMs] is noticed. */
function averageDelay(times: number[], fromMs: number, toMs: number): number {
  let total = 0
  let count = 0
  for (let end = fromMs; end < toMs; end++) {
    total += times.find((time) => time >= end)! - end
    count++
  }
  return total / count
}

describe('when the Assistants backend polls a run', () => {
  it('polls soon at first, then backs off to every 250 ms', () => {
    const schedule = new PollSchedule()
    expect(Array.from({ length: 7 }, () => schedule.next())).toEqual([50, 75, 113, 170, 250, 250, 250])
  })

  it('notices a run’s end half as late as the tutorial’s fixed 0.5 s poll, short runs or long', () => {
    const schedule = new PollSchedule()
    const ours = pollTimes(() => schedule.next(), 31_000)
    const tutorial = pollTimes(() => 500, 31_000)
    for (const [fromMs, toMs] of [
      [0, 1_000],
      [1_000, 5_000],
      [5_000, 30_000],
    ] as const) {
      expect(averageDelay(tutorial, fromMs, toMs)).toBeCloseTo(250, -1)
      expect(averageDelay(ours, fromMs, toMs)).toBeLessThanOrEqual(125)
    }
  })

  it('starts soon again once tool outputs are sent', () => {
    const schedule = new PollSchedule()
    for (let poll = 0; poll < 10; poll++) schedule.next()
    schedule.restart()
    expect(schedule.next()).toBe(50)
  })

  it('waits as long as the server asks (openai-poll-after-ms), within bounds, and on its own schedule otherwise', () => {
    const schedule = new PollSchedule()
    expect(schedule.next('20')).toBe(20)
    expect(schedule.next('1500')).toBe(1500)
    // Not a busy loop, not a run left unnoticed for long.
    expect(schedule.next('0')).toBe(10)
    expect(schedule.next('60000')).toBe(2_000)
    // Unreadable or missing: its own, which went on meanwhile.
    expect(schedule.next('soon')).toBe(250)
    expect(schedule.next(null)).toBe(250)
  })
})
