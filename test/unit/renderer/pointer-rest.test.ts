import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PointerRest } from '../../../src/renderer/src/components/sidebar/pointer-rest'

describe('a pointer resting on a thread row', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('counts once it has rested the whole time, and only once', () => {
    const rested = vi.fn()
    const rest = new PointerRest(50, rested)
    rest.enter()
    vi.advanceTimersByTime(49)
    expect(rested).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(rested).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(500)
    expect(rested).toHaveBeenCalledTimes(1)
  })

  it('does not count a pointer passing over on its way elsewhere, nor one on a row that went', () => {
    const rested = vi.fn()
    const rest = new PointerRest(50, rested)
    rest.enter()
    vi.advanceTimersByTime(30)
    rest.leave()
    vi.advanceTimersByTime(500)
    rest.enter()
    vi.advanceTimersByTime(30)
    rest.cancel()
    vi.advanceTimersByTime(500)
    expect(rested).not.toHaveBeenCalled()
  })

  it('starts the wait again when the pointer comes back', () => {
    const rested = vi.fn()
    const rest = new PointerRest(50, rested)
    rest.enter()
    vi.advanceTimersByTime(40)
    rest.enter()
    vi.advanceTimersByTime(40)
    expect(rested).not.toHaveBeenCalled()
    vi.advanceTimersByTime(10)
    expect(rested).toHaveBeenCalledTimes(1)
  })
})
