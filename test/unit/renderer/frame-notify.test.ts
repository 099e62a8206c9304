import { notifyManager } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { beforeNextFrame, notifyOncePerFrame } from '../../../src/renderer/src/api/frame-notify'
import { stubFrames } from './stub-frames'

describe('views hear of cache changes once per frame', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    notifyManager.setScheduler((callback) => setTimeout(callback, 0))
  })

  it('gathers every change before a frame and tells them together, in order, when it comes', () => {
    const frames = stubFrames('visible')
    notifyOncePerFrame()
    const heard: number[] = []
    for (let piece = 1; piece <= 3; piece++) notifyManager.schedule(() => heard.push(piece))
    expect(heard).toEqual([])
    expect(frames).toHaveLength(1)
    frames.shift()!()
    expect(heard).toEqual([1, 2, 3])
    // The next change waits for the next frame.
    notifyManager.schedule(() => heard.push(4))
    expect(frames).toHaveLength(1)
    frames.shift()!()
    expect(heard).toEqual([1, 2, 3, 4])
  })

  it('runs what a callback queues meanwhile in the same frame: streamed pieces go into the cache, and its views hear of it, before that frame is drawn', () => {
    const frames = stubFrames('visible')
    notifyOncePerFrame()
    const heard: string[] = []
    beforeNextFrame(() => {
      heard.push('pieces applied')
      notifyManager.schedule(() => heard.push('views told'))
    })
    expect(frames).toHaveLength(1)
    frames.shift()!()
    expect(heard).toEqual(['pieces applied', 'views told'])
    expect(frames).toHaveLength(0)
  })

  it('does not wait for frames a hidden window never draws', async () => {
    const frames = stubFrames('hidden')
    notifyOncePerFrame()
    const told = new Promise<string>((resolve) => notifyManager.schedule(() => resolve('told')))
    await expect(told).resolves.toBe('told')
    expect(frames).toHaveLength(0)
  })
})
