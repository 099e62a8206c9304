import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { pause } from '../../src/main/common/pause'

describe('pausing on an abort signal (the Assistants backend polls with it)', () => {
  it('leaves no abort listener behind, however many times a loop pauses on one signal', async () => {
    const controller = new AbortController()
    for (let poll = 0; poll < 20; poll++) await pause(0, controller.signal)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('ends at once when the signal aborts, without throwing', async () => {
    const controller = new AbortController()
    const paused = pause(60_000, controller.signal)
    controller.abort()
    await expect(paused).resolves.toBeUndefined()
    await expect(pause(60_000, controller.signal)).resolves.toBeUndefined()
  })
})
