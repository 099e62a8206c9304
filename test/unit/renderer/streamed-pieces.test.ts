import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { attachLiveText, whenLiveTextDetached } from '../../../src/renderer/src/api/live-text'
import { StreamedPieces } from '../../../src/renderer/src/api/streamed-pieces'
import type { StreamedParagraph } from '../../../src/renderer/src/components/message/streamed-paragraph'
import type { EventPayload } from '../../../src/shared/contract'
import { stubFrames } from './stub-frames'

const piece = (offset: number, delta: string): EventPayload<'run:delta'> => ({ run_id: 'run_1', thread_id: 'thread_1', message_id: 'msg_1', offset, delta })

/**
 * When streamed pieces reach React Query's cache: the next frame for a piece only the cache can
 * draw; for pieces a reply's paragraph already shows, once the cache catches up (a quarter of a
 * second), or at once when that paragraph goes.
 */
describe('streamed pieces on their way into the cache', () => {
  let frames: (() => void)[]
  let applied: string[][]
  let pieces: StreamedPieces
  const runFrame = () => frames.shift()!()

  beforeEach(() => {
    vi.useFakeTimers()
    frames = stubFrames('visible')
    applied = []
    pieces = new StreamedPieces((arrived) => applied.push(arrived.map((each) => each.delta)), 250)
  })
  afterEach(() => {
    pieces.dispose()
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('a piece no paragraph showed goes in at the next frame, with the shown ones before it, in order', () => {
    pieces.add(piece(0, 'x '), true)
    pieces.add(piece(2, '= '), true)
    pieces.add(piece(4, '**1**'), false)
    expect(applied).toEqual([])
    expect(frames).toHaveLength(1)
    runFrame()
    expect(applied).toEqual([['x ', '= ', '**1**']])
    // Nothing is left for a catch-up to bring.
    vi.advanceTimersByTime(1_000)
    expect(frames).toHaveLength(0)
    expect(applied).toHaveLength(1)
  })

  it('pieces a paragraph shows wait for the catch-up, then go in together at the frame after it', () => {
    for (let offset = 0; offset < 20; offset++) pieces.add(piece(offset, String(offset % 10)), true)
    expect(frames).toHaveLength(0)
    vi.advanceTimersByTime(249)
    expect(frames).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(applied).toEqual([])
    runFrame()
    expect(applied).toEqual([Array.from({ length: 20 }, (_, offset) => String(offset % 10))])
  })

  it('go in at once when a paragraph stops showing pieces, so the reply comes back on screen whole', () => {
    const flushOnDetach = whenLiveTextDetached(() => pieces.flush())
    const detach = attachLiveText('msg_1', {} as StreamedParagraph, () => true)
    pieces.add(piece(0, 'x = '), true)
    pieces.add(piece(4, '1'), true)
    detach()
    expect(applied).toEqual([['x = ', '1']])
    vi.advanceTimersByTime(1_000)
    expect(frames).toHaveLength(0)
    expect(applied).toHaveLength(1)
    flushOnDetach()
  })

  it('nothing goes in once the page stops listening', () => {
    pieces.add(piece(0, 'x'), false)
    pieces.add(piece(1, 'y'), true)
    pieces.dispose()
    runFrame()
    vi.advanceTimersByTime(1_000)
    expect(applied).toEqual([])
  })
})
